"""Tiny random-weight test models with real architectures.

They let the whole product run (and be tested) without GPUs or model downloads. Every folder built here carries a
``milimo_test_model.json`` marker so the API and UI can tell users honestly that the output is noise.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

__all__ = [
    "MARKER_FILENAME",
    "build_tiny_flux2",
    "build_tiny_gemma3_director",
    "build_tiny_ltx2",
    "build_tiny_sam3",
    "is_test_model",
    "read_test_model_marker",
]

#: File inside a model folder that marks it as a tiny random-weight test model.
MARKER_FILENAME = "milimo_test_model.json"


def build_tiny_ltx2(target: str | os.PathLike[str], seed: int = 0, *, overwrite: bool = False) -> Path:
    """Build the tiny LTX-2 pipeline folder; see :func:`backend.models.tiny.ltx2.build_tiny_ltx2`.

    Imported lazily so that checking a marker (the API does it for ``/models``) never pulls in torch.
    """
    from backend.models.tiny.ltx2 import build_tiny_ltx2 as _build

    return _build(target, seed, overwrite=overwrite)


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


def build_tiny_flux2(target: str | os.PathLike[str], seed: int = 0, *, overwrite: bool = False) -> Path:
    """Build the tiny FLUX.2 Klein pipeline folder; see :func:`backend.models.tiny.flux2.build_tiny_flux2`."""
    from backend.models.tiny.flux2 import build_tiny_flux2 as _build

    return _build(target, seed, overwrite=overwrite)


def build_tiny_gemma3_director(target: str | os.PathLike[str], seed: int = 0, *, overwrite: bool = False) -> Path:
    """Build the tiny Gemma 3 director folder; see :func:`backend.models.tiny.gemma3.build_tiny_gemma3_director`."""
    from backend.models.tiny.gemma3 import build_tiny_gemma3_director as _build

    return _build(target, seed, overwrite=overwrite)


def build_tiny_sam3(target: str | os.PathLike[str], seed: int = 0, *, overwrite: bool = False) -> Path:
    """Build the tiny SAM 3 folder (all SAM 3 classes load it); see :func:`backend.models.tiny.sam3.build_tiny_sam3`."""
    from backend.models.tiny.sam3 import build_tiny_sam3 as _build

    return _build(target, seed, overwrite=overwrite)
