"""A loaded per-frame estimator (depth, pose): the transformers model and its image processor, loaded on the CPU.

The ModelManager places ``model`` on the accelerator like any other family's weights (``_modules_of`` finds it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Estimator:
    model: Any  # a transformers PreTrainedModel
    processor: Any  # its image processor

    def forward(self, images: list[Any], **processor_kwargs: Any) -> Any:
        """The model's outputs for one batch of ``images``, on the device and in the dtype its weights have."""
        import torch

        parameter = next(self.model.parameters())
        inputs = self.processor(images=images, return_tensors="pt", **processor_kwargs)
        with torch.inference_mode():
            return self.model(pixel_values=inputs["pixel_values"].to(device=parameter.device, dtype=parameter.dtype))


def load_depth_estimator(source: str, dtype: Any) -> Estimator:
    from transformers import AutoImageProcessor, AutoModelForDepthEstimation

    from backend.models.sources import resolve_source

    where = resolve_source(source, "config.json", "depth estimator")
    model = AutoModelForDepthEstimation.from_pretrained(where, torch_dtype=dtype).eval()
    return Estimator(model=model, processor=AutoImageProcessor.from_pretrained(where))


def load_pose_estimator(source: str, dtype: Any) -> Estimator:
    from transformers import AutoImageProcessor, VitPoseForPoseEstimation

    from backend.models.sources import resolve_source

    where = resolve_source(source, "config.json", "pose estimator")
    model = VitPoseForPoseEstimation.from_pretrained(where, torch_dtype=dtype).eval()
    return Estimator(model=model, processor=AutoImageProcessor.from_pretrained(where))
