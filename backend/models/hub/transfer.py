"""One file of a repository onto the disk, resumable: bytes already in its staging file are kept and the rest asked
for with an HTTP Range request (huggingface_hub's ``http_get``, the transfer ``hf_hub_download`` itself uses; it
also resumes by itself a few times when a connection drops mid-file).

``hf_hub_download`` is not called directly: in huggingface_hub 2.4 it writes each file to a temporary name of its
own and deletes it on any failure, so a download stopped by a cancel or a restart would start from zero.

The :class:`Meter` sees every chunk before it is written: it counts bytes (progress), stops the transfer when the
download is cancelled, and fails it as a full disk would (``ENOSPC``) when the download would write past its quota.
"""

from __future__ import annotations

import errno
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from huggingface_hub import constants, hf_hub_url
from huggingface_hub.errors import GatedRepoError
from huggingface_hub.file_download import http_get
from huggingface_hub.utils import build_hf_headers

from backend.models.hub.metadata import HubRefused, RemoteFile
from backend.models.hub.session import explicit_download

#: ``http_get`` reads the response in chunks of ``constants.DOWNLOAD_CHUNK_SIZE`` (10 MiB), and the meter sees each
#: chunk only once whole: at 2 MB/s that is one progress step (and one chance to cancel) every 5 s, and a dropped
#: connection loses up to 10 MiB. Smaller chunks make both prompt; nothing else in the studio streams from the hub
#: (models load from local folders), so the library's one global is set here, once, deliberately.
CHUNK_BYTES = 256 * 1024
constants.DOWNLOAD_CHUNK_SIZE = CHUNK_BYTES


class DownloadCancelled(RuntimeError):
    pass


class Meter:
    """Bytes of one download on the disk (those resumed included), reported at most every ``interval`` seconds."""

    def __init__(
        self,
        total: int,
        on_progress: Callable[[int, int, str | None], None],
        cancelled: threading.Event,
        *,
        quota: int | None = None,
        interval: float = 0.25,
    ) -> None:
        self.total = total
        self.done = 0
        self.file: str | None = None
        self._on_progress = on_progress
        self._cancelled = cancelled
        self._quota = quota
        self._interval = interval
        self._last = 0.0

    def add(self, n: int, where: Path | None = None) -> None:
        if self._cancelled.is_set():
            raise DownloadCancelled("the download was cancelled")
        if self._quota is not None and n > 0 and self.done + n > self._quota:
            raise OSError(
                errno.ENOSPC,
                f"No space left on device: the download quota of {self._quota} bytes (MILIMO_DOWNLOAD_QUOTA_BYTES) "
                "is reached",
                str(where) if where else None,
            )
        self.done += n
        now = time.monotonic()
        if now - self._last >= self._interval:
            self._last = now
            self._on_progress(self.done, self.total, self.file)

    def flush(self) -> None:
        self._on_progress(self.done, self.total, self.file)


class _Bar:
    """What ``http_get`` takes for a progress bar (any class it can call with tqdm's keywords): feeds the meter."""

    def __init__(self, meter: Meter, where: Path, **_: Any) -> None:
        self._meter = meter
        self._where = where

    def __enter__(self) -> _Bar:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def update(self, n: float = 1) -> None:
        self._meter.add(int(n), self._where)


def fetch_file(endpoint: str, repo_id: str, commit: str, remote: RemoteFile, target: Path, meter: Meter) -> None:
    """``remote`` into ``target``, continuing from the bytes already there (a Range request from that offset)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    have = target.stat().st_size if target.exists() else 0
    if have > remote.size:  # not a prefix of this file (the repository changed): start again
        target.unlink()
        have = 0
    meter.file = remote.path
    meter.add(have)  # counted as done (and against the quota: the bytes are on the disk)
    if have == remote.size:
        return
    url = hf_hub_url(repo_id, remote.path, revision=commit, endpoint=endpoint)
    try:
        with explicit_download(), target.open("r+b" if have else "wb") as out:
            out.seek(have)
            http_get(
                url,
                out,
                resume_size=have,
                headers=build_hf_headers(),
                expected_size=remote.size,
                displayed_filename=remote.path,
                tqdm_class=partial(_Bar, meter, target),  # type: ignore[arg-type]
            )
    except GatedRepoError as error:  # its list of files is public, its files are not
        raise HubRefused(
            f"{repo_id} is gated: accept its licence on the hub's page for it, then set HF_TOKEN to a token of that "
            "account and restart"
        ) from error
