"""Keep ``index`` dense (0..n-1) for ordered children of a project (scenes, shots)."""

from __future__ import annotations

from sqlmodel import Session, SQLModel, col, select


def place(session: Session, table: type[SQLModel], project_id: str, row: SQLModel, index: int | None) -> None:
    """Put ``row`` at ``index`` (end when None) and renumber its siblings."""
    siblings = [
        r
        for r in session.exec(
            select(table).where(table.project_id == project_id).order_by(col(table.index))  # type: ignore[attr-defined]
        ).all()
        if r.id != row.id  # type: ignore[attr-defined]
    ]
    position = len(siblings) if index is None else min(index, len(siblings))
    siblings.insert(position, row)
    for i, sibling in enumerate(siblings):
        if sibling.index != i:  # type: ignore[attr-defined]
            sibling.index = i  # type: ignore[attr-defined]
            session.add(sibling)


def renumber(session: Session, table: type[SQLModel], project_id: str) -> None:
    """Close the gap a removal left."""
    rows = session.exec(
        select(table).where(table.project_id == project_id).order_by(col(table.index))  # type: ignore[attr-defined]
    ).all()
    for i, row in enumerate(rows):
        if row.index != i:  # type: ignore[attr-defined]
            row.index = i  # type: ignore[attr-defined]
            session.add(row)
