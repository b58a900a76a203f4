"""The model library: each role's weights, the catalogue of hub repositories, and their downloads (progress as
``download.progress`` events on ``GET /events``)."""

from __future__ import annotations

from fastapi import APIRouter, status

from backend.api.deps import StudioDep
from backend.schemas.model_library import DownloadAccepted, DownloadRead, DownloadRequest, ModelLibrary
from backend.services.model_library import library

router = APIRouter(prefix="/models", tags=["models"])


@router.get("/library", response_model=ModelLibrary)
def model_library(studio: StudioDep) -> ModelLibrary:
    """Roles, catalogue and hub status; asks the hub at most every few minutes, with a short timeout."""
    return library(studio.settings, studio.models, studio.downloads, studio.hub_probe)


@router.post(
    "/downloads",
    response_model=DownloadAccepted,
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        409: {"description": "A download for the same target is running"},
        422: {"description": "Not in the catalogue, or not a role"},
        503: {"description": "The hub cannot be reached"},
        507: {"description": "Not enough free disk"},
    },
)
def start_download(body: DownloadRequest, studio: StudioDep) -> DownloadAccepted:
    """Start (or resume) a download of a catalogue repository; it runs beside generation, not in the job queue."""
    return DownloadAccepted(download_id=studio.downloads.start(body).id)


@router.get("/downloads/{download_id}", response_model=DownloadRead)
def get_download(download_id: str, studio: StudioDep) -> DownloadRead:
    return studio.downloads.get(download_id)


@router.post("/downloads/{download_id}/cancel", response_model=DownloadRead, responses={409: {"description": "Done"}})
def cancel_download(download_id: str, studio: StudioDep) -> DownloadRead:
    """Stop it within a chunk; what is on the disk is kept, so starting it again resumes."""
    return studio.downloads.cancel(download_id)
