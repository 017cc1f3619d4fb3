"""Small pictures an HTML report shows: what they are, not how they are made."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PhotoImages:
    """A photo's thumbnail (and its hidden preview) as ``data:`` URIs, ready to embed."""

    #: A small JPEG of the photo, upright, as a data URI.
    thumbnail: str
    #: Thumbnail size in pixels.
    width: int
    height: int
    #: Size of the full (upright) photo, to scale evidence boxes onto the thumbnail.
    photo_width: int
    photo_height: int
    #: The hidden preview, when it shows a different framing or content, as a data URI.
    preview: str | None = None
    #: Blurred in the pixels themselves (``--redact``): no way to see it sharp.
    blurred: bool = False
