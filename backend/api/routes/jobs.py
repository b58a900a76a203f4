"""Jobs: status, listing, cancel."""

from __future__ import annotations

from fastapi import APIRouter, Query

from backend.api.deps import SessionDep, StudioDep
from backend.db.tables import Job
from backend.events.studio import publish_job
from backend.schemas.jobs import JobRead, JobStatus
from backend.schemas.queue import JobPage
from backend.schemas.views import job_view
from backend.services import generation, job_listing
from backend.studio import Studio

router = APIRouter(tags=["jobs"])


@router.get("/jobs", response_model=JobPage)
def list_all_jobs(
    session: SessionDep,
    project_id: str | None = Query(None, min_length=1, max_length=64, description="Only this project's jobs."),
    status: list[JobStatus] | None = Query(None, description="Only jobs in these states (repeat the parameter)."),
    limit: int = Query(100, ge=1, le=job_listing.MAX_PAGE),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> JobPage:
    """Every project's jobs in one queue, so a waiting job shows what it waits for."""
    return job_listing.queue_page(session, project_id, status or (), limit, offset)


def _live_view(studio: Studio, job: Job) -> JobRead:
    """The row, with the running job's progress as far as its events have told (the row's writes are throttled)."""
    view = job_view(job)
    live = studio.worker.live_progress(job.id) if job.status == "running" else None
    return view.model_copy(update={"progress": live}) if live is not None and live > view.progress else view


@router.get("/jobs/{job_id}", response_model=JobRead)
def get_job(job_id: str, session: SessionDep, studio: StudioDep) -> JobRead:
    return _live_view(studio, generation.get_job(session, job_id))


@router.get("/projects/{project_id}/jobs", response_model=list[JobRead])
def list_jobs(
    project_id: str, session: SessionDep, studio: StudioDep, limit: int = Query(100, ge=1, le=1000)
) -> list[JobRead]:
    return [_live_view(studio, j) for j in generation.list_jobs(session, project_id, limit)]


@router.post("/jobs/{job_id}/cancel", response_model=JobRead)
def cancel_job(job_id: str, session: SessionDep, studio: StudioDep) -> JobRead:
    """A waiting job is cancelled at once; a running one (even one still loading its model) is flagged, says so to
    every tab (``job.progress`` with ``cancel_requested``) and stops at its next safe point."""
    job = generation.cancel(session, studio.bus, job_id, studio.worker.request_cancel)
    view = _live_view(studio, job)
    if job.status == "running":
        publish_job(studio.bus, "job.progress", job, progress=view.progress)
    return view
