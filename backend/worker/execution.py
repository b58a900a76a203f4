"""One job's run, shared by both executors: the handler called with its context and every way it can end turned into
an ``Outcome`` (where the job runs), and the bookkeeping before and after it — the shot's status, the job's events,
its batch's overview — (where the queue is: the API process)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy import Engine

from backend.config import Settings
from backend.db.engine import session_scope
from backend.db.tables import Job, Shot
from backend.disk_space import disk_full_message, full_folder, is_disk_full, job_bytes
from backend.events.bus import EventBus
from backend.events.studio import publish_job, publish_shot
from backend.models.manager import ModelManager, ModelUnavailable
from backend.services.batches import job_changed
from backend.services.job_queue import settle_shot_after, update_job
from backend.worker.context import JobCancelled, JobContext

log = structlog.get_logger(__name__)

Handler = Callable[[JobContext], dict[str, Any]]


@dataclass(frozen=True)
class Outcome:
    status: str  # completed | failed | cancelled
    error: str | None = None
    result: dict[str, Any] | None = None


def run_handler(
    handlers: Mapping[str, Handler], context: JobContext, models: ModelManager, settings: Settings
) -> Outcome:
    """Run the job's handler; whatever it raises ends only this job."""
    job = context.job
    try:
        handler = handlers.get(job.kind)
        if handler is None:
            raise ValueError(f"no handler for job kind {job.kind!r}")
        result = handler(context)
    except JobCancelled as cancelled:
        return Outcome("cancelled", "cancelled by the user", cancelled.result)
    except Exception as error:  # noqa: BLE001 - any failure fails this job only
        return Outcome("failed", describe_failure(error, job, models, settings))
    return Outcome("completed", result=result)


def describe_failure(error: Exception, job: Job, models: ModelManager, settings: Settings) -> str:
    """What the user reads for a failed job; a GPU fault also unloads the models so the next job starts clean."""
    from backend.models.device import is_accelerator_fault, is_out_of_memory

    if is_disk_full(error):
        log.error("job.disk_full", error=str(error))
        folder = full_folder(error, settings.projects_dir)
        return disk_full_message(folder, job_bytes(job.kind, job.request), f"this {job.kind} job")
    if is_out_of_memory(error):
        log.error("job.out_of_memory", error=str(error))
        models.reset_after_gpu_failure()
        return (
            "out of GPU memory: lower the resolution or frame count, or close other GPU programs. The models were "
            f"unloaded so the next job starts clean. ({error})"
        )
    if is_accelerator_fault(error):
        log.error("job.gpu_fault", error=str(error))
        models.reset_after_gpu_failure()
        return (
            "GPU error in this job; the models were unloaded so the next job starts clean. If the next job fails "
            f"the same way, restart the studio: some CUDA errors leave the GPU unusable for the process. ({error})"
        )
    if isinstance(error, ModelUnavailable):  # its message says what to do (a job that does not fit the card, too)
        log.warning("job.model_unavailable", error=str(error))
        return str(error)
    log.exception("job.failed")
    return f"{type(error).__name__}: {error}"


def begin(engine: Engine, bus: EventBus, job: Job, **extra: Any) -> None:
    """A claimed job starts: its shot shows it generating, every tab hears ``job.started``."""
    log.info("job.started", kind=job.kind, shot_id=job.shot_id, worker=job.worker_id)
    set_shot_status(engine, bus, job, "generating")
    publish_job(bus, "job.started", job, **extra)
    job_changed(engine, bus, job)


def finish(engine: Engine, bus: EventBus, job: Job, outcome: Outcome) -> Job | None:
    """Write the terminal status and tell everyone; ``None`` when the job's project was deleted while it ran.

    ``job`` carries the progress and stage last reported: a failed or cancelled job keeps the bar where it stopped.
    """
    status = outcome.status
    finished = update_job(
        engine,
        job.id,
        status=status,
        error=outcome.error,
        result=outcome.result,
        progress=1.0 if status == "completed" else job.progress,
        stage=None if status == "completed" else job.stage,
    )
    if finished is None:
        log.info("job.gone", reason="its project was deleted while it ran")
        return None
    set_shot_status(engine, bus, finished, status)
    publish_job(bus, f"job.{status}", finished)
    job_changed(engine, bus, finished)  # its time on this machine, its batch's overview
    log.info(f"job.{status}", error=outcome.error)
    return finished


def set_shot_status(engine: Engine, bus: EventBus, job: Job, job_status: str) -> None:
    if job.shot_id is None:
        return
    with session_scope(engine) as session:
        shot = session.get(Shot, job.shot_id)
        if shot is None or shot.last_job_id != job.id:
            return  # a newer job owns the shot now
        if job_status in ("generating", "queued"):  # started, or queued again after its worker was lost
            shot.status = job_status
        else:
            settle_shot_after(shot, job_status)
        session.add(shot)
    publish_shot(bus, shot)
