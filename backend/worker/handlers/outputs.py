"""Write a job's media into the project and point its shot / the media bin at it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import numpy as np

from backend.db.engine import session_scope
from backend.db.tables import Asset, Element, Project, Shot, utcnow
from backend.events.studio import publish_shot, publish_timeline
from backend.schemas.views import element_view, source_frames
from backend.services.shots import record_take
from backend.services.timeline_follow import follow_take
from backend.storage.paths import media_url
from backend.worker.context import JobCancelled, JobContext


def _ensure_project_exists(ctx: JobContext) -> None:
    """Never recreate the folder of a project deleted while its job ran: stop instead."""
    with session_scope(ctx.engine) as session:
        if session.get(Project, ctx.job.project_id) is None:
            raise JobCancelled()
    ctx.storage.ensure_project(ctx.job.project_id)


def _base_name(ctx: JobContext) -> str:
    return f"{ctx.job.shot_id or ctx.job.kind}_{uuid.uuid4().hex[:8]}"


def asset_path(ctx: JobContext, asset_id: str) -> Path:
    """The file of a project asset named in the job's request (validated when the job was queued)."""
    with session_scope(ctx.engine) as session:
        asset = session.get(Asset, asset_id)
        if asset is None or asset.project_id != ctx.job.project_id:
            raise ValueError(f"asset {asset_id} was deleted after the job was queued")
        return ctx.storage.absolute(ctx.job.project_id, asset.path)


def job_loras(ctx: JobContext) -> list[dict[str, Any]]:
    """The LoRAs (and camera move) the job applied, as its result and its take record them."""
    return [dict(lora) for lora in ctx.job.request.get("loras") or []]


def preset_result(ctx: JobContext) -> dict[str, Any]:
    """What a video job's result says about how it was made: the quality preset, the steps it ran, the distilled
    weights it used (``lora``, ``checkpoint`` or none) and where the model's weights were (``memory_plan``)."""
    request = ctx.job.request
    if request.get("quality") is None:
        return {}
    return {
        "quality": request["quality"],
        "schedule_length": request.get("schedule_length"),
        "distilled": request.get("distilled"),
        "memory_plan": ctx.models.memory_plan("video") or "resident",
        **({"quality_note": request["quality_note"]} if request.get("quality_note") else {}),
    }


def _made(ctx: JobContext) -> dict[str, Any]:
    request = ctx.job.request
    made = {"seed": request.get("seed"), "prompt": request.get("written_prompt", request.get("prompt"))}
    return {**made, "quality": request["quality"]} if request.get("quality") else made


def _update_shot(ctx: JobContext, shot_id: str | None = None, **fields: Any) -> None:
    shot_id = shot_id or ctx.job.shot_id
    if shot_id is None:
        return
    followed: list[Any] = []
    project, before = None, None
    with session_scope(ctx.engine) as session:
        shot = session.get(Shot, shot_id)
        if shot is None or shot.last_job_id != ctx.job.id:
            return  # deleted, or a newer job owns it
        if shot.video_path and "take" not in fields:
            fields.pop("thumbnail_path", None)  # a still must not give a clip another clip's poster frame
        if "take" in fields:
            project = session.get(Project, shot.project_id)
            before = source_frames(shot, project.fps) if project else None
            record_take(shot, ctx.job.id, *fields.pop("take"), loras=job_loras(ctx), made=_made(ctx))
        for name, value in fields.items():
            setattr(shot, name, value)
        shot.updated_at = utcnow()
        session.add(shot)
        if project is not None and before is not None:
            # An extended/regenerated take shows on the timeline at its new length, not cut to the old one.
            followed = follow_take(session, project, shot, before)
    publish_shot(ctx.bus, shot)
    if followed:
        publish_timeline(ctx.bus, shot.project_id, followed)


def save_clip(ctx: JobContext, video: Any) -> dict[str, Any]:
    """MP4 (H.264 + AAC) into ``generated/``, a JPEG into ``thumbnails/``; the shot now plays it (a new take)."""
    return save_clip_file(ctx, video)


def save_clip_file(ctx: JobContext, video: Any, shot_id: str | None = None) -> dict[str, Any]:
    """As :func:`save_clip`, for ``shot_id`` (default: the job's shot)."""
    from backend.media.video_writer import write_mp4, write_thumbnail

    ctx.stage("encoding")
    project_id, name = ctx.job.project_id, _base_name(ctx)
    video_rel, thumb_rel = f"generated/{name}.mp4", f"thumbnails/{name}.jpg"
    _ensure_project_exists(ctx)
    write_mp4(
        ctx.storage.absolute(project_id, video_rel), video.frames, video.fps, video.audio, video.audio_sample_rate
    )
    write_thumbnail(ctx.storage.absolute(project_id, thumb_rel), video.frames[0])
    ctx.stage("saving")
    _update_shot(ctx, shot_id=shot_id, take=(video_rel, thumb_rel, int(video.frames.shape[0])))
    return {
        "video_url": media_url(project_id, video_rel),
        "thumbnail_url": media_url(project_id, thumb_rel),
        "num_frames": int(video.frames.shape[0]),
        "width": int(video.frames.shape[2]),
        "height": int(video.frames.shape[1]),
        "fps": video.fps,
        "has_audio": video.audio is not None,
        "seed": ctx.job.request["seed"],
        "test_model": ctx.models.is_test_model("video"),
        "loras": job_loras(ctx),  # what made it (the take records the same)
        **preset_result(ctx),
    }


def _attach_to_element(ctx: JobContext, element_id: str, asset_id: str) -> None:
    """A generated character sheet / location plate becomes one of the element's reference images."""
    with session_scope(ctx.engine) as session:
        element = session.get(Element, element_id)
        if element is None or element.project_id != ctx.job.project_id:
            return  # deleted while the job ran: the image stays in the media bin
        element.reference_asset_ids = [*element.reference_asset_ids, asset_id]
        element.version += 1  # a change the user sees: an open editor must not overwrite it silently
        element.updated_at = utcnow()
        session.add(element)
    ctx.bus.publish(
        "element.updated",
        {"element_id": element.id, "element": element_view(element).model_dump(mode="json")},
        ctx.job.project_id,
    )


def save_still(
    ctx: JobContext,
    image: np.ndarray,
    role: str,
    *,
    origin: str = "generated",
    source_shot_id: str | None = None,
    update_shot: bool = True,
) -> dict[str, Any]:
    """PNG into ``generated/images/`` + thumbnail, recorded as a generated asset (media bin) and on the shot (unless
    ``update_shot`` is false: a storyboard concept frame is a candidate of its shot, ``source_shot_id``)."""
    from backend.media.images import write_png
    from backend.media.video_writer import write_thumbnail

    ctx.stage("saving")
    project_id, name = ctx.job.project_id, _base_name(ctx)
    image_rel, thumb_rel = f"generated/images/{name}.png", f"thumbnails/{name}.jpg"
    _ensure_project_exists(ctx)
    write_png(ctx.storage.absolute(project_id, image_rel), image)
    write_thumbnail(ctx.storage.absolute(project_id, thumb_rel), image)
    path = ctx.storage.absolute(project_id, image_rel)
    with session_scope(ctx.engine) as session:
        asset = Asset(
            project_id=project_id,
            kind="image",
            path=image_rel,
            original_name=f"{ctx.job.kind}.png",
            mime_type="image/png",
            size_bytes=path.stat().st_size,
            width=int(image.shape[1]),
            height=int(image.shape[0]),
            origin=origin,
            job_id=ctx.job.id,
            source_shot_id=source_shot_id or ctx.job.request.get("source_shot_id"),
            source_frame=ctx.job.request.get("source_frame"),
        )
        session.add(asset)
        session.flush()
        asset_id = asset.id
    if update_shot:
        _update_shot(ctx, image_path=image_rel, thumbnail_path=thumb_rel)
    if ctx.job.request.get("element_id"):
        _attach_to_element(ctx, ctx.job.request["element_id"], asset_id)
    return {
        "image_url": media_url(project_id, image_rel),
        "thumbnail_url": media_url(project_id, thumb_rel),
        "asset_id": asset_id,
        "source_shot_id": source_shot_id or ctx.job.request.get("source_shot_id"),
        "source_frame": ctx.job.request.get("source_frame"),
        "width": int(image.shape[1]),
        "height": int(image.shape[0]),
        "seed": ctx.job.request["seed"],
        "test_model": ctx.models.is_test_model(role),
        "loras": job_loras(ctx),
    }
