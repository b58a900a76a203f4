"""Shots of a project."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response, status

from backend.api.deps import SessionDep, StudioDep
from backend.db.tables import Shot
from backend.events.studio import publish_shot, publish_timeline
from backend.schemas.project import ShotCreate, ShotRead, ShotUpdate
from backend.schemas.quality import QualityOptions
from backend.schemas.views import shot_view
from backend.services import shots
from backend.services.lookup import get_in_project, get_project
from backend.services.quality_options import quality_options
from backend.services.timeline import clip_views
from backend.studio import Studio

router = APIRouter(prefix="/projects/{project_id}/shots", tags=["shots"])
VideoMode = Literal["t2v", "i2v", "keyframes"]


@router.post("", response_model=ShotRead, status_code=status.HTTP_201_CREATED)
def create_shot(project_id: str, body: ShotCreate, session: SessionDep, studio: StudioDep) -> ShotRead:
    """Add a shot; its clip goes at the end of the main video track (announced as ``timeline.changed``)."""
    shot, clip, moved = shots.create_shot(session, project_id, body)
    session.commit()
    publish_timeline(studio.bus, project_id, clip_views(session, get_project(session, project_id), [clip]))
    _announce(studio, moved)
    return shot_view(shot)


@router.get("/{shot_id}", response_model=ShotRead)
def get_shot(project_id: str, shot_id: str, session: SessionDep) -> ShotRead:
    return shot_view(get_in_project(session, Shot, project_id, shot_id))


@router.patch("/{shot_id}", response_model=ShotRead, responses={409: {"description": "Stale version"}})
def update_shot(project_id: str, shot_id: str, body: ShotUpdate, session: SessionDep, studio: StudioDep) -> ShotRead:
    shot, moved, followed = shots.update_shot(session, project_id, shot_id, body)
    session.commit()
    publish_shot(studio.bus, shot)  # other tabs see the edit (and its new version) at once
    if followed:
        publish_timeline(studio.bus, project_id, followed)
    _announce(studio, moved)
    return shot_view(shot)


@router.delete("/{shot_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_shot(project_id: str, shot_id: str, session: SessionDep, studio: StudioDep) -> Response:
    """Delete a shot and its clips."""
    clip_ids, moved = shots.delete_shot(session, project_id, shot_id)
    session.commit()
    if clip_ids:
        publish_timeline(studio.bus, project_id, deleted=clip_ids)
    _announce(studio, moved)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _announce(studio: Studio, renumbered: list[Shot]) -> None:
    """Shots whose place in the list moved (a shot inserted, moved or deleted before them): other tabs re-sort."""
    for shot in renumbered:
        publish_shot(studio.bus, shot)


@router.get("/{shot_id}/quality", response_model=QualityOptions)
def shot_quality_options(
    project_id: str, shot_id: str, session: SessionDep, studio: StudioDep, mode: VideoMode = "t2v"
) -> QualityOptions:
    """The quality presets of the shot as saved, in ``mode``: steps, passes per step, the expected seconds on this
    machine (from the jobs measured here; null before any) and, for one that cannot run, why."""
    return quality_options(session, project_id, shot_id, studio.loras, mode)
