"""Media analysis for the editor: filmstrip sprites and waveform peaks (decoded in the threadpool: sync routes)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from backend.api.deps import SessionDep, StudioDep
from backend.schemas.analysis import PeaksRead
from backend.services import analysis

router = APIRouter(prefix="/projects/{project_id}/analysis", tags=["analysis"])

MediaPath = Annotated[
    str, Query(min_length=1, max_length=1000, description="A project media path, as in its URL: `generated/abc.mp4`.")
]
_ERRORS = {404: {"description": "No such file in the project"}, 422: {"description": "No video / no audio stream"}}


@router.get(
    "/filmstrip",
    response_class=Response,
    responses={
        200: {"content": {"image/jpeg": {}}, "description": "count frames side by side, each height px high"},
        **_ERRORS,
    },
)
def filmstrip(
    project_id: str,
    path: MediaPath,
    session: SessionDep,
    studio: StudioDep,
    count: Annotated[int, Query(ge=1, le=64, description="Frames, evenly spaced over the clip.")] = 10,
    height: Annotated[int, Query(ge=16, le=256, description="Pixels; the width follows the aspect ratio.")] = 64,
) -> Response:
    data = analysis.filmstrip(session, studio.storage, project_id, path, count, height)
    return Response(data, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=3600"})


@router.get("/peaks", response_model=PeaksRead, responses=_ERRORS)
def peaks(
    project_id: str,
    path: MediaPath,
    session: SessionDep,
    studio: StudioDep,
    per_second: Annotated[int, Query(ge=1, le=1000, description="Peaks per second of audio.")] = 100,
) -> PeaksRead:
    return analysis.peaks(session, studio.storage, project_id, path, per_second)
