"""Load an LTX-2 pipeline (real checkpoint or tiny test model) the one way the worker does it.

Both kinds of folder are loaded through ``LTX2Pipeline.from_pretrained``, so the tiny test model exercises the same
code path as the real weights.
"""

from __future__ import annotations

import os
from pathlib import Path

import torch
from diffusers import LTX2Pipeline

__all__ = ["load_ltx2_pipeline"]


def _resolve_source(source: str | os.PathLike[str]) -> str:
    """Return what ``from_pretrained`` should get, refusing missing local paths early.

    A ``Path``, or a string that names an existing directory or looks like a filesystem path (absolute, ``./``,
    ``~``), is local and must exist: without this check a typo would be sent to the hub as a repo id and fail
    with a confusing "repo not found" (or an offline error). Anything else (``"Lightricks/LTX-2"``) is a hub id,
    resolved by ``huggingface_hub`` under its usual cache and ``HF_HUB_OFFLINE`` rules.
    """
    if isinstance(source, os.PathLike):
        path = Path(source).expanduser()
    else:
        text = str(source)
        looks_local = os.path.isabs(text) or text.startswith((".", "~")) or os.path.isdir(text)
        if not looks_local:
            return text
        path = Path(text).expanduser()
    if not (path / "model_index.json").is_file():
        raise FileNotFoundError(f"no diffusers pipeline (model_index.json) in {path}")
    return str(path)


def load_ltx2_pipeline(
    source: str | os.PathLike[str], device: str | torch.device, dtype: torch.dtype
) -> LTX2Pipeline:
    """Load an ``LTX2Pipeline`` from a local folder or hub id, in ``dtype``, on ``device``.

    VAE tiling is switched on unconditionally. That is safe because diffusers decides per call: the video VAE only
    takes the tiled path when a frame is larger than its tile (512x512 pixels by default), so below that size the
    output is bit-identical to untiled decoding (the tiny model's 64x64 clips never tile; the tests check the
    equality). Above it, e.g. the real model at 768x512, tiling bounds the decoder's peak memory at the cost of
    slightly different pixels near tile seams, which is the trade every LTX-2 front end makes.

    The tqdm progress bar is disabled: progress is reported through ``text_to_video``'s callbacks instead.
    """
    pipe = LTX2Pipeline.from_pretrained(_resolve_source(source), dtype=dtype)
    pipe.to(device)
    if hasattr(pipe.vae, "enable_tiling"):
        pipe.vae.enable_tiling()
    pipe.set_progress_bar_config(disable=True)
    return pipe
