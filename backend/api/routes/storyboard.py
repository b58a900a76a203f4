"""Screenplay import."""

from __future__ import annotations

from fastapi import APIRouter

from backend.api.deps import SessionDep, StudioDep
from backend.events.studio import publish_timeline
from backend.schemas.storyboard import BreakdownRequest, CommitResponse, ParseRequest, ParseResponse, Storyboard
from backend.services import director_breakdown as director_breakdowns
from backend.services import storyboard
from backend.services.lookup import get_project
from backend.services.timeline import clip_views

router = APIRouter(prefix="/projects/{project_id}/storyboard", tags=["storyboard"])


@router.post("/parse", response_model=ParseResponse, responses={422: {"description": "Unreadable script"}})
def parse(project_id: str, body: ParseRequest, session: SessionDep) -> ParseResponse:
    """Propose scenes, shots and elements from a script, without saving anything."""
    get_project(session, project_id)
    return storyboard.parse_script(body)


@router.post(
    "/breakdown",
    response_model=ParseResponse,
    responses={
        422: {"description": "Unreadable script, or the director's answers did not keep the script (nothing saved)"},
        503: {"description": "The GPU is busy with a job"},
    },
)
def director_breakdown(
    project_id: str, body: BreakdownRequest, session: SessionDep, studio: StudioDep
) -> ParseResponse:
    """The director's breakdown of the script (or of one scene, or of a free-form treatment), in the parse's shape,
    without saving anything; without a director model, the rule-based breakdown, saying so."""
    project = get_project(session, project_id)
    seed = body.seed if body.seed is not None else project.seed
    return director_breakdowns.breakdown(studio.models, studio.settings, body, seed)


@router.post("/commit", response_model=CommitResponse)
def commit(project_id: str, body: Storyboard, session: SessionDep, studio: StudioDep) -> CommitResponse:
    """Save the (adjusted) proposal in one transaction: all of it or nothing. New shots get clips at the end of the
    main video track (announced as ``timeline.changed``)."""
    result, clips = storyboard.commit_storyboard(session, project_id, body)
    session.commit()
    if clips:
        publish_timeline(studio.bus, project_id, clip_views(session, get_project(session, project_id), clips))
    return result
