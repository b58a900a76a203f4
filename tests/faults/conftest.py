"""Crash tests: the real server (uvicorn in its own process) is SIGKILLed in the middle of an operation, restarted
on the same data folder, and what it left is checked: an intact database, no half-written row or file, jobs terminal
or resumable (issue 16, "Faults lose nothing")."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from backend.testing.server_process import ApiServer
from tests.api.conftest import seed_test_models

MEDIA_FOLDERS = ("generated", "thumbnails", "assets", "workspace")


@pytest.fixture
def data(tmp_path: Path, tiny_models_root: Path) -> Path:
    folder = tmp_path / "data"
    seed_test_models(folder, tiny_models_root)
    return folder


@pytest.fixture
def server(data: Path) -> Iterator[ApiServer]:
    process = ApiServer(data, env={"MILIMO_LOG_LEVEL": "WARNING"})
    process.start()
    try:
        yield process
    finally:
        process.stop()


def db(data: Path) -> sqlite3.Connection:
    return sqlite3.connect(data / "milimovideo.db")


def assert_intact(data: Path) -> None:
    connection = db(data)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()


def count(data: Path, sql: str, *args: object) -> int:
    connection = db(data)
    try:
        return int(connection.execute(sql, args).fetchone()[0])
    finally:
        connection.close()


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
