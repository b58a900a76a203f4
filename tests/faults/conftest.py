"""Crash tests: the real server (uvicorn in its own process) is SIGKILLed in the middle of an operation, restarted
on the same data folder, and what it left is checked: an intact database, no half-written row or file, jobs terminal
or resumable (issue 16, "Faults lose nothing"). Each runs on SQLite and on PostgreSQL (the ``database`` fixture)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import NullPool, create_engine, inspect, text

from backend.db.engine import is_sqlite
from backend.testing.server_process import ApiServer
from tests.api.conftest import seed_test_models

MEDIA_FOLDERS = ("generated", "thumbnails", "assets", "workspace")


@pytest.fixture
def data(tmp_path: Path, tiny_models_root: Path) -> Path:
    folder = tmp_path / "data"
    seed_test_models(folder, tiny_models_root)
    return folder


@pytest.fixture
def database(data: Path, database_url: str | None) -> str:
    """The URL of the database the servers of a test use: the data folder's SQLite file, or a PostgreSQL database
    of its own (``database_url`` runs each crash test on both, tests/conftest.py)."""
    return database_url or f"sqlite:///{data / 'milimovideo.db'}"


def server_env(database: str, **env: str) -> dict[str, str]:
    """The environment of a test's server processes: ``MILIMO_DATABASE_URL`` for PostgreSQL, plus ``env``."""
    return {**env, **({} if is_sqlite(database) else {"MILIMO_DATABASE_URL": database})}


@pytest.fixture
def server(data: Path, database: str) -> Iterator[ApiServer]:
    process = ApiServer(data, env=server_env(database, MILIMO_LOG_LEVEL="WARNING"))
    process.start()
    try:
        yield process
    finally:
        process.stop()


def rows(database: str, sql: str, **params: object) -> list[tuple]:
    """Rows of a query (named ``:params``) on a fresh connection, as another process would see the database."""
    engine = create_engine(database, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def count(database: str, sql: str, **params: object) -> int:
    return int(rows(database, sql, **params)[0][0])


def orphans(database: str) -> list[str]:
    """Every foreign key whose value names no row, as ``table.column -> target (n rows)``: what a half-committed
    write could leave. Read from the schema itself, so a table added later is checked too."""
    engine = create_engine(database, poolclass=NullPool)
    found = []
    try:
        inspector = inspect(engine)
        with engine.connect() as connection:
            for table in inspector.get_table_names():
                for key in inspector.get_foreign_keys(table):
                    (column,), (target,) = key["constrained_columns"], key["referred_columns"]
                    parent = key["referred_table"]
                    sql = (
                        f'SELECT count(*) FROM "{table}" c WHERE c."{column}" IS NOT NULL AND NOT EXISTS '
                        f'(SELECT 1 FROM "{parent}" p WHERE p."{target}" = c."{column}")'
                    )
                    if n := connection.execute(text(sql)).scalar_one():
                        found.append(f"{table}.{column} -> {parent}.{target} ({n} rows)")
    finally:
        engine.dispose()
    return found


def assert_intact(database: str) -> None:
    """No orphan rows on either database; on SQLite also the file's own page-level integrity check (PostgreSQL's
    write-ahead log makes a killed client unable to tear a page; its foreign keys are checked all the same)."""
    if is_sqlite(database):
        assert rows(database, "PRAGMA integrity_check") == [("ok",)]
        assert rows(database, "PRAGMA foreign_key_check") == []
    assert orphans(database) == []


def hidden_temporaries(data: Path) -> list[Path]:
    """Partial files of atomic writes (``.name.xxx.tmp.ext``) anywhere under the projects' media folders."""
    found = []
    for project in (data / "projects").glob("*"):
        for folder in MEDIA_FOLDERS:
            found += [p for p in (project / folder).rglob(".*") if p.is_file() and ".tmp" in p.name]
    return found


def project_folders(data: Path) -> set[str]:
    return {p.name for p in (data / "projects").glob("*") if p.is_dir()}


def new_project(url: str, **fields: object) -> str:
    response = httpx.post(f"{url}/projects", json={"name": "Crash", "width": 64, "height": 64, **fields})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def kill_midway(server: ApiServer, send, measured_s: float) -> None:  # noqa: ANN001 - a zero-argument callable
    """Start ``send`` (one request) in a thread and SIGKILL the server half-way through the time that request took
    when measured on the same server; assert the request got no answer (it was cut off, not finished)."""
    import threading
    import time

    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(send())
        except httpx.HTTPError as error:
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    time.sleep(measured_s / 2)
    server.kill()
    thread.join(30)
    assert outcome and isinstance(outcome[0], httpx.HTTPError), f"the request finished before the kill: {outcome}"
