"""Smart Continue": generate chunk N+1 of a long clip conditioned on chunk N's final latents.

Two routes, same request and same seed handling:

* ``route="latent"`` (the product path): the first ``overlap_latent_frames`` latent frames of the new chunk *are*
  the previous chunk's last latent frames, held fixed for the whole denoising. This uses the condition pipeline's
  own mechanism for a latent-index-0 condition at strength 1.0 (diffusers 0.42.1, ``pipeline_ltx2_condition.py``):
  the tokens are written into the first latent frames, their conditioning mask is 1 (so their per-token timestep
  ``t * (1 - mask)`` is 0 and the post-step blend ``x0 * (1 - mask) + clean * mask`` keeps them clean), and the
  initial noise blend leaves them untouched. The only difference: the tokens come straight from the kept latents,
  so the VAE encoder never runs and nothing goes through a decode/encode round trip.
* ``route="pixel"`` (the comparison baseline): the previous chunk is decoded exactly as the pipeline decodes its
  output, its last ``1 + (overlap - 1) * r`` pixel frames (``r``: VAE temporal compression) are passed as an
  ``LTX2VideoCondition`` at latent index 0, strength 1.0, and the pipeline VAE-encodes them. Those frames occupy the
  same ``overlap`` latent frames. A single frame (``overlap == 1``) is passed with ``crf=0`` so the baseline differs
  from the latent route only by the decode/encode round trip (no H.264 re-compression).

Latent space of :class:`ChunkLatents`: the pipeline's *denoising* space, i.e. what the transformer sees
(``(vae_latent - latents_mean) / latents_std`` per channel for video; packed-normalized then unpacked for audio),
captured from ``callback_on_step_end`` after the last scheduler step. These are bit-for-bit the tensors the
pipeline then denormalizes and decodes, so the returned frames are exactly the pipeline's own output for the call.
Use :func:`to_vae_latents` for the raw VAE space that ``output_type="latent"`` returns (upsampler, ``latents=``).

Audio is not conditioned across chunks (the condition pipeline has no audio conditioning); each chunk's audio
latents are returned so a later audio stitch can use them.

Runs go through a subclass of ``LTX2ConditionPipeline`` built from the base pipeline's components (the same module
objects, cached per pipeline like the other variants). Not thread-safe: one generation at a time per pipeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import diffusers
import numpy as np
import torch
from diffusers import LTX2ConditionPipeline, LTX2Pipeline
from diffusers.pipelines.ltx2 import LTX2VideoCondition

from backend.models.ltx2.common import (
    StageCallback,
    StepCallback,
    TextToVideoRequest,
    VideoResult,
    fit_frames,
    frames_to_uint8,
    run_video_pipeline,
    validate_request,
)
from backend.models.ltx2.variants import shared_variant

#: The diffusers release whose private hooks this module overrides or calls: ``apply_first_frame_conditioning``'s
#: signature, ``_pack_latents``, ``_denormalize_latents`` and ``_callback_tensor_inputs`` of ``LTX2ConditionPipeline``.
#: They are not public API and may change in any release, so another version is refused at import instead of
#: producing wrong latents quietly; move this pin together with ``requirements.lock`` after checking them.
PINNED_DIFFUSERS = "0.42.1"


def check_diffusers_version(installed: str) -> None:
    if installed != PINNED_DIFFUSERS:
        raise ImportError(
            f"backend.models.ltx2.handoff relies on private hooks of diffusers {PINNED_DIFFUSERS}, but diffusers "
            f"{installed} is installed: install the pinned version (requirements.lock)"
        )


check_diffusers_version(diffusers.__version__)

__all__ = [
    "PINNED_DIFFUSERS",
    "ChunkLatents",
    "ChunkOutput",
    "LatentHandoffPipeline",
    "generate_chunk",
    "handoff_variant",
    "overlap_pixel_frames",
    "to_vae_latents",
]


@dataclass(frozen=True, eq=False)
class ChunkLatents:
    """A chunk's final denoised latents, in the pipeline's denoising (normalized) space.

    ``video``: ``(B, C, F, H, W)`` float32. ``audio``: ``(B, C, L, M)`` float32, or ``None``.
    """

    video: torch.Tensor
    audio: torch.Tensor | None = None


@dataclass(frozen=True, eq=False)
class ChunkOutput:
    result: VideoResult
    latents: ChunkLatents


class LatentHandoffPipeline(LTX2ConditionPipeline):
    """``LTX2ConditionPipeline`` that can take pre-encoded first-frame latents, and exposes audio latents to callbacks.

    Set ``_handoff`` (normalized ``(1 or B, C, K, H, W)`` latents) for one call; :meth:`apply_first_frame_conditioning`
    then adds them as one more index-0, strength-1.0 condition, exactly where and how the pipeline places the
    VAE-encoded ones. With ``_handoff`` unset the class behaves as its parent.
    """

    _callback_tensor_inputs = [*LTX2ConditionPipeline._callback_tensor_inputs, "audio_latents"]
    _handoff: torch.Tensor | None = None

    def apply_first_frame_conditioning(
        self,
        latents: torch.Tensor,
        conditioning_mask: torch.Tensor,
        condition_latents: list[torch.Tensor],
        condition_strengths: list[float],
        condition_indices: list[int],
        latent_height: int,
        latent_width: int,
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        handoff = self._handoff
        if handoff is not None:
            packed = self._pack_latents(
                handoff.to(device=latents.device, dtype=latents.dtype),
                self.transformer_spatial_patch_size,
                self.transformer_temporal_patch_size,
            )
            # Ours goes first; a VAE-encoded index-0 condition (none in generate_chunk) would overwrite it.
            condition_latents = [packed, *condition_latents]
            condition_strengths = [1.0, *condition_strengths]
            condition_indices = [0, *condition_indices]
        return super().apply_first_frame_conditioning(
            latents,
            conditioning_mask,
            condition_latents,
            condition_strengths,
            condition_indices,
            latent_height,
            latent_width,
        )


def handoff_variant(pipe: LTX2Pipeline) -> LatentHandoffPipeline:
    """A :class:`LatentHandoffPipeline` sharing ``pipe``'s modules; cached per ``pipe``."""
    return shared_variant(pipe, LatentHandoffPipeline)


def overlap_pixel_frames(overlap_latent_frames: int, temporal_ratio: int) -> int:
    """Pixel frames held by the first ``overlap_latent_frames`` latent frames (causal VAE: ``1 + (K - 1) * r``)."""
    if overlap_latent_frames < 1:
        raise ValueError(f"overlap_latent_frames must be >= 1, got {overlap_latent_frames}")
    return 1 + (overlap_latent_frames - 1) * int(temporal_ratio)


def to_vae_latents(pipe: Any, video: torch.Tensor) -> torch.Tensor:
    """Denoising-space video latents -> raw VAE space (what ``output_type="latent"`` returns), as the pipeline does."""
    return LTX2ConditionPipeline._denormalize_latents(
        video, pipe.vae.latents_mean, pipe.vae.latents_std, pipe.vae.config.scaling_factor
    )


def decode_frames(pipe: LatentHandoffPipeline, video: torch.Tensor) -> np.ndarray:
    """Decode denoising-space latents to uint8 ``(F, H, W, 3)`` exactly as the pipeline's default decode does.

    The pipeline's defaults are ``decode_timestep=0.0`` and ``decode_noise_scale=None`` (= the timestep), so with
    timestep conditioning the latents are blended with zero noise (left unchanged) and the VAE gets timestep 0.
    """
    latents = to_vae_latents(pipe, video.to(torch.float32)).to(pipe.vae.dtype)
    timestep = None
    if pipe.vae.config.timestep_conditioning:
        timestep = torch.zeros(latents.shape[0], device=latents.device, dtype=latents.dtype)
    with torch.no_grad():
        decoded = pipe.vae.decode(latents, timestep, return_dict=False)[0]
    frames = pipe.video_processor.postprocess_video(decoded, output_type="np")
    return frames_to_uint8(np.asarray(frames)[0])


def _check_previous(
    pipe: LatentHandoffPipeline, request: TextToVideoRequest, previous: ChunkLatents, overlap: int
) -> None:
    video = previous.video
    if not isinstance(video, torch.Tensor) or video.ndim != 5:
        raise ValueError(f"previous.video must be a (B, C, F, H, W) tensor, got {getattr(video, 'shape', type(video))}")
    ratio = int(pipe.vae_temporal_compression_ratio)
    spatial = int(pipe.vae_spatial_compression_ratio)
    new_frames = (request.num_frames - 1) // ratio + 1
    expected = (int(pipe.transformer.config.in_channels), request.height // spatial, request.width // spatial)
    got = (video.shape[1], video.shape[3], video.shape[4])
    if got != expected:
        raise ValueError(f"previous latents have (C, H, W) = {got}, this request needs {expected}")
    if video.shape[0] != 1:
        raise ValueError(f"previous latents must have batch size 1, got {video.shape[0]}")
    if isinstance(overlap, bool) or not isinstance(overlap, int):
        raise ValueError(f"overlap_latent_frames must be an int, got {overlap!r}")
    if not 1 <= overlap <= video.shape[2]:
        raise ValueError(f"overlap_latent_frames must be within 1..{video.shape[2]} (previous chunk), got {overlap}")
    if overlap >= new_frames:
        raise ValueError(
            f"overlap_latent_frames ({overlap}) must leave at least one new latent frame ({new_frames} in this chunk)"
        )


def generate_chunk(
    pipe: LTX2Pipeline,
    request: TextToVideoRequest,
    previous: ChunkLatents | None,
    overlap_latent_frames: int,
    on_step: StepCallback | None = None,
    on_stage: StageCallback | None = None,
    *,
    route: Literal["latent", "pixel"] = "latent",
    pipeline_kwargs: Mapping[str, Any] | None = None,
    seed_frames: np.ndarray | None = None,
) -> ChunkOutput:
    """Generate one chunk; with ``previous``, its first ``overlap_latent_frames`` latent frames continue it.

    ``previous=None`` makes a first chunk (plain text->video through the condition pipeline; the overlap is
    ignored), unless ``seed_frames`` (uint8 ``(N, H, W, 3)``, e.g. the tail of an existing clip whose latents were
    not kept) are given: then their last ``overlap_pixel_frames(K, r)`` frames condition the chunk at index 0 through
    the pixel route. The returned frames are the pipeline's own decoded output for the whole chunk, overlap included (the
    caller drops the first ``overlap_pixel_frames(K, r)`` frames when stitching). ``on_step``/``on_stage`` behave as
    in ``text_to_video``; raising in ``on_step`` aborts before the next step. Everything is validated first.
    """
    if route not in ("latent", "pixel"):
        raise ValueError(f"route must be 'latent' or 'pixel', got {route!r}")
    pipeline_kwargs = dict(pipeline_kwargs or {})
    validate_request(pipe, request, pipeline_kwargs)
    variant = handoff_variant(pipe)
    ratio = int(pipe.vae_temporal_compression_ratio)

    handoff: torch.Tensor | None = None
    conditions: list[LTX2VideoCondition] | None = None
    if previous is not None:
        _check_previous(variant, request, previous, overlap_latent_frames)
        tail = previous.video[:, :, -overlap_latent_frames:]
        if route == "latent":
            handoff = tail.detach().to(torch.float32)
        else:
            count = overlap_pixel_frames(overlap_latent_frames, ratio)
            frames = decode_frames(variant, previous.video)[-count:]
            conditions = [LTX2VideoCondition(frames=frames, index=0, strength=1.0, crf=0)]

    elif seed_frames is not None:
        count = overlap_pixel_frames(overlap_latent_frames, ratio)
        if len(seed_frames) < count:
            raise ValueError(f"seed_frames has {len(seed_frames)} frames; the overlap needs {count}")
        tail_frames = fit_frames(np.asarray(seed_frames[-count:]), request.width, request.height)
        conditions = [LTX2VideoCondition(frames=tail_frames, index=0, strength=1.0, crf=0)]

    spatial = int(pipe.vae_spatial_compression_ratio)
    latent_shape = ((request.num_frames - 1) // ratio + 1, request.height // spatial, request.width // spatial)
    captured: dict[str, torch.Tensor] = {}

    def capture_final_latents(step_end: Any) -> Any:
        def on_step_end(p: Any, index: int, timestep: Any, tensors: dict[str, Any]) -> dict[str, Any]:
            if index == int(p.num_timesteps) - 1:
                captured["video"] = tensors["latents"].detach().clone()
                captured["audio"] = tensors["audio_latents"].detach().clone()
            return step_end(p, index, timestep, tensors)

        return on_step_end

    variant._handoff = handoff
    try:
        result = run_video_pipeline(
            variant,
            pipe,
            request,
            on_step,
            on_stage,
            pipeline_kwargs,
            step_end_hook=capture_final_latents,
            callback_tensor_inputs=("latents", "audio_latents"),
            conditions=conditions,
        )
    finally:
        variant._handoff = None

    frames_n, height, width = latent_shape
    packed = captured["video"][:, : frames_n * height * width]
    video_latents = variant._unpack_latents(
        packed, frames_n, height, width, variant.transformer_spatial_patch_size, variant.transformer_temporal_patch_size
    )
    packed_audio = captured["audio"]
    mel_bins = variant.audio_mel_bins // variant.audio_vae_mel_compression_ratio
    audio_latents = variant._unpack_audio_latents(packed_audio, packed_audio.shape[1], num_mel_bins=mel_bins)
    return ChunkOutput(result=result, latents=ChunkLatents(video=video_latents, audio=audio_latents))
