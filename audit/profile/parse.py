"""A pure function from a page's bytes to a :class:`Profile`: no network, nothing executed.

Scripts, styles and frames are dropped before any text is read (JSON-LD blocks are read as data
first, never run). Each field is looked for where the platform puts it (checks/profiles.toml),
then where any page puts it (OpenGraph, JSON-LD, the title), then in the visible text by its
label (小红书号, IP属地, QQ). Every value keeps where it was seen and how sure we are of it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import phonenumbers
from bs4 import BeautifulSoup, Tag

from audit.models import Confidence
from audit.profile.charset import decode
from audit.profile.links import account_of
from audit.profile.model import Field, ImageRole, PageImage, Profile, Seen
from audit.profile.rules import Platform, ProfileRules, profile_rules

MAX_VALUE = 200
MAX_TEXT = 1_000_000
MAX_JSONLD = 200_000
MAX_IMAGES = 40
MAX_LINKS = 500
#: Most tags parsed of one page. Real profile pages, saved whole, hold tens of thousands; each
#: tag costs tens of microseconds and a kilobyte in the parsed tree, and a page of a million
#: unclosed tags took 51 s and 720 MB. Beyond this the page is read as cut short.
MAX_TAGS = 100_000
_DROPPED = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg")
_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}(?![\w-])"
)
_TITLE_CUTS = (
    "(@",
    "（@",
    " • ",
    " | ",
    " - ",
    " — ",
    "的个人主页",
    "的主页",
    "的微博",
    "的个人空间",
    " on Instagram",
    " (@",
)
_SPACE = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()[:MAX_VALUE]


def _content(tag: Tag) -> str:
    if tag.name == "meta":
        return _clean(str(tag.get("content") or ""))
    if tag.name == "img":
        return _clean(str(tag.get("alt") or ""))
    return _clean(tag.get_text(" "))


def _first(soup: BeautifulSoup, selectors: Iterable[str]) -> tuple[Tag, str] | None:
    for selector in selectors:
        try:
            found = soup.select(selector, limit=5)
        except Exception:  # a selector the installed soupsieve cannot parse: skip it
            continue
        for tag in found:
            if _content(tag) or tag.name == "img":
                return tag, selector
    return None


def _all(soup: BeautifulSoup, selectors: Iterable[str], limit: int) -> Iterator[tuple[Tag, str]]:
    for selector in selectors:
        try:
            found = soup.select(selector, limit=limit)
        except Exception:
            continue
        for tag in found:
            yield tag, selector


def _jsonld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}, limit=20):
        raw = script.string or ""
        if len(raw) > MAX_JSONLD:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(objects) < 50:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item[:50])
            elif isinstance(item, dict):
                objects.append(item)
                for key in ("@graph", "mainEntity", "author"):
                    if key in item:
                        stack.append(item[key])
    return objects


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _strings(value.get("name") or value.get("url") or value.get("addressLocality"))
    if isinstance(value, list):
        return [s for item in value[:20] for s in _strings(item)]
    return []


def _platform_of(url: str | None, soup: BeautifulSoup, rules: ProfileRules) -> Platform | None:
    candidates = [url or ""]
    for selector in ("link[rel~=canonical]", "meta[property='og:url']", "base"):
        tag = soup.select_one(selector)
        if tag is not None:
            candidates.append(str(tag.get("href") or tag.get("content") or ""))
    for candidate in candidates:
        host = urlsplit(candidate).hostname if "//" in candidate else None
        if host:
            for platform in rules.platforms:
                if platform.owns_host(host):
                    return platform
    site = soup.select_one("meta[property='og:site_name']")
    if site is not None:
        name = str(site.get("content") or "").casefold()
        for platform in rules.platforms:
            if name and name in (platform.name.en.casefold(), platform.name.zh.casefold()):
                return platform
    return None


def _page_address(url: str | None, soup: BeautifulSoup) -> str | None:
    for selector in ("link[rel~=canonical]", "meta[property='og:url']"):
        tag = soup.select_one(selector)
        if tag is not None:
            value = str(tag.get("href") or tag.get("content") or "")
            if value.startswith(("http://", "https://")):
                return value
    return url


def _title_name(text: str) -> str:
    for cut in _TITLE_CUTS:
        if cut in text:
            text = text.split(cut, 1)[0]
    return _clean(text)


class _Collector:
    def __init__(self) -> None:
        self.seen: dict[tuple[Field, str, str | None], Seen] = {}

    def add(self, item: Seen) -> None:
        if not item.value:
            return
        key = (item.field, item.value.casefold(), item.platform)
        old = self.seen.get(key)
        if old is None or item.confidence > old.confidence:
            self.seen[key] = item


def _trimmed(value: str, lead_ins: tuple[str, ...]) -> str:
    """Chinese has no spaces: keep what follows the last lead-in word ("就读于华东师范大学")."""
    cut = max((value.rfind(word) + len(word) for word in lead_ins if word in value), default=0)
    rest = value[cut:]
    return rest if len(rest) >= 4 else value


def _scan_words(
    collector: _Collector, text: str, where: str, rules: ProfileRules, confidence: Confidence
) -> None:
    kinds = (("location", Field.LOCATION), ("school", Field.SCHOOL), ("employer", Field.EMPLOYER))
    for kind, field in kinds:
        for pattern in rules.patterns(kind):
            for match in pattern.finditer(text):
                value = _clean(match.group("value"))
                if field is not Field.LOCATION:
                    value = _trimmed(value, rules.lead_ins)
                collector.add(Seen(field, value, where, confidence))


def _scan_contacts(collector: _Collector, text: str, where: str, confidence: Confidence) -> None:
    for match in _EMAIL.finditer(text[:MAX_TEXT]):
        collector.add(Seen(Field.EMAIL, match.group(0), where, confidence))
    try:
        matcher = phonenumbers.PhoneNumberMatcher(
            text[:MAX_TEXT], "CN", leniency=phonenumbers.Leniency.VALID, max_tries=200
        )
        for found in matcher:
            formatted = phonenumbers.format_number(
                found.number, phonenumbers.PhoneNumberFormat.E164
            )
            collector.add(Seen(Field.PHONE, formatted, where, confidence))
    except Exception:  # phonenumbers on odd input: the other checks still run
        return


def _scan_labels(
    collector: _Collector,
    text: str,
    where: str,
    rules: ProfileRules,
    confidence: Confidence,
    page_platform: Platform | None = None,
) -> None:
    for platform in rules.platforms:
        patterns = platform.labels
        if page_platform is not None and platform.id == page_platform.id:
            patterns = patterns + platform.own_labels
        for pattern in patterns:
            for match in pattern.finditer(text):
                value = match.group("value")
                kind = "id" if value.isdigit() else "handle"
                collector.add(
                    Seen(Field.HANDLE, value, where, confidence, platform=platform.id, kind=kind)
                )
    for pattern in rules.patterns("ip_location"):
        for match in pattern.finditer(text):
            value = _clean(match.group("value"))
            collector.add(Seen(Field.IP_LOCATION, value, where, Confidence.HIGH))


def _image_src(tag: Tag) -> str:
    if tag.name == "meta":
        return str(tag.get("content") or "")
    if tag.name == "link":
        return str(tag.get("href") or "")
    for attribute in ("src", "data-src", "data-original"):
        value = tag.get(attribute)
        if value:
            return str(value)
    return ""


def _images(
    soup: BeautifulSoup,
    platform: Platform | None,
    rules: ProfileRules,
    jsonld: list[dict[str, Any]],
) -> tuple[PageImage, ...]:
    found: dict[str, PageImage] = {}

    def add(role: ImageRole, src: str, where: str) -> None:
        src = src.strip()
        if (
            src
            and not src.startswith(("data:", "javascript:"))
            and src not in found
            and len(found) < MAX_IMAGES
        ):
            found[src] = PageImage(role, src[:2000], where)

    own = platform.selectors if platform else None
    for tag, selector in _all(soup, own.get("avatar") if own else (), 1):
        add(ImageRole.AVATAR, _image_src(tag), selector)
    for tag in soup.select("meta[property='og:image']", limit=3):
        add(ImageRole.OG_IMAGE, _image_src(tag), "meta og:image")
    for item in jsonld:
        for src in _strings(item.get("image"))[:3]:
            add(ImageRole.AVATAR, src, "JSON-LD image")
    for tag, selector in _all(
        soup, (own.get("photos") if own else ()) + rules.generic.get("photos"), MAX_IMAGES
    ):
        add(ImageRole.PHOTO, _image_src(tag), selector)
    return tuple(found.values())


def _tag_limit(text: str) -> int | None:
    """Where the page's MAX_TAGS-th tag starts, if it has that many."""
    at = -1
    for _ in range(MAX_TAGS):
        at = text.find("<", at + 1)
        if at < 0:
            return None
    return at


def parse_page(
    data: bytes,
    declared_charset: str | None = None,
    url: str | None = None,
    truncated: bool = False,
    rules: ProfileRules | None = None,
) -> Profile:
    """What a stranger reads on this page. ``url`` is where it came from, if known."""
    rules = rules or profile_rules()
    text, charset = decode(data, declared_charset)
    end = _tag_limit(text)
    if end is not None:
        text, truncated = text[:end], True
    soup = BeautifulSoup(text, "html.parser")
    jsonld = _jsonld(soup)
    for tag in soup.find_all(_DROPPED):
        tag.decompose()
    platform = _platform_of(url, soup, rules)
    address = _page_address(url, soup)
    collector = _Collector()
    own = platform.selectors if platform else None

    name = _first(soup, own.get("name")) if own else None
    if name is not None:
        collector.add(Seen(Field.NAME, _title_name(_content(name[0])), name[1], Confidence.HIGH))
    else:
        for item in jsonld:
            if str(item.get("@type", "")).lower() in ("person", "profilepage") and _strings(
                item.get("name")
            ):
                collector.add(
                    Seen(
                        Field.NAME,
                        _clean(_strings(item.get("name"))[0]),
                        "JSON-LD name",
                        Confidence.HIGH,
                    )
                )
                break
        else:
            generic = _first(soup, rules.generic.get("name"))
            if generic is not None:
                where = "meta og:title" if generic[0].name == "meta" else generic[1]
                collector.add(
                    Seen(Field.NAME, _title_name(_content(generic[0])), where, Confidence.MEDIUM)
                )

    bios: list[tuple[str, str]] = []
    own_bio = _first(soup, own.get("bio")) if own else None
    if own_bio is not None:
        bios.append((_content(own_bio[0]), own_bio[1]))
    for tag, selector in _all(soup, rules.generic.get("bio"), 1):
        where = f"meta {tag.get('property') or tag.get('name')}" if tag.name == "meta" else selector
        bios.append((_content(tag), where))
    for item in jsonld:
        for value in _strings(item.get("description"))[:1]:
            bios.append((_clean(value), "JSON-LD description"))
    for bio, where in bios:
        collector.add(Seen(Field.BIO, bio, where, Confidence.HIGH))
        _scan_words(collector, bio, where, rules, Confidence.MEDIUM)
        _scan_contacts(collector, bio, where, Confidence.HIGH)
        _scan_labels(collector, bio, where, rules, Confidence.HIGH, platform)

    for item in jsonld:
        for key, field in (
            ("alumniOf", Field.SCHOOL),
            ("worksFor", Field.EMPLOYER),
            ("address", Field.LOCATION),
            ("homeLocation", Field.LOCATION),
            ("email", Field.EMAIL),
        ):
            for value in _strings(item.get(key))[:3]:
                collector.add(
                    Seen(
                        field,
                        _clean(value.removeprefix("mailto:")),
                        f"JSON-LD {key}",
                        Confidence.HIGH,
                    )
                )
        for value in _strings(item.get("telephone"))[:3]:
            _scan_contacts(collector, value, "JSON-LD telephone", Confidence.HIGH)
        for value in _strings(item.get("alternateName"))[:3]:
            collector.add(
                Seen(
                    Field.HANDLE,
                    _clean(value.lstrip("@")),
                    "JSON-LD alternateName",
                    Confidence.HIGH,
                    platform=platform.id if platform else None,
                    kind="handle",
                )
            )
        for value in _strings(item.get("sameAs"))[:20]:
            linked = account_of(value, rules)
            if linked is not None:
                collector.add(
                    Seen(
                        Field.LINKED_ACCOUNT,
                        linked.handle,
                        "JSON-LD sameAs",
                        Confidence.HIGH,
                        platform=linked.platform,
                        kind=linked.kind,
                        url=value[:500],
                    )
                )

    if own:
        for tag, selector in _all(soup, own.get("location"), 3):
            value = _content(tag)
            if "属地" in value:
                _scan_labels(collector, value, selector, rules, Confidence.HIGH, platform)
            elif value:
                collector.add(Seen(Field.LOCATION, value, selector, Confidence.HIGH))
        for tag, selector in _all(soup, own.get("ids"), 5):
            _scan_labels(collector, _content(tag), selector, rules, Confidence.HIGH, platform)
            value = _content(tag).lstrip("@")
            if (
                platform is not None
                and value
                and " " not in value
                and not any(mark in value for mark in ":：")
            ):
                collector.add(
                    Seen(
                        Field.HANDLE,
                        value,
                        selector,
                        Confidence.HIGH,
                        platform=platform.id,
                        kind="id" if value.isdigit() else "handle",
                    )
                )

    if address and platform is not None:
        account = account_of(address, rules)
        if account is not None:
            collector.add(
                Seen(
                    Field.HANDLE,
                    account.handle,
                    "page address",
                    Confidence.HIGH,
                    platform=account.platform,
                    kind=account.kind,
                )
            )

    visible = _clean_text(soup)
    _scan_labels(collector, visible, "page text", rules, Confidence.MEDIUM, platform)
    _scan_contacts(collector, visible, "page text", Confidence.MEDIUM)

    bio_tags = {id(own_bio[0])} if own_bio else set()
    for tag in soup.find_all(["a", "link"], href=True, limit=MAX_LINKS):
        href = str(tag.get("href") or "").strip()
        if href.lower().startswith("mailto:"):
            collector.add(
                Seen(Field.EMAIL, _clean(href[7:].split("?")[0]), "mailto link", Confidence.HIGH)
            )
            continue
        if href.lower().startswith("tel:"):
            _scan_contacts(collector, href[4:], "tel link", Confidence.HIGH)
            continue
        absolute = urljoin(address, href) if address else href
        account = account_of(absolute, rules)
        if account is None:
            continue
        rels = [str(r).lower() for r in (tag.get("rel") or [])]
        in_bio = any(id(parent) in bio_tags for parent in tag.parents)
        if "me" in rels:
            where, confidence = "rel=me link", Confidence.HIGH
        elif in_bio:
            where, confidence = "link in the bio", Confidence.HIGH
        elif platform is not None and account.platform == platform.id:
            continue  # the site's own navigation and other people's accounts on it
        else:
            where, confidence = "link on the page", Confidence.MEDIUM
        if tag.name == "link" and "me" not in rels:
            continue
        collector.add(
            Seen(
                Field.LINKED_ACCOUNT,
                account.handle,
                where,
                confidence,
                platform=account.platform,
                kind=account.kind,
                url=absolute[:500],
            )
        )

    opengraph = tuple(
        (str(tag.get("property")), _clean(str(tag.get("content") or "")))
        for tag in soup.select("meta[property^='og:']", limit=50)
    )
    login_words = [w for w in rules.login_words if w.casefold() in visible.casefold()]
    has_password = soup.find("input", attrs={"type": "password"}) is not None
    login_wall = (
        (bool(login_words) or has_password)
        and name is None
        and not any(s.field is Field.HANDLE for s in collector.seen.values())
    )
    return Profile(
        platform=platform.id if platform else None,
        url=address,
        seen=tuple(collector.seen.values()),
        images=_images(soup, platform, rules, jsonld),
        opengraph=opengraph,
        jsonld_types=tuple(str(item.get("@type", "")) for item in jsonld if item.get("@type"))[:20],
        login_wall=login_wall,
        truncated=truncated,
        charset=charset,
    )


def _clean_text(soup: BeautifulSoup) -> str:
    return _SPACE.sub(" ", soup.get_text(" "))[:MAX_TEXT]
