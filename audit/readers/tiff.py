"""A bounded reader of TIFF directories (IFDs), classic and BigTIFF, on bytes in memory.

EXIF is a TIFF structure wherever it sits: a JPEG's APP1 segment, a HEIF item, a JPEG XL box,
a PNG chunk, a raw file. The libraries read most of it, but give up on BigTIFF (``II+``, 8-byte
offsets) and on maker-note layouts they do not know. This reader walks only what is asked for,
checks every offset and count against the data it has, reads at most MAX_ENTRIES entries per
directory and MAX_DIRECTORIES directories per block, and never visits a directory twice, so a
hostile file costs bounded time and memory.

Value types and sizes follow the TIFF 6.0 specification (section 2) and the BigTIFF design
(types 16-18 and 8-byte counts and offsets).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

MAX_ENTRIES = 1000
MAX_DIRECTORIES = 64
#: Largest single value read (a maker note, a text); anything longer is cut.
MAX_VALUE = 1 << 20
#: Most bytes of values one block may have copied out of it, whatever its directories claim.
MAX_BLOCK_VALUES = 8 << 20

#: Bytes per item of each TIFF field type (BYTE, ASCII, SHORT, LONG, RATIONAL, SBYTE,
#: UNDEFINED, SSHORT, SLONG, SRATIONAL, FLOAT, DOUBLE, IFD, LONG8, SLONG8, IFD8).
TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
TYPE_SIZES.update({16: 8, 17: 8, 18: 8})
_INTEGER_CODES = {
    1: "B",
    3: "H",
    4: "I",
    6: "b",
    8: "h",
    9: "i",
    13: "I",
    16: "Q",
    17: "q",
    18: "Q",
}


@dataclass(frozen=True)
class Entry:
    """One directory entry; ``value`` is the raw bytes of its value (bounded)."""

    tag: int
    type: int
    count: int
    value: bytes
    #: Where the value's bytes start in the block (the value offset, or the entry's own field).
    offset: int


class Tiff:
    """One TIFF block: its byte order, offset size and the directories read so far."""

    def __init__(
        self,
        data: memoryview | bytes,
        little: bool,
        big: bool,
        first: int,
        longest: int = MAX_VALUE,
    ) -> None:
        self.data = data
        self.little = little
        self.big = big
        self.first = first
        #: Longest value a directory read copies out, unless the caller asks otherwise.
        self.longest = longest
        self._visited: set[int] = set()
        self._copied = 0
        self.order = "<" if little else ">"
        #: A bound stopped a walk before the end of what the block holds (too many directories,
        #: entries or bytes of values): what was read is not all there is.
        self.cut = False
        #: A directory, or a value asked for, lies outside the block: the block is damaged
        #: (cut short, or an offset overwritten), and what it held there is lost.
        self.damaged = False
        #: Tags whose value was left out because its offset points into the TIFF header or into
        #: the directory's own entries: an overwritten offset, whose bytes are not the value
        #: (ExifTool: "Suspicious offset").
        self.suspicious: set[int] = set()

    @classmethod
    def parse(cls, data: memoryview | bytes) -> Tiff | None:
        """The block if it starts with a TIFF or BigTIFF header, else None."""
        if len(data) < 8:
            return None
        head = bytes(data[:4])
        if head in (b"II*\x00", b"MM\x00*"):
            little = head[0] == 0x49
            first = struct.unpack_from("<I" if little else ">I", data, 4)[0]
            return cls(data, little, False, first)
        if head in (b"II+\x00", b"MM\x00+") and len(data) >= 16:
            little = head[0] == 0x49
            order = "<" if little else ">"
            size, zero, first = struct.unpack_from(order + "HHQ", data, 4)
            if size != 8 or zero != 0:
                return None
            return cls(data, little, True, first)
        return None

    def directory(
        self,
        offset: int,
        base: int = 0,
        only: frozenset[int] | None = None,
        longest: int | None = None,
        large: frozenset[int] = frozenset(),
    ) -> list[Entry]:
        """The entries of the directory at ``offset``; values at ``base`` + their offset.

        With ``only``, just those tags are decoded (the rest cost one number each). A value is
        cut at ``longest`` bytes, or at MAX_VALUE for the tags in ``large`` (a maker note).
        Returns nothing for a directory already read, out of range, or past the budget.
        """
        data = self.data
        longest = self.longest if longest is None else longest
        if offset <= 0 or offset in self._visited:
            return []
        if offset >= len(data):
            self.damaged = True
            return []
        if len(self._visited) >= MAX_DIRECTORIES:
            self.cut = True
            return []
        self._visited.add(offset)
        order = self.order
        if self.big:
            if offset + 8 > len(data):
                self.damaged = True
                return []
            count = struct.unpack_from(order + "Q", data, offset)[0]
            entry_size, field, start = 20, 8, offset + 8
        else:
            if offset + 2 > len(data):
                self.damaged = True
                return []
            count = struct.unpack_from(order + "H", data, offset)[0]
            entry_size, field, start = 12, 4, offset + 2
        if count > MAX_ENTRIES:
            self.cut = True
        if count > (len(data) - start) // entry_size:
            self.damaged = True
        count = min(count, MAX_ENTRIES, (len(data) - start) // entry_size)
        # One unpack for the whole table: (tag, type, count, value or offset) per entry.
        layout = ("HHQQ" if self.big else "HHII") * count
        table = struct.unpack_from(order + layout, data, start)
        entries = []
        size_limit = len(data)
        table_end = start + count * entry_size + field
        for index in range(0, 4 * count, 4):
            tag = table[index]
            if only is not None and tag not in only:
                continue
            kind, number, field_value = table[index + 1], table[index + 2], table[index + 3]
            unit = TYPE_SIZES.get(kind)
            if unit is None or (kind >= 16 and not self.big):
                # A type TIFF does not define (or BigTIFF's 8-byte ones in a classic TIFF):
                # ExifTool reads no value from it, and neither does this walker.
                self.damaged = True
                continue
            size = min(unit * number, MAX_VALUE if tag in large else longest)
            if unit * number <= field:
                at = start + (index // 4) * entry_size + entry_size - field
            else:
                at = base + field_value
                if (base == 0 and field_value < 8) or (at < table_end and at + size > offset):
                    self.damaged = True
                    self.suspicious.add(tag)
                    continue
            if at < 0 or at + size > size_limit:
                self.damaged = True
                continue
            if self._copied + size > MAX_BLOCK_VALUES:
                self.cut = True
                break
            self._copied += size
            entries.append(Entry(tag, kind, number, bytes(data[at : at + size]), at))
        return entries

    def chain(self, first: int) -> list[int]:
        """The offsets of the directories linked from ``first`` by their next-directory
        pointers: IFD0, then IFD1 (the thumbnail's) or the next page of a multi-page TIFF.
        Bounded like every walk here; a loop ends it."""
        data, order = self.data, self.order
        head, entry_size, link = (8, 20, "Q") if self.big else (2, 12, "I")
        offsets: list[int] = []
        offset = first
        while 0 < offset < len(data) and offset not in offsets:
            if len(offsets) >= MAX_DIRECTORIES:
                self.cut = True
                break
            offsets.append(offset)
            if offset + head > len(data):
                break
            count = struct.unpack_from(order + ("Q" if self.big else "H"), data, offset)[0]
            at = offset + head + count * entry_size
            if count > MAX_ENTRIES:
                self.cut = True
                break
            if at + struct.calcsize(link) > len(data):
                break
            offset = struct.unpack_from(order + link, data, at)[0]
        if offset >= len(data) and offset not in offsets:
            self.damaged = True
        return offsets

    def integers(self, entry: Entry) -> list[int]:
        code = _INTEGER_CODES.get(entry.type)
        if code is None:
            return []
        unit = TYPE_SIZES[entry.type]
        count = min(len(entry.value) // unit, 64)
        return list(struct.unpack_from(f"{self.order}{count}{code}", entry.value, 0))

    def rationals(self, entry: Entry) -> list[tuple[int, int]]:
        if entry.type not in (5, 10):
            return []
        count = min(len(entry.value) // 8, 16)
        code = "I" if entry.type == 5 else "i"
        flat = struct.unpack_from(f"{self.order}{2 * count}{code}", entry.value, 0)
        return [(flat[2 * i], flat[2 * i + 1]) for i in range(count)]

    def pointer(self, entry: Entry) -> int:
        """The offset an IFD-pointer entry holds: as the integer it is written as (LONG, IFD,
        SHORT, LONG8, IFD8), and, as ExifTool reads them, the whole value field of an entry of
        another type (a pointer written as UNDEFINED or BYTE still leads to its directory)."""
        if entry.type in (3, 4, 8, 9, 13, 16, 17, 18):
            found = self.integers(entry)
            return found[0] if found else 0
        field = 8 if self.big else 4
        if TYPE_SIZES.get(entry.type, field + 1) * entry.count > field:
            return 0
        if entry.offset < 0 or entry.offset + field > len(self.data):
            return 0
        return int(
            struct.unpack_from(self.order + ("Q" if self.big else "I"), self.data, entry.offset)[0]
        )

    def pointers(self, entry: Entry) -> list[int]:
        """Every offset a SubIFDs entry holds (a RAW file's full-size and preview images)."""
        if entry.type in (4, 13, 16, 18):
            if entry.count > MAX_DIRECTORIES:
                self.cut = True
            return self.integers(entry)[:MAX_DIRECTORIES]
        single = self.pointer(entry)
        return [single] if single else []


def tiff_start(block: memoryview | bytes) -> int:
    """Where the TIFF header is in an EXIF block (after ``Exif\\0\\0`` or another short
    prefix, within its first 64 bytes), or -1."""
    head = bytes(block[:72])
    found = [
        head.find(marker, 0, 72) for marker in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
    ]
    found = [at for at in found if at >= 0]
    return min(found) if found else -1
