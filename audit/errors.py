"""Errors a person caused and can fix (a bad file on the command line), in both languages."""

from __future__ import annotations

from audit.models import Text


class UserFacingError(Exception):
    """An input the person gave cannot be used; ``message`` says why, in English and Chinese."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message
