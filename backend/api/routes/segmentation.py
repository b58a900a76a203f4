"""Segmentation: the SAM 3 service's status, masks from project images, frames of shots, tracked objects.

The browser talks to this API only (one origin); it forwards to the SAM service on ``SAM_SERVICE_PORT``.
"""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from backend.api.deps import SessionDep, StudioDep
from backend.schemas.jobs import GenerateAccepted
from backend.schemas.project import AssetRead
from backend.schemas.segmentation import (
    FrameGrabRequest,
    SegmentationStatus,
    SegmentRequest,
    SegmentResponse,
    ShotMaskRead,
    TrackRequest,
)
from backend.schemas.views import asset_view, shot_mask_view
from backend.services import segmentation

router = APIRouter(tags=["segmentation"])

_UNAVAILABLE = {503: {"description": "The SAM service is not running (start it with ./run_sam.sh) or not ready"}}


@router.get("/segmentation/status", response_model=SegmentationStatus)
def segmentation_status(studio: StudioDep) -> SegmentationStatus:
    """Always 200: whether the SAM service answers, and with which model (the editor's status light)."""
    health = studio.sam.health()
    state = health.status if health.status in ("ok", "loading", "error", "down") else "error"
    return SegmentationStatus(
        running=health.running,
        status=state,
        url=health.url,
        model=health.model,
        device=health.device,
        test_model=health.test_model,
        detail=health.detail,
    )


@router.post("/projects/{project_id}/segment", response_model=SegmentResponse, responses=_UNAVAILABLE)
def segment(project_id: str, body: SegmentRequest, session: SessionDep, studio: StudioDep) -> SegmentResponse:
    """Masks for an image of the project, by words, boxes or clicks (in the image's pixels)."""
    return segmentation.segment_asset(session, studio.storage, studio.sam, project_id, body)


@router.post(
    "/projects/{project_id}/shots/{shot_id}/frames", response_model=AssetRead, status_code=status.HTTP_201_CREATED
)
def grab_frame(
    project_id: str, shot_id: str, body: FrameGrabRequest, session: SessionDep, studio: StudioDep
) -> AssetRead:
    """Save one frame of the shot's clip as an image asset, to mask and in-paint it; grabbing the same frame of the
    same take again answers the asset already made (no copy in the media bin)."""
    return asset_view(segmentation.grab_frame(session, studio.storage, project_id, shot_id, body.frame))


@router.post(
    "/projects/{project_id}/shots/{shot_id}/track",
    response_model=GenerateAccepted,
    status_code=status.HTTP_202_ACCEPTED,
    responses={**_UNAVAILABLE, 429: {"description": "The project already has MILIMO_MAX_PENDING_JOBS jobs waiting"}},
)
def track(
    project_id: str, shot_id: str, body: TrackRequest, session: SessionDep, studio: StudioDep
) -> GenerateAccepted:
    """Follow an object (words, clicks or a box on one frame) through the shot's clip: a job; the masks are kept
    on the shot (``mask.created`` events, ``GET .../masks``)."""
    job = segmentation.submit_track(
        session,
        studio.bus,
        studio.sam,
        project_id,
        shot_id,
        body,
        studio.worker.wake,
        studio.settings.max_pending_jobs,
    )
    return GenerateAccepted(job_id=job.id, status=job.status)  # type: ignore[arg-type]


@router.get("/projects/{project_id}/shots/{shot_id}/masks", response_model=list[ShotMaskRead])
def shot_masks(project_id: str, shot_id: str, session: SessionDep) -> list[ShotMaskRead]:
    return [shot_mask_view(m) for m in segmentation.list_masks(session, project_id, shot_id)]


@router.delete("/projects/{project_id}/masks/{mask_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_mask(project_id: str, mask_id: str, session: SessionDep, studio: StudioDep) -> Response:
    segmentation.delete_mask(session, studio.storage, project_id, mask_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
