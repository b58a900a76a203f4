"""Text-to-video (with audio) on LTX-2: model adapter → PyAV writer → the shot's new clip."""

from __future__ import annotations

import uuid
from typing import Any

from backend.db.engine import session_scope
from backend.db.tables import Shot, utcnow
from backend.events.studio import publish_shot
from backend.jobs.context import JobContext
from backend.storage.paths import media_url


def run_text_to_video(ctx: JobContext) -> dict[str, Any]:
    from backend.media.video_writer import write_mp4, write_thumbnail
    from backend.models.ltx2.text_to_video import TextToVideoRequest, text_to_video

    request = TextToVideoRequest(**{k: ctx.job.request[k] for k in TextToVideoRequest.__dataclass_fields__})
    ctx.stage("loading_model")
    pipeline = ctx.models.pipeline("video")
    video = text_to_video(pipeline, request, on_step=ctx.step, on_stage=ctx.stage)

    ctx.stage("encoding")
    project_id = ctx.job.project_id
    name = f"{ctx.job.shot_id or 'clip'}_{uuid.uuid4().hex[:8]}"
    video_rel, thumb_rel = f"generated/{name}.mp4", f"thumbnails/{name}.jpg"
    ctx.storage.ensure_project(project_id)
    write_mp4(ctx.storage.absolute(project_id, video_rel), video.frames, video.fps, video.audio,
              video.audio_sample_rate)
    write_thumbnail(ctx.storage.absolute(project_id, thumb_rel), video.frames[0])

    ctx.stage("saving")
    with session_scope(ctx.engine) as session:
        shot = session.get(Shot, ctx.job.shot_id) if ctx.job.shot_id else None
        if shot is not None and shot.last_job_id == ctx.job.id:
            shot.video_path, shot.thumbnail_path = video_rel, thumb_rel
            shot.updated_at = utcnow()
            session.add(shot)
    if shot is not None:
        publish_shot(ctx.bus, shot)
    return {
        "video_url": media_url(project_id, video_rel),
        "thumbnail_url": media_url(project_id, thumb_rel),
        "num_frames": int(video.frames.shape[0]),
        "fps": video.fps,
        "has_audio": video.audio is not None,
        "seed": request.seed,
        "test_model": ctx.models.is_test_model("video"),
    }
