"""``--format html``: one self-contained page a person understands at a glance.

Everything is inside the file: the style sheet is inline, pictures are ``data:`` URIs, and a
Content-Security-Policy forbids every request, so opening the report reveals nothing to
anyone (no fonts, scripts or map tiles, which would leak the very places it reports). No
script is needed. The page opens with a summary, then one card per photo: what a stranger can
do with it, what to do first, a thumbnail blurred until opened with the detected text, codes
and faces outlined on it, and the hidden preview beside it when it differs. Recurring places
are drawn as a sketch of relative positions, not a map. Severity is a word and a mark, never
colour alone; colours keep a contrast of 4.5:1 or more; the page reflows on a phone and at
200% zoom, and prints on A4 with every picture shown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from audit import harm, messages, sanitize
from audit.formats.common import (
    SEVERITY_MARKS,
    bits_cell,
    evidence_text,
    fixes,
    ranked_photos,
    score_sentence,
    skipped_files,
)
from audit.formats.images import PhotoImages
from audit.models import AuditReport, EvidenceKind, Finding, Lang, PhotoResult, Severity

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
_h = sanitize.html_text
_WORDS = messages.HTML_WORDS

_STYLE = """
:root{--ink:#1a1a1a;--muted:#4a4a4a;--line:#c8c8c8;--bg:#fff;--card:#fafafa;
--crit:#9b1111;--high:#b23a00;--med:#6b4e00;--low:#3d4a57;--accent:#0b57a4}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:1rem/1.6 system-ui,-apple-system,
"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",
"WenQuanYi Micro Hei",sans-serif;overflow-wrap:anywhere}
header,main,footer{max-width:62rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.6rem;line-height:1.3;margin:1.2rem 0 .4rem}
h2{font-size:1.3rem;margin:2rem 0 .6rem;border-bottom:2px solid var(--ink);padding-bottom:.2rem}
h3{font-size:1.1rem;margin:0 0 .4rem}
p{margin:.4rem 0}
.note{border-left:4px solid var(--accent);padding:.3rem .8rem;background:#eef4fb}
.summary{border:2px solid var(--ink);border-radius:.5rem;padding:.8rem 1rem;margin-top:1rem}
.summary h2{margin-top:0}
.harm{font-size:1.1rem;font-weight:700}
.first{font-weight:600}
.first::before{content:"→ ";content:"→ "/""}
.measure{color:var(--muted)}
.card{border:1px solid var(--line);border-left:8px solid var(--low);border-radius:.5rem;
background:var(--card);padding:.8rem 1rem;margin:1rem 0;break-inside:avoid}
.card.critical{border-left-color:var(--crit)}.card.high{border-left-color:var(--high)}
.card.medium{border-left-color:var(--med)}
.sev{display:inline-block;font-weight:700;border-radius:.3rem;padding:0 .4rem;
white-space:nowrap;color:#fff;background:var(--low)}
.sev.critical{background:var(--crit)}.sev.high{background:var(--high)}
.sev.medium{background:var(--med)}
.pictures{display:flex;flex-wrap:wrap;gap:1rem;margin:.6rem 0}
.pictures figure{margin:0;max-width:20rem}
.frame{position:relative;display:inline-block;line-height:0}
.frame img{max-width:100%;height:auto;display:block}
.frame svg{position:absolute;inset:0;width:100%;height:100%}
.frame rect{fill:none;stroke:#ffd400;stroke-width:2;vector-effect:non-scaling-stroke}
.frame rect.under{stroke:#000;stroke-width:5}
details.reveal summary{cursor:pointer;list-style:none}
details.reveal summary::-webkit-details-marker{display:none}
details.reveal:not([open]) img{filter:blur(14px)}
details.reveal[open] summary .hint{display:none}
details.reveal summary .hint{display:block;line-height:1.4;margin-top:.3rem;
color:var(--accent);text-decoration:underline}
figcaption{line-height:1.4;font-size:.9rem;color:var(--muted);margin-top:.3rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.95rem}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#ececec}
td.bits{text-align:right;white-space:nowrap}
.why{display:block;color:var(--muted)}
.seen{margin:0;padding-left:1rem}
.places svg{max-width:24rem;width:100%;height:auto;border:1px solid var(--line);background:#fff}
.places text{font-size:11px;fill:#1a1a1a}
ol.worst li,ol.fixes li{margin:.3rem 0}
a{color:var(--accent)}
footer{margin:2rem auto;color:var(--muted);font-size:.9rem}
@media (max-width:40rem){
 table,thead,tbody,tr,th,td{display:block}
 thead{position:absolute;left:-9999px}
 tr{border:1px solid var(--line);margin:.5rem 0}
 td{border:0;border-bottom:1px solid #e4e4e4}
 td::before{content:attr(data-label);display:block;font-weight:700;color:var(--muted)}
 td.bits{text-align:left}
}
@media print{
 @page{size:A4;margin:14mm}
 body{font-size:10.5pt}
 header,main,footer{max-width:none;padding:0}
 details.reveal:not([open]) img{filter:none}
 details.reveal[open] summary .hint{display:none}
details.reveal summary .hint{display:none}
 .card,.summary,tr{break-inside:avoid}
 a{color:var(--ink);text-decoration:none}
}
"""


def _section(key: str, heading: str, after: str = "") -> str:
    return f'<section aria-labelledby="{key}-h"><h2 id="{key}-h">{_h(heading)}</h2>{after}'


def _sev(severity: Severity, lang: Lang | str) -> str:
    word = messages.severity_word(severity, lang)
    mark = SEVERITY_MARKS[severity]
    icon = f'<span aria-hidden="true">{mark}</span>'
    return f'<span class="sev {severity.label}">{icon} {_h(word)}</span>'


def _table(findings: tuple[Finding, ...], lang: Lang | str) -> list[str]:
    headers = [column.get(lang) for column in messages.COLUMNS]
    out = ["<table>", "<thead><tr>" + "".join(f'<th scope="col">{_h(h)}</th>' for h in headers)]
    out.append("</tr></thead><tbody>")
    for finding in findings:
        seen = "".join(
            f"<li>{_h(evidence_text(e, lang, limit=120))}</li>" for e in finding.evidence[:12]
        )
        out.append(
            "<tr>"
            f'<td data-label="{_h(headers[0])}">{_sev(finding.severity, lang)}</td>'
            f'<td data-label="{_h(headers[1])}"><strong>{_h(finding.title.get(lang))}</strong>'
            f'<span class="why">{_h(finding.why.get(lang))}</span></td>'
            f'<td data-label="{_h(headers[2])}"><ul class="seen">{seen}</ul></td>'
            f'<td class="bits" data-label="{_h(headers[3])}">{bits_cell(finding)}</td>'
            "</tr>"
        )
    out.append("</tbody></table>")
    return out


def _boxes(photo: PhotoResult, images: PhotoImages) -> str:
    boxes = [
        e.box
        for f in photo.findings
        for e in f.evidence
        if e.box is not None and e.box[2] > 0 and e.box[3] > 0
    ]
    if not boxes or images.blurred:
        return ""
    rects = []
    for left, top, width, height in boxes[:40]:
        for css in ("under", "over"):
            rects.append(
                f'<rect class="{css}" x="{int(left)}" y="{int(top)}" '
                f'width="{int(width)}" height="{int(height)}"/>'
            )
    return (
        f'<svg viewBox="0 0 {int(images.photo_width)} {int(images.photo_height)}" '
        f'preserveAspectRatio="none" aria-hidden="true">{"".join(rects)}</svg>'
    )


def _pictures(photo: PhotoResult, images: PhotoImages | None, lang: Lang | str) -> list[str]:
    if images is None:
        return []
    name = messages.photo_name(photo.path, lang)
    boxes = _boxes(photo, images)
    photo_figure = (
        f'<figure><div class="frame"><img src="{images.thumbnail}" width="{images.width}" '
        f'height="{images.height}" alt="{_h(_WORDS["photo"].get(lang))}: {_h(name)}">{boxes}</div>'
        f"<figcaption>{_h(_WORDS['photo'].get(lang))}"
        + (f"{_h(messages.COLON.get(lang))}{_h(_WORDS['boxes'].get(lang))}" if boxes else "")
        + "</figcaption></figure>"
    )
    preview = ""
    if images.preview:
        preview = (
            f'<figure><div class="frame"><img src="{images.preview}" '
            f'alt="{_h(_WORDS["preview"].get(lang))}"></div>'
            f"<figcaption>{_h(_WORDS['preview'].get(lang))}</figcaption></figure>"
        )
    if images.blurred:
        caption = f'<p class="measure">{_h(_WORDS["blurred"].get(lang))}</p>'
        return [f'<div class="pictures">{photo_figure}{preview}</div>', caption]
    return [
        '<details class="reveal"><summary>'
        f'<div class="pictures">{photo_figure}{preview}</div>'
        f'<span class="hint">{_h(_WORDS["show"].get(lang))}</span></summary></details>'
    ]


def _worst_severity(photo: PhotoResult) -> Severity | None:
    return max((f.severity for f in photo.findings), default=None)


def _card(
    photo: PhotoResult, number: int, images: PhotoImages | None, lang: Lang | str
) -> list[str]:
    worst = _worst_severity(photo)
    css = worst.label if worst else "none"
    out = [f'<article class="card {css}" id="photo-{number}" aria-labelledby="photo-{number}-h">']
    out.append(f'<h3 id="photo-{number}-h">{_h(messages.photo_name(photo.path, lang))}</h3>')
    if worst is not None:
        out.append(f"<p>{_sev(worst, lang)}</p>")
    opening = harm.photo_opening(photo, lang)
    out.append(f'<p class="harm">{_h(opening.harm)}</p>')
    if opening.first:
        out.append(f'<p class="first">{_h(opening.first)}</p>')
    if photo.score is not None and photo.findings:
        out.append(f'<p class="measure">{_h(score_sentence(photo.score, lang))}</p>')
    out += _pictures(photo, images, lang)
    if photo.findings:
        out += _table(photo.findings, lang)
    colon = messages.COLON.get(lang)
    for note in photo.notes:
        out.append(
            f'<p class="note">{_h(messages.NOTE.get(lang))}{colon}{_h(note.message.get(lang))}</p>'
        )
    out.append("</article>")
    return out


def _coordinates(value: str) -> tuple[float, float] | None:
    try:
        lat, lon = (float(part) for part in value.split(",")[:2])
    except ValueError:
        return None
    return lat, lon


def _places_sketch(report: AuditReport, lang: Lang | str) -> list[str]:
    """Recurring places as dots at their relative positions, with a scale bar: no tiles."""
    clusters = []
    for finding in report.set_findings:
        if finding.id != "set.location-cluster":
            continue
        centre = next((e for e in finding.evidence if e.kind is EvidenceKind.COORDINATES), None)
        point = _coordinates(centre.value) if centre else None
        if point is None:
            continue
        count = sum(1 for e in finding.evidence if e.kind is EvidenceKind.FILE)
        clusters.append((point, count, finding.severity >= Severity.CRITICAL))
    singles = [(p.location.lat, p.location.lon) for p in report.audited if p.location is not None]
    if not clusters:
        return []
    points = [c[0] for c in clusters] + singles
    lat0 = sum(p[0] for p in points) / len(points)
    lon0 = sum(p[1] for p in points) / len(points)
    metres = 111_320.0
    cos = math.cos(math.radians(lat0))

    def xy(point: tuple[float, float]) -> tuple[float, float]:
        return (point[1] - lon0) * metres * cos, -(point[0] - lat0) * metres

    projected = [xy(p) for p in points]
    span = max(
        200.0,
        max(abs(x) for x, _ in projected) * 2.2,
        max(abs(y) for _, y in projected) * 2.2,
    )
    size = 300.0
    scale = size / span

    def to_view(point: tuple[float, float]) -> tuple[float, float]:
        x, y = xy(point)
        return size / 2 + x * scale, size / 2 + y * scale

    shapes = []
    for lat, lon in singles:
        x, y = to_view((lat, lon))
        shapes.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#4a4a4a"/>')
    for point, count, is_home in clusters:
        x, y = to_view(point)
        radius = 8 + min(count, 10)
        fill = "#9b1111" if is_home else "#0b57a4"
        shapes.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{fill}" fill-opacity=".25" '
            f'stroke="{fill}" stroke-width="2"/>'
        )
        if is_home:
            shapes.append(
                f'<text x="{x + radius + 3:.1f}" y="{y + 4:.1f}">'
                f"{_h(_WORDS['home'].get(lang))}</text>"
            )
    bar_m = _nice(span / 4)
    bar = bar_m * scale
    label = _distance_words(bar_m, lang)
    shapes.append(
        f'<line x1="10" y1="{size - 12}" x2="{10 + bar:.1f}" y2="{size - 12}" stroke="#1a1a1a" '
        f'stroke-width="3"/><text x="10" y="{size - 18}">{_h(label)}</text>'
    )
    caption = _WORDS["map"].get(lang)
    return [
        '<figure class="places">',
        f'<svg viewBox="0 0 {size:.0f} {size:.0f}" role="img" aria-label="{_h(caption)}">'
        + "".join(shapes)
        + "</svg>",
        f"<figcaption>{_h(caption)}</figcaption></figure>",
    ]


def _nice(value: float) -> float:
    magnitude = 10 ** math.floor(math.log10(max(value, 1.0)))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return float(step * magnitude)
    return float(10 * magnitude)


def _distance_words(metres: float, lang: Lang | str) -> str:
    zh = str(lang) == "zh"
    if metres >= 1000:
        value = f"{metres / 1000:g}"
        return f"{value}公里" if zh else f"{value} km"
    return f"{metres:g}米" if zh else f"{metres:g} m"


def _summary(report: AuditReport, lang: Lang | str, numbers: dict[int, int]) -> list[str]:
    out = ['<section class="summary" aria-labelledby="summary-h">']
    out.append(f'<h2 id="summary-h">{_h(messages.SUMMARY_HEADING.get(lang))}</h2>')
    opening = harm.report_opening(report, lang)
    if opening is not None:
        out.append(f'<p class="harm">{_h(opening.harm)}</p>')
        out.append(f'<p class="first">{_h(opening.first)}</p>')
    if report.set_score is not None and report.all_findings:
        out.append(f'<p class="measure">{_h(score_sentence(report.set_score, lang))}</p>')
    counts: dict[Severity, int] = {}
    for finding in report.all_findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    if counts:
        out.append(f"<h3>{_h(_WORDS['counts'].get(lang))}</h3><ul>")
        for severity in sorted(counts, reverse=True):
            out.append(f"<li>{_sev(severity, lang)} × {counts[severity]}</li>")
        out.append("</ul>")
    worst = [p for p in ranked_photos(report) if p.findings][:5]
    if worst:
        out.append(f'<h3>{_h(messages.WORST_HEADING.get(lang))}</h3><ol class="worst">')
        index = {id(p): i for i, p in enumerate(report.photos)}
        for photo in worst:
            number = numbers[index[id(photo)]]
            name = _h(messages.photo_name(photo.path, lang))
            sentence = _h(harm.photo_opening(photo, lang).harm)
            out.append(
                f'<li><a href="#photo-{number}">{name}</a>'
                f"{_h(messages.COLON.get(lang))}{sentence}</li>"
            )
        out.append("</ol>")
    out.append("</section>")
    return out


def render(
    report: AuditReport, lang: Lang | str, images: Mapping[int, PhotoImages] | None = None
) -> str:
    images = images or {}
    code = "zh-CN" if str(lang) == "zh" else "en"
    title = messages.TITLE.get(lang)
    position = {id(p): i for i, p in enumerate(report.photos)}
    ranked = ranked_photos(report)
    numbers = {position[id(p)]: n for n, p in enumerate(ranked, start=1)}
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{code}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_h(title)}</h1>",
        "<p>"
        + _h(
            messages.summary_line(
                len(report.audited), skipped_files(report), len(report.all_findings), lang
            )
        )
        + "</p>",
    ]
    if report.metadata_only:
        out.append(f'<p class="note">{_h(messages.METADATA_ONLY.get(lang))}</p>')
    if report.redacted:
        out.append(f'<p class="note">{_h(messages.REDACTED.get(lang))}</p>')
    out += ["</header>", "<main>"]
    out += _summary(report, lang, numbers)
    out.append(_section("photos", _WORDS["photos"].get(lang), ""))
    for photo in ranked:
        index = position[id(photo)]
        out += _card(photo, numbers[index], images.get(index), lang)
    out.append("</section>")
    if report.set_findings or (report.set_score and len(report.audited) > 1):
        out.append(_section("set", messages.SET_HEADING.get(lang), ""))
        top = harm.worst(report.set_findings)
        if top is not None:
            out.append(f'<p class="harm">{_h(harm.finding_sentence(top, lang))}</p>')
        if report.set_score is not None:
            out.append(f'<p class="measure">{_h(score_sentence(report.set_score, lang))}</p>')
        out += _places_sketch(report, lang)
        if report.set_findings:
            out += _table(report.set_findings, lang)
        out.append("</section>")
    if report.profile_findings:
        out.append(_section("profile", messages.PROFILE_HEADING.get(lang), ""))
        out += _table(report.profile_findings, lang)
        out.append("</section>")
    if report.skipped:
        out.append(_section("skipped", messages.SKIPPED_HEADING.get(lang), "<ul>"))
        colon = messages.COLON.get(lang)
        for photo in report.skipped:
            reason = photo.skip.message.get(lang) if photo.skip else ""
            out.append(f"<li>{_h(messages.photo_name(photo.path, lang))}{colon}{_h(reason)}</li>")
        out.append("</ul></section>")
    advice = fixes(report)
    if advice:
        out.append(_section("fix", messages.FIX_HEADING.get(lang), '<ol class="fixes">'))
        colon = messages.COLON.get(lang)
        for finding, fix in advice:
            out.append(
                f"<li><strong>{_h(finding.title.get(lang))}</strong>{colon}{_h(fix.get(lang))}</li>"
            )
        out.append("</ol></section>")
    out.append("</main>")
    if report.all_findings:
        out.append(f"<footer><p>{_h(messages.BITS_EXPLAINED.get(lang))}</p></footer>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
