"""Build a tiny, random-weight LTX-2 latent upsampler folder (diffusers layout) for tests and offline runs.

The real one is ``LTX2LatentUpsamplerModel`` in the ``latent_upsampler`` subfolder of the LTX-2 checkpoint: it maps
VAE latents ``(B, C, F, H, W)`` to ``(B, C, F, 2H, 2W)``. This builds the same class for the tiny LTX-2 model's
4 latent channels, with 32 middle channels (its GroupNorms use 32 groups, so that is the smallest width that
works) and one residual block per stage, and saves it with ``save_pretrained`` so it loads exactly like the real
one (``LTX2LatentUpsamplerModel.from_pretrained``). Output is noise; the folder carries the test-model marker.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

import torch

from backend.models.tiny import MARKER_FILENAME

__all__ = ["build_tiny_ltx2_upsampler"]

#: Latent channels of the tiny LTX-2 video VAE (``backend.models.tiny.ltx2``).
_LATENT_CHANNELS = 4


def build_tiny_ltx2_upsampler(target: str | os.PathLike[str], seed: int = 0, *, overwrite: bool = False) -> Path:
    """Build the tiny 2x spatial latent upsampler and save it to ``target``; returns ``target``.

    Deterministic (same ``seed``, byte-identical files) and atomic (written to a hidden sibling, then renamed), with
    the same ``overwrite`` rules as :func:`backend.models.tiny.ltx2.build_tiny_ltx2`.
    """
    from diffusers.pipelines.ltx2 import LTX2LatentUpsamplerModel

    target = Path(target)
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} already exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.building-{uuid.uuid4().hex[:8]}"
    try:
        with torch.device("cpu"):
            previous_dtype = torch.get_default_dtype()
            torch.set_default_dtype(torch.float32)
            try:
                torch.manual_seed(seed)
                model = LTX2LatentUpsamplerModel(
                    in_channels=_LATENT_CHANNELS,
                    mid_channels=32,
                    num_blocks_per_stage=1,
                    dims=3,
                    spatial_upsample=True,
                    temporal_upsample=False,
                    rational_spatial_scale=2.0,
                    use_rational_resampler=True,
                ).eval()
            finally:
                torch.set_default_dtype(previous_dtype)
        model.save_pretrained(staging, safe_serialization=True)
        marker = {
            "test_model": True,
            "note": "tiny random weights; output is noise",
            "seed": seed,
            "architecture": "ltx2_latent_upsampler",
        }
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
