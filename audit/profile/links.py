"""Map a link to the account it points at: which platform, which handle or id."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from audit.profile.rules import ProfileRules


@dataclass(frozen=True)
class Account:
    platform: str
    #: The handle or id; for the fediverse, handle@server.
    handle: str
    #: "id" (given by the platform) or "handle" (chosen by her).
    kind: str


def account_of(url: str, rules: ProfileRules) -> Account | None:
    """The account ``url`` points at, or None for any other link."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    path = parts.path.rstrip("/") or ""
    target = f"{host}{path}" + (f"?{parts.query}" if parts.query and path.endswith(".php") else "")
    first_word = path.strip("/").split("/", 1)[0].lower()
    for platform in rules.platforms:
        for pattern in platform.accounts:
            match = pattern.match(target)
            if match is None:
                continue
            if first_word in platform.reserved:
                return None
            groups = match.groupdict()
            if groups.get("id"):
                return Account(platform.id, groups["id"], "id")
            handle = groups["handle"]
            if groups.get("server"):
                handle = f"{handle}@{groups['server']}"
            return Account(platform.id, handle, "handle")
    return None
