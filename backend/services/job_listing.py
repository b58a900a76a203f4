"""The studio's one queue, across projects: every job with its project's name and its shot's label, the running one
first, then the waiting ones in the order the worker will take them (and their place in the line), then the ended."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from backend.db.tables import Job, Project, Shot
from backend.schemas.queue import JobPage, QueueJob
from backend.schemas.views import shot_label
from backend.services.job_queue import claimable, held
from backend.services.lookup import get_project

MAX_PAGE = 500


def queue_page(
    session: Session, project_id: str | None, statuses: Sequence[str], limit: int = 100, offset: int = 0
) -> JobPage:
    conditions = []
    if project_id is not None:
        get_project(session, project_id)
        conditions.append(col(Job.project_id) == project_id)
    if statuses:
        conditions.append(col(Job.status).in_(list(statuses)))
    total = session.exec(select(func.count()).select_from(Job).where(*conditions)).one()
    active = col(Job.status).in_(("running", "pending"))
    rank = case((col(Job.status) == "running", 0), (col(Job.status) == "pending", 1), else_=2)
    query = (
        select(Job, Project.name)
        .join(Project, col(Project.id) == col(Job.project_id))
        .where(*conditions)
        # Waiting: oldest first (claim order); ended: newest first. The middle key is NULL for ended jobs.
        .order_by(rank, case((active, col(Job.created_at)), else_=None), col(Job.created_at).desc(), col(Job.id))
        .offset(offset)
        .limit(min(limit, MAX_PAGE))
    )
    rows = session.exec(query).all()
    ids = [job.id for job, _ in rows]
    held_ids = set(session.exec(select(Job.id).where(held(), col(Job.id).in_(ids))).all()) if ids else set()
    line = session.exec(select(Job.id).where(claimable()).order_by(col(Job.created_at), col(Job.id))).all()
    position = {job_id: n + 1 for n, job_id in enumerate(line)}
    shot_ids = {job.shot_id for job, _ in rows if job.shot_id}
    shots = {s.id: s for s in session.exec(select(Shot).where(col(Shot.id).in_(shot_ids))).all()} if shot_ids else {}
    items = [
        QueueJob(
            **job.model_dump(include=set(QueueJob.model_fields) - {"project_name", "shot_label", "held", "position"}),
            project_name=name,
            shot_label=shot_label(shots[job.shot_id]) if job.shot_id in shots else None,
            held=job.id in held_ids,
            position=position.get(job.id),
        )
        for job, name in rows
    ]
    return JobPage(items=items, total=total, limit=min(limit, MAX_PAGE), offset=offset)
