"""Projects: create, list, read the whole state, update, delete."""

from __future__ import annotations

import shutil

from sqlalchemy import func
from sqlmodel import Session, col, select

from backend.db.tables import Asset, Element, Project, Scene, Shot, ShotMask
from backend.schemas.project import ProjectCreate, ProjectState, ProjectSummary, ProjectUpdate
from backend.schemas.views import asset_view, element_view, scene_view, shot_mask_view, shot_view
from backend.services.lookup import get_project
from backend.services.timeline import create_default_tracks, timeline_state
from backend.services.versioning import apply_update
from backend.storage.paths import ProjectStorage, media_url


def create_project(session: Session, storage: ProjectStorage, body: ProjectCreate) -> Project:
    project = Project(**body.model_dump())
    session.add(project)
    session.flush()
    create_default_tracks(session, project.id)
    storage.ensure_project(project.id)
    return project


def summary(session: Session, project: Project) -> ProjectSummary:
    shot_count = session.exec(select(func.count()).where(Shot.project_id == project.id)).one()
    first_thumb = session.exec(
        select(Shot.thumbnail_path)
        .where(Shot.project_id == project.id, col(Shot.thumbnail_path).is_not(None))
        .order_by(col(Shot.index))
        .limit(1)
    ).first()
    return ProjectSummary(
        **project.model_dump(), shot_count=shot_count, thumbnail_url=media_url(project.id, first_thumb)
    )


def list_projects(session: Session) -> list[ProjectSummary]:
    projects = session.exec(select(Project).order_by(col(Project.updated_at).desc())).all()
    return [summary(session, p) for p in projects]


def project_state(session: Session, project_id: str) -> ProjectState:
    project = get_project(session, project_id)

    def rows(table, order):  # noqa: ANN001, ANN202 - tiny local helper
        return session.exec(select(table).where(table.project_id == project_id).order_by(order)).all()

    shots = rows(Shot, col(Shot.index))
    assets = rows(Asset, col(Asset.created_at))
    # Every clip's source is one of these: read once, not again for the clips.
    tracks, clips = timeline_state(session, project, {row.id: row for row in [*shots, *assets]})
    return ProjectState(
        **summary(session, project).model_dump(),
        tracks=tracks,
        clips=clips,
        scenes=[scene_view(s) for s in rows(Scene, col(Scene.index))],
        shots=[shot_view(s) for s in shots],
        elements=[element_view(e) for e in rows(Element, col(Element.name))],
        assets=[asset_view(a) for a in assets],
        masks=[shot_mask_view(m) for m in rows(ShotMask, col(ShotMask.created_at))],
    )


def update_project(session: Session, project_id: str, body: ProjectUpdate) -> Project:
    project = get_project(session, project_id)
    return apply_update(session, project, body, lambda p: summary(session, p))


def delete_project(session: Session, storage: ProjectStorage, project_id: str) -> None:
    project = get_project(session, project_id)
    session.delete(project)  # scenes, shots, elements, assets and jobs go with it (ON DELETE CASCADE)
    session.commit()  # the rows go first: a failed commit must not leave rows whose files are gone
    shutil.rmtree(storage.project_dir(project_id), ignore_errors=True)
