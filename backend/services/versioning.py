"""Optimistic concurrency for rows the editor changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlmodel import Session, SQLModel

from backend.db.tables import utcnow
from backend.errors import Conflict, InvalidInput

Row = TypeVar("Row", bound=SQLModel)


def apply_update(
    session: Session,
    row: Row,
    update: BaseModel,
    view: Callable[[Row], BaseModel],
    exclude: frozenset[str] = frozenset(),
) -> Row:
    """Apply the fields the client sent (less ``exclude``: request-only fields), if it saw the current version; bump
    the version. 409 otherwise.

    The compare-and-set runs as one ``UPDATE ... WHERE version = :seen`` so that two requests racing on the same row
    cannot both win.
    """
    changes: dict[str, Any] = update.model_dump(exclude_unset=True, exclude={"version", *exclude}, mode="json")
    seen = update.version  # type: ignore[attr-defined]
    table = type(row).__table__  # type: ignore[attr-defined]
    # A null sent for a column that must have a value would otherwise reach the database as a 500.
    refused = sorted(n for n, v in changes.items() if v is None and n in table.c and not table.c[n].nullable)
    if refused:
        raise InvalidInput(f"{', '.join(refused)} cannot be null: send a value, or leave the field out to keep it")
    values = {**changes, "version": table.c.version + 1, "updated_at": utcnow()}
    result = session.execute(
        table.update().where(table.c.id == row.id, table.c.version == seen).values(**values)  # type: ignore[attr-defined]
    )
    session.refresh(row)
    if result.rowcount != 1:
        raise Conflict(
            f"{type(row).__name__.lower()} was changed elsewhere (you edited version {seen}, it is now at version "
            f"{row.version}); reload it and apply your edit again",
            current=view(row).model_dump(mode="json"),
        )
    return row
