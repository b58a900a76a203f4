"""Requests to the hub for a download the user asked for, whatever ``HF_HUB_OFFLINE`` says.

huggingface_hub reads ``HF_HUB_OFFLINE`` once, when it is imported, and its shared HTTP client then refuses every
request (a request hook, ``hf_request_event_hook``). The studio's tests set it, and users set it, so that *loading* a
model never reaches the network by surprise. A download started on the Models page is the one deliberate exception:
the client factory installed here (``set_client_factory``, huggingface_hub's public hook for this) runs the library's
own hook for every caller, except code running inside :func:`explicit_download` in the same thread or context. Every
other caller — diffusers' and transformers' ``from_pretrained`` above all — still sees offline mode.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import httpx2
from huggingface_hub import set_client_factory
from huggingface_hub.utils._http import X_AMZN_TRACE_ID, hf_request_event_hook

_EXPLICIT: ContextVar[bool] = ContextVar("milimo_explicit_download", default=False)
_installed = False
_install_lock = threading.Lock()


def _request_hook(request: httpx2.Request) -> None:
    if _EXPLICIT.get():
        request.headers.setdefault(X_AMZN_TRACE_ID, str(uuid.uuid4()))  # what the library's hook adds, less the refusal
        return
    hf_request_event_hook(request)


def _client() -> httpx2.Client:
    # As huggingface_hub's default client (redirects followed, per-call timeouts), with the hook above.
    return httpx2.Client(event_hooks={"request": [_request_hook]}, follow_redirects=True, timeout=None)


def _install() -> None:
    global _installed
    with _install_lock:
        if not _installed:
            set_client_factory(_client)
            _installed = True


# Installed when the studio starts (this module is imported by the downloads service), before any model loads: the
# factory replaces huggingface_hub's shared client, which must not happen under a request in flight.
_install()


@contextmanager
def explicit_download() -> Iterator[None]:
    """Hub requests made inside this block go out even in offline mode (this thread only)."""
    _install()
    token = _EXPLICIT.set(True)
    try:
        yield
    finally:
        _EXPLICIT.reset(token)
