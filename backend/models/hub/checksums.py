"""A downloaded file against the hub's own checksum: SHA-256 for Git LFS files, the git blob id for small ones."""

from __future__ import annotations

import hashlib
from pathlib import Path

from backend.models.hub.metadata import RemoteFile

_CHUNK = 8 * 1024 * 1024


class ChecksumMismatch(RuntimeError):
    def __init__(self, path: str) -> None:
        super().__init__(f"checksum mismatch in {path}")
        self.path = path


def matches(local: Path, remote: RemoteFile) -> bool:
    if local.stat().st_size != remote.size:
        return False
    if remote.sha256 is not None:
        digest = hashlib.sha256()
        expected = remote.sha256
    elif remote.blob_id is not None:
        digest = hashlib.sha1(f"blob {remote.size}\0".encode(), usedforsecurity=False)
        expected = remote.blob_id
    else:
        return True  # the hub gave no checksum: the size is all there is to compare
    with local.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest() == expected.lower()


def check(local: Path, remote: RemoteFile) -> None:
    if not matches(local, remote):
        raise ChecksumMismatch(remote.path)
