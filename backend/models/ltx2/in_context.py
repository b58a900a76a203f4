"""Control video with diffusers' ``LTX2InContextPipeline`` (IC-LoRA), sharing the loaded ``LTX2Pipeline``.

The guide clip (edges, depth, pose or a clip as it is) is VAE-encoded and appended to the noisy sequence as clean
reference tokens; the IC-LoRA (applied by the caller, like any LoRA) has learnt to follow them. What the request sets:

* ``guide``: uint8 RGB ``(N, H, W, 3)`` at the shot's rate, any size (fitted to the shot like every input). Only
  the first ``1 + k * r`` frames that fit the shot are used (``r``: the VAE's temporal compression): a shorter guide
  guides the start of the shot and leaves the rest free.
* ``downscale``: the IC-LoRA's training scale of its reference (2 for Lightricks' ``ref0.5`` LoRAs): the guide is
  encoded at ``width / downscale x height / downscale`` with its positions stretched back onto the shot's grid.
* ``strength``: ``conditioning_attention_strength``, how much the generation attends to the guide (0: not at all).
* ``guided``: the pixel frames ``[first, stop)`` of the shot that follow the guide; outside it the attention mask is
  0 (diffusers' ``conditioning_attention_mask``, in the guide's pixel space), so those frames ignore it.
* ``items``: the same first-frame / keyframe conditions as the conditioning timeline (image-to-video, keyframes).

Progress and cancellation are exactly as in :mod:`backend.models.ltx2.text_to_video`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from diffusers import LTX2InContextPipeline, LTX2Pipeline
from diffusers.pipelines.ltx2.pipeline_ltx2_ic_lora import LTX2ReferenceCondition
from PIL import Image

from backend.models.ltx2.common import StageCallback, StepCallback, fit_frames, run_video_pipeline, validate_request
from backend.models.ltx2.keyframes import ConditioningInput, to_diffusers_conditions
from backend.models.ltx2.text_to_video import TextToVideoRequest, VideoResult
from backend.models.ltx2.variants import shared_variant

__all__ = ["ControlledRequest", "generate_with_control", "guide_frames_used"]


@dataclass(frozen=True, eq=False)
class ControlledRequest(TextToVideoRequest):
    """A :class:`TextToVideoRequest` plus its guide clip (keyword-only; see the module docstring)."""

    guide: np.ndarray = field(kw_only=True)
    strength: float = field(default=1.0, kw_only=True)
    downscale: int = field(default=1, kw_only=True)
    guided: tuple[int, int] | None = field(default=None, kw_only=True)
    items: tuple[ConditioningInput, ...] = field(default=(), kw_only=True)


def guide_frames_used(available: int, num_frames: int, temporal_ratio: int) -> int:
    """How many guide frames encode cleanly: at most the shot's, and ``1 + k * ratio``."""
    usable = min(available, num_frames)
    if usable < 1:
        raise ValueError("the guide clip has no frames")
    return 1 + ((usable - 1) // temporal_ratio) * temporal_ratio


def _attention_mask(guided: tuple[int, int], frames: int, height: int, width: int) -> torch.Tensor:
    first, stop = guided
    if not 0 <= first < stop:
        raise ValueError(f"the guided frames {first}..{stop} are not a range")
    mask = torch.zeros((1, 1, frames, height, width), dtype=torch.float32)
    mask[:, :, first:stop] = 1.0
    return mask


def generate_with_control(
    pipe: LTX2Pipeline,
    request: ControlledRequest,
    on_step: StepCallback | None = None,
    on_stage: StageCallback | None = None,
    *,
    pipeline_kwargs: Mapping[str, Any] | None = None,
) -> VideoResult:
    """Generate a clip that follows ``request.guide``; frames (uint8) and audio as in ``text_to_video``."""
    pipeline_kwargs = dict(pipeline_kwargs or {})
    validate_request(pipe, request, pipeline_kwargs)
    if not 0.0 <= request.strength <= 1.0:
        raise ValueError(f"strength must be within 0..1, got {request.strength}")
    factor, spatial = int(request.downscale), int(pipe.vae_spatial_compression_ratio)
    if factor < 1 or (request.width // factor) % spatial or (request.height // factor) % spatial:
        raise ValueError(
            f"this IC-LoRA encodes its guide at 1/{factor} size, so width and height must be multiples of "
            f"{spatial * factor} (got {request.width}x{request.height})"
        )
    ratio = int(pipe.vae_temporal_compression_ratio)
    guide = np.asarray(request.guide)
    guide = fit_frames(guide[: guide_frames_used(len(guide), request.num_frames, ratio)], request.width, request.height)
    ref_height, ref_width = request.height // factor, request.width // factor
    extra: dict[str, Any] = {}
    if request.guided is not None:
        extra["conditioning_attention_mask"] = _attention_mask(request.guided, len(guide), ref_height, ref_width)
    conditions = to_diffusers_conditions(tuple(request.items), request.num_frames, request.width, request.height, ratio)
    variant = shared_variant(pipe, LTX2InContextPipeline)
    return run_video_pipeline(
        variant,
        pipe,
        request,
        on_step,
        on_stage,
        pipeline_kwargs,
        reference_conditions=[LTX2ReferenceCondition(frames=[Image.fromarray(f) for f in guide], strength=1.0)],
        reference_downscale_factor=factor,
        conditioning_attention_strength=float(request.strength),
        conditions=conditions or None,
        **extra,
    )
