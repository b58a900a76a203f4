"""Domain errors; backend.api.errors turns them into 4xx JSON responses."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status_code = 400

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    """A stale write: the row changed since the client read it."""

    status_code = 409


class InvalidInput(DomainError):
    status_code = 422


class TooLarge(DomainError):
    status_code = 413


class UnsupportedMedia(DomainError):
    status_code = 415


class TooMany(DomainError):
    """A bounded queue or list is full: wait, or make room (429)."""

    status_code = 429


class Unavailable(DomainError):
    """The server cannot take this now (a capacity limit): try again later (503)."""

    status_code = 503


class InsufficientStorage(DomainError):
    """Not enough free disk for what was asked (a model download): free space, or place the files by hand (507)."""

    status_code = 507
