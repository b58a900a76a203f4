"""How long jobs take on this machine: every completed job's wall time is kept by kind and size, and a job still to
run is estimated from the mean of those measurements (what a batch's ``eta_s`` adds up)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from backend.db.tables import Job, JobTiming

KEEP_PER_KIND = 200  # enough for a stable mean; the table never grows with the number of jobs ever run
RECENT_PER_SIZE = 20  # the mean follows the machine as it is now (a new driver, another model loaded)

Size = tuple[int, int, int, int]  # width, height, num_frames, steps (video presets: full-size passes, work_steps)


def passes_per_step(request: dict) -> int:
    """Transformer passes of one full-size step of an LTX-2 job: one for a draft (no guidance); otherwise the CFG
    pair (two, when CFG is on) and the modality pass unless its scale is neutral (None: the pipeline's default, on).
    The STG pass counts only when asked for: LTX-2 19 B's blocks do not perturb attention, and there the studio
    skips it (``backend.models.ltx2.guidance``)."""
    if request.get("quality") == "draft" or request.get("distilled_stage_1"):
        return 1
    cfg = float(request.get("guidance_scale") or 1.0) > 1.0
    stg = request.get("stg_scale")
    modality = request.get("modality_scale")
    return (
        (2 if cfg else 1)
        + (1 if stg is not None and float(stg) > 0 else 0)
        + (1 if modality is None or modality != 1 else 0)
    )


def work_steps(request: dict) -> int:
    """Full-size transformer passes a video job runs: steps x passes; standard's first stage, at half size, costs
    a quarter per pass, its three-step refine one pass each."""
    steps = int(request.get("num_inference_steps") or 0)
    if not request.get("quality") and not request.get("upscale"):
        return steps  # a still, or a job from before the presets: its steps, as they were counted
    passes = steps * passes_per_step(request)
    if request.get("quality") == "standard" or request.get("upscale"):
        return -(-passes // 4) + 3
    return passes


def size_of(job: Job) -> Size:
    request = job.request or {}

    def number(name: str) -> int:
        value = request.get(name)
        return int(value) if isinstance(value, int | float) else 0

    return number("width"), number("height"), number("num_frames"), work_steps(request)


def _work(size: Size) -> int:
    """What a job's time grows with: pixels × frames × denoising steps (0 when the request does not say)."""
    width, height, frames, steps = size
    return width * height * max(frames, 1) * steps


def _naive(moment: datetime) -> datetime:
    # Rows read back from SQLite and rows just written differ in tzinfo; every stored time is UTC.
    return moment.replace(tzinfo=None)


def record(session: Session, job: Job) -> JobTiming | None:
    """Keep a completed job's wall time (claim to finish, model loading included: what a user waits)."""
    if job.status != "completed" or job.started_at is None or job.finished_at is None:
        return None
    seconds = (_naive(job.finished_at) - _naive(job.started_at)).total_seconds()
    if seconds <= 0:
        return None
    width, height, frames, steps = size_of(job)
    timing = JobTiming(kind=job.kind, width=width, height=height, num_frames=frames, steps=steps, seconds=seconds)
    session.add(timing)
    session.flush()
    keep = select(JobTiming.id).where(JobTiming.kind == job.kind).order_by(col(JobTiming.id).desc())
    session.exec(  # type: ignore[call-overload]
        delete(JobTiming).where(
            col(JobTiming.kind) == job.kind, col(JobTiming.id).not_in(keep.limit(KEEP_PER_KIND).scalar_subquery())
        )
    )
    return timing


class Estimator:
    """Seconds a job will take: the mean of recent completed jobs of its kind and size; failing that, the kind's
    mean seconds per unit of work (pixels × frames × steps) scaled to this job; ``None`` before any measurement."""

    def __init__(self, session: Session, kinds: Iterable[str]) -> None:
        wanted = sorted(set(kinds))
        rows = (
            session.exec(
                select(JobTiming).where(col(JobTiming.kind).in_(wanted)).order_by(col(JobTiming.id).desc())
            ).all()
            if wanted
            else []
        )
        self._by_size: dict[tuple[str, Size], list[float]] = defaultdict(list)
        self._per_work: dict[str, list[float]] = defaultdict(list)
        for row in rows:
            size = (row.width, row.height, row.num_frames, row.steps)
            recent = self._by_size[(row.kind, size)]
            if len(recent) < RECENT_PER_SIZE:
                recent.append(row.seconds)
            if _work(size) > 0:
                self._per_work[row.kind].append(row.seconds / _work(size))

    def seconds(self, job: Job) -> float | None:
        size = size_of(job)
        same = self._by_size.get((job.kind, size))
        if same:
            return sum(same) / len(same)
        per_work = self._per_work.get(job.kind)
        if per_work and _work(size) > 0:
            return sum(per_work) / len(per_work) * _work(size)
        return None
