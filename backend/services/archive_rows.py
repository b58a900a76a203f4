"""A project's rows ↔ JSON for archives: which tables, in which order, and how ids are remapped on import."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, SQLModel, select

from backend.db.tables import Asset, Clip, ContinueChain, Element, Project, Scene, Shot, ShotMask, Track, new_id

# Insert order (foreign keys point backwards). Jobs and events are history, not content: left out.
TABLES: dict[str, type[SQLModel]] = {
    "project": Project,
    "scenes": Scene,
    "shots": Shot,
    "assets": Asset,
    "elements": Element,
    "tracks": Track,
    "clips": Clip,
    "masks": ShotMask,
    "continue_chains": ContinueChain,
}
# Columns that name a job (not archived): cleared on import.
JOB_COLUMNS = ("last_job_id", "job_id")
PATH_COLUMNS = ("video_path", "thumbnail_path", "image_path", "path", "data_path", "preview_path")


def dump_rows(session: Session, project: Project) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {"project": [project.model_dump(mode="json")]}
    for name, table in TABLES.items():
        if table is not Project:
            rows = session.exec(select(table).where(table.project_id == project.id)).all()  # type: ignore[attr-defined]
            out[name] = [row.model_dump(mode="json") for row in rows]
    return out


def _rewrite(value: Any, ids: dict[str, str]) -> Any:
    """Every string equal to an old id (a column, or inside JSON: conditioning, takes, chain plans) → its new id."""
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        return [_rewrite(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _rewrite(v, ids) for k, v in value.items()}
    return value


def remap(tables: dict[str, list[dict[str, Any]]]) -> tuple[dict[str, list[dict[str, Any]]], dict[str, str]]:
    """Fresh ids for every row, references rewritten; job references cleared. Returns (rows, old id → new id)."""
    ids: dict[str, str] = {}
    for rows in tables.values():
        for row in rows:
            ids[str(row["id"])] = new_id()
    out: dict[str, list[dict[str, Any]]] = {}
    for name, rows in tables.items():
        out[name] = []
        for row in rows:
            fresh = _rewrite(row, ids)
            for column in JOB_COLUMNS:
                if column in fresh:
                    fresh[column] = None
            out[name].append(fresh)
    return out, ids


def to_row(table: type[SQLModel], data: dict[str, Any]) -> SQLModel:
    """Validated (types, datetimes); unknown keys dropped so a later 1.x archive with extra columns still reads."""
    known = {k: v for k, v in data.items() if k in table.model_fields}
    return table.model_validate(known)
