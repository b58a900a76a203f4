"""Where weights come from: a local folder (which must exist and hold the expected file) or a hub id."""

from __future__ import annotations

import os
from pathlib import Path


def resolve_source(source: str | os.PathLike[str], required_file: str, what: str) -> str:
    """What ``from_pretrained`` should get, refusing missing local folders early.

    A ``Path``, or a string that names an existing directory or looks like a filesystem path (absolute, ``./``,
    ``~``), is local and must hold ``required_file``: without this check a typo would be sent to the hub as a repo id
    and fail with a confusing "repo not found" (or an offline error). Anything else (``"Lightricks/LTX-2"``) is a hub
    id, resolved by ``huggingface_hub`` under its usual cache and ``HF_HUB_OFFLINE`` rules.
    """
    if isinstance(source, os.PathLike):
        path = Path(source).expanduser()
    else:
        text = str(source)
        if not (os.path.isabs(text) or text.startswith((".", "~")) or os.path.isdir(text)):
            return text
        path = Path(text).expanduser()
    if not (path / required_file).is_file():
        missing = "" if path.is_dir() else " (the folder was not found)"
        raise FileNotFoundError(f"no {what} ({required_file}) in {path}{missing}")
    return str(path)
