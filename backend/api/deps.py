"""FastAPI dependencies: the studio's services and a database session per request."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any

import anyio
from fastapi import Depends, Request, Response
from pydantic import BaseModel
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


def get_read_lane(request: Request) -> anyio.CapacityLimiter:
    return request.app.state.read_lane


ReadLaneDep = Annotated[anyio.CapacityLimiter, Depends(get_read_lane)]


async def read_in_lane(
    lane: anyio.CapacityLimiter, studio: Studio, read: Callable[..., BaseModel], *args: Any
) -> Response:
    """A whole-project read in its own lane of threads (``MILIMO_WHOLE_READS_AT_ONCE``): at most that many run at
    once, so edits and other requests never queue behind a crowd of big reads in the shared thread pool; the JSON
    is encoded there too, off the event loop that streams the SSE clients."""

    def run() -> bytes:
        with session_scope(studio.engine) as session:
            return read(session, *args).model_dump_json().encode()

    return Response(await anyio.to_thread.run_sync(run, limiter=lane), media_type="application/json")
