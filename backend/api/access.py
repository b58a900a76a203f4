"""The API's doors: the guard policy from the settings, and the access token a non-loopback studio requires.

A studio on loopback answers the machine's own user only (after the host and cross-site checks), so it asks for no
token unless ``MILIMO_ACCESS_TOKEN`` is set. Bound to anything else, every request must carry the token: the one in
``MILIMO_ACCESS_TOKEN``, or one generated on first start and kept in ``<data>/access_token`` (readable by its owner
only) and printed with the login link. A token shorter than 16 characters is refused, and the server does not start.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from backend.config import Settings
from milimo_common.site_guard import GuardPolicy, is_loopback

__all__ = ["MIN_TOKEN_LENGTH", "AccessRefused", "access_token", "guard_policy", "login_link"]

MIN_TOKEN_LENGTH = 16


class AccessRefused(RuntimeError):
    """The server must not start with these settings (the message says why and what to set)."""


def _stored(path: Path) -> str:
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(token + "\n")
    return token


def access_token(settings: Settings) -> str | None:
    """The token requests must carry, or ``None`` (loopback, none configured); raises :class:`AccessRefused`."""
    token = settings.access_token
    if token is not None and len(token.strip()) < MIN_TOKEN_LENGTH:
        raise AccessRefused(
            f"MILIMO_ACCESS_TOKEN is {len(token.strip())} characters; use at least {MIN_TOKEN_LENGTH} (for example "
            "the output of: python -c 'import secrets; print(secrets.token_urlsafe(32))'), or unset it"
        )
    if token is not None:
        return token.strip()
    if is_loopback(settings.host):
        return None
    try:
        return _stored(settings.data_dir / "access_token")
    except OSError as error:
        raise AccessRefused(
            f"binding to {settings.host} (not loopback) needs an access token, and none could be kept in "
            f"{settings.data_dir / 'access_token'} ({error}): set MILIMO_ACCESS_TOKEN"
        ) from error


def guard_policy(settings: Settings) -> GuardPolicy:
    return GuardPolicy.build(
        bind_host=settings.host,
        allowed_hosts=settings.allowed_hosts,
        allowed_origins=settings.allowed_origins,
        token=access_token(settings),
    )


def login_link(settings: Settings, token: str) -> str:
    shown = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    return f"http://{shown}:{settings.port}/login?token={token}"
