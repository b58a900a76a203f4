"""Build a tiny, random-weight ViTPose folder (transformers layout) for tests and offline runs.

Pose control clips use a ViTPose model (``VitPoseForPoseEstimation`` with its ``VitPoseImageProcessor``; the real
ones, e.g. ``usyd-community/vitpose-base-simple``, predict the 17 COCO keypoints). This is the same class on a
2-layer, 16-wide backbone with 17 keypoint heatmaps, saved with ``save_pretrained``. Its keypoints are noise; the
folder carries the test-model marker.
"""

from __future__ import annotations

import os
from pathlib import Path

import torch

from milimo_common.test_models import cpu_float32, write_model_folder

__all__ = ["build_tiny_pose"]

COCO_KEYPOINTS = 17


def build_tiny_pose(target: str | os.PathLike[str], seed: int = 0, *, overwrite: bool = False) -> Path:
    """Build the tiny pose estimator into ``target`` (deterministic, atomic, like the other test models)."""
    from transformers import VitPoseBackboneConfig, VitPoseConfig, VitPoseForPoseEstimation, VitPoseImageProcessor

    def save(folder: Path) -> None:
        with cpu_float32():
            torch.manual_seed(seed)
            backbone = VitPoseBackboneConfig(
                hidden_size=16,
                num_hidden_layers=2,
                num_attention_heads=2,
                intermediate_size=32,
                image_size=[64, 48],
                patch_size=[16, 16],
                out_indices=[2],
            )
            config = VitPoseConfig(backbone_config=backbone, num_labels=COCO_KEYPOINTS)
            VitPoseForPoseEstimation(config).eval().save_pretrained(folder, safe_serialization=True)
        VitPoseImageProcessor(size={"height": 64, "width": 48}).save_pretrained(folder)

    return write_model_folder(target, seed=seed, architecture="vitpose", overwrite=overwrite, save=save)
