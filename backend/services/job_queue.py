"""The durable job queue: jobs are rows in the database, claimed by the in-process worker (oldest first) or by the Ray
executor's dispatcher (by model affinity); claims are safe with many claimers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, func, or_
from sqlmodel import Session, col, select

from backend.db.engine import session_scope
from backend.db.tables import Batch, Job, Shot, utcnow
from backend.errors import TooMany
from backend.services.extend_chains import interrupt_running_chains

TERMINAL = ("completed", "failed", "cancelled")
MAX_PENDING_JOBS = 50  # MILIMO_MAX_PENDING_JOBS: the routes pass the setting
INTERRUPTED = "interrupted: the server stopped while this job was running; generate again to retry"
WORKER_LOST = (
    "the worker running this job stopped (its process was killed or its machine was lost){retried}; generate again "
    "to retry"
)
INTERRUPTED_EXTEND = (
    "interrupted: the server stopped while this extension was running; extend again with the same settings to "
    "resume from the last finished chunk"
)


def ensure_room(session: Session, project_id: str, limit: int = MAX_PENDING_JOBS) -> None:
    """Refuse (429) one more job for a project that already has ``limit`` jobs waiting.

    Jobs of batches are not counted: a batch queues at most a job or two per shot and skips shots already queued,
    so it is bounded by the project itself, and "Generate all" must not fail on a script of more than 50 shots.
    """
    waiting = session.exec(
        select(func.count()).where(
            Job.project_id == project_id,  # type: ignore[arg-type]
            Job.status == "pending",  # type: ignore[arg-type]
            col(Job.batch_id).is_(None),
        )
    ).one()
    if waiting >= limit:
        raise TooMany(
            f"project {project_id!r} already has {waiting} jobs waiting (at most {limit}, MILIMO_MAX_PENDING_JOBS): "
            "wait for some to finish or cancel them, then queue this again"
        )


def held() -> ColumnElement[bool]:
    """Pending jobs of a paused batch: the worker passes them over until the batch resumes (the pause is a row,
    so it holds across a restart)."""
    paused = select(Batch.id).where(Batch.state == "paused")
    return and_(col(Job.status) == "pending", col(Job.batch_id).in_(paused))


def claimable() -> ColumnElement[bool]:
    """Pending jobs the worker may take: none of a paused batch, nor of a cancelled one (its jobs are being
    cancelled one by one; none may start meanwhile)."""
    stopped = select(Batch.id).where(col(Batch.state).in_(("paused", "cancelled")))
    return and_(col(Job.status) == "pending", or_(col(Job.batch_id).is_(None), col(Job.batch_id).not_in(stopped)))


def _start(session: Session, job: Job, worker_id: str) -> Job:
    """A claimed row: running on ``worker_id``, one more attempt."""
    job.status, job.started_at, job.stage = "running", utcnow(), "queued"
    job.worker_id = worker_id
    job.attempts += 1
    session.add(job)
    return job


def claim_next(engine: Engine, worker_id: str = "local") -> Job | None:
    """Mark the oldest claimable pending job running and return it; safe with many claimers (threads, processes).

    On PostgreSQL the row is read ``FOR UPDATE SKIP LOCKED``: a job another claimer's transaction holds is passed
    over rather than waited for, and once that claimer commits the job is no longer pending, so every job is taken by
    exactly one claimer and none blocks the others. SQLite has no row locks (SQLAlchemy leaves the clause out) and
    needs none: it runs one write transaction at a time, and one whose read predates another's commit may not write
    (SQLite refuses the stale transaction), so no job is taken twice there either.
    """
    with session_scope(engine) as session:
        job = session.exec(
            select(Job)
            .where(claimable())
            .order_by(col(Job.created_at), col(Job.id))
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        if job is None:
            return None
        return _start(session, job, worker_id)


def waiting_jobs(engine: Engine, limit: int = 200) -> list[Job]:
    """The claimable pending jobs, oldest first: a dispatcher with several workers picks from these by affinity."""
    with session_scope(engine) as session:
        query = select(Job).where(claimable()).order_by(col(Job.created_at), col(Job.id)).limit(limit)
        return list(session.exec(query).all())


def claim_job(engine: Engine, job_id: str, worker_id: str) -> Job | None:
    """Mark one pending job running on ``worker_id``; ``None`` when it is no longer claimable (cancelled meanwhile,
    its batch paused, or taken by another claimer: the row is locked ``SKIP LOCKED`` on PostgreSQL)."""
    with session_scope(engine) as session:
        query = select(Job).where(col(Job.id) == job_id, claimable()).with_for_update(skip_locked=True)
        job = session.exec(query).first()
        if job is None:
            return None
        return _start(session, job, worker_id)


def requeue(engine: Engine, job_id: str) -> Job | None:
    """Put a running job back in the queue, as if it had never started (its worker died before writing anything)."""
    with session_scope(engine) as session:
        job = session.get(Job, job_id)
        if job is None or job.status != "running":
            return None
        job.status, job.progress, job.stage, job.started_at, job.worker_id = "pending", 0.0, None, None, None
        session.add(job)
        return job


def update_job(engine: Engine, job_id: str, **fields: Any) -> Job | None:
    """Write fields of a job; ``None`` if the job is gone (its project was deleted while it ran)."""
    with session_scope(engine) as session:
        job = session.get(Job, job_id)
        if job is None:
            return None
        for name, value in fields.items():
            setattr(job, name, value)
        if fields.get("status") in TERMINAL:
            job.finished_at = utcnow()
        session.add(job)
        return job


def settle_shot_after(shot: Shot, job_status: str) -> None:
    """A shot's status after its job ends: a finished clip stays playable whatever happens to a later attempt."""
    if job_status == "completed":
        shot.status = "ready"
    elif job_status == "failed":
        shot.status = "failed"
    else:  # cancelled
        shot.status = "ready" if shot.video_path else "draft"


def recover_interrupted(engine: Engine) -> list[Job]:
    """On start: jobs a dead process left running are failed with a clear reason; their shots are settled.

    Failing (rather than re-queueing) is deliberate: a job that was running when the process died may be what killed
    it (out of memory, a driver fault), and re-running it automatically could crash-loop the studio.
    """
    with session_scope(engine) as session:
        interrupt_running_chains(session)
        stuck = session.exec(select(Job).where(Job.status == "running")).all()
        for job in stuck:
            job.status = "failed"
            job.error = INTERRUPTED_EXTEND if job.kind == "extend" else INTERRUPTED
            job.finished_at = utcnow()
            session.add(job)
            shot = session.get(Shot, job.shot_id) if job.shot_id else None
            if shot is not None and shot.last_job_id == job.id:
                settle_shot_after(shot, "failed")
                session.add(shot)
        return list(stuck)
