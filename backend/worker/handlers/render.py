"""Render the timeline (a range of it) to ``generated/renders/<name>.<ext>`` with a thumbnail (backend/render/)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from backend.db.engine import session_scope
from backend.db.tables import Project
from backend.storage.paths import media_url
from backend.worker.context import JobCancelled, JobContext

PROGRESS_EVERY_S = 0.25  # events are persisted: a few per second, not one per frame


def _sweep_orphans(folder: Path) -> None:
    """Hidden temporaries left by a render a crash cut short (one worker: no other render is writing now)."""
    if folder.is_dir():
        for orphan in folder.glob(".*.tmp.*"):
            orphan.unlink(missing_ok=True)


def run_render(ctx: JobContext) -> dict[str, Any]:
    from backend.media.video_writer import write_thumbnail
    from backend.render.run import render_timeline
    from backend.services.render import load_render_timeline

    request, project_id = ctx.job.request, ctx.job.project_id
    in_frame, out_frame, fmt = int(request["in_frame"]), int(request["out_frame"]), request["format"]
    ctx.stage("rendering")
    with session_scope(ctx.engine) as session:
        project = session.get(Project, project_id)
        if project is None:
            raise JobCancelled()
        timeline = load_render_timeline(session, ctx.storage, project)
    ctx.storage.ensure_project(project_id)
    path = ctx.storage.absolute(project_id, request["path"])
    _sweep_orphans(path.parent)
    last = [0.0]

    def on_frame(done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - last[0] >= PROGRESS_EVERY_S:
            last[0] = now
            ctx.progress(done, total, frame=done, frames=total)
        else:
            ctx.check_cancelled()

    output = render_timeline(timeline, in_frame, out_frame, fmt, path, on_frame)
    ctx.cancellable = False  # the file is complete: keep it
    thumb_rel = f"thumbnails/renders/{request['name']}.jpg"
    write_thumbnail(ctx.storage.absolute(project_id, thumb_rel), output.poster)
    video_url = media_url(project_id, request["path"])
    return {
        "video_url": video_url,
        "url": video_url,  # deprecated alias of video_url, kept for one release
        "thumbnail_url": media_url(project_id, thumb_rel),
        "name": request["name"],
        "format": fmt,
        "frames": output.frames,
        "duration_s": round(output.frames / timeline.fps, 6),
        "width": timeline.width,
        "height": timeline.height,
        "fps": timeline.fps,
        "in_frame": in_frame,
        "out_frame": out_frame,
        "size_bytes": path.stat().st_size,
        "has_audio": output.has_audio,
        "missing_clips": timeline.missing,
        "test_model": ctx.models.is_test_model("video"),
    }
