"""The one entry point for generation."""

from __future__ import annotations

from fastapi import APIRouter, status

from backend.api.deps import SessionDep, StudioDep
from backend.schemas.jobs import GenerateAccepted, GenerateRequest
from backend.services import generation

router = APIRouter(tags=["generation"])


@router.post(
    "/generate/advanced",
    response_model=GenerateAccepted,
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        404: {"description": "Unknown project or shot"},
        409: {"description": "Shot already generating"},
        429: {"description": "The project already has MILIMO_MAX_PENDING_JOBS jobs waiting"},
    },
)
def generate(body: GenerateRequest, session: SessionDep, studio: StudioDep) -> GenerateAccepted:
    job = generation.submit(
        session, studio.bus, body, studio.worker.wake, studio.settings.max_pending_jobs, studio.loras
    )
    return GenerateAccepted(job_id=job.id, status=job.status)  # type: ignore[arg-type]
