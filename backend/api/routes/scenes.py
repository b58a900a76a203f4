"""Scenes of a project."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from backend.api.deps import SessionDep
from backend.schemas.project import SceneCreate, SceneRead, SceneUpdate
from backend.schemas.views import scene_view
from backend.services import scenes

router = APIRouter(prefix="/projects/{project_id}/scenes", tags=["scenes"])


@router.post("", response_model=SceneRead, status_code=status.HTTP_201_CREATED)
def create_scene(project_id: str, body: SceneCreate, session: SessionDep) -> SceneRead:
    return scene_view(scenes.create_scene(session, project_id, body))


@router.patch("/{scene_id}", response_model=SceneRead, responses={409: {"description": "Stale version"}})
def update_scene(project_id: str, scene_id: str, body: SceneUpdate, session: SessionDep) -> SceneRead:
    return scene_view(scenes.update_scene(session, project_id, scene_id, body))


@router.delete("/{scene_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_scene(project_id: str, scene_id: str, session: SessionDep) -> Response:
    scenes.delete_scene(session, project_id, scene_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
