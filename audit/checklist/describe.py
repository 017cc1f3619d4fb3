"""Menu paths and fixes as sentences, the same on screen, on paper and in a scan report.

A path no reliable source confirms is always marked as such, so a student who does not find
the menu where the tool says knows to look around rather than conclude the setting is gone.
"""

from __future__ import annotations

from audit.checklist import words
from audit.checklist.model import Item, MenuPath
from audit.models import Lang, Text


def path_label(path: MenuPath, lang: Lang | str) -> str:
    label = path.where_words.get(lang)
    if path.label.verified:
        return label
    note = words.PATH_UNCONFIRMED.get(lang)
    return f"{label} ({note})" if str(lang) != "zh" else f"{label}（{note}）"


def path_line(path: MenuPath, lang: Lang | str) -> str:
    colon = "：" if str(lang) == "zh" else ": "
    return f"{path_label(path, lang)}{colon}{path.path.get(lang)}"


def fix_with_paths(item: Item) -> Text:
    """The fix followed by every known path to the setting, in each language."""

    def one(lang: Lang) -> str:
        fix = item.fix.get(lang)
        if not item.paths:
            return fix
        lines = [path_line(path, lang) for path in item.paths]
        if lang is Lang.ZH:
            return f"{fix}{words.WHERE.zh}：" + "；".join(lines) + "。"
        return f"{fix} {words.WHERE.en}: " + "; ".join(lines) + "."

    return Text(one(Lang.EN), one(Lang.ZH))


def source_line(item: Item, lang: Lang | str) -> str:
    return words.SOURCE.get(lang).format(
        source=item.source, checked=item.checked.isoformat(), label=item.label.words.get(lang)
    )
