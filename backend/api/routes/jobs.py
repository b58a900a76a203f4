"""Jobs: status, listing, cancel."""

from __future__ import annotations

from fastapi import APIRouter, Query

from backend.api.deps import SessionDep, StudioDep
from backend.schemas.jobs import JobRead, JobStatus
from backend.schemas.queue import JobPage
from backend.schemas.views import job_view
from backend.services import generation, job_listing

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


@router.get("/jobs/{job_id}", response_model=JobRead)
def get_job(job_id: str, session: SessionDep) -> JobRead:
    return job_view(generation.get_job(session, job_id))


@router.get("/projects/{project_id}/jobs", response_model=list[JobRead])
def list_jobs(project_id: str, session: SessionDep, limit: int = Query(100, ge=1, le=1000)) -> list[JobRead]:
    return [job_view(j) for j in generation.list_jobs(session, project_id, limit)]


@router.post("/jobs/{job_id}/cancel", response_model=JobRead)
def cancel_job(job_id: str, session: SessionDep, studio: StudioDep) -> JobRead:
    return job_view(generation.cancel(session, studio.bus, job_id, studio.worker.request_cancel))
