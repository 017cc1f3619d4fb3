"""The proof behind "clean": the values a copy must not hold, and the search for them.

Every identifying value the audit of the original reported (names, serial numbers, ids,
handles, places, captions, times, coordinates) is turned into the byte strings it could be
stored as (UTF-8, UTF-16 either way round; coordinates as decimal degrees and in the degree,
minute forms XMP and ExifTool use), and the copy's raw bytes are searched for each. Values
seen in the pixels, and words exposure derived itself (the nearest town, a precision), are not
in the file's bytes to begin with and are not searched for.

A full-size photo is some 6 MB and its values have 18-60 forms. Hyperscan looks for all of them
in one pass (audit.clean.onepass): 1.6-6 ms, against 3-8 ms for one search per form with 18-40
forms and some 50 ms with 60. Its set of patterns is compiled for each photo, though, at some
0.4 ms, so a small file is searched form by form: under 200 KB that takes 0.1 ms. The two cost
the same at about 1 MB. (Values of tens of KB, such as a long caption, are the one case where
one pass is slower, some 15 ms against 2 ms.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType

from audit.clean import onepass
from audit.models import EvidenceKind, Finding, Location

#: Shorter values could turn up by chance inside compressed picture data.
MIN_BYTES = 5
#: Kinds whose values are written into a file as text.
_SEARCHED = frozenset(
    {
        EvidenceKind.NAME,
        EvidenceKind.SERIAL,
        EvidenceKind.IDENTIFIER,
        EvidenceKind.CONTACT,
        EvidenceKind.HANDLE,
        EvidenceKind.PLACE,
        EvidenceKind.TEXT,
        EvidenceKind.TIME,
        EvidenceKind.DEVICE,
    }
)
#: Device makes are short common words that also appear in standard colour profiles.
_MIN_DEVICE = 7


@dataclass(frozen=True)
class Needle:
    """One value to look for, as shown to the person, and the byte forms it may take."""

    shown: str
    forms: tuple[bytes, ...]
    #: The byte forms of a part of the value that every form contains: where none of them is
    #: in the data, no form is. A value written several ways (a capture time) shares it with
    #: its other ways, and it is searched for once for all of them.
    common: tuple[bytes, ...] = ()


def _encodings(text: str) -> tuple[bytes, ...]:
    forms = [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]
    return tuple(form for form in dict.fromkeys(forms) if len(form) >= MIN_BYTES)


def _time_forms(value: str, keep_date: bool) -> list[str]:
    """ "2024-05-02 18:31:07" as EXIF ("2024:05:02 18:31:07") and ISO forms; time only if the
    date is kept on purpose."""
    date, _, clock = value.partition(" ")
    clock = clock.split("+")[0].split("Z")[0].strip()
    if len(date) != 10 or len(clock) < 8:
        return []
    if keep_date:
        # The copy's own date stamp reads 00:00:00: a photo taken at midnight gives nothing more.
        return [] if clock[:8] == "00:00:00" else [clock[:8]]
    exif_date = date.replace("-", ":")
    return [f"{exif_date} {clock[:8]}", f"{date}T{clock[:8]}", f"{date} {clock[:8]}"]


def coordinate_forms(location: Location) -> list[str]:
    """How a position can be written as text: decimal degrees and degrees with minutes."""
    forms = []
    for value in (location.lat, location.lon):
        magnitude = abs(value)
        degrees = int(magnitude)
        minutes = (magnitude - degrees) * 60
        forms += [
            f"{magnitude:.4f}",
            f"{degrees},{minutes:.4f}",
            f"{degrees},{minutes:.2f}",
            f"{degrees} deg {int(minutes)}' ",
            f"{degrees}°{int(minutes)}'",
        ]
    return forms


def needles(
    findings: Iterable[Finding], location: Location | None, keep_date: bool = False
) -> list[Needle]:
    """The values from the original's findings to search a copy for."""
    found: dict[str, Needle] = {}
    for finding in findings:
        for evidence in finding.evidence:
            if evidence.box is not None or evidence.label is not None:
                continue
            if evidence.kind not in _SEARCHED or finding.id == "file.name":
                continue
            value = evidence.value.strip()
            if evidence.kind is EvidenceKind.DEVICE and len(value) < _MIN_DEVICE:
                continue
            if value.endswith("…"):
                value = value[:-1]
            texts = _time_forms(value, keep_date) if evidence.kind is EvidenceKind.TIME else [value]
            # Every form of a time ends with its clock (HH:MM:SS).
            common = _encodings(texts[0][-8:]) if len(texts) > 1 else ()
            for text in texts:
                forms = _encodings(text)
                if forms and text not in found:
                    found[text] = Needle(text, forms, common)
    if location is not None:
        for text in coordinate_forms(location):
            forms = _encodings(text)
            if forms:
                found.setdefault(text, Needle(text, forms))
    return list(found.values())


#: From this size on, one pass for every form is faster than a search for each.
ONE_PASS_FROM = 1 << 20


def search(data: bytes, wanted: Iterable[Needle]) -> list[str]:
    """The needles present in ``data``."""
    needles = list(wanted)
    forms = sorted({form for needle in needles for form in needle.forms})
    engine = onepass.engine()
    if not forms or engine is None or not ONE_PASS_FROM <= len(data) <= onepass.MAX_SCANNED:
        return search_each(data, needles)
    try:
        present = _all_at_once(engine, data, forms)
    except engine.error:
        return search_each(data, needles)
    return [needle.shown for needle in needles if not present.isdisjoint(needle.forms)]


def _all_at_once(engine: ModuleType, data: bytes, forms: list[bytes]) -> set[bytes]:
    """The forms present in ``data``, found in one pass."""
    database = engine.Database(mode=engine.HS_MODE_BLOCK)
    database.compile(
        expressions=[onepass.literal(form) for form in forms],
        ids=list(range(len(forms))),
        elements=len(forms),
        flags=engine.HS_FLAG_SINGLEMATCH,
    )
    seen: set[int] = set()

    def on_match(index: int, start: int, end: int, flags: int, context: object) -> None:
        seen.add(index)

    database.scan(data, match_event_handler=on_match)
    return {forms[index] for index in seen}


def search_each(data: bytes, wanted: Iterable[Needle]) -> list[str]:
    """The needles present in ``data``, each form searched for in turn."""
    if not isinstance(data, bytes):
        # ``in`` on a memoryview or bytearray looks for one byte value, not a run of bytes: a
        # copy given as one would always look clean.
        data = bytes(data)
    searched: dict[bytes, bool] = {}

    def present(part: bytes) -> bool:
        if part not in searched:
            searched[part] = part in data
        return searched[part]

    return [
        needle.shown
        for needle in wanted
        if (not needle.common or any(present(core) for core, _ in _probes(needle.common)))
        and any(present(core) and all_of(data) for core, all_of in _probes(needle.forms))
    ]


def _probes(forms: tuple[bytes, ...]) -> list[tuple[bytes, Callable[[bytes], bool]]]:
    """Each form, or a pair of forms behind one shorter part both contain, with what confirms
    a match: the UTF-16 forms of a text in Latin letters differ only by a zero byte at either
    end (``a\0b\0`` and ``\0a\0b``), so one search for the part between rules out both."""
    probes: list[tuple[bytes, Callable[[bytes], bool]]] = []
    paired: set[bytes] = set()
    for form in forms:
        if form in paired:
            continue
        twin = next((other for other in forms if other != form and form[:-1] == other[1:]), None)
        if twin is None or len(form) <= MIN_BYTES:
            probes.append((form, _always))
            continue
        paired.add(twin)
        probes.append((form[:-1], _either(form, twin)))
    return probes


def _always(data: bytes) -> bool:
    return True


def _either(first: bytes, second: bytes) -> Callable[[bytes], bool]:
    return lambda data: first in data or second in data
