"""Retake: regenerate frames ``start_frame .. end_frame`` of a shot's take (picture, sound or both) into a new take.

The take is decoded, a window of it (the whole take, or a stretch around the range of a long one:
:func:`backend.media.windows.retake_window`) is regenerated with everything outside the range kept as latents, and only
the range of the result is spliced into the take's own frames and samples. The shot's previous take stays in its
takes, so switching back to it (``PATCH take``) undoes the retake.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from backend.worker.context import JobContext
from backend.worker.handlers.loras import video_model
from backend.worker.handlers.outputs import save_clip


def _window(frames: np.ndarray, offset: int, length: int) -> np.ndarray:
    """``length`` frames from ``offset``, the last frame repeated where the take ends first."""
    part = frames[offset : offset + length]
    if part.shape[0] < length:
        part = np.concatenate([part, np.repeat(part[-1:], length - part.shape[0], axis=0)])
    return part


def run_retake(ctx: JobContext) -> dict[str, Any]:
    from backend.media.audio import resample
    from backend.media.splice import splice_range
    from backend.media.stitch import load_chunk
    from backend.media.windows import retake_window
    from backend.models.ltx2.guidance import guidance_kwargs
    from backend.models.ltx2.masked import kept_latents_variant
    from backend.models.ltx2.retake import RetakeRequest, retake

    request = ctx.job.request
    source = load_chunk(ctx.storage.absolute(ctx.job.project_id, request["source_video"]))
    start, end = int(request["start_frame"]), int(request["end_frame"])
    total = source.frames.shape[0]
    if end >= total:
        raise ValueError(f"the take has {total} frames; the range {start}..{end} does not fit it any more")
    ctx.stage("loading_model")
    with video_model(ctx) as pipeline:
        ratio = int(pipeline.vae_temporal_compression_ratio)
        offset, length = retake_window(total, start, end, ratio)
        frames = _window(source.frames, offset, length)
        heard = None
        if source.audio is not None and source.audio.shape[1]:
            model_rate = int(kept_latents_variant(pipeline).audio_sampling_rate)
            first = round(offset / source.fps * source.audio_sample_rate)
            heard = resample(source.audio[:, first:], source.audio_sample_rate, model_rate)
        fields = {
            "prompt": request["prompt"],
            "negative_prompt": request["negative_prompt"],
            "width": int(frames.shape[2]),
            "height": int(frames.shape[1]),
            "num_frames": length,
            "fps": float(source.fps),
            "seed": request["seed"],
            "num_inference_steps": request["num_inference_steps"],
            "guidance_scale": request["guidance_scale"],
        }
        generated = retake(
            pipeline,
            RetakeRequest(
                **fields,
                source_frames=frames,
                source_audio=heard,
                start=start - offset,
                end=end - offset,
                regenerate_video=bool(request["regenerate_video"]),
                regenerate_audio=bool(request["regenerate_audio"]),
            ),
            on_step=ctx.step,
            on_stage=ctx.stage,
            pipeline_kwargs=guidance_kwargs(pipeline, request),
        )
    spliced = splice_range(
        source,
        generated,
        start,
        end,
        offset=offset,
        video=bool(request["regenerate_video"]),
        audio=bool(request["regenerate_audio"]),
    )
    result = save_clip(ctx, spliced)
    result.update({"start_frame": start, "end_frame": end, "window": [offset, offset + length - 1]})
    return result
