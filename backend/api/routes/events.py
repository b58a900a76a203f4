"""Server-sent events: the live stream of job and shot changes, with replay after a reconnect."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import APIRouter, Header, Query
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.background import BackgroundTask

from backend.api.deps import StudioDep
from backend.errors import Unavailable

router = APIRouter(tags=["events"])


@router.get(
    "/events",
    response_class=EventSourceResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "An SSE stream"},
        503: {"description": "MILIMO_MAX_SSE_CLIENTS clients are connected already"},
    },
)
async def events(
    studio: StudioDep,
    project_id: str | None = Query(None, max_length=64, description="Only this project's events."),
    last_event_id: str | None = Header(None, description="Replay everything after this id (set by EventSource)."),
    since: int | None = Query(None, ge=0, description="Same as Last-Event-ID, for clients that cannot set headers."),
) -> EventSourceResponse:
    limit = studio.settings.max_sse_clients
    admission = studio.bus.admit(limit)
    if admission is None:
        raise Unavailable(
            f"too many live event streams: {limit} clients are connected (MILIMO_MAX_SSE_CLIENTS); "
            "close other tabs or clients, then reconnect"
        )
    after = since
    if last_event_id is not None and last_event_id.strip().isdigit():
        after = int(last_event_id.strip())

    async def stream() -> AsyncIterator[ServerSentEvent]:
        try:
            yield ServerSentEvent(comment="connected", retry=2000)
            async for event in studio.bus.subscribe(after, project_id):
                yield ServerSentEvent(id=str(event.id), event=event.type, data=event.json)
        finally:
            admission.release()

    # The background task gives the place back too when the stream never started (the client left at once).
    return EventSourceResponse(
        stream(), ping=int(studio.settings.sse_heartbeat_s), background=BackgroundTask(admission.release)
    )
