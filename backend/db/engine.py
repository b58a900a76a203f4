"""Database engines and sessions: the SQLite file by default, or PostgreSQL (``MILIMO_DATABASE_URL``).

SQLite: WAL lets the SSE readers and the API read while the worker writes; ``synchronous=NORMAL`` is durable across
process crashes in WAL mode (only an OS crash can lose the last transactions) and keeps per-step progress writes
cheap. One writer at a time, so claims and event ids are serialised by the file itself.

PostgreSQL (``postgresql+psycopg://…``, docs/postgresql.md): a connection pool sized for the API's worker threads
plus the SSE streams' replays, each connection checked before use (``pool_pre_ping``) so that a database restart
costs a reconnect, not a failed request. Claims and event ids are made safe for many processes in
``backend.services.job_queue.claim_next`` and ``backend.events.bus.EventBus.publish``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, event, make_url
from sqlmodel import Session, create_engine

# Starlette runs sync routes on a 40-thread pool; SSE streams replay on threads too. 20 kept open, 30 more on a burst.
PG_POOL_SIZE = 20
PG_MAX_OVERFLOW = 30


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL (None for any other database, or an in-memory SQLite)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    """The engine for a database URL: ``sqlite:///<file>`` (made with its folder) or ``postgresql+psycopg://…``."""
    if not is_sqlite(url):
        return create_engine(
            url, pool_pre_ping=True, pool_size=PG_POOL_SIZE, max_overflow=PG_MAX_OVERFLOW, pool_timeout=30
        )
    db_file = sqlite_file(url)
    if db_file is not None:
        db_file.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API types
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
