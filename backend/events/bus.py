"""The event bus: one ordered stream of studio events, persisted for replay and fanned out to SSE clients.

Events are written to the ``event`` table first, so ids increase across restarts and a client reconnecting with
``Last-Event-ID`` gets exactly what it missed (as long as it is within the kept history). Publishing is thread-safe:
the GPU worker publishes from its own thread, subscribers live on the server's event loop. Ids also commit in
increasing order when several processes publish into one PostgreSQL database (docs/postgresql.md), so reading
``id > last`` never skips an event that commits later.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import Engine, delete, func, insert
from sqlmodel import Session, select

from backend.db.tables import Event, utcnow

_PRUNE_EVERY = 200
# The PostgreSQL advisory lock (a cluster-wide number) every publisher takes around its INSERT: "MILIMOEV".
EVENT_ID_LOCK = 0x4D494C494D4F4556


@dataclass(frozen=True)
class PublishedEvent:
    id: int
    type: str
    project_id: str | None
    data: dict[str, Any]

    @cached_property
    def json(self) -> str:
        """``data`` as JSON, encoded once however many clients it is sent to."""
        return json.dumps(self.data)


class _Subscriber:
    def __init__(self, loop: asyncio.AbstractEventLoop, project_id: str | None) -> None:
        self.loop = loop
        self.project_id = project_id
        self.queue: asyncio.Queue[PublishedEvent] = asyncio.Queue()

    def wants(self, event: PublishedEvent) -> bool:
        return self.project_id is None or event.project_id == self.project_id


class Admission:
    """One admitted stream's place under the cap; ``release`` gives it back, once, however often it is called
    (from the stream's end and from the response's background task, whichever runs)."""

    def __init__(self, bus: EventBus) -> None:
        self._bus: EventBus | None = bus

    def release(self) -> None:
        bus, self._bus = self._bus, None
        if bus is not None:
            bus._leave()


class EventBus:
    def __init__(self, engine: Engine, history: int) -> None:
        self._engine = engine
        self._history = history
        # SQLite has one writer at a time, so its ids always commit in order; PostgreSQL needs the advisory lock.
        self._serialise_ids = engine.dialect.name == "postgresql"
        self._lock = threading.Lock()
        self._subscribers: set[_Subscriber] = set()
        self._since_prune = 0
        # Admitted streams, counted from the route (before the stream starts) so that clients connecting at once
        # cannot all pass the cap; its own lock, as ``publish`` holds ``_lock`` over a database write.
        self._admit_lock = threading.Lock()
        self._admitted = 0

    def publish(self, type_: str, data: dict[str, Any], project_id: str | None = None) -> PublishedEvent:
        payload = {"type": type_, "project_id": project_id, **data}
        # The lock keeps "assign id" and "deliver" in one order, so subscribers never see ids go backwards.
        with self._lock:
            # A Core INSERT on a pooled connection: this runs for every progress step, so no ORM session.
            with self._engine.begin() as connection:
                if self._serialise_ids:
                    # Several processes publish (Ray workers, a second API): PostgreSQL hands out sequence values
                    # at INSERT time but they become visible at COMMIT, so without this a later id could commit
                    # first and a reader tailing ``id > last`` would skip the earlier one for good. The lock is
                    # held until this transaction commits, so ids commit in the order they are drawn.
                    connection.execute(select(func.pg_advisory_xact_lock(EVENT_ID_LOCK)))
                result = connection.execute(
                    insert(Event).values(type=type_, project_id=project_id, data=payload, created_at=utcnow())
                )
                event = PublishedEvent(
                    id=result.inserted_primary_key[0], type=type_, project_id=project_id, data=payload
                )
            self._since_prune += 1
            if self._since_prune >= _PRUNE_EVERY:
                self._since_prune = 0
                self._prune()
            for subscriber in list(self._subscribers):
                if subscriber.wants(event):
                    try:
                        subscriber.loop.call_soon_threadsafe(subscriber.queue.put_nowait, event)
                    except RuntimeError:  # its loop closed: the client is gone
                        self._subscribers.discard(subscriber)
        return event

    def _prune(self) -> None:
        with Session(self._engine) as session:
            newest = session.exec(select(func.max(Event.id))).one()
            if newest is not None and newest > self._history:
                session.exec(delete(Event).where(Event.id <= newest - self._history))  # type: ignore[arg-type]
                session.commit()

    def replay(self, after_id: int, project_id: str | None = None, limit: int | None = None) -> list[PublishedEvent]:
        with Session(self._engine) as session:
            query = select(Event).where(Event.id > after_id)  # type: ignore[operator]
            if project_id is not None:
                query = query.where(Event.project_id == project_id)
            query = query.order_by(Event.id).limit(limit or self._history)  # type: ignore[arg-type]
            return [PublishedEvent(e.id, e.type, e.project_id, e.data) for e in session.exec(query)]  # type: ignore[arg-type]

    def last_id(self) -> int:
        with Session(self._engine) as session:
            return session.exec(select(func.max(Event.id))).one() or 0

    def oldest_id(self) -> int | None:
        """The oldest event still kept for replay (None: none kept)."""
        with Session(self._engine) as session:
            return session.exec(select(func.min(Event.id))).one()

    def admit(self, limit: int) -> Admission | None:
        """A place for one more live stream, or None when ``limit`` streams hold one already."""
        with self._admit_lock:
            if self._admitted >= limit:
                return None
            self._admitted += 1
        return Admission(self)

    def _leave(self) -> None:
        with self._admit_lock:
            self._admitted -= 1

    async def subscribe(self, last_event_id: int | None, project_id: str | None) -> AsyncIterator[PublishedEvent]:
        """Events after ``last_event_id`` (replayed from history), then live ones, in id order, without gaps."""
        subscriber = _Subscriber(asyncio.get_running_loop(), project_id)
        with self._lock:
            self._subscribers.add(subscriber)
            # Read the high-water mark under the lock: everything after it will arrive on the queue.
            high_water = self.last_id()
        try:
            sent = last_event_id if last_event_id is not None else high_water
            if last_event_id is not None:
                for event in await asyncio.to_thread(self.replay, last_event_id, project_id):
                    if event.id > high_water:
                        break
                    sent = event.id
                    yield event
            while True:
                event = await subscriber.queue.get()
                if event.id > sent:
                    sent = event.id
                    yield event
        finally:
            with self._lock:
                self._subscribers.discard(subscriber)
