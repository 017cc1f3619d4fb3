"""The clean report as text: a table for the terminal, JSON, or Markdown.

Each file gets its receipt: where the copy went, what was removed, what was kept and why, what
is still in it, and how the three checks came out. Every path and value comes from a file a
stranger may have crafted and is escaped for the format it goes into.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from audit import sanitize
from audit.clean import words
from audit.clean.model import (
    CleanReport,
    Leftover,
    Part,
    PixelCheck,
    PixelProof,
    Receipt,
    Verdict,
)
from audit.formats import OutputFormat
from audit.formats.layout import indented
from audit.formats.table import DEFAULT_WIDTH
from audit.models import Lang, Text
from audit.sources.photo import human_size

SCHEMA_VERSION = 1
_METADATA_PARTS = (Part.EXIF, Part.XMP, Part.IPTC, Part.MAKER, Part.OTHER, Part.TIME)
_COUNTED = (Part.PREVIEW, Part.COMMENT, Part.TEXT, Part.PICTURES)
_SIZED = (Part.VIDEO, Part.TRAILER)
_PICTURE_KINDS = {
    "text.watermark": "text",
    "text.contact": "text",
    "code.qr": "qr",
    "face.visible": "faces",
}


def _sep(lang: Lang | str) -> str:
    return "、" if str(lang) == "zh" else ", "


def _semi(lang: Lang | str) -> str:
    return "；" if str(lang) == "zh" else "; "


def removed_phrases(receipt: Receipt, lang: Lang | str) -> list[str]:
    """ "GPS location, camera serial number, 2 hidden previews, a 1.4 MB motion-photo video…"."""
    phrases: list[str] = []
    # A preview counted among the dropped parts is not named again as a removed finding.
    counted_previews = any(d.part in (Part.PREVIEW, Part.PICTURES) for d in receipt.dropped)
    for finding_id in dict.fromkeys(f.id for f in receipt.removed_findings):
        if finding_id == "content.thumbnail" and counted_previews:
            continue
        noun = words.FINDING_NOUNS.get(finding_id)
        if noun is not None:
            phrases.append(noun.get(lang))
    for part in _COUNTED + _SIZED:
        items = [d for d in receipt.dropped if d.part is part]
        if not items:
            continue
        count = sum(d.count for d in items)
        size = human_size(sum(d.size for d in items))
        template = words.PART_ONE[part] if count == 1 else words.PART_SEVERAL[part]
        phrases.append(template.get(lang).format(count=count, size=size))
    other = sum(d.size for d in receipt.dropped if d.part in _METADATA_PARTS)
    if other:
        phrases.append(words.OTHER_METADATA.get(lang).format(size=human_size(other)))
    return phrases


def kept_phrases(receipt: Receipt, lang: Lang | str) -> list[str]:
    return [words.KEPT[keep].get(lang) for keep in dict.fromkeys(receipt.kept)]


def _leftover_phrase(left: Leftover, lang: Lang | str) -> str:
    title = left.title.get(lang)
    if left.id in _PICTURE_KINDS:
        return words.IN_PICTURE.get(lang).format(what=title, kind=_PICTURE_KINDS[left.id])
    if left.id == "file.name":
        return words.RENAME_HINT.get(lang).format(what=title)
    if left.id == "raw-bytes":
        return words.BYTES_FOUND.get(lang).format(what=left.detail)
    if left.chosen:
        return words.CHOSEN.get(lang).format(what=title)
    return title


def remaining_phrases(receipt: Receipt, lang: Lang | str) -> list[str]:
    return [_leftover_phrase(left, lang) for left in receipt.leftovers]


def checks_sentence(receipt: Receipt, lang: Lang | str, metadata_only: bool = False) -> str:
    parts = [(words.REAUDIT_METADATA if metadata_only else words.REAUDIT_OK).get(lang)]
    found = [left.detail for left in receipt.leftovers if left.id == "raw-bytes"]
    if not found:
        parts.append(words.BYTES_OK.get(lang).format(count=receipt.values_searched))
    else:
        parts.append(words.BYTES_FOUND.get(lang).format(what=", ".join(found)))
    if receipt.pixels is not None:
        exact = receipt.psnr is None or receipt.psnr == float("inf")
        key = receipt.pixels.value
        if receipt.pixels is PixelCheck.COVERED and exact:
            key = "covered-exact"
        elif receipt.pixels is PixelCheck.IDENTICAL and receipt.pixel_proof is PixelProof.SAME_DATA:
            key = "identical-data"
        likeness = words.likeness(receipt.psnr).get(lang)
        parts.append(words.PIXELS[key].get(lang).format(count=receipt.covered, likeness=likeness))
    return _semi(lang).join(parts)


def _verdict(receipt: Receipt) -> Text:
    return {
        Verdict.CLEAN: words.VERDICT_CLEAN,
        Verdict.REMAINS: words.VERDICT_REMAINS,
        Verdict.NOT_CLEANED: words.VERDICT_NOT_CLEANED,
    }[receipt.verdict]


def _lines(
    receipt: Receipt, lang: Lang | str, escape: Callable[[str], str], metadata_only: bool
) -> list[str]:
    """(label, text) lines of one receipt, escaped by the caller's function."""
    colon = "：" if str(lang) == "zh" else ": "
    lines = []
    if receipt.verdict is Verdict.NOT_CLEANED:
        if receipt.reason is not None:
            lines.append(words.WHY.get(lang) + colon + escape(receipt.reason.message.get(lang)))
        return lines
    removed = removed_phrases(receipt, lang) or [words.NOTHING_REMOVED.get(lang)]
    lines.append(words.REMOVED.get(lang) + colon + escape(_sep(lang).join(removed)))
    kept = kept_phrases(receipt, lang)
    if kept:
        lines.append(words.KEPT_HEADING.get(lang) + colon + escape(_semi(lang).join(kept)))
    remaining = remaining_phrases(receipt, lang)
    if remaining:
        lines.append(words.REMAINS.get(lang) + colon + escape(_semi(lang).join(remaining)))
    lines.append(
        words.CHECKS.get(lang) + colon + escape(checks_sentence(receipt, lang, metadata_only))
    )
    return lines


def _summary(report: CleanReport, lang: Lang | str) -> str:
    return words.SUMMARY.get(lang).format(
        clean=len(report.clean),
        remains=len(report.remains),
        skipped=len(report.not_cleaned),
        folder=report.output_folder,
    )


def _blur_note(report: CleanReport, lang: Lang | str) -> str:
    kinds = _sep(lang).join(words.BLUR_KINDS[kind].get(lang) for kind in report.blurred)
    return words.BLURRED_NOTE.get(lang).format(kinds=kinds)


def table(report: CleanReport, lang: Lang | str, width: int = DEFAULT_WIDTH) -> str:
    out = [words.TITLE.get(lang), ""]
    if report.blurred:
        out += [_blur_note(report, lang), ""]
    for receipt in report.receipts:
        head = sanitize.terminal(receipt.source)
        if receipt.output:
            head += " → " + sanitize.terminal(receipt.output)
        out.append(f"{head}  [{_verdict(receipt).get(lang)}]")
        for line in _lines(receipt, lang, sanitize.terminal, report.metadata_only):
            out += indented(line, width, "  ", "    ")
        out.append("")
    out.append(sanitize.terminal(_summary(report, lang)))
    return "\n".join(out) + "\n"


def markdown(report: CleanReport, lang: Lang | str) -> str:
    out = [f"# {words.TITLE.get(lang)}", "", sanitize.markdown(_summary(report, lang))]
    if report.blurred:
        out += ["", f"> {_blur_note(report, lang)}"]
    for receipt in report.receipts:
        out += ["", f"## {sanitize.markdown(receipt.source)}", ""]
        verdict = _verdict(receipt).get(lang)
        if receipt.output:
            out.append(f"**{verdict}** → {sanitize.markdown(receipt.output)}")
        else:
            out.append(f"**{verdict}**")
        out.append("")
        out += [
            f"- {line}" for line in _lines(receipt, lang, sanitize.markdown, report.metadata_only)
        ]
    return "\n".join(out) + "\n"


def _receipt_dict(receipt: Receipt, lang: Lang | str) -> dict[str, Any]:
    return {
        "source": receipt.source,
        "output": receipt.output,
        "verdict": str(receipt.verdict),
        "reason": receipt.reason.message.get(lang) if receipt.reason else None,
        "reason_code": receipt.reason.code if receipt.reason else None,
        "format": receipt.file_format,
        "output_format": receipt.output_format,
        "removed": removed_phrases(receipt, lang) if receipt.output else [],
        "removed_ids": sorted({f.id for f in receipt.removed_findings}),
        "dropped": [
            {"part": str(d.part), "bytes": d.size, "count": d.count} for d in receipt.dropped
        ],
        "kept": [{"what": str(k), "why": words.KEPT[k].get(lang)} for k in receipt.kept],
        "remaining": [
            {
                "id": left.id,
                "title": left.title.get(lang),
                "value": left.detail,
                "chosen": left.chosen,
            }
            for left in receipt.leftovers
        ],
        "checks": None
        if receipt.output is None
        else {
            "reaudit_findings": [f.id for f in receipt.copy_findings],
            "values_searched": receipt.values_searched,
            "values_found": [left.detail for left in receipt.leftovers if left.id == "raw-bytes"],
            "pixels": str(receipt.pixels) if receipt.pixels else None,
            "pixel_proof": str(receipt.pixel_proof) if receipt.pixel_proof else None,
            "psnr_db": None
            if receipt.psnr is None or receipt.psnr == float("inf")
            else receipt.psnr,
            "regions_covered": receipt.covered,
        },
        "bytes_before": receipt.bytes_before,
        "bytes_after": receipt.bytes_after,
    }


def json_text(report: CleanReport, lang: Lang | str) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "exposure", "version": report.tool_version},
        "command": "clean",
        "language": str(lang),
        "output_folder": report.output_folder,
        "metadata_only": report.metadata_only,
        "blurred": list(report.blurred),
        "summary": {
            "inputs": len(report.receipts),
            "clean": len(report.clean),
            "remains": len(report.remains),
            "not_cleaned": len(report.not_cleaned),
        },
        "files": [_receipt_dict(receipt, lang) for receipt in report.receipts],
    }
    lines = ["{"]
    items = list(document.items())
    for position, (key, value) in enumerate(items):
        comma = "," if position < len(items) - 1 else ""
        if key == "files" and value:
            assert isinstance(value, list)
            lines.append('  "files": [')
            lines += [
                "    " + json.dumps(entry, ensure_ascii=False) + ("," if i < len(value) - 1 else "")
                for i, entry in enumerate(value)
            ]
            lines.append("  ]" + comma)
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(
    report: CleanReport, output: OutputFormat, lang: Lang | str, width: int = DEFAULT_WIDTH
) -> str:
    """The report in ``output``; a table's lines are wrapped to ``width`` columns."""
    match output:
        case OutputFormat.TABLE:
            return table(report, lang, width)
        case OutputFormat.JSON:
            return json_text(report, lang)
        case OutputFormat.MARKDOWN:
            return markdown(report, lang)
    raise ValueError(f"unknown format {output!r}")
