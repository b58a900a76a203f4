"""Service health and the models' state."""

from __future__ import annotations

from fastapi import APIRouter

from backend import __version__
from backend.api.deps import StudioDep
from backend.api.schemas.health import Health, ModelRoleStatus

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health(studio: StudioDep) -> Health:
    return Health(
        status="ok",
        version=__version__,
        test_models=studio.models.using_test_models,
        message=studio.models.message,
        models=studio.models.status(),
        worker_alive=studio.worker.alive,
    )


@router.get("/models", response_model=list[ModelRoleStatus])
def models(studio: StudioDep) -> list[ModelRoleStatus]:
    rows = studio.models.status()
    sam = studio.sam.health()  # SAM 3 lives in its own process: ask it (a refused connection answers at once)
    return [
        row.model_copy(update={"loaded": sam.running, "device": sam.device, "source": sam.model or row.source,
                               "test_model": bool(sam.test_model), "error": None if sam.running else sam.detail})
        if row.role == "segment" else row
        for row in rows
    ]
