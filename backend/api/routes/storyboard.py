"""Screenplay import."""

from __future__ import annotations

from fastapi import APIRouter

from backend.api.deps import SessionDep, StudioDep
from backend.events.studio import publish_timeline
from backend.schemas.storyboard import CommitResponse, ParseRequest, ParseResponse, Storyboard
from backend.services import storyboard
from backend.services.lookup import get_project
from backend.services.timeline import clip_views

router = APIRouter(prefix="/projects/{project_id}/storyboard", tags=["storyboard"])


@router.post("/parse", response_model=ParseResponse, responses={422: {"description": "Unreadable script"}})
def parse(project_id: str, body: ParseRequest, session: SessionDep) -> ParseResponse:
    """Propose scenes, shots and elements from a script, without saving anything."""
    get_project(session, project_id)
    return storyboard.parse_script(body)


@router.post("/commit", response_model=CommitResponse)
def commit(project_id: str, body: Storyboard, session: SessionDep, studio: StudioDep) -> CommitResponse:
    """Save the (adjusted) proposal in one transaction: all of it or nothing. New shots get clips at the end of the
    main video track (announced as ``timeline.changed``)."""
    result, clips = storyboard.commit_storyboard(session, project_id, body)
    session.commit()
    if clips:
        publish_timeline(studio.bus, project_id, clip_views(session, get_project(session, project_id), clips))
    return result
