"""The doors of a local server: which hosts it answers, which sites may change things, who holds the token.

One ASGI middleware for the studio's API and the SAM service alike (each gives it its own settings), checked in this
order on every HTTP request:

1. **Host** (DNS rebinding): the ``Host`` header's name must be one the server is reached by — ``127.0.0.1``,
   ``localhost``, ``[::1]``, the configured bind host and any name in ``allowed_hosts``; anything else is answered
   ``421 Misdirected Request`` with a JSON ``detail``. A page on ``evil.example`` that re-points its name at
   127.0.0.1 still sends ``Host: evil.example``.
2. **Cross-site writes** (CSRF): a request with a method other than GET/HEAD/OPTIONS must come from the studio's own
   origin: an ``Origin`` header, when sent, must equal the origin the request was addressed to (``http://`` + its
   ``Host``, which passed step 1) or one of ``allowed_origins``; ``Origin: null`` (sandboxed frames, some redirects)
   never does. Without ``Origin``, a ``Sec-Fetch-Site`` other than ``same-origin``/``none`` is refused too. Refusal:
   ``403`` with a JSON ``detail``. Requests with neither header (curl, API clients) pass, as on loopback before.
   No CORS headers are ever added, so browsers keep cross-site reads closed.
3. **Token** (only when one is configured): ``Authorization: Bearer <token>`` or the session cookie set by the
   one-time login link (``GET <login_path>?token=...`` → an HttpOnly, SameSite=Strict cookie and a redirect to
   ``/``); otherwise ``401`` with a JSON ``detail``. Compared in constant time.

Every response also carries ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` and
``X-Frame-Options: DENY`` (the studio is never meant to be framed by another site).
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["LOOPBACK_NAMES", "SESSION_COOKIE", "GuardPolicy", "SiteGuard", "host_name", "is_loopback"]

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
SESSION_COOKIE = "milimo_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_ALWAYS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the server on this machine."""
    name = host.strip().strip("[]").lower()
    return name in LOOPBACK_NAMES or name.startswith("127.")


def host_name(header: str) -> str:
    """The name part of a ``Host`` header: ``[::1]:8000`` -> ``::1``, ``Studio.Local:80`` -> ``studio.local``."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


@dataclass(frozen=True)
class GuardPolicy:
    """What one server accepts. ``token``: ``None`` = no token asked (loopback without ``MILIMO_ACCESS_TOKEN``)."""

    bind_host: str = "127.0.0.1"
    allowed_hosts: frozenset[str] = frozenset()
    allowed_origins: frozenset[str] = frozenset()
    token: str | None = None
    login_path: str | None = "/login"
    #: Paths served without the token (the login link itself; a liveness probe).
    open_paths: frozenset[str] = field(default_factory=lambda: frozenset({"/login"}))

    @classmethod
    def build(
        cls,
        bind_host: str,
        allowed_hosts: Iterable[str] = (),
        allowed_origins: Iterable[str] = (),
        token: str | None = None,
        login_path: str | None = "/login",
        open_paths: Iterable[str] = ("/login",),
    ) -> GuardPolicy:
        hosts = {h.strip().strip("[]").lower() for h in allowed_hosts if h.strip()}
        bind = bind_host.strip().strip("[]").lower()
        if bind not in ("0.0.0.0", "::", ""):
            hosts.add(bind)
        return cls(
            bind_host=bind_host,
            allowed_hosts=frozenset(hosts | LOOPBACK_NAMES),
            allowed_origins=frozenset(o.strip().rstrip("/").lower() for o in allowed_origins if o.strip()),
            token=token or None,
            login_path=login_path,
            open_paths=frozenset(open_paths),
        )


def _headers(scope: Scope) -> dict[bytes, bytes]:
    return {k.lower(): v for k, v in scope.get("headers", [])}


async def _answer(send: Send, status: int, detail: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *_ALWAYS]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": body})


class SiteGuard:
    """ASGI middleware enforcing a :class:`GuardPolicy` (see the module docstring)."""

    def __init__(self, app: ASGIApp, policy: GuardPolicy) -> None:
        self.app = app
        self.policy = policy

    def _refusal(self, scope: Scope, headers: dict[bytes, bytes]) -> tuple[int, str] | None:
        policy = self.policy
        host_header = headers.get(b"host", b"").decode("latin-1")
        name = host_name(host_header)
        if name not in policy.allowed_hosts:
            shown = ", ".join(sorted(policy.allowed_hosts))
            return 421, (
                f"this server does not answer to the host {name or '(none)'!r}: it is reached as {shown}; "
                "add a name to MILIMO_ALLOWED_HOSTS to serve it under that name too"
            )
        if scope["method"] not in SAFE_METHODS:
            origin = headers.get(b"origin")
            if origin is not None:
                seen = origin.decode("latin-1").strip().rstrip("/").lower()
                own = f"{scope.get('scheme', 'http')}://{host_header.strip().lower()}"
                if seen == "null" or (seen != own and seen not in policy.allowed_origins):
                    return 403, (
                        f"cross-site request refused: a page from {seen} may not change this studio; only its own "
                        f"pages ({own}) or MILIMO_ALLOWED_ORIGINS may"
                    )
            else:
                site = headers.get(b"sec-fetch-site", b"").decode("latin-1").lower()
                if site and site not in ("same-origin", "none"):
                    return 403, f"cross-site request refused (Sec-Fetch-Site: {site}): only the studio's own pages may"
        if policy.token is not None and scope["path"] not in policy.open_paths and not self._has_token(headers):
            return 401, (
                "this studio needs its access token: open the login link it printed at start, or send "
                "'Authorization: Bearer <token>'"
            )
        return None

    def _has_token(self, headers: dict[bytes, bytes]) -> bool:
        token = self.policy.token or ""
        authorization = headers.get(b"authorization", b"").decode("latin-1")
        if authorization[:7].lower() == "bearer " and hmac.compare_digest(authorization[7:].strip(), token):
            return True
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get(b"cookie", b"").decode("latin-1"))
        except Exception:  # a malformed Cookie header is no session
            return False
        session = cookie.get(SESSION_COOKIE)
        return session is not None and hmac.compare_digest(session.value, token)

    async def _login(self, scope: Scope, send: Send) -> None:
        """The one-time login link: a valid ``?token=`` becomes the session cookie, then the studio opens."""
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = (query.get("token") or [""])[0]
        if not self.policy.token or not hmac.compare_digest(given, self.policy.token):
            await _answer(send, 401, "this login link's token is not this studio's: use the link it printed at start")
            return
        cookie = f"{SESSION_COOKIE}={self.policy.token}; HttpOnly; SameSite=Strict; Path=/"
        headers = [(b"location", b"/"), (b"set-cookie", cookie.encode()), (b"cache-control", b"no-store"), *_ALWAYS]
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await _answer(send, *refusal)
            return
        if self.policy.login_path is not None and scope["path"] == self.policy.login_path and self.policy.token:
            await self._login(scope, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *(h for h in _ALWAYS if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, with_headers)
