"""Interchange with other editors (OTIO, CMX 3600 EDL, Final Cut Pro XML) and whole-project archives (.zip)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, Response, UploadFile, status
from fastapi.responses import FileResponse

from backend.api.deps import SessionDep, StudioDep
from backend.errors import TooLarge
from backend.events.studio import publish_timeline
from backend.interchange import formats, read
from backend.schemas.interchange import TimelineImportResult
from backend.schemas.project import ProjectSummary
from backend.services import archive, timeline_import
from backend.services.interchange import otio_timeline
from backend.services.lookup import get_project
from backend.services.projects import summary

router = APIRouter(tags=["interchange"])

MAX_OTIO_BYTES = 20 * 1024 * 1024


def _attachment(filename: str) -> str:
    return f'attachment; filename="{filename}"'


@router.get(
    "/projects/{project_id}/export",
    response_class=Response,
    responses={
        200: {
            "description": "The timeline file (attachment)",
            "content": {"application/vnd.opentimelineio+json": {}, "text/plain": {}, "application/xml": {}},
        },
        422: {"description": "The format cannot represent this timeline (e.g. no clips)"},
    },
)
def export_timeline(
    project_id: str,
    session: SessionDep,
    studio: StudioDep,
    format: Annotated[
        formats.ExportFormat,
        Query(
            description=(  # noqa: A002 - the API's word
                "otio: every track; edl: CMX 3600, the lowest video track with clips only (the "
                "X-Milimo-Export-Note header says what was left out); fcpxml: Final Cut Pro 7 XML (xmeml), "
                "every track"
            )
        ),
    ] = "otio",
) -> Response:
    """The project's timeline as a file another editor opens."""
    project = get_project(session, project_id)
    exported = formats.write(otio_timeline(session, studio.storage, project), format)
    headers = {"Content-Disposition": _attachment(exported.filename)}
    if exported.note:
        headers["X-Milimo-Export-Note"] = exported.note.encode("ascii", "replace").decode()
    return Response(exported.content, media_type=exported.media_type, headers=headers)


@router.post(
    "/projects/{project_id}/import",
    response_model=TimelineImportResult,
    responses={
        413: {"description": "File too large"},
        422: {
            "description": "Not an .otio timeline, or clips whose media is not in the project (`missing` lists each)"
        },
    },
)
def import_timeline(project_id: str, file: UploadFile, session: SessionDep, studio: StudioDep) -> TimelineImportResult:
    """Add an .otio timeline's tracks (names kept) and clips to the project, all or nothing, through the same
    validation as ``POST /timeline/edits``."""
    project = get_project(session, project_id)
    data = file.file.read(MAX_OTIO_BYTES + 1)
    if len(data) > MAX_OTIO_BYTES:
        raise TooLarge(f"an .otio file may be at most {MAX_OTIO_BYTES // (1024 * 1024)} MiB")
    imported = read.read_tracks(read.parse(data), project.fps)
    result = timeline_import.import_tracks(session, project_id, imported)
    session.commit()
    publish_timeline(
        studio.bus, project_id, result.edits.clips, [], tracks=[t.model_dump(mode="json") for t in result.edits.tracks]
    )
    return TimelineImportResult(tracks=result.tracks, clips=result.edits.clips)


@router.get(
    "/projects/{project_id}/archive",
    response_class=FileResponse,
    responses={200: {"description": "The project as a .zip", "content": {"application/zip": {}}}},
)
def export_archive(
    project_id: str, session: SessionDep, studio: StudioDep, background: BackgroundTasks
) -> FileResponse:
    """The whole project (rows as JSON, media files) as one .zip, written to disk first then streamed."""
    project = get_project(session, project_id)
    path = archive.write_archive(session, studio.storage, studio.settings.data_dir, project)
    background.add_task(path.unlink, missing_ok=True)
    return FileResponse(path, media_type="application/zip", filename=f"{formats.safe_stem(project.name)}.milimo.zip")


@router.post(
    "/projects/import-archive",
    response_model=ProjectSummary,
    status_code=status.HTTP_201_CREATED,
    responses={
        413: {"description": "Too large"},
        422: {"description": "Not a Milimo archive, a newer format, or an unsafe entry"},
    },
)
def import_archive(file: UploadFile, session: SessionDep, studio: StudioDep) -> ProjectSummary:
    """A new project from an archive made by ``GET /projects/{id}/archive`` (fresh ids, media copied)."""
    project = archive.read_archive(
        session, studio.storage, studio.settings.data_dir, file.file, studio.settings.max_upload_bytes
    )
    answer = summary(session, project)
    session.commit()  # the rows first, then the folder is marked complete (a crash between: recovery keeps it)
    archive.finish_import(studio.storage, project.id)
    return answer
