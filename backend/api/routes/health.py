"""Service health and the models' state."""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter

from backend import __version__
from backend.api.deps import StudioDep
from backend.models.manager import RoleState
from backend.schemas.health import Health, ModelRoleStatus

router = APIRouter(tags=["health"])


def _role_status(state: RoleState) -> ModelRoleStatus:
    return ModelRoleStatus(**dataclasses.asdict(state))


@router.get("/health", response_model=Health)
def health(studio: StudioDep) -> Health:
    return Health(
        status="ok",
        version=__version__,
        test_models=studio.models.using_test_models,
        message=studio.models.message,
        models=[_role_status(s) for s in studio.models.status()],
        worker_alive=studio.worker.alive,
    )


@router.get("/models", response_model=list[ModelRoleStatus])
def models(studio: StudioDep) -> list[ModelRoleStatus]:
    rows = [_role_status(s) for s in studio.models.status()]
    sam = studio.sam.health()  # SAM 3 lives in its own process: ask it (a refused connection answers at once)
    return [
        row.model_copy(
            update={
                "loaded": sam.running,
                "device": sam.device,
                "source": sam.model or row.source,
                "test_model": bool(sam.test_model),
                "error": None if sam.running else sam.detail,
            }
        )
        if row.role == "segment"
        else row
        for row in rows
    ]
