"""Project media files, served from inside the project's folder only (with HTTP Range for video seeking)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

from backend.api.deps import StudioDep
from backend.errors import NotFound

router = APIRouter(tags=["media"])


@router.get("/projects/{project_id}/{folder}/{file_path:path}", response_class=FileResponse)
def media(
    project_id: str,
    folder: Literal["generated", "thumbnails", "assets", "workspace"],
    file_path: str,
    studio: StudioDep,
    download: bool = Query(False, description="Send as an attachment (the browser saves it rather than plays it)."),
) -> FileResponse:
    path = studio.storage.resolve_media_path(project_id, f"{folder}/{file_path}")
    if not path.is_file() or path.name.startswith("."):
        raise NotFound(f"no file {folder}/{file_path} in project {project_id}")
    if download:
        return FileResponse(
            path,
            filename=path.name,
            content_disposition_type="attachment",
            headers={"Cache-Control": "private, max-age=3600"},
        )
    return FileResponse(path, headers={"Cache-Control": "private, max-age=3600"})
