"""Assets: uploaded images, video and audio, stored under server-chosen names in the project's ``assets/``."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import BinaryIO

from sqlmodel import Session

from backend.db.tables import Asset
from backend.media.uploads import NotMedia, inspect_upload
from backend.services.errors import InvalidInput, TooLarge, UnsupportedMedia
from backend.services.lookup import get_in_project, get_project
from backend.storage.paths import ProjectStorage

_CHUNK = 1024 * 1024


def _receive(source: BinaryIO, target: Path, max_bytes: int) -> int:
    """Copy the upload to disk, stopping as soon as it is over the limit (never buffer it whole in memory)."""
    size = 0
    with target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise TooLarge(f"the file is larger than the {max_bytes // (1024 * 1024)} MiB upload limit")
            out.write(chunk)
    return size


def store_upload(
    session: Session, storage: ProjectStorage, project_id: str, source: BinaryIO, original_name: str, max_bytes: int
) -> Asset:
    get_project(session, project_id)
    folder = storage.folder(project_id, "assets")
    asset_id = uuid.uuid4().hex
    partial = folder / f".upload-{asset_id}.part"
    try:
        size = _receive(source, partial, max_bytes)
        if size == 0:
            raise InvalidInput("the uploaded file is empty")
        try:
            info = inspect_upload(partial)
        except NotMedia as error:
            raise UnsupportedMedia(str(error)) from None
        relative = f"assets/{asset_id}.{info.extension}"
        partial.replace(storage.absolute(project_id, relative))
    finally:
        partial.unlink(missing_ok=True)
    asset = Asset(
        id=asset_id,
        project_id=project_id,
        kind=info.kind,
        path=relative,
        original_name=Path(original_name or "").name[:255],
        mime_type=info.mime_type,
        size_bytes=size,
        width=info.width,
        height=info.height,
        duration_s=info.duration_s,
    )
    session.add(asset)
    session.flush()
    return asset


def delete_asset(session: Session, storage: ProjectStorage, project_id: str, asset_id: str) -> None:
    asset = get_in_project(session, Asset, project_id, asset_id)
    path = storage.absolute(project_id, asset.path)
    session.delete(asset)
    session.commit()  # the row goes first: a failed commit must not leave a row whose file is gone
    path.unlink(missing_ok=True)
