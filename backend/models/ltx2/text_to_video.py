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
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from diffusers import LTX2Pipeline

__all__ = ["TextToVideoRequest", "VideoResult", "frames_to_uint8", "text_to_video"]

#: The pipeline's own default ``max_sequence_length``; a tokenizer with a smaller ``model_max_length`` (the tiny
#: test model's is 32) lowers it, which keeps text encoding cheap without affecting the real model.
_DEFAULT_MAX_SEQUENCE_LENGTH = 1024

# Arguments text_to_video sets itself; ``pipeline_kwargs`` may not override them.
_RESERVED_KWARGS = frozenset(
    {
        "prompt",
        "negative_prompt",
        "width",
        "height",
        "num_frames",
        "frame_rate",
        "num_inference_steps",
        "guidance_scale",
        "generator",
        "output_type",
        "return_dict",
        "callback_on_step_end",
        "callback_on_step_end_tensor_inputs",
    }
)


@dataclass(frozen=True)
class TextToVideoRequest:
    """What to generate. Sizes are in pixels; ``fps`` is the playback rate the model is conditioned on.

    ``width`` and ``height`` must be multiples of 32, and ``num_frames - 1`` a multiple of the VAE's temporal
    compression (8 for LTX-2: 9, 17, ..., 121 frames; 2 for the tiny model); other counts would silently come back
    shorter, so they are rejected.
    """

    prompt: str
    negative_prompt: str = ""
    width: int = 768
    height: int = 512
    num_frames: int = 121
    fps: float = 24.0
    seed: int = 0
    num_inference_steps: int = 30
    guidance_scale: float = 3.0


@dataclass(frozen=True)
class VideoResult:
    """Generated media as plain arrays.

    ``frames``: uint8 ``(F, H, W, 3)`` RGB. ``audio``: float32 ``(channels, samples)`` in [-1, 1] at
    ``audio_sample_rate`` Hz, or ``None`` if the pipeline made none. ``fps``: playback rate for ``frames``.
    """

    frames: np.ndarray
    audio: np.ndarray | None
    audio_sample_rate: int
    fps: float


def _validate(pipe: LTX2Pipeline, request: TextToVideoRequest, pipeline_kwargs: Mapping[str, Any]) -> None:
    if request.width <= 0 or request.height <= 0 or request.width % 32 or request.height % 32:
        raise ValueError(f"width and height must be positive multiples of 32, got {request.width}x{request.height}")
    ratio = int(pipe.vae_temporal_compression_ratio)
    if request.num_frames < 1 or (request.num_frames - 1) % ratio:
        raise ValueError(f"num_frames must be 1 + a multiple of {ratio} for this model, got {request.num_frames}")
    if request.num_inference_steps < 1:
        raise ValueError("num_inference_steps must be at least 1")
    if not request.fps > 0:
        raise ValueError("fps must be positive")
    clash = _RESERVED_KWARGS.intersection(pipeline_kwargs)
    if clash:
        raise ValueError(f"pipeline_kwargs may not set {sorted(clash)}")


def _max_sequence_length(pipe: LTX2Pipeline) -> int:
    tokenizer = getattr(pipe, "tokenizer", None)
    limit = getattr(tokenizer, "model_max_length", None)
    if isinstance(limit, int) and limit > 0:
        return min(_DEFAULT_MAX_SEQUENCE_LENGTH, limit)
    return _DEFAULT_MAX_SEQUENCE_LENGTH


def frames_to_uint8(video: np.ndarray) -> np.ndarray:
    """Float frames in [0, 1] -> uint8, rounding exactly as diffusers' own ``numpy_to_pil`` does."""
    return (video * 255).round().astype(np.uint8)


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
    _validate(pipe, request, pipeline_kwargs)
    device = pipe._execution_device

    def step_end(_pipe: Any, index: int, _timestep: Any, tensors: dict[str, Any]) -> dict[str, Any]:
        step, total = index + 1, int(_pipe.num_timesteps)
        if on_step is not None:
            on_step(step, total)  # may raise: that aborts the generation here
        if step == total and on_stage is not None:
            on_stage("decoding")
        return tensors

    hook = None
    if on_stage is not None:
        announced = False

        def announce_denoising(_module: torch.nn.Module, _args: Any) -> None:
            nonlocal announced
            if not announced:  # only the first transformer call marks the stage change
                announced = True
                on_stage("denoising")

        on_stage("text_encoding")
        hook = pipe.transformer.register_forward_pre_hook(announce_denoising)

    try:
        video, audio = pipe(
            prompt=request.prompt,
            negative_prompt=request.negative_prompt,
            width=request.width,
            height=request.height,
            num_frames=request.num_frames,
            frame_rate=float(request.fps),
            num_inference_steps=request.num_inference_steps,
            guidance_scale=request.guidance_scale,
            generator=torch.Generator(device).manual_seed(request.seed),
            output_type="np",
            return_dict=False,
            callback_on_step_end=step_end,
            **{"max_sequence_length": _max_sequence_length(pipe), **pipeline_kwargs},
        )
    finally:
        if hook is not None:
            hook.remove()

    frames = frames_to_uint8(np.asarray(video)[0])
    audio_array: np.ndarray | None = None
    if audio is not None:
        audio_array = audio[0].detach().to(device="cpu", dtype=torch.float32).numpy()
    sample_rate = int(pipe.vocoder.config.output_sampling_rate)
    return VideoResult(frames=frames, audio=audio_array, audio_sample_rate=sample_rate, fps=float(request.fps))
