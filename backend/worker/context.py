"""What a job handler gets: its job, the services it may use, and progress/cancel reporting."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from backend.config import Settings
from backend.db.tables import Job
from backend.events.bus import EventBus
from backend.events.studio import job_payload
from backend.models.manager import ModelManager
from backend.services.job_queue import update_job
from backend.storage.paths import ProjectStorage


class JobCancelled(Exception):
    """Raised at a safe point (between denoising steps) when the user cancelled the job.

    ``result`` carries what was kept anyway (a Smart Continue chain stitches its committed chunks).
    """

    def __init__(self, result: dict | None = None) -> None:
        super().__init__("cancelled")
        self.result = result


# Where each stage sits on the 0..1 progress bar; denoising fills the span up to "decoding".
STAGE_START = {
    "building_model": 0.0,
    "loading_model": 0.0,
    "text_encoding": 0.04,
    "denoising": 0.08,
    "decoding": 0.88,
    "encoding": 0.94,
    "saving": 0.98,
}


class JobModels:
    """The model manager as a job uses it: waiting for the accelerator (held by a model load elsewhere, such as the
    start-up preload) gives way to a cancel of the job instead of lasting until the load ends; the model is placed
    for the job's size (or the job refused before anything runs: ``DoesNotFit``); building a test model or loading
    weights shows as the job's stage."""

    def __init__(
        self,
        models: ModelManager,
        interrupt: Callable[[], None],
        job: Job | None = None,
        stage: Callable[[str], None] | None = None,
    ) -> None:
        self._models, self._interrupt, self._job, self._stage = models, interrupt, job, stage

    def use(self, role: str, timeout: float | None = None) -> Any:
        return self._models.use(
            role, timeout, interrupt=self._interrupt, shape=job_shape(self._job, role), on_prepare=self._stage
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._models, name)


def job_shape(job: Job | None, role: str) -> Any:
    """What the job makes, as the memory planner sizes it: the video's pixels and frames (one sample when no CFG pair
    runs: a draft, and standard, whose half-size pairs weigh half of its full-size refine), a still's pixels. None
    for the roles that are not planned."""
    from backend.models.memory.activations import JobShape

    if job is None or role not in ("video", "image", "inpaint"):
        return None
    request = job.request or {}
    width, height = int(request.get("width") or 0), int(request.get("height") or 0)
    if width <= 0 or height <= 0:
        return None
    if role != "video":
        return JobShape(width, height)
    single = request.get("quality") in ("draft", "standard") or float(request.get("guidance_scale") or 1.0) <= 1.0
    return JobShape(width, height, int(request.get("num_frames") or 1), batch=1 if single else 2)


class StepPace:
    """Seconds per denoising step as this job measures them, and what the steps left will take at that pace.

    A step's time is the mean over the steps seen so far (from the start of denoising when that was announced, else
    from the first step: the first interval then holds no text encoding or model load). A new chunk, or a second
    denoising call of the same job (two-stage refine), starts a new run of steps; the pace carries over."""

    def __init__(self) -> None:
        self._since: float | None = None  # when the current run of steps started (denoising, or its first step)
        self._steps = 0  # steps of the current run
        self._last_done = 0
        self.step_s: float | None = None

    def denoising(self) -> None:
        self._since, self._steps, self._last_done = time.monotonic(), 0, 0

    def step(self, done: int) -> None:
        now = time.monotonic()
        if done <= self._last_done or self._since is None:  # a new run of steps (a chunk, a refine) or no start known
            self._since, self._steps, self._last_done = now, 0, done
            return
        self._steps += done - self._last_done
        self._last_done = done
        self.step_s = (now - self._since) / self._steps

    def estimate(self, steps_left: int) -> dict[str, float]:
        """``step_s`` and ``eta_s`` (the denoising still to run) once a step has been timed; nothing before."""
        if self.step_s is None:
            return {}
        return {"step_s": round(self.step_s, 3), "eta_s": round(self.step_s * max(steps_left, 0), 1)}


@dataclass
class JobContext:
    job: Job
    settings: Settings
    engine: Engine
    bus: EventBus
    storage: ProjectStorage
    models: ModelManager
    cancel_flags: set[str]
    cancel_lock: threading.Lock
    _progress: float = 0.0
    _stage: str | None = None
    cancellable: bool = True  # False while saving what a cancelled job keeps
    _chunk: int = 0  # 0-based chunk of a chained job
    _chunks: int = 1
    _last_db_write: float = field(default=0.0)
    _started: float = field(default_factory=time.monotonic)
    _pace: StepPace = field(default_factory=lambda: StepPace())

    def __post_init__(self) -> None:
        if isinstance(self.models, ModelManager):
            self.models = JobModels(self.models, self.check_cancelled, self.job, self.stage)  # type: ignore[assignment]

    @property
    def reported(self) -> float:
        """The progress last reported (0..1), as the last ``job.progress`` event carried it."""
        return self._progress

    def check_cancelled(self) -> None:
        # Cancel requests reach the worker in memory (POST /jobs/{id}/cancel runs in this process and also sets the
        # row's flag for the record), so this costs no database read per step.
        with self.cancel_lock:
            flagged = self.job.id in self.cancel_flags
        if flagged and self.cancellable:
            raise JobCancelled()

    def chunk(self, index: int, total: int) -> None:
        """A chained job (Smart Continue) starts chunk ``index`` (0-based) of ``total``: progress spans all chunks."""
        self._chunk, self._chunks = index, max(total, 1)

    def stage(self, name: str) -> None:
        """Enter a stage (``text_encoding``, ``denoising``, ``decoding``, ``encoding`` ...)."""
        self.check_cancelled()
        self._stage = name
        if name == "denoising":
            self._pace.denoising()
        per_chunk = name in ("text_encoding", "denoising", "decoding") and self._chunks > 1
        target = self._progress if per_chunk else STAGE_START.get(name, self._progress)
        self._report(max(self._progress, target), **self._chunk_fields())

    def _chunk_fields(self) -> dict[str, int]:
        return {"chunk": self._chunk + 1, "chunks": self._chunks} if self._chunks > 1 else {}

    def step(self, done: int, total: int) -> None:
        """A denoising step finished; cancellation takes effect here."""
        span_start, span_end = STAGE_START["denoising"], STAGE_START["decoding"]
        if self._stage in (None, "loading_model", "text_encoding"):
            self._stage = "denoising"
        fraction = (self._chunk + done / max(total, 1)) / self._chunks
        self._pace.step(done)
        left = (total - done) + (self._chunks - 1 - self._chunk) * total  # steps of this chunk and the chunks after
        self._report(
            span_start + (span_end - span_start) * fraction,
            step=done,
            total_steps=total,
            **self._pace.estimate(left),
            **self._chunk_fields(),
        )
        self.check_cancelled()

    def progress(self, done: int, total: int, **extra: object) -> None:
        """Generic progress for jobs without denoising steps (a render: frames written): the whole bar is
        ``done / total``; ``extra`` goes into the ``job.progress`` event. Cancellation takes effect here."""
        self._report(max(self._progress, done / max(total, 1)), **extra)
        self.check_cancelled()

    def _report(self, progress: float, **extra: object) -> None:
        self._progress = min(progress, 1.0)
        now = time.monotonic()
        # The DB row is for GET /jobs and reloads, not the live channel (events are): throttle its writes, but
        # always publish the event. The terminal status is written by the worker whatever the throttle.
        if now - self._last_db_write >= self.settings.progress_db_interval_s:
            self._last_db_write = now
            updated = update_job(self.engine, self.job.id, progress=self._progress, stage=self._stage)
            if updated is None:
                raise JobCancelled()  # the project was deleted under the job: stop, nothing to save into
            self.job = updated
        else:
            self.job.progress, self.job.stage = self._progress, self._stage
        elapsed = round(time.monotonic() - self._started, 2)
        self.bus.publish("job.progress", {**job_payload(self.job), "elapsed_s": elapsed, **extra}, self.job.project_id)
