"""Projects."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from backend.api.deps import ReadLaneDep, SessionDep, StudioDep, read_in_lane
from backend.schemas.project import ProjectCreate, ProjectState, ProjectSummary, ProjectUpdate
from backend.services import projects

router = APIRouter(prefix="/projects", tags=["projects"])


@router.get("", response_model=list[ProjectSummary])
def list_projects(session: SessionDep) -> list[ProjectSummary]:
    return projects.list_projects(session)


@router.post("", response_model=ProjectState, status_code=status.HTTP_201_CREATED)
def create_project(body: ProjectCreate, session: SessionDep, studio: StudioDep) -> ProjectState:
    project = projects.create_project(session, studio.storage, body)
    return projects.project_state(session, project.id)


@router.get("/{project_id}", response_model=ProjectState)
async def get_project(project_id: str, studio: StudioDep, lane: ReadLaneDep) -> Response:
    """The whole project (shots, clips, tracks, media): to follow the timeline after this, read
    ``GET /projects/{id}/timeline/changes``."""
    return await read_in_lane(lane, studio, projects.project_state, project_id)


@router.patch("/{project_id}", response_model=ProjectState, responses={409: {"description": "Stale version"}})
def update_project(project_id: str, body: ProjectUpdate, session: SessionDep) -> ProjectState:
    projects.update_project(session, project_id, body)
    return projects.project_state(session, project_id)


@router.delete("/{project_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_project(project_id: str, session: SessionDep, studio: StudioDep) -> Response:
    projects.delete_project(session, studio.storage, project_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
