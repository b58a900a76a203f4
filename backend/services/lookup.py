"""Fetch rows by id, scoped to their project, or raise a 404 that says what was missing."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session, SQLModel

from backend.db.tables import Project
from backend.errors import NotFound

Row = TypeVar("Row", bound=SQLModel)


def get_project(session: Session, project_id: str) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound(f"project {project_id!r} does not exist")
    return project


def get_in_project(session: Session, table: type[Row], project_id: str, row_id: str) -> Row:
    row = session.get(table, row_id)
    if row is None or getattr(row, "project_id", None) != project_id:
        raise NotFound(f"{table.__name__.lower()} {row_id!r} does not exist in project {project_id!r}")
    return row
