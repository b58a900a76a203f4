"""The virtual director."""

from __future__ import annotations

from fastapi import APIRouter

from backend.api.deps import SessionDep, StudioDep
from backend.schemas.director import EnrichRequest, EnrichResponse
from backend.services import director

router = APIRouter(tags=["director"])


@router.post(
    "/director/enrich",
    response_model=EnrichResponse,
    responses={404: {"description": "Unknown project or shot"}, 503: {"description": "GPU busy"}},
)
def enrich(body: EnrichRequest, session: SessionDep, studio: StudioDep) -> EnrichResponse:
    return director.enrich(session, studio.models, body)
