"""The timeline: tracks, and the one batch endpoint through which clips change (docs/timeline.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlmodel import Session

from backend.api.deps import ReadLaneDep, SessionDep, StudioDep, read_in_lane
from backend.events.studio import publish_timeline
from backend.schemas.timeline import (
    TimelineChanges,
    TimelineEditResult,
    TimelineEdits,
    TimelineState,
    TrackCreate,
    TrackRead,
    TrackUpdate,
)
from backend.schemas.views import track_view
from backend.services import timeline, tracks
from backend.services.lookup import get_project
from backend.services.timeline_changes import timeline_changes

router = APIRouter(prefix="/projects/{project_id}", tags=["timeline"])

_CONFLICT = {409: {"description": "Stale version: `conflicts` lists each clip as it is now (null: deleted)"}}
_BROKEN = {422: {"description": "A broken invariant (overlap, locked track, wrong kind, source bounds)"}}


def _tracks(session: SessionDep, project_id: str) -> list[dict]:
    return [track_view(t).model_dump(mode="json") for t in timeline.project_tracks(session, project_id)]


def _timeline_state(session: Session, project_id: str) -> TimelineState:
    tracks_, clips = timeline.timeline_state(session, get_project(session, project_id))
    return TimelineState(tracks=tracks_, clips=clips)


@router.get("/timeline", response_model=TimelineState)
async def get_timeline(project_id: str, studio: StudioDep, lane: ReadLaneDep) -> Response:
    """Tracks and clips only (the same as in ``GET /projects/{id}``)."""
    return await read_in_lane(lane, studio, _timeline_state, project_id)


@router.get("/timeline/changes", response_model=TimelineChanges)
def get_timeline_changes(
    project_id: str,
    session: SessionDep,
    studio: StudioDep,
    since: Annotated[int, Query(ge=0, le=2**62, description="The `cursor` of the last answer (0: everything).")] = 0,
) -> TimelineChanges:
    """What changed since event id `since`: the clips created or changed (as they are now), the ids deleted, and the
    tracks; `full` when the answer is the whole timeline (since 0, or older than the kept event history)."""
    return timeline_changes(session, studio.bus, project_id, since)


@router.post("/timeline/edits", response_model=TimelineEditResult, responses={**_CONFLICT, **_BROKEN})
def edit_timeline(project_id: str, body: TimelineEdits, session: SessionDep, studio: StudioDep) -> TimelineEditResult:
    """Apply a batch of clip changes atomically: all of them, or none (409 for stale versions, 422 for a broken
    invariant, 404 for a track/shot/asset not in the project)."""
    result = timeline.apply_edits(session, project_id, body)
    session.commit()
    publish_timeline(studio.bus, project_id, result.clips, result.deleted)
    return result


@router.post(
    "/tracks",
    response_model=TrackRead,
    status_code=status.HTTP_201_CREATED,
    responses={
        409: {
            "description": "The chosen `id` is taken: `conflicts` lists it (current: the track, "
            "or null when another project's)"
        }
    },
)
def create_track(project_id: str, body: TrackCreate, session: SessionDep, studio: StudioDep) -> TrackRead:
    track = tracks.create_track(session, project_id, body)
    session.commit()
    publish_timeline(studio.bus, project_id, tracks=_tracks(session, project_id))
    return track_view(track)


@router.patch("/tracks/{track_id}", response_model=TrackRead, responses={409: {"description": "Stale version"}})
def update_track(
    project_id: str, track_id: str, body: TrackUpdate, session: SessionDep, studio: StudioDep
) -> TrackRead:
    track = tracks.update_track(session, project_id, track_id, body)
    session.commit()
    publish_timeline(studio.bus, project_id, tracks=_tracks(session, project_id))
    return track_view(track)


@router.delete(
    "/tracks/{track_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={409: {"description": "Stale version"}, 422: {"description": "Last of its kind, or locked"}},
)
def delete_track(
    project_id: str,
    track_id: str,
    version: Annotated[int, Query(ge=1, le=2**31)],
    session: SessionDep,
    studio: StudioDep,
) -> Response:
    """Delete a track with its clips (refused for the last track of its kind and for a locked track)."""
    clip_ids = tracks.delete_track(session, project_id, track_id, version)
    session.commit()
    publish_timeline(
        studio.bus, project_id, deleted=clip_ids, tracks=_tracks(session, project_id), deleted_tracks=[track_id]
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
