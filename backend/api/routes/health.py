"""Service health and the models' state."""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter
from sqlmodel import col, select

from backend import __version__
from backend.api.deps import SessionDep, StudioDep
from backend.db.tables import Job
from backend.disk_space import MARGIN_BYTES, disk_low_message, free_bytes, job_bytes
from backend.models.manager import RoleState
from backend.schemas.health import DiskStatus, Health, ModelRoleStatus, WorkerStatus

router = APIRouter(tags=["health"])


def _role_status(state: RoleState, card_free_bytes: int | None = None) -> ModelRoleStatus:
    return ModelRoleStatus(**dataclasses.asdict(state), card_free_bytes=card_free_bytes)


def _disk(studio: StudioDep, session: SessionDep) -> DiskStatus:
    # The database and the media may live on different filesystems (a projects folder linked elsewhere): the fuller one
    free, folder = min((free_bytes(f), f) for f in (studio.settings.data_dir, studio.settings.projects_dir))
    pending = session.exec(select(Job).where(Job.status == "pending").order_by(col(Job.created_at)).limit(1)).first()
    kind, request = (pending.kind, pending.request) if pending is not None else ("t2v", {})
    needed = job_bytes(kind, request)
    low = free < needed + MARGIN_BYTES
    what = f"the next job ({kind})" if pending is not None else "the next video"
    return DiskStatus(
        folder=str(folder),
        free_bytes=free,
        needed_bytes=needed,
        low=low,
        warning=disk_low_message(folder, needed, what) if low else None,
    )


@router.get("/health", response_model=Health)
def health(studio: StudioDep, session: SessionDep) -> Health:
    free = studio.models.card_free_bytes()
    return Health(
        disk=_disk(studio, session),
        status="ok",
        version=__version__,
        test_models=studio.models.using_test_models,
        message=studio.models.message,
        models=[_role_status(s, free) for s in studio.models.status()],
        worker_alive=studio.worker.alive,
        executor=studio.settings.executor,
        executor_error=studio.worker.error,
        workers=[WorkerStatus(**dataclasses.asdict(w)) for w in studio.worker.workers()],
    )


@router.get("/models", response_model=list[ModelRoleStatus])
def models(studio: StudioDep) -> list[ModelRoleStatus]:
    free = studio.models.card_free_bytes()  # measured once for the whole answer
    rows = [_role_status(s, free) for s in studio.models.status()]
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
