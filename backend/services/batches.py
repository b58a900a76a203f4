"""Batches: queue a scene's or the whole project's shots at once, read their state, pause, resume and cancel them.

A pause or a cancel is a row (``Batch.state``), so it holds across a restart: the worker's claim passes over the
pending jobs of a paused or cancelled batch (``job_queue.claimable``). What a batch shows — running, completed … —
is derived from its jobs each time it is read, so it can never disagree with them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import structlog
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from backend.db.engine import session_scope
from backend.db.tables import Batch, Job, Shot, utcnow
from backend.errors import Conflict, InvalidInput, NotFound
from backend.events.bus import EventBus
from backend.events.studio import publish_batch
from backend.models.loras.library import LoraLibrary
from backend.schemas.batches import BatchRead, BatchShot, BatchStatus, GenerateAllRequest, ShotState
from backend.schemas.views import shot_label
from backend.services import generation, job_timings
from backend.services.batch_plan import plan
from backend.services.concept_frames import FRAME_KIND
from backend.services.job_queue import TERMINAL

log = structlog.get_logger(__name__)

MAX_LISTED = 50


def create(
    session: Session,
    bus: EventBus,
    project_id: str,
    body: GenerateAllRequest,
    wake_worker: Callable[[], None],
    loras: LoraLibrary | None = None,
) -> tuple[Batch, list[Job]]:
    planned = plan(session, project_id, body, loras)
    jobs = [job for entry in planned for job in entry.jobs]
    if not jobs:
        thing = {"frames": "a concept frame", "videos": "a video", "both": "a frame and a video"}[body.what]
        raise InvalidInput(
            f"nothing to generate: every shot already has {thing} or is being generated; send regenerate: true "
            "to make new takes"
        )
    batch = Batch(
        project_id=project_id,
        scope=body.scope,
        scene_id=body.scene_id,
        what=body.what,
        regenerate=body.regenerate,
        shot_ids=[entry.shot.id for entry in planned],
        skipped={entry.shot.id: entry.skipped for entry in planned if entry.skipped},
    )
    session.add(batch)
    session.flush()
    # The worker claims by creation time: distinct times keep the script order (ids break ties at random).
    start = utcnow()
    for n, job in enumerate(jobs):
        job.batch_id, job.created_at = batch.id, start + timedelta(microseconds=n)
        session.add(job)
    session.flush()
    # The shot shows its video job; a frame job does not own its shot (concept_frames), so a frames-only batch
    # leaves the shot's status as it is.
    owners = {entry.shot.id: _video_of(entry.jobs) for entry in planned}
    for entry in planned:
        if owners[entry.shot.id] is not None:
            generation.mark_queued(session, owners[entry.shot.id], entry.shot)
    session.commit()
    for entry in planned:
        for job in entry.jobs:
            generation.announce(bus, job, entry.shot if job is owners[entry.shot.id] else None)
    publish_batch(bus, view(session, batch))
    wake_worker()
    return batch, jobs


def _video_of(jobs: list[Job]) -> Job | None:
    return next((job for job in reversed(jobs) if job.kind != FRAME_KIND), None)


def get(session: Session, batch_id: str) -> Batch:
    batch = session.get(Batch, batch_id)
    if batch is None:
        raise NotFound(f"batch {batch_id!r} does not exist")
    return batch


def list_for_project(session: Session, project_id: str, limit: int = 10) -> list[BatchRead]:
    query = (
        select(Batch)
        .where(Batch.project_id == project_id)
        .order_by(col(Batch.created_at).desc())
        .limit(min(limit, MAX_LISTED))
    )
    return [view(session, batch) for batch in session.exec(query).all()]


def _jobs_of(session: Session, batch_id: str) -> list[Job]:
    query = select(Job).where(Job.batch_id == batch_id).order_by(col(Job.created_at), col(Job.id))
    # Fresh values: the worker writes these rows from its own sessions.
    return list(session.exec(query.execution_options(populate_existing=True)).all())


def _shot_state(jobs: list[Job], paused: bool) -> ShotState:
    statuses = {job.status for job in jobs}
    if "running" in statuses:
        return "running"
    if "pending" in statuses:
        return "held" if paused else "pending"
    for status in ("failed", "cancelled"):
        if status in statuses:
            return status  # type: ignore[return-value]
    return "completed"


def _status(batch: Batch, jobs: list[Job]) -> BatchStatus:
    if batch.state == "cancelled":
        return "cancelled"
    if any(job.status not in TERMINAL for job in jobs):
        return "paused" if batch.state == "paused" else "running"
    statuses = {job.status for job in jobs}
    return "failed" if "failed" in statuses else "cancelled" if "cancelled" in statuses else "completed"


def _progress(job: Job) -> float:
    return 1.0 if job.status in TERMINAL else job.progress


def _eta(session: Session, jobs: list[Job]) -> float | None:
    left = [job for job in jobs if job.status not in TERMINAL]
    estimator = job_timings.Estimator(session, {job.kind for job in left})
    total = 0.0
    for job in left:
        seconds = estimator.seconds(job)
        if seconds is None:
            return None  # one job of a kind never measured here: no honest total
        total += seconds * (1.0 - job.progress)
    return round(total, 1)


def view(session: Session, batch: Batch) -> BatchRead:
    jobs = _jobs_of(session, batch.id)
    by_shot: dict[str, list[Job]] = {}
    for job in jobs:
        by_shot.setdefault(job.shot_id or "", []).append(job)
    shots = {shot.id: shot for shot in session.exec(select(Shot).where(col(Shot.id).in_(batch.shot_ids))).all()}
    paused = batch.state == "paused"
    rows: list[BatchShot] = []
    for shot_id in batch.shot_ids:
        shot = shots.get(shot_id)
        if shot is None:
            continue  # deleted since: its jobs went with it
        mine = by_shot.get(shot_id, [])
        failed = next((job.error for job in mine if job.status == "failed"), None)
        rows.append(
            BatchShot(
                shot_id=shot_id,
                scene_id=shot.scene_id,
                label=shot_label(shot),
                state=_shot_state(mine, paused) if mine else "skipped",
                note=failed if mine else batch.skipped.get(shot_id, "skipped"),
                job_ids=[job.id for job in mine],
                progress=sum(_progress(job) for job in mine) / len(mine) if mine else 1.0,
            )
        )
    status = _status(batch, jobs)
    return BatchRead(
        id=batch.id,
        project_id=batch.project_id,
        scope=batch.scope,  # type: ignore[arg-type]
        scene_id=batch.scene_id,
        what=batch.what,  # type: ignore[arg-type]
        regenerate=batch.regenerate,
        status=status,
        shots=rows,
        jobs_total=len(jobs),
        jobs_done=sum(job.status in TERMINAL for job in jobs),
        progress=sum(_progress(job) for job in jobs) / len(jobs) if jobs else 1.0,
        eta_s=0.0 if status in ("completed", "failed", "cancelled") else _eta(session, jobs),
        created_at=batch.created_at,
    )


def _set_state(session: Session, bus: EventBus, batch: Batch, state: str) -> BatchRead:
    batch.state, batch.updated_at = state, utcnow()
    session.add(batch)
    session.commit()
    current = view(session, batch)
    publish_batch(bus, current)
    return current


def pause(session: Session, bus: EventBus, batch_id: str) -> BatchRead:
    """Hold the batch's waiting jobs; the one running finishes."""
    batch = get(session, batch_id)
    status = view(session, batch).status
    if status in ("completed", "failed", "cancelled"):
        raise Conflict(f"batch {batch_id!r} is {status}: nothing is left to pause")
    return _set_state(session, bus, batch, "paused")


def resume(session: Session, bus: EventBus, batch_id: str, wake_worker: Callable[[], None]) -> BatchRead:
    batch = get(session, batch_id)
    if batch.state == "cancelled":
        raise Conflict(f"batch {batch_id!r} was cancelled: generate again to queue its shots anew")
    current = _set_state(session, bus, batch, "running")
    wake_worker()
    return current


def cancel(session: Session, bus: EventBus, batch_id: str, signal_worker: Callable[[str], None]) -> BatchRead:
    """Cancel every job of the batch: the waiting ones at once, the running one at its next step."""
    batch = get(session, batch_id)
    # The state first: from this commit on the worker claims none of the batch's jobs, so none starts between
    # reading them and cancelling them.
    batch.state, batch.updated_at = "cancelled", utcnow()
    session.add(batch)
    session.commit()
    for job in _jobs_of(session, batch_id):
        if job.status not in TERMINAL:
            generation.cancel(session, bus, job.id, signal_worker)
    current = view(session, batch)
    publish_batch(bus, current)
    return current


def job_changed(engine: Engine, bus: EventBus, job: Job) -> None:
    """The worker started or finished ``job``: keep its time when it completed, and tell its batch's overview.
    Bookkeeping only: a failure here is logged and never fails the job."""
    try:
        with session_scope(engine) as session:
            job_timings.record(session, job)
            batch = session.get(Batch, job.batch_id) if job.batch_id else None
            current = view(session, batch) if batch is not None else None
        if current is not None:
            publish_batch(bus, current)
    except Exception:  # noqa: BLE001 - see the docstring
        log.exception("batch.bookkeeping_failed", job_id=job.id)
