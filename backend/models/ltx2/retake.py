"""Retake (regenerate a time range of a take) and audio-to-video (the picture made to a given sound) on LTX-2.

Both run through :class:`~backend.models.ltx2.masked.KeptLatentsPipeline` (see its docstring for the mechanism):

* :func:`retake`: the source clip (``num_frames`` frames, the output's length) goes in as an index-0 clip condition
  at strength 1, so the pipeline VAE-encodes it and holds every latent frame clean; the latent frames that hold the
  pixel range ``[start, end]`` are then re-opened (conditioning mask 0) and denoised with the kept frames on both
  sides as context. With ``regenerate_video=False`` nothing of the picture is re-opened. The source's audio is
  encoded to audio latents and kept whole (``regenerate_audio=False``) or re-opened over the range's time.
* :func:`audio_to_video`: the given sound is encoded to audio latents and kept whole for the entire call (timestep
  0, never stepped), so the picture is denoised listening to it; images or clips of the conditioning timeline (an
  i2v first frame, keyframes) are passed as usual.

A latent frame ``L >= 1`` holds ``r`` pixel frames (``r = 8`` for LTX-2), so the re-opened region is the range
rounded out to whole latent frames; the caller splices only ``[start, end]`` of the output into the source
(:func:`backend.media.splice.splice_range`), so frames outside the range are always the source's own.

Returned: the pipeline's output for the whole ``num_frames`` (frames and the vocoder's audio), like every mode.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from diffusers import LTX2Pipeline
from diffusers.pipelines.ltx2 import LTX2VideoCondition

from backend.models.ltx2.audio_latents import audio_latent_frames, encode_audio
from backend.models.ltx2.common import (
    StageCallback,
    StepCallback,
    TextToVideoRequest,
    VideoResult,
    fit_frames,
    run_video_pipeline,
    validate_request,
)
from backend.models.ltx2.keyframes import ConditioningInput, pixel_frame_to_latent_index, to_diffusers_conditions
from backend.models.ltx2.masked import FrozenAudioScheduler, KeptAudio, KeptLatentsPipeline, kept_latents_variant

__all__ = [
    "AudioToVideoRequest",
    "RetakeRequest",
    "audio_to_video",
    "regenerated_audio_frames",
    "regenerated_latent_frames",
    "retake",
]


@dataclass(frozen=True, eq=False)
class RetakeRequest(TextToVideoRequest):
    """Regenerate pixel frames ``start .. end`` (inclusive) of ``source_frames``.

    ``source_frames``: uint8 ``(num_frames, H, W, 3)``, the take being retaken (other sizes are fitted like every
    input). ``source_audio``: float32 ``(channels, samples)`` at the audio VAE's rate, or ``None`` (then the sound
    is generated freely and the caller keeps none of it outside the range).
    """

    source_frames: np.ndarray = field(kw_only=True)
    start: int = field(kw_only=True)
    end: int = field(kw_only=True)
    source_audio: np.ndarray | None = field(default=None, kw_only=True)
    regenerate_video: bool = field(default=True, kw_only=True)
    regenerate_audio: bool = field(default=True, kw_only=True)


@dataclass(frozen=True, eq=False)
class AudioToVideoRequest(TextToVideoRequest):
    """Generate ``num_frames`` to ``audio`` (float32 ``(channels, samples)`` at the audio VAE's rate), following
    ``items`` (the conditioning timeline: an i2v first frame is an image at frame 0)."""

    audio: np.ndarray = field(kw_only=True)
    items: tuple[ConditioningInput, ...] = field(default=(), kw_only=True)


def regenerated_latent_frames(start: int, end: int, num_frames: int, temporal_ratio: int) -> torch.Tensor:
    """Bool ``(latent frames,)``: True for the latent frames holding any pixel frame of ``start .. end``."""
    count = (num_frames - 1) // temporal_ratio + 1
    mask = torch.zeros(count, dtype=torch.bool)
    first = pixel_frame_to_latent_index(start, temporal_ratio)
    last = pixel_frame_to_latent_index(end, temporal_ratio)
    mask[first : last + 1] = True
    return mask


def regenerated_audio_frames(pipe: Any, start: int, end: int, num_frames: int, fps: float) -> torch.Tensor:
    """Bool ``(audio latent frames,)``: True for those overlapping the time of pixel frames ``start .. end``."""
    count = audio_latent_frames(pipe, num_frames / fps)
    per_second = count / (num_frames / fps)
    first = max(0, math.floor(start / fps * per_second))
    last = min(count, math.ceil((end + 1) / fps * per_second))
    mask = torch.zeros(count, dtype=torch.bool)
    mask[first:last] = True
    return mask


def _check_retake(request: RetakeRequest) -> np.ndarray:
    frames = np.asarray(request.source_frames)
    if frames.dtype != np.uint8 or frames.ndim != 4 or frames.shape[-1] != 3:
        raise ValueError(f"source_frames must be uint8 (F, H, W, 3), got {frames.dtype} {frames.shape}")
    if frames.shape[0] != request.num_frames:
        raise ValueError(f"source_frames has {frames.shape[0]} frames; the request is for {request.num_frames}")
    if not 0 <= request.start <= request.end < request.num_frames:
        raise ValueError(
            f"the range {request.start}..{request.end} must lie inside the clip (frames 0..{request.num_frames - 1})"
        )
    if not (request.regenerate_video or request.regenerate_audio):
        raise ValueError("regenerate the video, the audio or both: neither was asked")
    return frames


def _run(
    pipe: LTX2Pipeline,
    request: TextToVideoRequest,
    conditions: list[LTX2VideoCondition],
    regenerate: torch.Tensor | None,
    audio: KeptAudio | None,
    on_step: StepCallback | None,
    on_stage: StageCallback | None,
    pipeline_kwargs: Mapping[str, Any],
) -> VideoResult:
    variant: KeptLatentsPipeline = kept_latents_variant(pipe)
    frozen = audio is not None and audio.regenerate is None

    def reimpose(step_end: Any) -> Any:
        def on_step_end(p: Any, index: int, timestep: Any, tensors: dict[str, Any]) -> dict[str, Any]:
            variant.reimpose_kept_audio(tensors["audio_latents"])
            return step_end(p, index, timestep, tensors)

        return on_step_end

    variant._regenerate, variant._audio = regenerate, audio
    if frozen:
        object.__setattr__(variant, "audio_scheduler", FrozenAudioScheduler())  # not a config change: one call
    try:
        extra: dict[str, Any] = {}
        if audio is not None:
            extra["audio_latents"] = audio.latents  # the pipeline sizes the audio from it
        if audio is not None and audio.regenerate is not None:
            extra["step_end_hook"] = reimpose
            extra["callback_tensor_inputs"] = ("latents", "audio_latents")
        return run_video_pipeline(
            variant, pipe, request, on_step, on_stage, pipeline_kwargs, conditions=conditions or None, **extra
        )
    finally:
        variant.reset_kept()
        if frozen:
            object.__setattr__(variant, "audio_scheduler", None)


def retake(
    pipe: LTX2Pipeline,
    request: RetakeRequest,
    on_step: StepCallback | None = None,
    on_stage: StageCallback | None = None,
    *,
    pipeline_kwargs: Mapping[str, Any] | None = None,
) -> VideoResult:
    """Regenerate ``request.start .. request.end`` of the source (picture, sound or both); see the module docstring.

    Validated before the model runs: the source's shape and length, the range inside it, one of video/audio asked.
    """
    pipeline_kwargs = dict(pipeline_kwargs or {})
    validate_request(pipe, request, pipeline_kwargs)
    frames = fit_frames(_check_retake(request), request.width, request.height)
    ratio = int(pipe.vae_temporal_compression_ratio)
    latent = regenerated_latent_frames(request.start, request.end, request.num_frames, ratio)
    regenerate = latent if request.regenerate_video else torch.zeros_like(latent)
    source = [LTX2VideoCondition(frames=frames, index=0, strength=1.0)]
    audio: KeptAudio | None = None
    if request.source_audio is not None:
        seconds = request.num_frames / request.fps
        variant = kept_latents_variant(pipe)  # has the audio VAE's attributes the base pipeline lacks
        latents = encode_audio(variant, request.source_audio, int(variant.audio_sampling_rate), seconds)
        reopened = (
            regenerated_audio_frames(variant, request.start, request.end, request.num_frames, request.fps)
            if request.regenerate_audio
            else None
        )
        audio = KeptAudio(latents=latents, regenerate=reopened)
    return _run(pipe, request, source, regenerate, audio, on_step, on_stage, pipeline_kwargs)


def audio_to_video(
    pipe: LTX2Pipeline,
    request: AudioToVideoRequest,
    on_step: StepCallback | None = None,
    on_stage: StageCallback | None = None,
    *,
    pipeline_kwargs: Mapping[str, Any] | None = None,
) -> VideoResult:
    """Generate the picture to ``request.audio``, kept fixed for the whole call; returns frames and the vocoder's
    decode of those (unchanged) audio latents. The caller muxes the original sound instead of that re-synthesis."""
    pipeline_kwargs = dict(pipeline_kwargs or {})
    validate_request(pipe, request, pipeline_kwargs)
    ratio = int(pipe.vae_temporal_compression_ratio)
    conditions = to_diffusers_conditions(tuple(request.items), request.num_frames, request.width, request.height, ratio)
    seconds = request.num_frames / request.fps
    variant = kept_latents_variant(pipe)  # has the audio VAE's attributes the base pipeline lacks
    latents = encode_audio(variant, request.audio, int(variant.audio_sampling_rate), seconds)
    return _run(pipe, request, conditions, None, KeptAudio(latents=latents), on_step, on_stage, pipeline_kwargs)
