"""A worker of the Ray executor: a Ray actor on one GPU (or a CPU slot) that runs one job at a time with its own
``ModelManager``, so the models it loaded stay resident between jobs.

The API process owns the queue and the event bus. A slot reads and writes the shared database and the shared data
folder like the in-process worker does, but its events travel back to the API through the job's Ray stream (a
streaming generator): the API numbers, stores and fans them out, so ``GET /events`` and ``Last-Event-ID`` replay work
exactly as with the local executor, with one writer of the event table.
"""

from __future__ import annotations

import os
import queue
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import structlog

from backend.config import Settings
from backend.db.engine import make_engine, session_scope
from backend.db.tables import Job
from backend.models.manager import ModelManager
from backend.storage.paths import ProjectStorage
from backend.worker.context import JobContext
from backend.worker.execution import Outcome, run_handler

log = structlog.get_logger(__name__)

DATA_ID_FILE = "cluster-id"  # in the data folder: proves a worker sees the API's folder, not a look-alike


class ForwardingBus:
    """The event bus as a job on a slot sees it: each event goes to the API through the job's stream."""

    def __init__(self, send: Callable[[tuple[Any, ...]], None]) -> None:
        self._send = send

    def publish(self, type_: str, data: dict[str, Any], project_id: str | None = None) -> None:
        self._send(("event", type_, data, project_id))


def node_settings(api_values: dict[str, Any]) -> Settings:
    """The API's settings, with whatever this machine sets itself (``MILIMO_*`` in the environment of its
    ``milimo worker``) taking precedence: a node may mount the shared data folder or keep its weights elsewhere."""
    own = Settings()
    return Settings(**{**api_values, **{name: getattr(own, name) for name in own.model_fields_set}})


class JobSlot:
    """One worker. Ray runs its methods in threads (``max_concurrency`` > 1) so ``cancel`` reaches a running job."""

    def __init__(self, slot_id: str, kind: str, api_settings: dict[str, Any], data_id: str) -> None:
        from backend.worker.handlers import HANDLERS

        self.slot_id, self.kind, self.handlers = slot_id, kind, HANDLERS
        self.settings = node_settings(api_settings)
        self.problem = self._check_data_folder(data_id)
        self.engine = make_engine(self.settings.database)
        self.storage = ProjectStorage(self.settings.projects_dir)
        self.models = ModelManager(self.settings)
        self.cancel_flags: set[str] = set()
        self.cancel_lock = threading.Lock()
        self.job_id: str | None = None

    def _check_data_folder(self, data_id: str) -> str | None:
        marker = self.settings.data_dir / DATA_ID_FILE
        try:
            seen = marker.read_text().strip()
        except OSError:
            seen = None
        if seen == data_id:
            return None
        return (
            f"the data folder {self.settings.data_dir} on {socket.gethostname()} is not the studio's shared data folder "
            f"({DATA_ID_FILE} {'differs' if seen else 'missing'}): mount the shared folder there or set MILIMO_DATA_DIR "
            "for `milimo worker` on that machine (docs/scale.md)"
        )

    def describe(self) -> dict[str, Any]:
        import ray

        context = ray.get_runtime_context()
        gpus = [str(g) for g in ray.get_gpu_ids()]
        if gpus:
            gpu = f"GPU {','.join(gpus)} {self.models.device_name() or ''}".strip()
        else:  # a slot of a custom resource (a CPU box, the tests): say which, and that there is no CUDA device
            custom = [r for r in context.get_assigned_resources() if r not in ("CPU", "memory") and ":" not in r]
            gpu = f"{custom[0]} slot (no GPU)" if custom and self.kind == "gpu" else None
        held = [s.role for s in self.models.status() if s.loaded]
        return {
            "node": context.get_node_id()[:12],
            "address": ray.util.get_node_ip_address(),
            "host": socket.gethostname(),
            "gpu": gpu,
            "pid": os.getpid(),
            "models": held,
            "problem": self.problem,
            "unloadable": self._unloadable(),
        }

    def _unloadable(self) -> dict[str, str]:
        return {s.role: s.error for s in self.models.status() if s.error and not s.loaded}

    def preload(self, role: str = "video") -> dict[str, Any]:
        """Load a model before the first job asks for it (MILIMO_PRELOAD_MODELS, as the in-process worker does);
        a load failure is what ``unloadable`` reports, not an error of this call."""
        try:
            self.models.pipeline(role)
        except Exception:  # noqa: BLE001 - reported through unloadable; the job that needs it fails with the reason
            log.exception("worker.model_preload_failed", role=role)
        return {"models": [s.role for s in self.models.status() if s.loaded], "unloadable": self._unloadable()}

    def cancel(self, job_id: str) -> None:
        with self.cancel_lock:
            self.cancel_flags.add(job_id)

    def forget_cancel(self, job_id: str) -> None:
        with self.cancel_lock:
            self.cancel_flags.discard(job_id)

    def run(self, job_id: str) -> Iterator[tuple[Any, ...]]:
        """Run a claimed job; yields its events as they happen, then ``("outcome", status, error, result, progress,
        stage, models, unloadable)``."""
        if self.problem is not None:
            yield ("outcome", "failed", f"worker {self.slot_id}: {self.problem}", None, 0.0, None, [], {})
            return
        with session_scope(self.engine) as session:
            job = session.get(Job, job_id)
        if job is None:
            yield ("outcome", "failed", "the job is gone (its project was deleted)", None, 0.0, None, [], {})
            return
        events: queue.Queue[tuple[Any, ...]] = queue.Queue()
        context = JobContext(
            job=job,
            settings=self.settings,
            engine=self.engine,
            bus=ForwardingBus(events.put),  # type: ignore[arg-type] - publish is all a job uses of the bus
            storage=self.storage,
            models=self.models,
            cancel_flags=self.cancel_flags,
            cancel_lock=self.cancel_lock,
        )

        def work() -> None:
            structlog.contextvars.bind_contextvars(job_id=job_id, worker=self.slot_id)
            try:
                outcome = run_handler(self.handlers, context, self.models, self.settings)
            except BaseException as error:  # noqa: BLE001 - the stream must always end with an outcome
                outcome = Outcome("failed", f"{type(error).__name__}: {error}")
            finally:
                self.forget_cancel(job_id)
                self.job_id = None
            held = [s.role for s in self.models.status() if s.loaded]
            job_now = context.job
            events.put(
                ("outcome", outcome.status, outcome.error, outcome.result, job_now.progress, job_now.stage, held,
                 self._unloadable())
            )  # fmt: skip

        self.job_id = job_id
        threading.Thread(target=work, name=f"job-{job_id}", daemon=True).start()
        while True:
            item = events.get()
            yield item
            if item[0] == "outcome":
                return
