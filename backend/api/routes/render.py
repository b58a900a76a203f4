"""Render the timeline (or a range of it) to one file: a job on the worker's queue (docs/render.md)."""

from __future__ import annotations

from fastapi import APIRouter, status

from backend.api.deps import SessionDep, StudioDep
from backend.api.schemas.render import RenderAccepted, RenderRequest
from backend.render.service import submit_render

router = APIRouter(prefix="/projects/{project_id}", tags=["render"])


@router.post("/render", response_model=RenderAccepted, status_code=status.HTTP_202_ACCEPTED,
             responses={422: {"description": "Empty timeline, a range outside it, or a format this build or size "
                                             "cannot write"}})
def render(project_id: str, body: RenderRequest, session: SessionDep, studio: StudioDep) -> RenderAccepted:
    """Queue a render (job kind ``render``): progress is the fraction of frames written (``job.progress`` with
    ``frame``/``frames``); ``POST /jobs/{id}/cancel`` stops it between frames and leaves no file; the completed job's
    ``result`` is a RenderResult (``url`` under ``generated/renders/``)."""
    job = submit_render(session, studio.bus, project_id, body, studio.worker.wake)
    return RenderAccepted(job_id=job.id, status=job.status)  # type: ignore[arg-type]
