"""What every tiny test-model builder shares: deterministic CPU float32 construction, an atomic folder, the marker."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import torch

from backend.models.tiny import MARKER_FILENAME


@contextmanager
def cpu_float32() -> Iterator[None]:
    """Random init on the CPU in float32 whatever the caller's defaults, so the bytes depend on the seed only."""
    with torch.device("cpu"):
        previous = torch.get_default_dtype()
        torch.set_default_dtype(torch.float32)
        try:
            yield
        finally:
            torch.set_default_dtype(previous)


def write_model_folder(
    target: str | os.PathLike[str], *, seed: int, architecture: str, overwrite: bool, save: Callable[[Path], None]
) -> Path:
    """Run ``save(staging)`` into a hidden sibling folder, add the test-model marker, and rename it into place.

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
        marker = {"test_model": True, "note": "tiny random weights; output is noise", "seed": seed,
                  "architecture": architecture}
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
