"""Keep ``index`` dense (0..n-1) for ordered children of a project (scenes, shots; tracks of one kind).

``scope`` narrows the siblings further (``kind="video"``: video tracks are ordered apart from audio tracks).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, SQLModel, col, select


def _siblings(table: type[SQLModel], project_id: str, scope: dict[str, Any]):  # noqa: ANN202 - a select
    conditions = [getattr(table, name) == value for name, value in scope.items()]
    query = select(table).where(table.project_id == project_id, *conditions)  # type: ignore[attr-defined]
    return query.order_by(col(table.index))  # type: ignore[attr-defined]


def place(
    session: Session, table: type[SQLModel], project_id: str, row: SQLModel, index: int | None, **scope: Any
) -> list[Any]:
    """Put ``row`` at ``index`` (end when None) and renumber its siblings; returns the siblings whose index moved
    (not ``row``), so the caller can tell other clients."""
    rows = session.exec(_siblings(table, project_id, scope)).all()
    siblings = [r for r in rows if r.id != row.id]  # type: ignore[attr-defined]
    position = len(siblings) if index is None else min(index, len(siblings))
    siblings.insert(position, row)
    moved = []
    for i, sibling in enumerate(siblings):
        if sibling.index != i:  # type: ignore[attr-defined]
            sibling.index = i  # type: ignore[attr-defined]
            session.add(sibling)
            if sibling is not row:
                moved.append(sibling)
    return moved


def renumber(session: Session, table: type[SQLModel], project_id: str, **scope: Any) -> list[Any]:
    """Close the gap a removal left; returns the rows whose index moved."""
    rows = session.exec(_siblings(table, project_id, scope)).all()
    moved = []
    for i, row in enumerate(rows):
        if row.index != i:  # type: ignore[attr-defined]
            row.index = i  # type: ignore[attr-defined]
            session.add(row)
            moved.append(row)
    return moved
