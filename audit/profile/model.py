"""What one profile page shows a stranger, as frozen values: the parser's only output."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from audit.models import Confidence


class Field(enum.StrEnum):
    """The kinds of things a page can show; each becomes ``profile.page.<value>``."""

    NAME = "name"
    HANDLE = "handle"
    BIO = "bio"
    IP_LOCATION = "ip-location"
    LOCATION = "location"
    SCHOOL = "school"
    EMPLOYER = "employer"
    PHONE = "phone"
    EMAIL = "email"
    LINKED_ACCOUNT = "linked-account"


class ImageRole(enum.StrEnum):
    AVATAR = "avatar"
    OG_IMAGE = "og:image"
    PHOTO = "photo"


@dataclass(frozen=True)
class Seen:
    """One value on the page, where it was seen, and how sure the parser is of it."""

    field: Field
    value: str
    #: Where on the page: a selector, a meta tag, "JSON-LD", "text", "link".
    where: str
    confidence: Confidence
    #: The platform the value belongs to (a handle's or a linked account's), if known.
    platform: str | None = None
    #: For handles: "id" (a number or opaque id given by the platform) or "handle" (chosen).
    kind: str | None = None
    #: For linked accounts: the link as written on the page.
    url: str | None = None


@dataclass(frozen=True)
class PageImage:
    role: ImageRole
    #: The address as written in the page (relative, absolute, or a saved file's path).
    src: str
    where: str


@dataclass(frozen=True)
class Profile:
    """A parsed page. ``platform`` is None when no platform's data recognised it."""

    platform: str | None
    url: str | None
    seen: tuple[Seen, ...]
    images: tuple[PageImage, ...]
    opengraph: tuple[tuple[str, str], ...]
    jsonld_types: tuple[str, ...]
    #: The page asks a visitor to log in before it shows the profile.
    login_wall: bool
    #: The input was longer than the cap and only its start was read.
    truncated: bool
    #: The character set the page was decoded with.
    charset: str

    def values(self, field: Field) -> tuple[Seen, ...]:
        return tuple(s for s in self.seen if s.field is field)
