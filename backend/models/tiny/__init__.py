"""Tiny random-weight test models with real architectures.

They let the whole product run (and be tested) without GPUs or model downloads. Every folder built here carries a
``milimo_test_model.json`` marker (``milimo_common.test_models``) so the API and UI can tell users honestly that the
output is noise. The tiny SAM 3 model is built by its own service (``milimo_sam.tiny_model``).
"""

from __future__ import annotations

import os
from pathlib import Path

from milimo_common.test_models import MARKER_FILENAME, is_test_model, read_test_model_marker

__all__ = [
    "MARKER_FILENAME",
    "TEST_MODEL_REVISIONS",
    "build_tiny_flux2",
    "build_tiny_gemma3_director",
    "build_tiny_ltx2",
    "is_test_model",
    "read_test_model_marker",
]

#: The revision of each tiny model whose shapes changed since the first build (absent: revision 1, unmarked). A
#: data folder keeps its test models across upgrades, so the ModelManager rebuilds a folder whose marker says another
#: revision. LTX-2 2: the real compression (32x spatial, 8x temporal video VAE; 25 audio latents a second, 24 kHz).
TEST_MODEL_REVISIONS: dict[str, int] = {"ltx2": 2}


def build_tiny_ltx2(target: str | os.PathLike[str], seed: int = 0, *, overwrite: bool = False) -> Path:
    """Build the tiny LTX-2 pipeline folder; see :func:`backend.models.tiny.ltx2.build_tiny_ltx2`.

    Imported lazily so that checking a marker (the API does it for ``/models``) never pulls in torch.
    """
    from backend.models.tiny.ltx2 import build_tiny_ltx2 as _build

    return _build(target, seed, overwrite=overwrite)


def build_tiny_flux2(target: str | os.PathLike[str], seed: int = 0, *, overwrite: bool = False) -> Path:
    """Build the tiny FLUX.2 Klein pipeline folder; see :func:`backend.models.tiny.flux2.build_tiny_flux2`."""
    from backend.models.tiny.flux2 import build_tiny_flux2 as _build

    return _build(target, seed, overwrite=overwrite)


def build_tiny_gemma3_director(target: str | os.PathLike[str], seed: int = 0, *, overwrite: bool = False) -> Path:
    """Build the tiny Gemma 3 director folder; see :func:`backend.models.tiny.gemma3.build_tiny_gemma3_director`."""
    from backend.models.tiny.gemma3 import build_tiny_gemma3_director as _build

    return _build(target, seed, overwrite=overwrite)
