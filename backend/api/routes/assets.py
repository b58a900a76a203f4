"""Uploaded media of a project."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Response, UploadFile, status
from sqlmodel import col, select

from backend.api.deps import SessionDep, StudioDep
from backend.db.tables import Asset
from backend.events.studio import publish_timeline
from backend.schemas.project import AssetRead
from backend.schemas.views import asset_view
from backend.services import assets
from backend.services.lookup import get_project

router = APIRouter(prefix="/projects/{project_id}/assets", tags=["assets"])


@router.post(
    "",
    response_model=AssetRead,
    status_code=status.HTTP_201_CREATED,
    responses={413: {"description": "Too large"}, 415: {"description": "Not an image, video or audio file"}},
)
def upload_asset(
    project_id: str,
    file: UploadFile,
    session: SessionDep,
    studio: StudioDep,
    mask_for: Annotated[
        str | None,
        Form(
            max_length=64,
            description=(
                "The image asset this upload is a mask for (white = repaint): it must be the same size, and is kept as a "
                "mask tied to that image's shot and frame."
            ),
        ),
    ] = None,
) -> AssetRead:
    asset = assets.store_upload(
        session,
        studio.storage,
        project_id,
        file.file,
        file.filename or "",
        studio.settings.max_upload_bytes,
        mask_for=mask_for,
    )
    return asset_view(asset)


@router.get("", response_model=list[AssetRead])
def list_assets(project_id: str, session: SessionDep) -> list[AssetRead]:
    get_project(session, project_id)
    rows = session.exec(select(Asset).where(Asset.project_id == project_id).order_by(col(Asset.created_at))).all()
    return [asset_view(a) for a in rows]


@router.delete("/{asset_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_asset(project_id: str, asset_id: str, session: SessionDep, studio: StudioDep) -> Response:
    clip_ids = assets.delete_asset(session, studio.storage, project_id, asset_id)
    if clip_ids:
        publish_timeline(studio.bus, project_id, deleted=clip_ids)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
