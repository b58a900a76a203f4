"""Assets: uploaded images, video and audio, stored under server-chosen names in the project's ``assets/``."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import BinaryIO

from sqlmodel import Session

from backend.db.tables import Asset
from backend.errors import InvalidInput, TooLarge, UnsupportedMedia
from backend.media.uploads import NotMedia, inspect_upload
from backend.services.lookup import get_in_project, get_project
from backend.services.timeline import clip_ids_of
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
    session: Session,
    storage: ProjectStorage,
    project_id: str,
    source: BinaryIO,
    original_name: str,
    max_bytes: int,
    mask_for: str | None = None,
) -> Asset:
    """Store an upload; with ``mask_for`` (an image asset's id) it is a mask drawn on that image: it must be an
    image of the same size, and it inherits the image's shot and frame."""
    get_project(session, project_id)
    target_image = get_in_project(session, Asset, project_id, mask_for) if mask_for else None
    if target_image is not None and target_image.kind != "image":
        raise InvalidInput(f"mask_for must name an image; asset {mask_for} is {target_image.kind}")
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
        if target_image is not None and (info.kind, info.width, info.height) != (
            "image",
            target_image.width,
            target_image.height,
        ):
            raise InvalidInput(
                f"a mask for asset {target_image.id} must be a {target_image.width}x{target_image.height} image; "
                f"this is a {info.width}x{info.height} {info.kind}"
            )
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
        has_audio=info.has_audio,
    )
    if target_image is not None:
        asset.origin = "mask"
        asset.source_shot_id, asset.source_frame = target_image.source_shot_id, target_image.source_frame
    session.add(asset)
    session.flush()
    return asset


def delete_asset(session: Session, storage: ProjectStorage, project_id: str, asset_id: str) -> list[str]:
    """Delete the asset and its file (its clips go with it); returns the ids of those clips."""
    asset = get_in_project(session, Asset, project_id, asset_id)
    clip_ids = clip_ids_of(session, asset_id=asset.id)
    path = storage.absolute(project_id, asset.path)
    session.delete(asset)
    session.commit()  # the row goes first: a failed commit must not leave a row whose file is gone
    path.unlink(missing_ok=True)
    return clip_ids
