"""Project media files, served from inside the project's folder only (with HTTP Range for video seeking)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

from backend.api.deps import StudioDep
from backend.errors import NotFound

router = APIRouter(tags=["media"])

#: What the studio writes and accepts, by the extension it gives files (uploads are named by their checked content).
#: Anything else goes out as an opaque download: a file here is never served as HTML, SVG or script.
MEDIA_TYPES = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".mov": "video/quicktime",
    ".webm": "video/webm",
    ".ogv": "video/ogg",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".wav": "audio/wav",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".flac": "audio/flac",
    ".ogg": "audio/ogg",
    ".json": "application/json",
}
#: Even a media file opened on its own in a tab runs nothing and loads nothing.
_SANDBOX = {"Content-Security-Policy": "default-src 'none'; media-src 'self'; img-src 'self'; sandbox"}


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
    media_type = MEDIA_TYPES.get(path.suffix.lower())
    headers = {"Cache-Control": "private, max-age=3600", **_SANDBOX}
    if download or media_type is None:
        return FileResponse(
            path,
            filename=path.name,
            media_type=media_type or "application/octet-stream",
            content_disposition_type="attachment",
            headers=headers,
        )
    return FileResponse(path, media_type=media_type, headers=headers)
