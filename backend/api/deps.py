"""FastAPI dependencies: the studio's services and a database session per request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from backend.db.engine import session_scope
from backend.studio import Studio


def get_studio(request: Request) -> Studio:
    return request.app.state.studio


def get_session(studio: Annotated[Studio, Depends(get_studio)]) -> Iterator[Session]:
    with session_scope(studio.engine) as session:
        yield session


StudioDep = Annotated[Studio, Depends(get_studio)]
# scope="function": commit before the response is sent, so a client that acts on a 201 at once finds the row.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
