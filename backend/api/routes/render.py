"""Render the timeline (or a range of it) to one file: a job on the worker's queue (docs/render.md)."""

from __future__ import annotations

from fastapi import APIRouter, Query, status

from backend.api.deps import SessionDep, StudioDep
from backend.schemas.render import RenderAccepted, RenderListed, RenderRequest
from backend.services.render import list_renders, submit_render

router = APIRouter(prefix="/projects/{project_id}", tags=["render"])


@router.post(
    "/render",
    response_model=RenderAccepted,
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        422: {"description": "Empty timeline, a range outside it, or a format this build or size cannot write"},
        429: {"description": "The project already has MILIMO_MAX_PENDING_JOBS jobs waiting"},
    },
)
def render(project_id: str, body: RenderRequest, session: SessionDep, studio: StudioDep) -> RenderAccepted:
    """Queue a render (job kind ``render``): progress is the fraction of frames written (``job.progress`` with
    ``frame``/``frames``); ``POST /jobs/{id}/cancel`` stops it between frames and leaves no file; the completed job's
    ``result`` is a RenderResult (``video_url`` under ``generated/renders/``)."""
    job = submit_render(session, studio.bus, project_id, body, studio.worker.wake, studio.settings.max_pending_jobs)
    return RenderAccepted(job_id=job.id, status=job.status)  # type: ignore[arg-type]


@router.get("/renders", response_model=list[RenderListed])
def renders(
    project_id: str, session: SessionDep, studio: StudioDep, limit: int = Query(100, ge=1, le=1000)
) -> list[RenderListed]:
    """Finished renders whose file is still there, newest first (a render replaced by one of the same name is
    listed once per job: both point at the same file)."""
    return [RenderListed.model_validate(r) for r in list_renders(session, studio.storage, project_id, limit)]
