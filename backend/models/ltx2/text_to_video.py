"""Text -> video (+ audio) with diffusers' ``LTX2Pipeline``, with step progress and cancellation.

This module is the seam between the job system and the model: it turns a plain request into one pipeline call and
the pipeline's tensors into plain numpy arrays, and it reports progress through two callbacks:

* ``on_step(step, total)`` runs after each denoising step (1-based). It is called from the pipeline's
  ``callback_on_step_end``, which diffusers invokes with no exception handling around it, so an exception raised
  by ``on_step`` (the worker's "job was cancelled" signal) leaves the pipeline at once, before the next step,
  and propagates to the caller. Nothing is decoded for a cancelled job.
* ``on_stage(name)`` announces ``"text_encoding"`` (before the call), ``"denoising"`` (when the transformer is
  first called, i.e. after the prompt is encoded) and ``"decoding"`` (after the last step's callback).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from diffusers import LTX2Pipeline

from backend.models.ltx2.common import (
    TextToVideoRequest,
    VideoResult,
    frames_to_uint8,  # noqa: F401 - re-exported
    run_video_pipeline,
    validate_request,
)

__all__ = ["TextToVideoRequest", "VideoResult", "frames_to_uint8", "text_to_video"]


def text_to_video(
    pipe: LTX2Pipeline,
    request: TextToVideoRequest,
    on_step: Callable[[int, int], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
    *,
    pipeline_kwargs: Mapping[str, Any] | None = None,
) -> VideoResult:
    """Run ``pipe`` for ``request`` and return its frames and audio; see the module docstring for the callbacks.

    ``pipeline_kwargs`` go to ``LTX2Pipeline.__call__`` verbatim, for the knobs the request does not name
    (``audio_guidance_scale``, ``stg_scale``, ``modality_scale``, ``guidance_rescale``,
    ``spatio_temporal_guidance_blocks``, ``max_sequence_length``...). Anything left out keeps the pipeline's
    default, which in diffusers 0.42 is the LTX-2.3 recipe (audio CFG 7, STG 1 at block 28, modality guidance 3,
    rescale 0.7): note that ``guidance_scale=1`` alone does *not* turn guidance off.

    The seed drives a ``torch.Generator`` on the pipeline's execution device, so a seed reproduces the same clip on
    the same kind of device (CPU and CUDA draw different noise).
    """
    pipeline_kwargs = dict(pipeline_kwargs or {})
    validate_request(pipe, request, pipeline_kwargs)
    return run_video_pipeline(pipe, pipe, request, on_step, on_stage, pipeline_kwargs)
