"""A full disk, recognised wherever it surfaces, and said the same way: "disk full: free N GB in <folder>".

``ENOSPC`` reaches us as an ``OSError`` from Python's own writes, as an ``av`` error from FFmpeg's muxers (an
``OSError`` subclass carrying the errno), and as SQLite's "database or disk is full" (an ``OperationalError`` that
SQLAlchemy wraps). :func:`is_disk_full` looks through the exception and its causes for any of them.

How much to free: what the work at hand needs (the caller's estimate, e.g. :func:`job_bytes`) plus a margin, less what
is free now, rounded up to a tenth of a GB — never "0 GB".
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path
from typing import Any

__all__ = [
    "MARGIN_BYTES",
    "disk_full_message",
    "disk_low_message",
    "free_bytes",
    "is_disk_full",
    "job_bytes",
    "to_free",
]

#: Kept free on top of a job's own estimate: the database, logs and thumbnails grow too.
MARGIN_BYTES = 256 * 1024 * 1024
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_SQLITE_FULL = "database or disk is full"


def is_disk_full(error: BaseException | None) -> bool:
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OSError) and error.errno in _FULL_ERRNOS:
            return True
        if _SQLITE_FULL in str(error).lower() or "no space left on device" in str(error).lower():
            return True
        error = error.__cause__ or error.__context__ or getattr(error, "orig", None)
    return False


def full_folder(error: BaseException, default: Path) -> Path:
    """The folder whose filesystem ran out: the one of the file the write was for, when the error names it."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        name = getattr(current, "filename", None)
        if isinstance(current, OSError) and isinstance(name, str | Path) and str(name):
            return Path(name).parent
        current = current.__cause__ or current.__context__
    return default


def free_bytes(folder: Path) -> int:
    """Free space for this process on the filesystem holding ``folder`` (its nearest existing parent)."""
    path = Path(folder)
    while not path.exists() and path != path.parent:
        path = path.parent
    return shutil.disk_usage(path).free


def to_free(folder: Path, needed: int) -> str:
    """ "free 1.3 GB in /data for": what to free (at least 0.1 GB), and the space there now."""
    free = free_bytes(folder)
    missing = max(needed + MARGIN_BYTES - free, 100 * 1024 * 1024)
    tenths = -(-missing // (100 * 1024 * 1024))
    return f"free {tenths / 10:.1f} GB in {folder} ({free / 1e6:.0f} MB free now)"


def disk_full_message(folder: Path, needed: int, what: str = "this") -> str:
    return f"disk full: {to_free(folder, needed)} for {what}; nothing was saved, and it can be run again once there is room"


def disk_low_message(folder: Path, needed: int, what: str) -> str:
    return f"disk almost full: {to_free(folder, needed)} before {what}, which needs about {needed / 1e9:.1f} GB"


def job_bytes(kind: str, request: dict[str, Any]) -> int:
    """A generous estimate of what a job writes: its video (H.264 at ~0.2 bit a pixel, ProRes/DNxHR ~3 bits),
    stills, plus the hidden temporary copy written before the rename."""
    width, height = int(request.get("width") or 768), int(request.get("height") or 512)
    frames = int(request.get("num_frames") or request.get("source_frames") or 121)
    if kind == "render":
        frames = int(request.get("frames") or 2400)
        bits = 3.0 if request.get("format") in ("prores", "dnxhr") else 0.3
    elif kind == "extend":
        frames += int(float(request.get("extend_seconds") or 0) * float(request.get("fps") or 24))
        bits = 0.6  # the chunks and their latents are kept until the chain is stitched
    elif kind in ("t2i", "edit", "inpaint", "frame"):  # a frame job writes one still per candidate
        return int(request.get("candidates") or 1) * 2 * width * height * 3 + 1024 * 1024
    else:
        bits = 0.3
    return int(2 * frames * width * height * bits / 8) + 4 * 1024 * 1024
