"""Scenes: ordered groups of shots (heading, location, time of day)."""

from __future__ import annotations

from sqlmodel import Session

from backend.db.tables import Scene
from backend.schemas.project import SceneCreate, SceneUpdate
from backend.schemas.views import scene_view
from backend.services.lookup import get_in_project, get_project
from backend.services.ordering import place, renumber
from backend.services.versioning import apply_update


def create_scene(session: Session, project_id: str, body: SceneCreate) -> Scene:
    get_project(session, project_id)
    scene = Scene(**body.model_dump(exclude={"index"}), project_id=project_id)
    session.add(scene)
    session.flush()
    place(session, Scene, project_id, scene, body.index)
    return scene


def update_scene(session: Session, project_id: str, scene_id: str, body: SceneUpdate) -> Scene:
    scene = apply_update(session, get_in_project(session, Scene, project_id, scene_id), body, scene_view)
    if body.index is not None:
        place(session, Scene, project_id, scene, body.index)
    return scene


def delete_scene(session: Session, project_id: str, scene_id: str) -> None:
    session.delete(get_in_project(session, Scene, project_id, scene_id))
    session.flush()
    renumber(session, Scene, project_id)
