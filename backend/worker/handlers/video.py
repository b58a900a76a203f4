"""Video modes on LTX-2 — text-to-video, image-to-video, the conditioning timeline — into the shot's new clip."""

from __future__ import annotations

from typing import Any

from backend.worker.context import JobContext
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


def run_video(ctx: JobContext) -> dict[str, Any]:
    request, mode = ctx.job.request, ctx.job.kind
    fields = _base_fields(request)
    ctx.stage("loading_model")
    with ctx.models.use("video") as pipeline:
        if mode == "t2v" and request.get("upscale"):
            from backend.models.ltx2.text_to_video import TextToVideoRequest
            from backend.models.ltx2.upscale import upscale_latents_then_refine

            with ctx.models.use("upscaler") as upsampler:
                video = upscale_latents_then_refine(
                    pipeline, upsampler, TextToVideoRequest(**fields), on_step=ctx.step, on_stage=ctx.stage
                )
        elif mode == "t2v":
            from backend.models.ltx2.text_to_video import TextToVideoRequest, text_to_video

            video = text_to_video(pipeline, TextToVideoRequest(**fields), on_step=ctx.step, on_stage=ctx.stage)
        elif mode == "i2v":
            from backend.media.images import load_rgb
            from backend.models.ltx2.image_to_video import ImageToVideoRequest, image_to_video

            image = load_rgb(asset_path(ctx, request["image_asset_id"]))
            video = image_to_video(
                pipeline, ImageToVideoRequest(**fields, image=image), on_step=ctx.step, on_stage=ctx.stage
            )
        elif mode == "keyframes":
            from backend.models.ltx2.keyframes import ConditionedRequest, generate_with_conditioning

            video = generate_with_conditioning(
                pipeline,
                ConditionedRequest(**fields, items=_conditioning_inputs(ctx)),
                on_step=ctx.step,
                on_stage=ctx.stage,
            )
        else:
            raise ValueError(f"not a video mode: {mode}")
    return save_clip(ctx, video)
