"""The GPU worker: one thread that runs GPU jobs one at a time, in the order they were queued.

The queue itself lives in the database (``backend.services.job_queue``), so pending jobs survive a restart; this thread only
waits to be woken (no polling delay between a request and its start) and turns each job's outcome into a terminal
status and events. Whatever a handler raises fails only that job; the thread carries on.
"""

from __future__ import annotations

import os
import socket
import threading
import time

import structlog
from sqlalchemy import Engine

from backend.config import Settings
from backend.db.tables import Job
from backend.events.bus import EventBus
from backend.models.manager import ModelManager
from backend.services.job_queue import claim_next
from backend.storage.paths import ProjectStorage
from backend.worker.context import JobContext
from backend.worker.execution import Handler, begin, finish, run_handler
from backend.worker.state import WorkerState

log = structlog.get_logger(__name__)


class GpuWorker:
    error: str | None = None  # the in-process worker has no start-up to fail (the Ray executor does)

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
        begin(self._engine, self._bus, job)
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
            outcome = run_handler(self._handlers, context, self._models, self._settings)
            finish(self._engine, self._bus, context.job, outcome)
        finally:
            with self._cancel_lock:
                self._cancel_flags.discard(job.id)
            self.current_job_id = None
            self._context = None
            structlog.contextvars.unbind_contextvars("job_id")

    # --- reporting -------------------------------------------------------------------------------------------

    def workers(self) -> list[WorkerState]:
        """The one in-process worker, as ``GET /health`` lists workers."""
        held = [s.role for s in self._models.status() if s.loaded]
        device = self._models.device_name()
        return [
            WorkerState(
                id="local",
                node=socket.gethostname(),
                gpu=device,
                models=held,
                job_id=self.current_job_id,
                pid=os.getpid(),
                state="busy" if self.current_job_id else ("ready" if self.alive else "stopped"),
            )
        ]
