"""Load an LTX-2 pipeline (real checkpoint or tiny test model) the one way the worker does it.

Both kinds of folder are loaded through ``LTX2Pipeline.from_pretrained``, so the tiny test model exercises the same
code path as the real weights.
"""

from __future__ import annotations

import os

import torch
from diffusers import LTX2Pipeline

from backend.models.sources import resolve_source

__all__ = ["load_ltx2_pipeline"]


def _resolve_source(source: str | os.PathLike[str]) -> str:
    return resolve_source(source, "model_index.json", "diffusers pipeline")


def load_ltx2_pipeline(source: str | os.PathLike[str], device: str | torch.device, dtype: torch.dtype) -> LTX2Pipeline:
    """Load an ``LTX2Pipeline`` from a local folder or hub id, in ``dtype``, on ``device``.

    VAE tiling is switched on unconditionally. That is safe because diffusers decides per call: the video VAE only
    takes the tiled path when a frame is larger than its tile (512x512 pixels by default), so below that size the
    output is bit-identical to untiled decoding (the tests' small clips never tile; they check the equality).
    Above it, e.g. at 768x512 (the real model and the tiny one alike), tiling bounds the decoder's peak memory at the
    cost of slightly different pixels near tile seams, which is the trade every LTX-2 front end makes.

    The tqdm progress bar is disabled: progress is reported through ``text_to_video``'s callbacks instead.
    """
    pipe = LTX2Pipeline.from_pretrained(_resolve_source(source), dtype=dtype)
    pipe.to(device)
    if hasattr(pipe.vae, "enable_tiling"):
        pipe.vae.enable_tiling()
    pipe.set_progress_bar_config(disable=True)
    return pipe
