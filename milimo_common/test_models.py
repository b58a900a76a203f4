"""Tiny random-weight test models: the marker file that says a folder holds one, and the atomic way to write one.

The marker is a contract between processes: the builders (``backend.models.tiny``, ``milimo_sam.tiny_model``) write
it, and the API, the SAM service and the UI read it to say honestly that the output is noise.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: File inside a model folder that marks it as a tiny random-weight test model.
MARKER_FILENAME = "milimo_test_model.json"


def read_test_model_marker(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The marker's contents if ``path`` is a model folder built here, else ``None`` (also for hub ids)."""
    marker = Path(path) / MARKER_FILENAME
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def is_test_model(path: str | os.PathLike[str]) -> bool:
    """True if ``path`` is a folder holding a tiny test model (its marker says ``"test_model": true``)."""
    marker = read_test_model_marker(path)
    return bool(marker and marker.get("test_model") is True)


@contextmanager
def cpu_float32() -> Iterator[None]:
    """Random init on the CPU in float32 whatever the caller's defaults, so the bytes depend on the seed only."""
    import torch  # here, not at the top: reading a marker must never pull in torch

    with torch.device("cpu"):
        previous = torch.get_default_dtype()
        torch.set_default_dtype(torch.float32)
        try:
            yield
        finally:
            torch.set_default_dtype(previous)


def write_model_folder(
    target: str | os.PathLike[str],
    *,
    seed: int,
    architecture: str,
    overwrite: bool,
    save: Callable[[Path], None],
    revision: int | None = None,
) -> Path:
    """Run ``save(staging)`` into a hidden sibling folder, add the test-model marker, and rename it into place.

    ``revision``, when given, is written into the marker: a builder raises it when its shapes change, so that a
    folder built by an older studio is recognised as stale and rebuilt rather than reused.

    An interrupted build never leaves a half-written model behind. If ``target`` exists, raises
    ``FileExistsError`` unless ``overwrite`` is set, in which case the old folder is swapped out (two renames) and
    then deleted.
    """
    target = Path(target)
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} already exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.building-{uuid.uuid4().hex[:8]}"
    try:
        save(staging)
        marker = {
            "test_model": True,
            "note": "tiny random weights; output is noise",
            "seed": seed,
            "architecture": architecture,
        }
        if revision is not None:
            marker["revision"] = revision
        (staging / MARKER_FILENAME).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
        if target.exists():  # only reachable with overwrite=True
            retired = target.parent / f".{target.name}.old-{uuid.uuid4().hex[:8]}"
            os.replace(target, retired)
            os.replace(staging, target)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
