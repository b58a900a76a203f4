"""Shots: the unit of generation. New shots take the project's size, fps and seed unless given."""

from __future__ import annotations

from sqlmodel import Session

from backend.api.schemas.project import ShotCreate, ShotUpdate
from backend.db.tables import Scene, Shot
from backend.services.lookup import get_in_project, get_project
from backend.services.ordering import place, renumber
from backend.services.versioning import apply_update
from backend.services.views import shot_view

DEFAULT_NUM_FRAMES = 121


def create_shot(session: Session, project_id: str, body: ShotCreate) -> Shot:
    project = get_project(session, project_id)
    if body.scene_id is not None:
        get_in_project(session, Scene, project_id, body.scene_id)
    fields = body.model_dump(exclude={"index"})
    shot = Shot(
        **{
            **fields,
            "project_id": project_id,
            "width": body.width or project.width,
            "height": body.height or project.height,
            "fps": body.fps or project.fps,
            "seed": body.seed if body.seed is not None else project.seed,
            "num_frames": body.num_frames or DEFAULT_NUM_FRAMES,
        }
    )
    session.add(shot)
    session.flush()
    place(session, Shot, project_id, shot, body.index)
    return shot


def update_shot(session: Session, project_id: str, shot_id: str, body: ShotUpdate) -> Shot:
    shot = get_in_project(session, Shot, project_id, shot_id)
    if body.scene_id is not None:
        get_in_project(session, Scene, project_id, body.scene_id)
    shot = apply_update(session, shot, body, shot_view)
    if "index" in body.model_fields_set and body.index is not None:
        place(session, Shot, project_id, shot, body.index)
    return shot


def delete_shot(session: Session, project_id: str, shot_id: str) -> None:
    shot = get_in_project(session, Shot, project_id, shot_id)
    session.delete(shot)
    session.flush()
    renumber(session, Shot, project_id)
