"""Video modes on LTX-2 — text-to-video, image-to-video, the conditioning timeline, each optionally to a given
sound (audio-to-video) — into the shot's new clip."""

from __future__ import annotations

from typing import Any

from backend.services.concept_frames import FOLLOWS_FRAME_JOB, start_from_made_frame
from backend.worker.context import JobContext
from backend.worker.handlers.control import derive, guided_frames, keep_guide
from backend.worker.handlers.loras import switch_to_refine, video_model
from backend.worker.handlers.outputs import asset_path, save_clip


def _base_fields(request: dict[str, Any]) -> dict[str, Any]:
    from backend.models.ltx2.text_to_video import TextToVideoRequest

    return {name: request[name] for name in TextToVideoRequest.__dataclass_fields__}


def _conditioning_inputs(ctx: JobContext) -> tuple[Any, ...]:
    from backend.media.images import load_rgb
    from backend.media.video_reader import read_video_frames
    from backend.models.ltx2.keyframes import ConditioningInput

    items = []
    for item in ctx.job.request["conditioning"]:
        path = asset_path(ctx, item["asset_id"])
        try:
            frames = load_rgb(path)[None]
        except OSError:  # not a still: a video clip
            frames = read_video_frames(path)
        items.append(ConditioningInput(frames=frames, pixel_frame=int(item["frame"]), strength=float(item["strength"])))
    return tuple(items)


def _to_sound(ctx: JobContext, pipeline: Any, fields: dict[str, Any], guidance: dict[str, Any]) -> Any:
    """Audio-to-video: the picture generated to the shot's sound, and the clip plays that very sound (the file's
    own samples at its own rate, cut or padded to the clip), not the model's re-synthesis of it."""
    from backend.media.audio import read_audio_at, resample
    from backend.models.ltx2.common import VideoResult
    from backend.models.ltx2.masked import kept_latents_variant
    from backend.models.ltx2.retake import AudioToVideoRequest, audio_to_video

    request = ctx.job.request
    rate = 48000  # what the clip plays: the file's sound, decoded once; the model hears it resampled to its own rate
    original = read_audio_at(asset_path(ctx, request["audio_asset_id"]), rate)
    if original is None:
        raise ValueError("the audio asset has no sound stream")
    heard = resample(original, rate, int(kept_latents_variant(pipeline).audio_sampling_rate))
    video = audio_to_video(
        pipeline,
        AudioToVideoRequest(**fields, audio=heard, items=_first_frames(ctx)),
        on_step=ctx.step,
        on_stage=ctx.stage,
        pipeline_kwargs=guidance,
    )
    length = round(video.frames.shape[0] / video.fps * rate)
    original = original[:, :length] if original.shape[1] >= length else _pad(original, length)
    return VideoResult(frames=video.frames, audio=original, audio_sample_rate=rate, fps=video.fps)


def _pad(audio: Any, length: int) -> Any:
    import numpy as np

    return np.pad(audio, ((0, 0), (0, length - audio.shape[1])))


def _first_frames(ctx: JobContext) -> tuple[Any, ...]:
    """What a guided shot starts from besides its guide: its first frame (i2v) or its keyframes."""
    from backend.media.images import load_rgb
    from backend.models.ltx2.keyframes import ConditioningInput

    if ctx.job.kind == "i2v":
        return (ConditioningInput(frames=load_rgb(asset_path(ctx, ctx.job.request["image_asset_id"])), pixel_frame=0),)
    if ctx.job.kind == "keyframes":
        return _conditioning_inputs(ctx)
    return ()


def _guided(ctx: JobContext, pipeline: Any, fields: dict[str, Any], guide: Any, guidance: dict[str, Any]) -> Any:
    from backend.models.ltx2.in_context import ControlledRequest, generate_with_control

    control = ctx.job.request["control"]
    return generate_with_control(
        pipeline,
        ControlledRequest(
            **fields,
            guide=guide,
            strength=float(control["strength"]),
            downscale=int(control["downscale"]),
            guided=guided_frames(ctx),
            items=_first_frames(ctx),
        ),
        on_step=ctx.step,
        on_stage=ctx.stage,
        pipeline_kwargs=guidance,
    )


def run_video(ctx: JobContext) -> dict[str, Any]:
    from backend.models.ltx2.guidance import guidance_kwargs

    if ctx.job.request.get(FOLLOWS_FRAME_JOB):
        # A batch's video queued before its shot's frame existed: it starts from the frame made since, or fails.
        ctx.job = start_from_made_frame(ctx.engine, ctx.job)
    request, mode = ctx.job.request, ctx.job.kind
    fields = _base_fields(request)
    guide, kept = None, {}
    if request.get("control"):
        guide = derive(ctx)  # before the video model: a depth or pose model may need the accelerator first
        kept = keep_guide(ctx, guide)
    ctx.stage("loading_model")
    with video_model(ctx) as pipeline:
        guidance = guidance_kwargs(pipeline, request)
        if guide is not None:
            video = _guided(ctx, pipeline, fields, guide, guidance)
        elif request.get("audio_asset_id"):
            video = _to_sound(ctx, pipeline, fields, guidance)
        elif mode == "t2v" and (request.get("upscale") or request.get("quality") == "standard"):
            from backend.models.ltx2.text_to_video import TextToVideoRequest
            from backend.models.ltx2.upscale import upscale_latents_then_refine

            with ctx.models.use("upscaler") as upsampler:
                video = upscale_latents_then_refine(
                    pipeline,
                    upsampler,
                    TextToVideoRequest(**fields),
                    on_step=ctx.step,
                    on_stage=ctx.stage,
                    pipeline_kwargs=guidance,
                    before_refine=lambda: switch_to_refine(pipeline, request.get("loras") or []),
                )
        elif mode == "t2v":
            from backend.models.ltx2.text_to_video import TextToVideoRequest, text_to_video

            video = text_to_video(
                pipeline, TextToVideoRequest(**fields), on_step=ctx.step, on_stage=ctx.stage, pipeline_kwargs=guidance
            )
        elif mode == "i2v":
            from backend.media.images import load_rgb
            from backend.models.ltx2.image_to_video import ImageToVideoRequest, image_to_video

            image = load_rgb(asset_path(ctx, request["image_asset_id"]))
            video = image_to_video(
                pipeline,
                ImageToVideoRequest(**fields, image=image),
                on_step=ctx.step,
                on_stage=ctx.stage,
                pipeline_kwargs=guidance,
            )
        elif mode == "keyframes":
            from backend.models.ltx2.keyframes import ConditionedRequest, generate_with_conditioning

            video = generate_with_conditioning(
                pipeline,
                ConditionedRequest(**fields, items=_conditioning_inputs(ctx)),
                on_step=ctx.step,
                on_stage=ctx.stage,
                pipeline_kwargs=guidance,
            )
        else:
            raise ValueError(f"not a video mode: {mode}")
    result = save_clip(ctx, video)
    if request.get("audio_asset_id"):
        result["audio_asset_id"] = request["audio_asset_id"]
    return {**result, **kept}
