"""Event ids commit in increasing order when several publishers (processes, each with its own engine and bus) write
into one database, so a reader tailing ``id > last`` never skips one (``EventBus.publish``; docs/postgresql.md).

PostgreSQL draws a serial id at INSERT time but shows the row only at COMMIT: without the advisory lock that
``publish`` takes, a publisher holding id N could commit after another's N+1, and a reader that already moved past
N+1 would never see N. The test holds publisher A's transaction open between its INSERT and its COMMIT and makes
B publish meanwhile.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import event

from backend.db.engine import make_engine
from backend.db.migrate import upgrade_database
from backend.events.bus import EventBus, PublishedEvent


def _url(database_url: str | None, tmp_path: Path) -> str:
    if database_url is None:
        url = f"sqlite:///{tmp_path / 'events.db'}"
        upgrade_database(url)
        return url
    return database_url


class Tail:
    """A reader like an SSE stream of another process: ``read()`` returns what committed after the last id seen."""

    def __init__(self, bus: EventBus) -> None:
        self.bus = bus
        self.last = 0
        self.seen: list[PublishedEvent] = []

    def read(self) -> list[PublishedEvent]:
        new = self.bus.replay(self.last)
        if new:
            self.last = new[-1].id
        self.seen += new
        return new


def test_a_publisher_that_commits_later_is_not_skipped(database_url: str | None, tmp_path: Path) -> None:
    url = _url(database_url, tmp_path)
    engines = [make_engine(url) for _ in range(3)]
    bus_a, bus_b, reader = (EventBus(engine, 1000) for engine in engines)
    inserted, release = threading.Event(), threading.Event()

    @event.listens_for(engines[0], "after_cursor_execute")
    def hold_open(_conn, _cursor, statement: str, *_args: object) -> None:  # noqa: ANN001 - DBAPI objects
        if statement.lstrip().upper().startswith("INSERT INTO EVENT") and not release.is_set():
            inserted.set()
            release.wait(20)  # A has its id; its transaction stays open until the test lets it commit

    try:
        tail = Tail(reader)
        first = threading.Thread(target=bus_a.publish, args=("first", {}))
        first.start()
        assert inserted.wait(20)
        second = threading.Thread(target=bus_b.publish, args=("second", {}))
        second.start()
        time.sleep(0.5)  # B publishes while A's transaction is open
        early = tail.read()
        release.set()
        first.join(30)
        second.join(30)
        tail.read()
        assert early == [], "an event became visible while an earlier id was still uncommitted"
        assert [e.type for e in tail.seen] == ["first", "second"]
        assert tail.seen[0].id < tail.seen[1].id
    finally:
        release.set()
        for engine in engines:
            engine.dispose()


def test_many_publishers_never_leave_a_tailing_reader_behind(database_url: str | None, tmp_path: Path) -> None:
    url = _url(database_url, tmp_path)
    publishers, each = 4, 60
    engines = [make_engine(url) for _ in range(publishers + 1)]
    buses = [EventBus(engine, 100_000) for engine in engines]
    tail = Tail(buses[-1])
    done = threading.Event()

    def publish(bus: EventBus, n: int) -> None:
        for i in range(each):
            bus.publish("step", {"publisher": n, "i": i})

    def follow() -> None:
        while not done.is_set():
            tail.read()
        tail.read()

    try:
        reader = threading.Thread(target=follow)
        reader.start()
        threads = [threading.Thread(target=publish, args=(bus, n)) for n, bus in enumerate(buses[:-1])]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        done.set()
        reader.join(30)
        ids = [e.id for e in tail.seen]
        assert ids == sorted(set(ids))
        assert len(ids) == publishers * each  # nothing skipped by the reader that followed along
        for n in range(publishers):  # and each publisher's own events in the order it published them
            assert [e.data["i"] for e in tail.seen if e.data["publisher"] == n] == list(range(each))
    finally:
        for engine in engines:
            engine.dispose()
