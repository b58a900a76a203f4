"""The GPU worker: one thread that runs GPU jobs one at a time, in the order they were queued.

The queue itself lives in the database (``backend.services.job_queue``), so pending jobs survive a restart; this thread only
waits to be woken (no polling delay between a request and its start) and turns each job's outcome into a terminal
status and events. Whatever a handler raises fails only that job; the thread carries on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import structlog
from sqlalchemy import Engine

from backend.config import Settings
from backend.db.engine import session_scope
from backend.db.tables import Job, Shot
from backend.disk_space import disk_full_message, full_folder, is_disk_full, job_bytes
from backend.events.bus import EventBus
from backend.events.studio import publish_job, publish_shot
from backend.models.manager import ModelManager
from backend.services.batches import job_changed
from backend.services.job_queue import claim_next, settle_shot_after, update_job
from backend.storage.paths import ProjectStorage
from backend.worker.context import JobCancelled, JobContext

log = structlog.get_logger(__name__)

Handler = Callable[[JobContext], dict[str, Any]]


class GpuWorker:
    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        bus: EventBus,
        storage: ProjectStorage,
        models: ModelManager,
        handlers: dict[str, Handler],
    ) -> None:
        self._settings, self._engine, self._bus = settings, engine, bus
        self._storage, self._models, self._handlers = storage, models, handlers
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._cancel_flags: set[str] = set()
        self._cancel_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.current_job_id: str | None = None
        self._context: JobContext | None = None

    def live_progress(self, job_id: str) -> float | None:
        """The running job's progress as its last event said it, ahead of the (throttled) row: a page reloaded
        mid-job starts from here, never behind the bar it showed before."""
        context = self._context
        return context.reported if context is not None and context.job.id == job_id else None

    # --- control ---------------------------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="gpu-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        with self._cancel_lock:
            if self.current_job_id:
                self._cancel_flags.add(self.current_job_id)
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def wake(self) -> None:
        self._wake.set()

    def request_cancel(self, job_id: str) -> None:
        with self._cancel_lock:
            self._cancel_flags.add(job_id)

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- loop ------------------------------------------------------------------------------------------------

    def _run(self) -> None:
        self._prepare_models()
        while not self._stopping.is_set():
            try:
                job = claim_next(self._engine)
                if job is None:
                    self._wake.wait(timeout=5.0)
                    self._wake.clear()
                    continue
                self._run_job(job)
            except Exception:  # noqa: BLE001 - the worker must outlive any one job's bookkeeping failure
                log.exception("worker.loop_error")
                time.sleep(0.5)

    def _prepare_models(self) -> None:
        try:
            self._models.ensure_test_models()
            if self._settings.preload_models:
                self._models.pipeline("video")
        except Exception:  # reported by /health and /models; the job that needs the model fails with the reason
            log.exception("worker.model_preload_failed")

    def _run_job(self, job: Job) -> None:
        self.current_job_id = job.id
        structlog.contextvars.bind_contextvars(job_id=job.id)
        log.info("job.started", kind=job.kind, shot_id=job.shot_id)
        self._set_shot_status(job, "generating")
        publish_job(self._bus, "job.started", job)
        job_changed(self._engine, self._bus, job)
        context = JobContext(
            job=job,
            settings=self._settings,
            engine=self._engine,
            bus=self._bus,
            storage=self._storage,
            models=self._models,
            cancel_flags=self._cancel_flags,
            cancel_lock=self._cancel_lock,
        )
        self._context = context
        try:
            handler = self._handlers.get(job.kind)
            if handler is None:
                raise ValueError(f"no handler for job kind {job.kind!r}")
            result = handler(context)
        except JobCancelled as cancelled:
            self._finish(job, "cancelled", error="cancelled by the user", result=cancelled.result)
        except Exception as error:  # noqa: BLE001 - any failure fails this job only
            self._finish(job, "failed", error=self._describe_failure(error, job))
        else:
            self._finish(job, "completed", result=result)
        finally:
            with self._cancel_lock:
                self._cancel_flags.discard(job.id)
            self.current_job_id = None
            self._context = None
            structlog.contextvars.unbind_contextvars("job_id")

    def _describe_failure(self, error: Exception, job: Job) -> str:
        from backend.models.device import is_accelerator_fault, is_out_of_memory

        if is_disk_full(error):
            log.error("job.disk_full", error=str(error))
            folder = full_folder(error, self._settings.projects_dir)
            return disk_full_message(folder, job_bytes(job.kind, job.request), f"this {job.kind} job")

        if is_out_of_memory(error):
            log.error("job.out_of_memory", error=str(error))
            self._models.reset_after_gpu_failure()
            return (
                "out of GPU memory: lower the resolution or frame count, or close other GPU programs. The models were "
                f"unloaded so the next job starts clean. ({error})"
            )
        if is_accelerator_fault(error):
            log.error("job.gpu_fault", error=str(error))
            self._models.reset_after_gpu_failure()
            return (
                "GPU error in this job; the models were unloaded so the next job starts clean. If the next job fails "
                f"the same way, restart the studio: some CUDA errors leave the GPU unusable for the process. ({error})"
            )
        log.exception("job.failed")
        return f"{type(error).__name__}: {error}"

    def _finish(self, job: Job, status: str, error: str | None = None, result: dict[str, Any] | None = None) -> None:
        progress = 1.0 if status == "completed" else job.progress
        finished = update_job(
            self._engine,
            job.id,
            status=status,
            error=error,
            result=result,
            progress=progress,
            stage=None if status == "completed" else job.stage,
        )
        if finished is None:
            log.info("job.gone", reason="its project was deleted while it ran")
            return
        self._set_shot_status(finished, status)
        publish_job(self._bus, f"job.{status}", finished)
        job_changed(self._engine, self._bus, finished)  # its time on this machine, its batch's overview
        log.info(f"job.{status}", error=error)

    def _set_shot_status(self, job: Job, job_status: str) -> None:
        if job.shot_id is None:
            return
        with session_scope(self._engine) as session:
            shot = session.get(Shot, job.shot_id)
            if shot is None or shot.last_job_id != job.id:
                return  # a newer job owns the shot now
            if job_status == "generating":
                shot.status = "generating"
            else:
                settle_shot_after(shot, job_status)
            session.add(shot)
        publish_shot(self._bus, shot)
