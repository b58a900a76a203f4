"""Batches: "Generate scene" / "Generate all", their overview, pause, resume and cancel."""

from __future__ import annotations

from fastapi import APIRouter, Query, status

from backend.api.deps import SessionDep, StudioDep
from backend.schemas.batches import BatchAccepted, BatchRead, GenerateAllRequest
from backend.services import batches

router = APIRouter(tags=["batches"])


@router.post(
    "/projects/{project_id}/generate-all",
    response_model=BatchAccepted,
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        404: {"description": "Unknown project or scene"},
        422: {"description": "Nothing to generate, or a shot that cannot be generated (named)"},
    },
)
def generate_all(project_id: str, body: GenerateAllRequest, session: SessionDep, studio: StudioDep) -> BatchAccepted:
    batch, jobs = batches.create(session, studio.bus, project_id, body, studio.worker.wake, studio.loras)
    return BatchAccepted(batch_id=batch.id, job_ids=[job.id for job in jobs])


@router.get("/projects/{project_id}/batches", response_model=list[BatchRead])
def list_batches(
    project_id: str, session: SessionDep, limit: int = Query(10, ge=1, le=batches.MAX_LISTED)
) -> list[BatchRead]:
    """The project's batches, newest first."""
    return batches.list_for_project(session, project_id, limit)


@router.get("/batches/{batch_id}", response_model=BatchRead)
def get_batch(batch_id: str, session: SessionDep) -> BatchRead:
    return batches.view(session, batches.get(session, batch_id))


@router.post("/batches/{batch_id}/pause", response_model=BatchRead, responses={409: {"description": "Ended"}})
def pause_batch(batch_id: str, session: SessionDep, studio: StudioDep) -> BatchRead:
    return batches.pause(session, studio.bus, batch_id)


@router.post("/batches/{batch_id}/resume", response_model=BatchRead, responses={409: {"description": "Cancelled"}})
def resume_batch(batch_id: str, session: SessionDep, studio: StudioDep) -> BatchRead:
    return batches.resume(session, studio.bus, batch_id, studio.worker.wake)


@router.post("/batches/{batch_id}/cancel", response_model=BatchRead)
def cancel_batch(batch_id: str, session: SessionDep, studio: StudioDep) -> BatchRead:
    return batches.cancel(session, studio.bus, batch_id, studio.worker.request_cancel)
