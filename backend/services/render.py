"""Renders: check a request against the timeline and the FFmpeg build and queue the job; the timeline as the
render engine (``backend.render``) takes it; the finished renders still on disk."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import func
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from backend.db.tables import Clip, Job, Project, Shot
from backend.errors import InvalidInput
from backend.events.bus import EventBus
from backend.events.studio import publish_job
from backend.render.formats import FORMATS, unavailable_reason
from backend.render.plan import RenderClip, RenderTrack
from backend.render.timeline import RenderTimeline
from backend.schemas.render import RenderRequest
from backend.schemas.views import source_kind
from backend.services.job_queue import MAX_PENDING_JOBS, ensure_room
from backend.services.lookup import get_project
from backend.services.timeline import load_placements, load_sources, project_tracks
from backend.storage.paths import ProjectStorage

RENDER_FOLDER = "generated/renders"


def default_name(project_name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "_", project_name).strip("_")[:60] or "render"
    return f"{slug}_{datetime.now(UTC):%Y%m%d-%H%M%S}"


def timeline_end(session: Session, project_id: str) -> int:
    table = Clip.__table__  # type: ignore[attr-defined]
    end = session.execute(
        core_select(func.max(table.c.start_frame + table.c.duration)).where(table.c.project_id == project_id)
    ).scalar()
    return int(end or 0)


def submit_render(
    session: Session,
    bus: EventBus,
    project_id: str,
    body: RenderRequest,
    wake_worker: Callable[[], None],
    max_pending: int = MAX_PENDING_JOBS,
) -> Job:
    project = get_project(session, project_id)
    end = timeline_end(session, project_id)
    if end == 0:
        raise InvalidInput("the timeline is empty: add a clip before rendering")
    in_frame, out_frame = (body.range.in_frame, body.range.out_frame) if body.range else (0, end)
    if out_frame > end:
        raise InvalidInput(
            f"the range [{in_frame}, {out_frame}) goes past the end of the timeline (frame {end}): "
            f"make out_frame at most {end}",
            frames=[in_frame, out_frame],
        )
    reason = unavailable_reason(body.format, project.width, project.height)
    if reason:
        raise InvalidInput(reason)
    name = body.name.strip() if body.name else default_name(project.name)
    relative = f"{RENDER_FOLDER}/{name}.{FORMATS[body.format].ext}"
    ensure_room(session, project_id, max_pending)
    job = Job(
        project_id=project_id,
        kind="render",
        request={"in_frame": in_frame, "out_frame": out_frame, "format": body.format, "name": name, "path": relative},
    )
    session.add(job)
    session.commit()
    publish_job(bus, "job.queued", job)
    wake_worker()
    return job


def list_renders(session: Session, storage: ProjectStorage, project_id: str, limit: int = 100) -> list[dict]:
    """Completed renders whose file is still there, newest first (each a completed job's result + its job_id)."""
    get_project(session, project_id)
    jobs = session.exec(
        select(Job)
        .where(Job.project_id == project_id, Job.kind == "render", Job.status == "completed")
        .order_by(col(Job.finished_at).desc())
        .limit(limit)
    ).all()
    found = []
    for job in jobs:
        relative = job.request.get("path")
        if job.result and relative and storage.absolute(project_id, relative).is_file():
            result = {**job.result, "job_id": job.id, "finished_at": job.finished_at}
            result.setdefault("video_url", result.get("url"))  # a render made before the key was video_url
            found.append(result)
    return found


def load_render_timeline(session: Session, storage: ProjectStorage, project: Project) -> RenderTimeline:
    tracks = [RenderTrack(t.id, t.kind, t.index, t.muted, t.solo) for t in project_tracks(session, project.id)]
    placements = list(load_placements(session, project.id).values())
    sources = load_sources(
        session,
        project.id,
        [p.shot_id for p in placements if p.shot_id],
        [p.asset_id for p in placements if p.asset_id],
    )
    clips, missing = [], []
    for p in placements:
        source = sources.get(p.source_id)
        if source is None:
            continue
        relative = source.video_path if isinstance(source, Shot) else source.path
        path = storage.absolute(project.id, relative) if relative else None
        if path is not None and not path.is_file():
            path = None
        if path is None:
            missing.append(p.id)
        kind = source_kind(source)
        has_audio = (
            path is not None
            and kind in ("shot", "video", "audio")
            and not (kind == "video" and getattr(source, "has_audio", None) is False)
        )
        clips.append(
            RenderClip(
                p.id,
                p.track_id,
                p.start_frame,
                p.source_in,
                p.duration,
                kind,
                path,
                has_audio,
                p.gain_db,
                p.fade_in,
                p.fade_out,
            )
        )
    return RenderTimeline(project.width, project.height, project.fps, tracks, clips, missing)
