"""The tiny SAM 3 folder: every class loads it exactly as the service does, with the marker; deterministic."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from milimo_common.test_models import MARKER_FILENAME, read_test_model_marker
from milimo_sam.tiny_model import build_tiny_sam3


def test_marker(tiny_sam3_dir: Path) -> None:
    marker = read_test_model_marker(tiny_sam3_dir)
    assert marker is not None and marker["test_model"] is True and marker["architecture"] == "sam3"
    assert (tiny_sam3_dir / MARKER_FILENAME).is_file()


def test_every_class_loads_without_missing_weights(tiny_sam3_dir: Path) -> None:
    from transformers import Sam3Model, Sam3TrackerModel, Sam3TrackerVideoModel, Sam3VideoModel

    from milimo_sam.segmenter import load_models

    models = load_models(str(tiny_sam3_dir), "cpu", torch.float32)
    for cls in (Sam3Model, Sam3TrackerModel, Sam3TrackerVideoModel, Sam3VideoModel):
        _, info = cls.from_pretrained(tiny_sam3_dir, output_loading_info=True)
        assert not info["missing_keys"] and not info["mismatched_keys"], (cls.__name__, info)
    # The tracker borrows the detector's backbone through the checkpoint's renaming: same tensors.
    detector = models.image.vision_encoder.backbone.state_dict()
    tracker = models.tracker.vision_encoder.backbone.state_dict()
    assert detector.keys() == tracker.keys()
    assert all(torch.equal(detector[k], tracker[k]) for k in detector)
    assert torch.equal(
        models.tracker.mask_decoder.iou_token.weight, models.video.tracker_model.mask_decoder.iou_token.weight
    )
    assert type(models.image_processor).__name__ == "Sam3Processor"
    assert type(models.video_processor).__name__ == "Sam3VideoProcessor"


def test_same_seed_same_weights(tmp_path: Path, tiny_sam3_dir: Path) -> None:
    again = build_tiny_sam3(tmp_path / "again", seed=0)
    first, second = load_file(tiny_sam3_dir / "model.safetensors"), load_file(again / "model.safetensors")
    assert first.keys() == second.keys()
    assert all(torch.equal(first[k], second[k]) for k in first)
    other = load_file(build_tiny_sam3(tmp_path / "other", seed=1) / "model.safetensors")
    assert not all(torch.equal(first[k], other[k]) for k in first)
    with pytest.raises(FileExistsError):
        build_tiny_sam3(again, seed=0)


def test_the_four_classes_hold_one_copy_of_the_checkpoint(tiny_sam3_dir: Path) -> None:
    """Loaded separately, every class would hold its own backbone; the service keeps one copy of each weight."""
    from milimo_sam.segmenter import load_models

    stored = sum(t.numel() for file in tiny_sam3_dir.glob("*.safetensors") for t in load_file(file).values())
    models = load_models(str(tiny_sam3_dir), "cpu", torch.float32)
    unique: dict[int, int] = {}
    held = 0
    for model in (models.image, models.tracker, models.tracker_video, models.video):
        for tensor in model.state_dict().values():
            held += tensor.numel()
            unique.setdefault(tensor.data_ptr(), tensor.numel())
    assert held > 2 * stored  # what four separate copies would cost
    # What the service holds: the checkpoint once (within 1 %: a few small top-level tensors each class owns).
    assert sum(unique.values()) <= stored * 1.01
    assert models.tracker.vision_encoder is models.tracker_video.vision_encoder
