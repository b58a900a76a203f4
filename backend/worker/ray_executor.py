"""The Ray executor (``MILIMO_EXECUTOR=ray``): jobs run on Ray actors, one per GPU, plus CPU workers for the jobs that
need no GPU, so a render never waits behind a generation.

Dispatch is ours, scheduling and process supervision are Ray's: the API process stays the only claimer of the queue
(the database), and hands each claimed job to an idle worker of the right kind, preferring one that already holds the
job's model; Ray places the actors on the cluster's GPUs (``num_gpus=1`` or a custom resource), restarts one whose
process died, and carries each job's events back over a streaming generator. The rule when a worker dies mid-job:
the job is queued again once if it had written nothing yet (it had not reached the encoding stage, and it is not a
Smart Continue chain, which commits chunks as it goes); otherwise, or the second time, it fails saying the worker
stopped. See docs/scale.md.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import structlog
from sqlalchemy import Engine

from backend.config import Settings
from backend.db.engine import session_scope
from backend.db.tables import Job
from backend.events.bus import EventBus
from backend.events.studio import publish_job
from backend.models.manager import ModelManager
from backend.services.job_queue import WORKER_LOST, claim_job, requeue, update_job, waiting_jobs
from backend.storage.paths import ProjectStorage
from backend.worker.execution import Outcome, begin, finish, set_shot_status
from backend.worker.ray_slot import DATA_ID_FILE, JobSlot
from backend.worker.state import WorkerState

log = structlog.get_logger(__name__)

CPU_KINDS = frozenset({"render", "track"})  # no model of ours: a render encodes, tracking asks the SAM service
KIND_ROLE = {
    "t2v": "video",
    "i2v": "video",
    "keyframes": "video",
    "extend": "video",
    "retake": "video",
    "t2i": "image",
    "edit": "image",
    "frame": "image",
    "inpaint": "inpaint",
}
WROTE_OUTPUT = frozenset({"encoding", "saving"})  # stages from which a job may have written files or rows
REFRESH_S = 5.0  # how often the cluster is asked whether GPUs came or went (a `milimo worker` joined)


def queue_again_after_loss(kind: str, stages: tuple[str | None, ...], attempts: int) -> bool:
    """The rule for a job whose worker died: queued again only if it had written nothing — none of the stages it was
    last seen in (by the database, by its events) writes files or rows, and it is not a Smart Continue chain, which
    commits chunks as it goes — and it was started only once (a job that kills its worker must not do it forever)."""
    wrote = kind == "extend" or any(stage in WROTE_OUTPUT for stage in stages)
    return not wrote and attempts < 2


@dataclass
class _Slot:
    id: str
    kind: str  # gpu | cpu
    actor: Any
    state: str = "starting"  # starting | ready | busy | restarting | unusable
    node: str = "?"
    gpu: str | None = None
    pid: int | None = None
    models: list[str] = field(default_factory=list)
    unloadable: dict[str, str] = field(default_factory=dict)
    job_id: str | None = None
    error: str | None = None

    def takes(self, job: Job) -> bool:
        role = KIND_ROLE.get(job.kind)
        return self.state == "ready" and (role is None or role not in self.unloadable)


class RayExecutor:
    def __init__(
        self, settings: Settings, engine: Engine, bus: EventBus, storage: ProjectStorage, models: ModelManager
    ) -> None:
        self._settings, self._engine, self._bus, self._storage, self._models = settings, engine, bus, storage, models
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()  # slots and live progress
        self._slots: list[_Slot] = []
        self._live: dict[str, float] = {}
        self._relays: list[threading.Thread] = []  # one per running job: relays its events, settles it
        self._thread: threading.Thread | None = None
        self._data_id = ""
        self.error: str | None = None  # why the executor could not start (no Ray cluster at the address …)
        self.connected = False

    # --- the executor's interface (the same as GpuWorker's) --------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="ray-dispatch", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop like the in-process worker does: running jobs are cancelled at their next step and settled, then the
        connection closes (and with it the actors)."""
        self._stopping.set()
        self._wake.set()
        with self._lock:
            running = [(s, s.job_id) for s in self._slots if s.job_id is not None]
            relays = list(self._relays)
        for slot, job_id in running:
            slot.actor.cancel.remote(job_id)
        deadline = time.monotonic() + timeout
        for thread in [self._thread, *relays]:
            if thread is not None:
                thread.join(max(0.0, deadline - time.monotonic()))
        if self.connected:
            import ray

            ray.shutdown()  # the actors are ours (not detached): they end with the connection
            self.connected = False

    def wake(self) -> None:
        self._wake.set()

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()  # it ends only when it could not start

    def request_cancel(self, job_id: str) -> None:
        with self._lock:
            slot = next((s for s in self._slots if s.job_id == job_id), None)
        if slot is not None:
            slot.actor.cancel.remote(job_id)

    def live_progress(self, job_id: str) -> float | None:
        with self._lock:
            return self._live.get(job_id)

    def worker_pid(self, worker_id: str) -> int | None:
        """The process a worker runs in now (for operators, and the tests that kill it)."""
        with self._lock:
            return next((s.pid for s in self._slots if s.id == worker_id), None)

    def workers(self) -> list[WorkerState]:
        with self._lock:
            return [
                WorkerState(
                    id=s.id,
                    node=s.node,
                    gpu=s.gpu,
                    models=list(s.models),
                    job_id=s.job_id,
                    pid=s.pid,
                    kind=s.kind,
                    state=s.state,
                    error=s.error or ("; ".join(f"{r}: {e}" for r, e in s.unloadable.items()) or None),
                )
                for s in self._slots
            ]

    # --- start-up --------------------------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._connect()
            self._models.ensure_test_models()  # built once here, before workers that share the folder look for them
            self._data_id = self._mark_data_folder()
            self._grow()
        except Exception as error:  # noqa: BLE001 - reported by /health; jobs stay queued until a restart
            self.error = f"the Ray executor could not start ({self._settings.ray_address}): {error}"
            log.exception("ray.start_failed")
            return
        refreshed = time.monotonic()
        while not self._stopping.is_set():
            try:
                if time.monotonic() - refreshed > REFRESH_S:
                    refreshed = time.monotonic()
                    self._grow()
                if not self._dispatch():
                    self._wake.wait(timeout=1.0)
                    self._wake.clear()
            except Exception:  # noqa: BLE001 - the dispatcher must outlive any one round's failure
                log.exception("ray.dispatch_error")
                time.sleep(0.5)

    def _connect(self) -> None:
        import ray

        settings = self._settings
        options: dict[str, Any] = {"namespace": "milimo", "logging_level": "WARNING", "log_to_driver": False}
        if settings.ray_address == "local":
            resources = {}
            if settings.ray_gpu_resource != "GPU":
                resources[settings.ray_gpu_resource] = float(settings.ray_gpu_workers or 1)
            # address "local": a new cluster even where RAY_ADDRESS names another (Ray sets it on connecting)
            ray.init(address="local", include_dashboard=False, resources=resources, **options)
        else:
            os.environ.setdefault("RAY_AUTH_MODE", "token")  # the cluster's token (docs/scale.md) is required
            ray.init(address=settings.ray_address, **options)
        self.connected = True
        log.info("ray.connected", address=settings.ray_address, resources=ray.cluster_resources())

    def _mark_data_folder(self) -> str:
        marker = self._settings.data_dir / DATA_ID_FILE
        if not marker.is_file():
            marker.write_text(uuid.uuid4().hex + "\n")
        return marker.read_text().strip()

    def _wanted_gpu_slots(self) -> int:
        import ray

        if self._settings.ray_gpu_workers is not None:
            return self._settings.ray_gpu_workers
        return int(ray.cluster_resources().get(self._settings.ray_gpu_resource, 0))

    def _grow(self) -> None:
        """Start the workers the cluster has room for and this executor does not have yet."""
        with self._lock:
            gpu = sum(s.kind == "gpu" for s in self._slots)
            cpu = sum(s.kind == "cpu" for s in self._slots)
        wanted = self._wanted_gpu_slots()
        for index in range(gpu, wanted):
            self._add_slot(f"gpu-{index}", "gpu")
        resource = self._settings.ray_gpu_resource
        self.error = (
            None
            if max(gpu, wanted) > 0
            else f"the Ray cluster offers no {resource!r} resource: jobs that need a GPU wait until a machine with one "
            "joins (milimo worker --address …, docs/scale.md)"
        )
        for index in range(cpu, self._settings.ray_cpu_workers):
            self._add_slot(f"cpu-{index}", "cpu")

    def _add_slot(self, slot_id: str, kind: str) -> None:
        import ray

        options: dict[str, Any] = {"max_restarts": -1, "max_task_retries": 0, "max_concurrency": 4}
        if kind == "cpu":
            options["num_cpus"] = 1
        elif self._settings.ray_gpu_resource == "GPU":
            options.update(num_gpus=1, num_cpus=0)
        else:
            options.update(resources={self._settings.ray_gpu_resource: 1}, num_cpus=0)
        api_settings = self._settings.model_dump()
        actor = ray.remote(JobSlot).options(**options).remote(slot_id, kind, api_settings, self._data_id)
        slot = _Slot(slot_id, kind, actor)
        with self._lock:
            self._slots.append(slot)
        self._bring_up(slot)

    def _bring_up(self, slot: _Slot) -> None:
        """Ask a (re)started worker where it is and what it holds; it takes jobs once it answers."""

        def ask() -> None:
            import ray

            while not self._stopping.is_set():
                try:
                    info = ray.get(slot.actor.describe.remote(), timeout=30)
                except ray.exceptions.GetTimeoutError:
                    continue  # still starting (importing torch, waiting for a GPU to be free in the cluster)
                except ray.exceptions.ActorUnavailableError:
                    time.sleep(0.5)  # Ray is restarting its process
                    continue
                except Exception as error:  # noqa: BLE001 - a worker that cannot start (for good) says why
                    with self._lock:
                        slot.state, slot.error = "unusable", f"{type(error).__name__}: {error}"
                    log.error("ray.worker_unusable", worker=slot.id, error=str(error))
                    return
                with self._lock:
                    self._apply(slot, info)
                    slot.state = "unusable" if info["problem"] else "ready"
                    slot.error = info["problem"]
                log.info("ray.worker_ready", worker=slot.id, node=slot.node, gpu=slot.gpu, pid=slot.pid)
                self._wake.set()
                if slot.kind == "gpu" and self._settings.preload_models and not info["problem"]:
                    self._preload(slot)
                return

        threading.Thread(target=ask, name=f"ray-up-{slot.id}", daemon=True).start()

    def _preload(self, slot: _Slot) -> None:
        """The video model loaded on a new (or restarted) GPU worker before its first job, like the in-process
        worker's start-up preload; a job handed to it meanwhile waits for the load inside the worker."""
        import ray

        try:
            held = ray.get(slot.actor.preload.remote())
        except ray.exceptions.RayError:
            return  # it died meanwhile: it is brought up again, and preloads then
        with self._lock:
            if slot.job_id is None:  # a job's outcome says what it holds more recently than this
                slot.models, slot.unloadable = list(held["models"]), dict(held["unloadable"])

    @staticmethod
    def _apply(slot: _Slot, info: dict[str, Any]) -> None:
        slot.node = f"{info['host']} ({info['address']}, node {info['node']})"
        slot.gpu, slot.pid = info["gpu"], info["pid"]
        slot.models, slot.unloadable = list(info["models"]), dict(info["unloadable"])

    # --- dispatch --------------------------------------------------------------------------------------------

    def _dispatch(self) -> bool:
        """Hand waiting jobs to idle workers; True when any was handed out.

        Three passes over the waiting jobs, oldest first in each: to a worker that already holds the job's model (or
        any worker of its kind, for a job that needs none); then to a worker holding no model; then to any (a swap).
        So an idle worker takes a later job of the model it holds before an older one that would make it swap,
        while the older one waits for the busy worker that holds its model — and no worker stays idle while a job
        it can run waits (the last pass).
        """
        with self._lock:
            idle = [s for s in self._slots if s.state == "ready" and s.job_id is None]
            slots = list(self._slots)
        if not idle:
            return False
        waiting = [job for job in waiting_jobs(self._engine) if not self._refused(job, slots)]
        handed = False
        for level in ("holding", "empty", "any"):
            for job in list(waiting):
                if not idle:
                    return handed
                slot = self._pick(job, idle, slots, level)
                if slot is None:
                    continue
                waiting.remove(job)
                claimed = claim_job(self._engine, job.id, slot.id)
                if claimed is None:
                    continue  # cancelled or paused since it was read
                idle.remove(slot)
                self._hand(slot, claimed)
                handed = True
        return handed

    def _hand(self, slot: _Slot, job: Job) -> None:
        with self._lock:
            slot.state, slot.job_id = "busy", job.id
            self._live[job.id] = 0.0
        relay = threading.Thread(target=self._drive, args=(slot, job), name=f"ray-job-{job.id}", daemon=True)
        with self._lock:
            self._relays = [r for r in self._relays if r.is_alive()] + [relay]
        relay.start()

    @staticmethod
    def _kind_for(job: Job, slots: list[_Slot]) -> str:
        """A CPU job takes a GPU worker only when there are no CPU workers."""
        return "cpu" if job.kind in CPU_KINDS and any(s.kind == "cpu" for s in slots) else "gpu"

    def _pick(self, job: Job, idle: list[_Slot], slots: list[_Slot], level: str) -> _Slot | None:
        """An idle worker for the job at this preference level, or None."""
        kind, role = self._kind_for(job, slots), KIND_ROLE.get(job.kind)
        candidates = [s for s in idle if s.kind == kind and s.takes(job)]
        if level == "holding":
            candidates = [s for s in candidates if role is None or role in s.models]
        elif level == "empty":
            candidates = [s for s in candidates if not s.models]
        return candidates[0] if candidates else None

    def _refused(self, job: Job, slots: list[_Slot]) -> bool:
        """Fail a job no worker can load the model of (rather than leave it waiting for ever); True if so."""
        kind, role = self._kind_for(job, slots), KIND_ROLE.get(job.kind)
        able = [s for s in slots if s.kind == kind and s.state != "unusable"]
        if role is None or not able or not all(role in s.unloadable for s in able):
            return False
        self._refuse(job, role, able)
        return True

    def _refuse(self, job: Job, role: str, able: list[_Slot]) -> None:
        """No worker can load the job's model: fail it now rather than leave it waiting for ever."""
        claimed = claim_job(self._engine, job.id, "none")
        if claimed is None:
            return
        reasons = "; ".join(sorted({s.unloadable[role] for s in able}))
        begin(self._engine, self._bus, claimed)
        finish(self._engine, self._bus, claimed, Outcome("failed", f"no worker can load the {role} model: {reasons}"))

    def _drive(self, slot: _Slot, job: Job) -> None:
        """Run one job on a worker, relaying its events to the bus, and settle it however it ends."""
        import ray

        structlog.contextvars.bind_contextvars(job_id=job.id)
        begin(self._engine, self._bus, job, worker=slot.id)
        try:
            for ref in slot.actor.run.remote(job.id):
                item = ray.get(ref)
                if item[0] == "event":
                    _, type_, data, project_id = item
                    self._bus.publish(type_, data, project_id)
                    if type_ == "job.progress" and data.get("job_id") == job.id:
                        job.progress, job.stage = data.get("progress", job.progress), data.get("stage", job.stage)
                        with self._lock:
                            self._live[job.id] = job.progress
                    continue
                _, status, error, result, progress, stage, models, unloadable = item
                job.progress, job.stage = progress, stage
                with self._lock:
                    slot.models, slot.unloadable = list(models), dict(unloadable)
                finish(self._engine, self._bus, job, Outcome(status, error, result))
        except ray.exceptions.RayActorError as lost:
            if self._stopping.is_set():
                return  # the studio is stopping: the job is settled as interrupted on the next start
            self._worker_lost(slot, job, lost)
        except SystemExit:
            if not self._stopping.is_set():
                raise  # Ray's connection closed under the relay only because the studio stops: leave it
        except Exception as error:  # noqa: BLE001 - relaying failed; the job must still end
            log.exception("ray.relay_failed")
            finish(self._engine, self._bus, job, Outcome("failed", f"{type(error).__name__}: {error}"))
        finally:
            with self._lock:
                self._live.pop(job.id, None)
                slot.job_id = None
                if slot.state == "busy":
                    slot.state = "ready"
            structlog.contextvars.unbind_contextvars("job_id")
            self._wake.set()

    def _worker_lost(self, slot: _Slot, job: Job, lost: Exception) -> None:
        log.error("ray.worker_lost", worker=slot.id, pid=slot.pid, error=str(lost).splitlines()[0])
        with self._lock:
            slot.state, slot.models = "restarting", []
        with session_scope(self._engine) as session:
            row = session.get(Job, job.id)
            attempts = row.attempts if row is not None else 1
            stage = row.stage if row is not None else job.stage
        if queue_again_after_loss(job.kind, (stage, job.stage), attempts):
            again = requeue(self._engine, job.id)
            if again is not None:
                log.warning("job.requeued_after_worker_loss", worker=slot.id)
                set_shot_status(self._engine, self._bus, again, "queued")
                publish_job(self._bus, "job.queued", again, reason=f"worker {slot.id} stopped; queued again")
        else:
            retried = " (it had been queued again once already)" if attempts >= 2 else ""
            update_job(self._engine, job.id, stage=stage)
            finish(self._engine, self._bus, job, Outcome("failed", WORKER_LOST.format(retried=retried)))
        self._bring_up(slot)  # Ray restarts the actor; it takes jobs again once it answers
