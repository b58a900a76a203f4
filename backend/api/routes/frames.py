"""Storyboard concept frames: FLUX.2 stills of shots, composed with their elements' reference images."""

from __future__ import annotations

from fastapi import APIRouter, status

from backend.api.deps import SessionDep, StudioDep
from backend.schemas.frames import FramesAccepted, FramesRequest
from backend.services.concept_frames import submit_frames

router = APIRouter(prefix="/projects/{project_id}", tags=["frames"])


@router.post(
    "/frames",
    response_model=FramesAccepted,
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        404: {"description": "A shot or scene that is not in this project"},
        422: {"description": "No shots named, a shot without a prompt or with an unknown @element"},
        429: {"description": "The jobs would exceed MILIMO_MAX_PENDING_JOBS waiting in this project"},
    },
)
def queue_frames(project_id: str, body: FramesRequest, session: SessionDep, studio: StudioDep) -> FramesAccepted:
    """Queue concept frames (job kind ``frame``, one per shot, in script order): FLUX.2 with the shot's prompt and
    the reference images of every ``@element`` in it. Each completed job's ``result.asset_ids`` are the candidates
    (assets with ``origin: "concept"``, ``source_shot_id``); pick one with ``PATCH .../shots/{id}
    {frame_asset_id}``: the shot's video then starts from it."""
    jobs = submit_frames(session, studio.bus, project_id, body, studio.worker.wake, studio.settings.max_pending_jobs)
    return FramesAccepted(job_ids=[j.id for j in jobs], shot_ids=[j.shot_id or "" for j in jobs])
