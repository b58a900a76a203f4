"""Build a tiny, random-weight LTX-2 latent upsampler folder (diffusers layout) for tests and offline runs.

The real one is ``LTX2LatentUpsamplerModel`` in the ``latent_upsampler`` subfolder of the LTX-2 checkpoint: it maps
VAE latents ``(B, C, F, H, W)`` to ``(B, C, F, 2H, 2W)``. This builds the same class for the tiny LTX-2 model's
4 latent channels, with 32 middle channels (its GroupNorms use 32 groups, so that is the smallest width that
works) and one residual block per stage, and saves it with ``save_pretrained`` so it loads exactly like the real
one (``LTX2LatentUpsamplerModel.from_pretrained``). Output is noise; the folder carries the test-model marker.
"""

from __future__ import annotations

import os
from pathlib import Path

import torch

from milimo_common.test_models import cpu_float32, write_model_folder

__all__ = ["build_tiny_ltx2_upsampler"]

#: Latent channels of the tiny LTX-2 video VAE (``backend.models.tiny.ltx2``).
_LATENT_CHANNELS = 4


def build_tiny_ltx2_upsampler(target: str | os.PathLike[str], seed: int = 0, *, overwrite: bool = False) -> Path:
    """Build the tiny 2x spatial latent upsampler and save it to ``target``; returns ``target``.

    Deterministic (same ``seed``, byte-identical files) and atomic (written to a hidden sibling, then renamed), with
    the same ``overwrite`` rules as :func:`backend.models.tiny.ltx2.build_tiny_ltx2`.
    """
    from diffusers.pipelines.ltx2 import LTX2LatentUpsamplerModel

    def save(folder: Path) -> None:
        with cpu_float32():
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
        model.save_pretrained(folder, safe_serialization=True)

    return write_model_folder(target, seed=seed, architecture="ltx2_latent_upsampler", overwrite=overwrite, save=save)
