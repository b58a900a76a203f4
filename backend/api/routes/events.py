"""Server-sent events: the live stream of job and shot changes, with replay after a reconnect."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, Header, Query
from sse_starlette import EventSourceResponse, ServerSentEvent

from backend.api.deps import StudioDep

router = APIRouter(tags=["events"])


@router.get(
    "/events",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "An SSE stream"}},
)
async def events(
    studio: StudioDep,
    project_id: str | None = Query(None, max_length=64, description="Only this project's events."),
    last_event_id: str | None = Header(None, description="Replay everything after this id (set by EventSource)."),
    since: int | None = Query(None, ge=0, description="Same as Last-Event-ID, for clients that cannot set headers."),
) -> EventSourceResponse:
    after = since
    if last_event_id is not None and last_event_id.strip().isdigit():
        after = int(last_event_id.strip())

    async def stream() -> AsyncIterator[ServerSentEvent]:
        yield ServerSentEvent(comment="connected", retry=2000)
        async for event in studio.bus.subscribe(after, project_id):
            yield ServerSentEvent(id=str(event.id), event=event.type, data=json.dumps(event.data))

    return EventSourceResponse(stream(), ping=int(studio.settings.sse_heartbeat_s))
