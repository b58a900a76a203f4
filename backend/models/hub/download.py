"""A whole repository (the files a catalogue entry wants) into a staging folder, every file then checked against the
hub's checksums. Nothing here installs anything: see :mod:`backend.models.hub.install`."""

from __future__ import annotations

from pathlib import Path

from backend.models.hub.checksums import ChecksumMismatch, matches
from backend.models.hub.metadata import RemoteRepo
from backend.models.hub.transfer import Meter, fetch_file


def staged_bytes(repo: RemoteRepo, staging: Path) -> int:
    """Bytes of ``repo`` already in ``staging`` (a download to resume), counted as far as they can be kept."""
    total = 0
    for remote in repo.files:
        local = staging / remote.path
        if local.is_file():
            total += min(local.stat().st_size, remote.size)
    return total


def download_repo(endpoint: str, repo: RemoteRepo, staging: Path, meter: Meter) -> None:
    """Fetch every file of ``repo`` into ``staging`` (same relative paths), then check each one.

    :class:`ChecksumMismatch` names the first file whose bytes are not the hub's; that file is deleted (it cannot be
    resumed), the others are kept.
    """
    for remote in repo.files:
        fetch_file(endpoint, repo.repo_id, repo.commit, remote, staging / remote.path, meter)
    meter.file = None
    meter.flush()
    for remote in repo.files:
        local = staging / remote.path
        if not matches(local, remote):
            local.unlink(missing_ok=True)
            raise ChecksumMismatch(remote.path)
