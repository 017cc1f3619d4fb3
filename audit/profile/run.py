"""``run_profile(options) -> AuditReport``: each page, its pictures, and what links the pages.

A page is a saved file (the default: no network) or an address she typed (fetched with the
caps in :mod:`audit.sources.fetch`). Each page becomes one entry of the report with its
``profile.page.*`` findings, followed by one entry per picture with the photo checks' findings,
so every existing format renders a profile report as it renders a scan. A page that cannot be
read is listed as skipped with the reason; the other pages go on.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from audit import __version__, skips
from audit import me as own_identifiers
from audit.catalog import make_finding
from audit.inspect import FileOptions
from audit.me import Me
from audit.models import (
    AuditReport,
    Confidence,
    Evidence,
    EvidenceKind,
    Finding,
    PhotoResult,
    Score,
    Severity,
    Skip,
    Status,
    Text,
)
from audit.profile import words
from audit.profile.findings import page_findings, page_texts
from audit.profile.model import Field, ImageRole, Profile
from audit.profile.parse import parse_page
from audit.profile.pictures import (
    SAME_PICTURE_DISTANCE,
    CheckedPicture,
    fetched_pictures,
    hamming,
    saved_pictures,
)
from audit.score import score
from audit.skips import skip
from audit.sources.fetch import FetchError, FetchOptions, fetch
from audit.sources.photo import sniff
from audit.sources.walk import display_path

#: A saved page is read up to this size; the rest is left unread and the report says so.
MAX_PAGE_BYTES = 5 * 1024 * 1024

#: Called with each page's name as it starts.
Progress = Callable[[str], None]

_TRUNCATED = Skip(
    "page-truncated",
    words.PAGE_TRUNCATED,
)
_LOGIN_WALL = Skip(
    "page-login-wall",
    words.PAGE_LOGIN_WALL,
)
_NOTHING = Skip(
    "page-unrecognised",
    words.PAGE_NOTHING,
)


@dataclass(frozen=True)
class ProfileOptions:
    inputs: tuple[str, ...]
    me: Me | None = None
    fetch: FetchOptions = FetchOptions()
    max_page_bytes: int = MAX_PAGE_BYTES
    #: Skip the pixel checks on the page's pictures (metadata only).
    metadata_only: bool = False
    #: Do not look at the page's pictures at all.
    no_pictures: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageResult:
    entry: PhotoResult
    profile: Profile | None
    pictures: tuple[CheckedPicture, ...]


#: What a person may type for an address without its scheme: a host with a dot, then a path.
_ADDRESS_WITHOUT_SCHEME = re.compile(r"^(www\.)?[\w-]+(\.[\w-]+)+(/\S*)?$")


def _looks_like_address(given: str) -> bool:
    """``weibo.com/u/123`` or ``www.instagram.com/me``, not a saved page's file name."""
    if given.lower().endswith((".html", ".htm", ".mhtml", ".mht")):
        return False
    return ("/" in given or given.startswith("www.")) and bool(_ADDRESS_WITHOUT_SCHEME.match(given))


def is_address(value: str) -> bool:
    return "://" in value[:12]


def _read_saved(path: str, limit: int) -> tuple[bytes, bool] | Skip:
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        if _looks_like_address(path):
            return Skip("not-found", words.ADDRESS_NEEDS_SCHEME.format(address=path))
        return skip("not-found")
    except IsADirectoryError:
        return Skip(
            "page-is-folder",
            words.PAGE_IS_FOLDER,
        )
    except PermissionError:
        return skip("no-permission")
    except OSError as error:
        return skip("unreadable", detail=error.strerror or str(error))
    refused = _not_a_page(data[:4096])
    return refused if refused is not None else (data[:limit], len(data) > limit)


def _not_a_page(head: bytes) -> Skip | None:
    """Why the start of a file shows it is no saved page (empty, a photo, a video, an archive,
    binary data), or None. Whatever is given is never called free of anything identifying
    just because no page was in it."""
    if not head.strip():
        return Skip("not-a-page", words.PAGE_EMPTY)
    sniffed = sniff(head[:64])
    if sniffed.format is not None:
        return Skip("not-a-page", words.PHOTO_NOT_A_PAGE)
    what = sniffed.looks_like
    if what is not None and what not in (skips.TEXT_FILE, skips.UNRECOGNISED):
        return Skip("not-a-page", words.NOT_A_PAGE.format(what=what))
    if b"\x00" in head and not _utf16(head):
        return Skip("not-a-page", words.NOT_A_PAGE.format(what=skips.UNRECOGNISED))
    return None


def _utf16(head: bytes) -> bool:
    """A page saved as UTF-16 (with or without its byte-order mark) has a zero beside most
    of its ASCII characters; binary data does not."""
    sample = head[:512]
    third = len(sample) // 3
    return len(sample) >= 8 and (sample[0::2].count(0) > third or sample[1::2].count(0) > third)


def _audit_page(given: str, options: ProfileOptions) -> PageResult:
    shown = display_path(given)
    file_options = FileOptions(me=options.me, metadata_only=options.metadata_only)
    if is_address(given):
        try:
            got = fetch(given, options.fetch, want="html")
        except FetchError as error:
            failed = PhotoResult(
                path=shown, status=Status.SKIPPED, skip=Skip("fetch-" + error.code, error.message)
            )
            return PageResult(failed, None, ())
        profile = parse_page(got.body, got.charset, got.final_url, truncated=got.truncated)
        pictures = (
            ()
            if options.no_pictures or profile.login_wall
            else tuple(
                fetched_pictures(got.final_url, shown, profile.images, file_options, options.fetch)
            )
        )
    else:
        read = _read_saved(given, options.max_page_bytes)
        if isinstance(read, Skip):
            return PageResult(PhotoResult(path=shown, status=Status.SKIPPED, skip=read), None, ())
        data, truncated = read
        profile = parse_page(data, None, None, truncated=truncated)
        pictures = (
            ()
            if options.no_pictures
            else tuple(saved_pictures(Path(given), shown, profile.images, file_options))
        )
    # A login wall shows the site's words, not hers: nothing on it is about her.
    findings = [] if profile.login_wall else page_findings(profile)
    if options.me is not None and not profile.login_wall:
        findings.extend(own_identifiers.match(options.me, page_texts(profile)))
    notes = []
    if profile.truncated:
        notes.append(_TRUNCATED)
    if profile.login_wall:
        # The site's words, not hers: nothing was read about her, so the page is not audited.
        return PageResult(
            PhotoResult(path=shown, status=Status.SKIPPED, skip=_LOGIN_WALL), None, ()
        )
    if not findings and not profile.images:
        notes.append(_NOTHING)
    entry = PhotoResult(
        path=shown,
        status=Status.AUDITED,
        findings=tuple(f for f in findings if _kept(f, options)),
        file_format="html",
        notes=tuple(notes),
    )
    return PageResult(entry, profile, pictures)


def _kept(finding: Finding, options: ProfileOptions) -> bool:
    if options.select and not finding.matches(options.select):
        return False
    return not (options.ignore and finding.matches(options.ignore))


def _groups(pairs: list[tuple[str, str]]) -> list[list[str]]:
    """Connected groups of items given pairs that belong together (a small union-find)."""
    parent: dict[str, str] = {}

    def root(item: str) -> str:
        while parent.setdefault(item, item) != item:
            item = parent[item]
        return item

    for first, second in pairs:
        parent[root(first)] = root(second)
    groups: dict[str, list[str]] = {}
    for item in parent:
        groups.setdefault(root(item), []).append(item)
    return [sorted(group) for group in groups.values()]


_SAME = {
    Field.HANDLE: (EvidenceKind.HANDLE, words.SAME_HANDLE),
    Field.NAME: (EvidenceKind.NAME, words.SAME_NAME),
}


def _shared(pages: list[PageResult]) -> list[Finding]:
    """set.profile-link: a handle, display name or avatar that appears on two pages or more."""
    found: list[Finding] = []
    parsed = [
        (page.entry.path, page.profile, page.pictures)
        for page in pages
        if page.profile and not page.profile.login_wall
    ]
    for field, (kind, said) in _SAME.items():
        where: dict[str, dict[str, str]] = {}
        for path, profile, _ in parsed:
            for item in profile.values(field):
                key = own_identifiers.normalise(item.value)
                if len(key) >= 2:
                    where.setdefault(key, {}).setdefault(path, item.value)
        for on_pages in where.values():
            if len(on_pages) > 1:
                evidence = tuple(
                    Evidence(
                        path, value, kind, label=Text(f"{said.en}, {path}", f"{path}：{said.zh}")
                    )
                    for path, value in on_pages.items()
                )
                found.append(
                    make_finding(
                        "set.profile-link",
                        Severity.HIGH,
                        Confidence.HIGH,
                        0.0,
                        evidence,
                        rule=str(field),
                        links=True,
                    )
                )
    avatars = [
        (path, picture)
        for path, _, pictures in parsed
        for picture in pictures
        if picture.dhash is not None and picture.role in (ImageRole.AVATAR, ImageRole.OG_IMAGE)
    ]
    pairs = [
        (first.result.path, second.result.path)
        for (first_page, first), (second_page, second) in itertools.combinations(avatars, 2)
        if first_page != second_page
        and hamming(first.dhash or 0, second.dhash or 0) <= SAME_PICTURE_DISTANCE
    ]
    label = words.SAME_PHOTO
    for group in _groups(pairs):
        evidence = tuple(Evidence(path, path, EvidenceKind.FILE, label=label) for path in group)
        found.append(
            make_finding(
                "set.profile-link",
                Severity.HIGH,
                Confidence.MEDIUM,
                0.0,
                evidence,
                rule="avatar",
                links=True,
            )
        )
    return found


def run_profile(options: ProfileOptions, progress: Progress | None = None) -> AuditReport:
    pages = []
    for given in options.inputs:
        if progress is not None:
            progress(given)
        pages.append(_audit_page(given, options))
    entries: list[PhotoResult] = []
    for page in pages:
        entries.append(dataclasses.replace(page.entry, score=_score(page.entry)))
        for picture in page.pictures:
            result = picture.result
            if result.status is Status.AUDITED:
                kept = tuple(f for f in result.findings if _kept(f, options))
                result = dataclasses.replace(result, findings=kept, score=score(kept))
            entries.append(result)
    set_findings = [f for f in _shared(pages) if _kept(f, options)]
    every = [f for entry in entries for f in entry.findings] + set_findings
    return AuditReport(
        tool_version=__version__,
        photos=tuple(entries),
        set_findings=tuple(set_findings),
        set_score=score(every),
        metadata_only=options.metadata_only,
    )


def _score(entry: PhotoResult) -> Score | None:
    return score(entry.findings) if entry.status is Status.AUDITED else None
