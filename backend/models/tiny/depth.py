"""Build a tiny, random-weight Depth Anything folder (transformers layout) for tests and offline runs.

The real depth estimators a control clip can use (Depth Anything V2, DPT) load with
``AutoModelForDepthEstimation``/``AutoImageProcessor``; this is the same Depth Anything class on a 4-layer, 16-wide
DINOv2 backbone with its DPT image processor, saved with ``save_pretrained`` so it loads exactly like a downloaded
one. Its depth maps are noise; the folder carries the test-model marker.
"""

from __future__ import annotations

import os
from pathlib import Path

import torch

from milimo_common.test_models import cpu_float32, write_model_folder

__all__ = ["build_tiny_depth"]

_INPUT = 56  # pixels of the model's input (4 x 4 patches of 14)


def build_tiny_depth(target: str | os.PathLike[str], seed: int = 0, *, overwrite: bool = False) -> Path:
    """Build the tiny depth estimator into ``target`` (deterministic, atomic, like the other test models)."""
    from transformers import DepthAnythingConfig, DepthAnythingForDepthEstimation, Dinov2Config, DPTImageProcessor

    def save(folder: Path) -> None:
        with cpu_float32():
            torch.manual_seed(seed)
            backbone = Dinov2Config(
                hidden_size=16,
                num_hidden_layers=4,
                num_attention_heads=2,
                intermediate_size=32,
                patch_size=14,
                image_size=_INPUT,
                out_features=["stage1", "stage2", "stage3", "stage4"],
                reshape_hidden_states=False,
            )
            config = DepthAnythingConfig(
                backbone_config=backbone,
                reassemble_hidden_size=16,
                neck_hidden_sizes=[8, 16, 16, 16],
                fusion_hidden_size=16,
                head_hidden_size=8,
                patch_size=14,
            )
            DepthAnythingForDepthEstimation(config).eval().save_pretrained(folder, safe_serialization=True)
        DPTImageProcessor(
            do_resize=True,
            size={"height": _INPUT, "width": _INPUT},
            keep_aspect_ratio=True,
            ensure_multiple_of=14,
            do_pad=False,
            image_mean=[0.485, 0.456, 0.406],
            image_std=[0.229, 0.224, 0.225],
        ).save_pretrained(folder)

    return write_model_folder(target, seed=seed, architecture="depth_anything", overwrite=overwrite, save=save)
