"""``POST /projects/{id}/render``: check the request against the timeline and the FFmpeg build, queue the job."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timezone

from sqlalchemy import func, select as core_select
from sqlmodel import Session, col, select

from backend.api.schemas.render import RenderRequest
from backend.db.tables import Clip, Job
from backend.events.bus import EventBus
from backend.events.studio import publish_job
from backend.render.formats import FORMATS, unavailable_reason
from backend.services.errors import InvalidInput
from backend.services.lookup import get_project
from backend.storage.paths import ProjectStorage

RENDER_FOLDER = "generated/renders"


def default_name(project_name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "_", project_name).strip("_")[:60] or "render"
    return f"{slug}_{datetime.now(timezone.utc):%Y%m%d-%H%M%S}"


def timeline_end(session: Session, project_id: str) -> int:
    table = Clip.__table__  # type: ignore[attr-defined]
    end = session.execute(core_select(func.max(table.c.start_frame + table.c.duration))
                          .where(table.c.project_id == project_id)).scalar()
    return int(end or 0)


def submit_render(session: Session, bus: EventBus, project_id: str, body: RenderRequest,
                  wake_worker: Callable[[], None]) -> Job:
    project = get_project(session, project_id)
    end = timeline_end(session, project_id)
    if end == 0:
        raise InvalidInput("the timeline is empty: add a clip before rendering")
    in_frame, out_frame = (body.range.in_frame, body.range.out_frame) if body.range else (0, end)
    if out_frame > end:
        raise InvalidInput(f"the range [{in_frame}, {out_frame}) goes past the end of the timeline (frame {end}): "
                           f"make out_frame at most {end}", frames=[in_frame, out_frame])
    reason = unavailable_reason(body.format, project.width, project.height)
    if reason:
        raise InvalidInput(reason)
    name = body.name.strip() if body.name else default_name(project.name)
    relative = f"{RENDER_FOLDER}/{name}.{FORMATS[body.format].ext}"
    job = Job(project_id=project_id, kind="render",
              request={"in_frame": in_frame, "out_frame": out_frame, "format": body.format, "name": name,
                       "path": relative})
    session.add(job)
    session.commit()
    publish_job(bus, "job.queued", job)
    wake_worker()
    return job


def list_renders(session: Session, storage: ProjectStorage, project_id: str, limit: int = 100) -> list[dict]:
    """Completed renders whose file is still there, newest first (each a completed job's result + its job_id)."""
    get_project(session, project_id)
    jobs = session.exec(select(Job).where(Job.project_id == project_id, Job.kind == "render",
                                          Job.status == "completed").order_by(col(Job.finished_at).desc())
                        .limit(limit)).all()
    found = []
    for job in jobs:
        relative = job.request.get("path")
        if job.result and relative and storage.absolute(project_id, relative).is_file():
            found.append({**job.result, "job_id": job.id, "finished_at": job.finished_at})
    return found
