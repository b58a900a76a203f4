"""A shot's conditioning timeline (keyframes, first/last frame, clip extension) with ``LTX2ConditionPipeline``.

Each :class:`ConditioningInput` places an image (``N == 1``) or a clip (``N > 1``) at a *pixel* frame of the output
clip. diffusers' ``LTX2VideoCondition.index`` is a *latent* frame index instead, and this module converts.

How LTX-2's causal video VAE lays out time (temporal compression ``r``: 8 for LTX-2 and its tiny test model):
latent frame 0 holds pixel frame 0 alone; latent frame ``L >= 1`` holds pixel frames ``(L-1)*r + 1 .. L*r``.
So pixel frame ``k`` lives in latent frame ``0 if k == 0 else (k - 1) // r + 1`` (:func:`pixel_frame_to_latent_index`),
and the last frame of a valid clip (``num_frames - 1``, a multiple of ``r``) is in the last latent frame.

What the pipeline then does with a latent index (diffusers 0.42.1, read in ``pipeline_ltx2_condition.py``):

* ``L == 0``: the condition's latents *replace* the first latent frames (``1 + (N-1)/r`` of them for a clip), with
  conditioning mask = ``strength``: at 1.0 they stay exactly clean all the way, at 0 they are fully re-noised.
* ``L >= 1``: the condition's latents are *appended* as extra tokens whose positional time is pixel frame
  ``(L-1)*r + 1`` (:func:`latent_index_to_pixel_frame`), with noise level ``(1 - strength) * sigma`` at each step;
  they are dropped before decoding. A single image is pinned to that one pixel instant.

Consequence (the main pitfall): diffusers can only place a keyframe at pixel frames ``0, 1, r+1, 2r+1, ...``. An
image requested at another frame is placed at the first frame of the latent block that contains it, up to
``r - 1`` frames early (the last frame of a 121-frame LTX-2 clip, 120, is placed at 113, ~0.3 s early at 24 fps).
:func:`effective_pixel_frame` tells callers where an item really lands. Clips (``N > 1``) must start on that grid
and their length must be ``1 + a multiple of r`` (diffusers would silently trim or shift them otherwise), and they
must end inside the output clip. Two items may not land on the same latent frame.

Frames whose size differs from the output's are center-cropped to aspect and resized (same policy as
image-to-video). Single images are H.264 re-compressed by diffusers at the model's training CRF unless the
item's ``crf`` says otherwise; clips are not. Any number of items; with none the call is plain text-to-video
through the condition pipeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from diffusers import LTX2Pipeline
from diffusers.pipelines.ltx2 import LTX2VideoCondition

from backend.models.ltx2.common import (
    StageCallback,
    StepCallback,
    fit_frames,
    run_video_pipeline,
    validate_request,
)
from backend.models.ltx2.text_to_video import TextToVideoRequest, VideoResult
from backend.models.ltx2.variants import condition_variant

__all__ = [
    "ConditionedRequest",
    "ConditioningInput",
    "effective_pixel_frame",
    "generate_with_conditioning",
    "latent_index_to_pixel_frame",
    "pixel_frame_to_latent_index",
    "to_diffusers_conditions",
]


@dataclass(frozen=True, eq=False)
class ConditioningInput:
    """One item of the timeline.

    ``frames``: uint8 RGB ``(N, H, W, 3)`` (``N == 1``: an image; ``N > 1``: a clip); a single ``(H, W, 3)`` image
    is accepted too. ``pixel_frame``: 0-based frame of the *output* clip where the item (its first frame) goes.
    ``strength``: 0..1, how firmly the output follows it (1 = held exactly, in latent space). ``crf``: H.264 CRF for
    re-compressing a single image before encoding (``None`` = the model's training default, ``0`` = none).
    """

    frames: np.ndarray
    pixel_frame: int = 0
    strength: float = 1.0
    crf: int | None = None


@dataclass(frozen=True, eq=False)
class ConditionedRequest(TextToVideoRequest):
    """A :class:`TextToVideoRequest` plus its conditioning timeline (keyword ``items``)."""

    items: tuple[ConditioningInput, ...] = ()


def pixel_frame_to_latent_index(pixel_frame: int, temporal_ratio: int) -> int:
    """The latent frame holding ``pixel_frame``: 0 for frame 0, else ``(pixel_frame - 1) // ratio + 1``."""
    if pixel_frame < 0:
        raise ValueError(f"pixel_frame must be >= 0, got {pixel_frame}")
    if temporal_ratio < 1:
        raise ValueError(f"temporal ratio must be >= 1, got {temporal_ratio}")
    return 0 if pixel_frame == 0 else (pixel_frame - 1) // temporal_ratio + 1


def latent_index_to_pixel_frame(latent_index: int, temporal_ratio: int) -> int:
    """The pixel frame where ``LTX2ConditionPipeline`` places a condition given latent ``latent_index``."""
    if latent_index < 0:
        raise ValueError(f"latent_index must be >= 0, got {latent_index}")
    return 0 if latent_index == 0 else (latent_index - 1) * temporal_ratio + 1


def effective_pixel_frame(pixel_frame: int, temporal_ratio: int) -> int:
    """Where an item requested at ``pixel_frame`` actually lands (see the module docstring)."""
    return latent_index_to_pixel_frame(pixel_frame_to_latent_index(pixel_frame, temporal_ratio), temporal_ratio)


def _as_frames(item: ConditioningInput, position: int) -> np.ndarray:
    frames = np.asarray(item.frames)
    if frames.ndim == 3:
        frames = frames[None]
    if frames.dtype != np.uint8 or frames.ndim != 4 or frames.shape[-1] != 3:
        raise ValueError(
            f"item {position}: frames must be uint8 RGB (N, H, W, 3), got {frames.dtype} {tuple(np.shape(item.frames))}"
        )
    if frames.shape[0] < 1 or frames.shape[1] < 1 or frames.shape[2] < 1:
        raise ValueError(f"item {position}: empty frames {frames.shape}")
    return frames


def to_diffusers_conditions(
    items: tuple[ConditioningInput, ...] | list[ConditioningInput],
    num_frames: int,
    width: int,
    height: int,
    temporal_ratio: int,
) -> list[LTX2VideoCondition]:
    """Validate the timeline and turn it into ``LTX2VideoCondition``s (latent indices, fitted uint8 frames).

    Raises ``ValueError`` for: frames that are not uint8 RGB; a ``pixel_frame`` outside ``0 .. num_frames - 1``;
    a strength outside 0..1; a clip whose length is not ``1 + k * ratio``, that starts off the latent grid or runs
    past the end; two items on the same latent frame.
    """
    r = int(temporal_ratio)
    conditions: list[LTX2VideoCondition] = []
    used: dict[int, int] = {}
    for position, item in enumerate(items):
        if not isinstance(item, ConditioningInput):
            raise ValueError(f"item {position}: expected a ConditioningInput, got {type(item).__name__}")
        frames = _as_frames(item, position)
        k = item.pixel_frame
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
            raise ValueError(f"item {position}: pixel_frame must be an int, got {k!r}")
        k = int(k)
        if not 0 <= k < num_frames:
            raise ValueError(f"item {position}: pixel_frame {k} is outside the clip (0..{num_frames - 1})")
        strength = float(item.strength)
        if not 0.0 <= strength <= 1.0:  # also rejects NaN
            raise ValueError(f"item {position}: strength must be within 0..1, got {item.strength}")
        if item.crf is not None and item.crf < 0:
            raise ValueError(f"item {position}: crf must be >= 0 or None, got {item.crf}")
        count = frames.shape[0]
        latent = pixel_frame_to_latent_index(k, r)
        if count > 1:
            if (count - 1) % r:
                raise ValueError(
                    f"item {position}: a clip must have 1 + a multiple of {r} frames for this model, got {count}"
                )
            if latent_index_to_pixel_frame(latent, r) != k:
                grid = ", ".join(str(latent_index_to_pixel_frame(i, r)) for i in range(4))
                raise ValueError(
                    f"item {position}: a clip must start on a latent frame boundary ({grid}, ...), got frame {k}"
                )
            if k + count > num_frames:
                raise ValueError(
                    f"item {position}: a {count}-frame clip at frame {k} runs past the end of the "
                    f"{num_frames}-frame output"
                )
        if latent in used:
            raise ValueError(
                f"items {used[latent]} and {position} land on the same latent frame {latent} "
                f"(pixel frames {latent_index_to_pixel_frame(latent, r)}..{max(latent * r, 0)})"
            )
        used[latent] = position
        fitted = fit_frames(frames, width, height)
        conditions.append(LTX2VideoCondition(frames=fitted, index=latent, strength=strength, crf=item.crf))
    return conditions


def generate_with_conditioning(
    pipe: LTX2Pipeline,
    request: ConditionedRequest,
    on_step: StepCallback | None = None,
    on_stage: StageCallback | None = None,
    *,
    pipeline_kwargs: Mapping[str, Any] | None = None,
) -> VideoResult:
    """Generate a clip following ``request.items``; frames (uint8) and audio as in ``text_to_video``.

    Everything is validated before the model runs. ``pipeline_kwargs`` go to ``LTX2ConditionPipeline.__call__``
    verbatim (``stg_scale``, ``noise_scale``, ...) except the arguments the request sets; note that the condition
    pipeline's ``noise_scale`` default (``None`` = first sigma, 1.0) differs from the others' (0.0).
    """
    pipeline_kwargs = dict(pipeline_kwargs or {})
    validate_request(pipe, request, pipeline_kwargs)
    ratio = int(pipe.vae_temporal_compression_ratio)
    conditions = to_diffusers_conditions(tuple(request.items), request.num_frames, request.width, request.height, ratio)
    variant = condition_variant(pipe)
    return run_video_pipeline(variant, pipe, request, on_step, on_stage, pipeline_kwargs, conditions=conditions or None)
