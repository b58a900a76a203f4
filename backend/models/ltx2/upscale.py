"""Two-stage LTX-2 generation: half resolution, 2x latent upsample, short refine at full resolution.

This is the LTX-2 recipe for high resolutions (and what makes them affordable: most steps run on a quarter of the
tokens), composed from the pinned diffusers classes and the one loaded ``LTX2Pipeline``:

1. ``LTX2Pipeline`` at ``width/2 x height/2`` with ``output_type="latent"`` -> video latents ``(B, C, F, h, w)``
   and audio latents, both *denormalized* (raw VAE space).
2. ``LTX2LatentUpsamplePipeline(vae=pipe.vae, latent_upsampler=...)`` with ``output_type="latent"`` -> latents
   ``(B, C, F, 2h, 2w)``. The upsampler works on raw (denormalized) latents, which is what stage 1 returns.
3. ``LTX2Pipeline`` again at ``width x height`` with those latents (and stage 1's audio latents) re-noised to the
   first refine sigma (``noise_scale = sigmas[0]``) and denoised along a short sigma schedule
   (``STAGE_2_DISTILLED_SIGMA_VALUES`` = 0.909375, 0.725, 0.421875 by default), then decoded.

Stage 2 defaults to *no* guidance (CFG 1, STG 0, modality 1, rescale 0, for video and audio), the distilled refine
recipe; with the full (non-distilled) LTX-2 weights Lightricks refine with the distilled LoRA loaded, which is the
caller's business (``refine_kwargs`` overrides any of these). Stage 1 uses the request's guidance and the
pipeline's defaults exactly like ``text_to_video``.

Progress: ``on_step(step, total)`` counts both stages continuously (``total = num_inference_steps +
len(refine_sigmas)``); stages are ``text_encoding``, ``denoising``, ``upsampling``, ``refining``, ``decoding``.
Raising in ``on_step`` aborts at once, in either stage.

``request.width``/``height`` are the *final* size and must be multiples of 64 (stage 1 runs at half, which must be
a multiple of 32).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import torch
from diffusers import LTX2LatentUpsamplePipeline, LTX2Pipeline
from diffusers.pipelines.ltx2 import LTX2LatentUpsamplerModel

from backend.models.ltx2.common import (
    StageCallback,
    StepCallback,
    max_sequence_length,
    progress_hooks,
    to_video_result,
    validate_request,
)
from backend.models.ltx2.presets import NO_GUIDANCE, REFINE_SIGMAS, sigmas_as_given
from backend.models.ltx2.text_to_video import TextToVideoRequest, VideoResult

__all__ = [
    "PLAIN_REFINE_KWARGS",
    "REFINE_SIGMAS",
    "load_ltx2_latent_upsampler",
    "upscale_latents_then_refine",
]

#: Stage-2 guidance defaults: everything off (the distilled refine recipe).
PLAIN_REFINE_KWARGS: dict[str, Any] = dict(NO_GUIDANCE)

# Arguments the refine stage sets itself; ``refine_kwargs`` may not override them.
_REFINE_RESERVED = frozenset(
    {
        "prompt",
        "negative_prompt",
        "width",
        "height",
        "num_frames",
        "frame_rate",
        "num_inference_steps",
        "sigmas",
        "noise_scale",
        "generator",
        "latents",
        "audio_latents",
        "output_type",
        "return_dict",
        "callback_on_step_end",
        "callback_on_step_end_tensor_inputs",
    }
)


def load_ltx2_latent_upsampler(
    source: str | os.PathLike[str], device: str | torch.device, dtype: torch.dtype, *, subfolder: str | None = None
) -> LTX2LatentUpsamplerModel:
    """Load an ``LTX2LatentUpsamplerModel`` (a local folder, or a hub id with ``subfolder="latent_upsampler"``)."""
    if isinstance(source, os.PathLike) or os.path.isabs(str(source)) or str(source).startswith((".", "~")):
        path = Path(source).expanduser() / (subfolder or "")
        if not (path / "config.json").is_file():
            raise FileNotFoundError(f"no latent upsampler (config.json) in {path}")
        model = LTX2LatentUpsamplerModel.from_pretrained(str(path), dtype=dtype)
    else:
        kwargs = {"subfolder": subfolder} if subfolder else {}
        model = LTX2LatentUpsamplerModel.from_pretrained(str(source), dtype=dtype, **kwargs)
    return model.to(device).eval()


def _validate(
    pipe: LTX2Pipeline,
    upsampler: LTX2LatentUpsamplerModel,
    request: TextToVideoRequest,
    pipeline_kwargs: Mapping[str, Any],
    refine_kwargs: Mapping[str, Any],
    refine_sigmas: Sequence[float],
) -> None:
    validate_request(pipe, request, pipeline_kwargs)
    if request.width % 64 or request.height % 64:
        raise ValueError(
            "two-stage output size must be a multiple of 64 (stage 1 runs at half size), "
            f"got {request.width}x{request.height}"
        )
    config = upsampler.config
    if not config.spatial_upsample or config.temporal_upsample:
        raise ValueError("the latent upsampler must be a spatial-only one")
    scale = config.rational_spatial_scale if config.use_rational_resampler else 2.0
    if scale != 2.0:
        raise ValueError(f"the latent upsampler must upsample 2x, this one does {scale}x")
    if config.in_channels != pipe.transformer.config.in_channels:
        raise ValueError(
            f"latent upsampler has {config.in_channels} channels, "
            f"the video latents have {pipe.transformer.config.in_channels}"
        )
    if len(refine_sigmas) < 1 or any(not 0.0 < float(s) <= 1.0 for s in refine_sigmas):
        raise ValueError(f"refine_sigmas must be a non-empty list of values in (0, 1], got {list(refine_sigmas)}")
    if any(float(a) <= float(b) for a, b in zip(refine_sigmas, refine_sigmas[1:])):
        raise ValueError(f"refine_sigmas must be strictly decreasing, got {list(refine_sigmas)}")
    clash = _REFINE_RESERVED.intersection(refine_kwargs)
    if clash:
        raise ValueError(f"refine_kwargs may not set {sorted(clash)}")


def upscale_latents_then_refine(
    pipe: LTX2Pipeline,
    upsampler: LTX2LatentUpsamplerModel,
    request: TextToVideoRequest,
    on_step: StepCallback | None = None,
    on_stage: StageCallback | None = None,
    *,
    refine_sigmas: Sequence[float] = REFINE_SIGMAS,
    pipeline_kwargs: Mapping[str, Any] | None = None,
    refine_kwargs: Mapping[str, Any] | None = None,
    upsample_kwargs: Mapping[str, Any] | None = None,
    before_refine: Callable[[], None] | None = None,
) -> VideoResult:
    """Generate ``request`` at half size, upsample the latents 2x, refine at full size; see the module docstring.

    ``pipeline_kwargs``: extra stage-1 arguments (as for ``text_to_video``). ``refine_kwargs``: stage-2 arguments
    on top of :data:`PLAIN_REFINE_KWARGS`. ``upsample_kwargs``: ``adain_factor`` / ``tone_map_compression_ratio``
    for ``LTX2LatentUpsamplePipeline`` (both off by default). The same seed drives both stages (fresh generators).
    ``before_refine`` runs between the upsample and stage 2 (e.g. to switch the distilled LoRA on for the refine).

    The refine sigmas reach the scheduler as given (``presets.sigmas_as_given``), and so do stage 1's when
    ``pipeline_kwargs`` carries ``sigmas`` (a distilled checkpoint's stage 1 runs the draft schedule).
    """
    pipeline_kwargs = dict(pipeline_kwargs or {})
    refine_kwargs = {**PLAIN_REFINE_KWARGS, **(refine_kwargs or {})}
    upsample_kwargs = dict(upsample_kwargs or {})
    refine_sigmas = [float(s) for s in refine_sigmas]
    _validate(pipe, upsampler, request, pipeline_kwargs, refine_kwargs, refine_sigmas)
    unknown = set(upsample_kwargs) - {"adain_factor", "tone_map_compression_ratio"}
    if unknown:
        raise ValueError(
            f"upsample_kwargs may only set adain_factor and tone_map_compression_ratio, not {sorted(unknown)}"
        )

    device = pipe._execution_device
    half_w, half_h = request.width // 2, request.height // 2
    total = request.num_inference_steps + len(refine_sigmas)
    seq_len = max_sequence_length(pipe)
    common = {
        "prompt": request.prompt,
        "negative_prompt": request.negative_prompt,
        "num_frames": request.num_frames,
        "frame_rate": float(request.fps),
        "return_dict": False,
    }

    # Stage 1: half size, latents out.
    stage_1_schedule = sigmas_as_given(pipe) if "sigmas" in pipeline_kwargs else nullcontext()
    with stage_1_schedule, progress_hooks(pipe, on_step, on_stage, total_steps=total, final_stage=None) as step_end:
        video_latents, audio_latents = pipe(
            **common,
            width=half_w,
            height=half_h,
            num_inference_steps=request.num_inference_steps,
            guidance_scale=request.guidance_scale,
            generator=torch.Generator(device).manual_seed(request.seed),
            output_type="latent",
            callback_on_step_end=step_end,
            **{"max_sequence_length": seq_len, **pipeline_kwargs},
        )

    # Stage 1.5: 2x spatial latent upsample (shares the loaded VAE; the upsampler only needs it for pixel input).
    if on_stage is not None:
        on_stage("upsampling")
    upsample_pipe = LTX2LatentUpsamplePipeline(vae=pipe.vae, latent_upsampler=upsampler)
    upsample_pipe.set_progress_bar_config(disable=True)
    (upsampled,) = upsample_pipe(
        latents=video_latents,
        latents_normalized=False,
        height=half_h,
        width=half_w,
        num_frames=request.num_frames,
        output_type="latent",
        return_dict=False,
        **upsample_kwargs,
    )
    upsampled = upsampled.to(video_latents.dtype)

    # Stage 2: re-noise to the first refine sigma and denoise the short schedule at full size, then decode.
    if before_refine is not None:
        before_refine()
    with (
        sigmas_as_given(pipe),
        progress_hooks(
            pipe,
            on_step,
            on_stage,
            step_offset=request.num_inference_steps,
            total_steps=total,
            first_stage="refining",
            announce_denoising=False,
        ) as step_end,
    ):
        video, audio = pipe(
            **common,
            width=request.width,
            height=request.height,
            latents=upsampled,
            audio_latents=audio_latents,
            sigmas=refine_sigmas,
            noise_scale=refine_sigmas[0],
            num_inference_steps=len(refine_sigmas),
            generator=torch.Generator(device).manual_seed(request.seed),
            output_type="np",
            callback_on_step_end=step_end,
            **{"max_sequence_length": seq_len, **refine_kwargs},
        )
    return to_video_result(pipe, video, audio, request.fps)
