"""Files appear whole or not at all: written beside their destination, then renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_target(path: Path, suffix: str) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success move it over ``path``, on failure delete it.

    The temporary file lives in the same directory so ``os.replace`` is a same-filesystem rename (atomic).
    It starts with a dot so directory listings that skip hidden files never show it. ``mkstemp`` creates files
    readable by the owner only; the result is made world-readable (0644) like any ordinary media file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f".tmp{suffix}", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
