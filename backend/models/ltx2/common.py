"""Helpers shared by the LTX-2 generation modes (image->video, conditioning timeline, two-stage upscale).

Every mode (text->video too) uses these, so they all validate, report progress and convert outputs the same way:

* ``on_step(step, total)`` after every denoising step (1-based); raising in it aborts the call before the next
  transformer forward, and propagates.
* ``on_stage(name)``: ``"text_encoding"`` before the call, ``"denoising"`` at the first transformer forward,
  ``"decoding"`` after the last step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from PIL import Image

__all__ = [
    "TextToVideoRequest",
    "VideoResult",
    "frames_to_uint8",
    "RESERVED_KWARGS",
    "StepCallback",
    "StageCallback",
    "fit_frames",
    "max_sequence_length",
    "progress_hooks",
    "run_video_pipeline",
    "to_video_result",
    "validate_request",
]


@dataclass(frozen=True)
class TextToVideoRequest:
    """What to generate. Sizes are in pixels; ``fps`` is the playback rate the model is conditioned on.

    ``width`` and ``height`` must be multiples of 32, and ``num_frames - 1`` a multiple of the VAE's temporal
    compression (8 for LTX-2 and its tiny test model: 9, 17, ..., 121 frames); other counts would silently come back
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


def frames_to_uint8(video: np.ndarray) -> np.ndarray:
    """Float frames in [0, 1] -> uint8, rounding exactly as diffusers' own ``numpy_to_pil`` does."""
    return (video * 255).round().astype(np.uint8)


StepCallback = Callable[[int, int], None]
StageCallback = Callable[[str], None]

#: The pipeline's own default ``max_sequence_length``; a tokenizer with a smaller ``model_max_length`` lowers it.
_DEFAULT_MAX_SEQUENCE_LENGTH = 1024

#: Arguments the adapters set themselves; ``pipeline_kwargs`` may not override them.
RESERVED_KWARGS = frozenset(
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
        "image",
        "conditions",
        "latents",
        "audio_latents",
    }
)


def validate_request(pipe: Any, request: TextToVideoRequest, pipeline_kwargs: Mapping[str, Any]) -> None:
    """The same checks ``text_to_video`` makes, raising ``ValueError`` before anything runs."""
    if request.width <= 0 or request.height <= 0 or request.width % 32 or request.height % 32:
        raise ValueError(f"width and height must be positive multiples of 32, got {request.width}x{request.height}")
    ratio = int(pipe.vae_temporal_compression_ratio)
    if request.num_frames < 1 or (request.num_frames - 1) % ratio:
        raise ValueError(f"num_frames must be 1 + a multiple of {ratio} for this model, got {request.num_frames}")
    if request.num_inference_steps < 1:
        raise ValueError("num_inference_steps must be at least 1")
    if not request.fps > 0:
        raise ValueError("fps must be positive")
    clash = RESERVED_KWARGS.intersection(pipeline_kwargs)
    if clash:
        raise ValueError(f"pipeline_kwargs may not set {sorted(clash)}")


def max_sequence_length(pipe: Any) -> int:
    limit = getattr(getattr(pipe, "tokenizer", None), "model_max_length", None)
    if isinstance(limit, int) and limit > 0:
        return min(_DEFAULT_MAX_SEQUENCE_LENGTH, limit)
    return _DEFAULT_MAX_SEQUENCE_LENGTH


def fit_frames(frames: np.ndarray, width: int, height: int) -> np.ndarray:
    """Center-crop uint8 ``(..., H, W, 3)`` frames to the ``width:height`` aspect, then resize to exactly that size.

    The policy for inputs whose size differs from the clip's: nothing is stretched and nothing is padded; the
    largest centered window with the target aspect is kept (cropping the long side equally on both ends, the odd
    pixel going to the end) and resized with Lanczos (anti-aliased when shrinking). Frames that already have the
    target size are returned unchanged (same array), so the pipeline sees exactly what the caller passed.
    """
    frames = np.asarray(frames)
    if frames.dtype != np.uint8 or frames.ndim not in (3, 4) or frames.shape[-1] != 3:
        raise ValueError(
            f"expected uint8 RGB frames of shape (H, W, 3) or (N, H, W, 3), got {frames.dtype} {frames.shape}"
        )
    src_h, src_w = frames.shape[-3], frames.shape[-2]
    if src_h < 1 or src_w < 1:
        raise ValueError(f"empty image of size {src_w}x{src_h}")
    if (src_h, src_w) == (height, width):
        return frames
    # Largest window with the target aspect: compare src_w/src_h with width/height in integers.
    if src_w * height > width * src_h:  # too wide: crop the sides
        crop_h, crop_w = src_h, max(1, round(src_h * width / height))
    else:  # too tall (or same aspect): crop top and bottom
        crop_h, crop_w = max(1, round(src_w * height / width)), src_w
    top, left = (src_h - crop_h) // 2, (src_w - crop_w) // 2

    def one(frame: np.ndarray) -> np.ndarray:
        window = frame[top : top + crop_h, left : left + crop_w]
        if window.shape[:2] == (height, width):
            return np.ascontiguousarray(window)
        return np.asarray(Image.fromarray(window).resize((width, height), Image.Resampling.LANCZOS))

    if frames.ndim == 3:
        return one(frames)
    return np.stack([one(frame) for frame in frames])


@contextmanager
def progress_hooks(
    pipe: Any,
    on_step: StepCallback | None,
    on_stage: StageCallback | None,
    *,
    step_offset: int = 0,
    total_steps: int | None = None,
    first_stage: str | None = "text_encoding",
    final_stage: str | None = "decoding",
    announce_denoising: bool = True,
) -> Iterator[Callable[..., dict[str, Any]]]:
    """Yield a ``callback_on_step_end`` for ``pipe`` and announce stages around the call made inside the block.

    ``step_offset``/``total_steps`` let a multi-call job (two-stage upscale) report one continuous step count.
    ``first_stage`` is announced on entry, ``"denoising"`` at the first transformer forward, and ``final_stage``
    after the step whose global number equals the total (``None`` skips either; ``announce_denoising=False`` skips
    the middle one, for a second call of the same job).
    """

    def step_end(_pipe: Any, index: int, _timestep: Any, tensors: dict[str, Any]) -> dict[str, Any]:
        total = int(total_steps) if total_steps is not None else int(_pipe.num_timesteps)
        step = step_offset + index + 1
        if on_step is not None:
            on_step(step, total)  # may raise: that aborts the generation here
        if step == total and on_stage is not None and final_stage is not None:
            on_stage(final_stage)
        return tensors

    hook = None
    if on_stage is not None:
        announced = not announce_denoising

        def on_first_forward(_module: torch.nn.Module, _args: Any) -> None:
            nonlocal announced
            if not announced:
                announced = True
                on_stage("denoising")

        if first_stage is not None:
            on_stage(first_stage)
        hook = pipe.transformer.register_forward_pre_hook(on_first_forward)
    try:
        yield step_end
    finally:
        if hook is not None:
            hook.remove()


def run_video_pipeline(
    call: Any,
    base: Any,
    request: TextToVideoRequest,
    on_step: StepCallback | None,
    on_stage: StageCallback | None,
    pipeline_kwargs: Mapping[str, Any],
    *,
    step_end_hook: Callable[[Callable[..., Any]], Callable[..., Any]] | None = None,
    callback_tensor_inputs: tuple[str, ...] | None = None,
    **mode_inputs: Any,
) -> VideoResult:
    """Call ``call`` (the base pipeline or a variant sharing its modules) for ``request`` with progress hooks.

    Every mode passes the request the same way; ``mode_inputs`` are what differs (``image=``, ``conditions=``).
    ``step_end_hook`` wraps the per-step callback (e.g. to capture the final latents, which then need the
    ``callback_tensor_inputs`` they read).
    """
    device = call._execution_device
    extra = {}
    if callback_tensor_inputs is not None:
        extra["callback_on_step_end_tensor_inputs"] = list(callback_tensor_inputs)
    with progress_hooks(call, on_step, on_stage) as step_end:
        video, audio = call(
            **mode_inputs,
            **extra,
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
            callback_on_step_end=step_end if step_end_hook is None else step_end_hook(step_end),
            **{"max_sequence_length": max_sequence_length(base), **pipeline_kwargs},
        )
    return to_video_result(base, video, audio, request.fps)


def to_video_result(pipe: Any, video: Any, audio: Any, fps: float) -> VideoResult:
    """Turn a pipeline's ``output_type="np"`` tuple into a :class:`VideoResult` (same conversion as t2v)."""
    frames = frames_to_uint8(np.asarray(video)[0])
    audio_array: np.ndarray | None = None
    if audio is not None:
        audio_array = audio[0].detach().to(device="cpu", dtype=torch.float32).numpy()
    sample_rate = int(pipe.vocoder.config.output_sampling_rate)
    return VideoResult(frames=frames, audio=audio_array, audio_sample_rate=sample_rate, fps=float(fps))
