"""SIGKILL during an archive import (POST /projects/import-archive), while its media is being copied: after the
restart there is no new project row and no folder of one (before the fix the half-copied folder stayed on disk)."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from backend.testing.server_process import ApiServer
from tests.faults.conftest import assert_intact, count, new_project, project_folders

pytestmark = pytest.mark.slow  # real servers, killed and restarted

FILES, SIZE = 1500, 64 * 1024  # ~96 MB of media: copying it takes long enough to be cut in the middle


def big_archive(url: str, project_id: str) -> bytes:
    exported = httpx.get(f"{url}/projects/{project_id}/archive", timeout=60)
    assert exported.status_code == 200, exported.text
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(exported.content)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        payload = bytes(range(256)) * (SIZE // 256)
        for n in range(FILES):
            target.writestr(f"media/assets/extra_{n:04d}.bin", payload, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def test_killed_during_an_archive_import(server: ApiServer, data: Path, database: str) -> None:
    source = new_project(server.url)
    body = big_archive(server.url, source)
    before = project_folders(data)
    answer: list[object] = []

    def send() -> None:
        try:
            answer.append(
                httpx.post(
                    f"{server.url}/projects/import-archive",
                    files={"file": ("p.zip", body, "application/zip")},
                    timeout=120,
                )
            )
        except httpx.HTTPError as error:
            answer.append(error)

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    copying: set[str] = set()
    while time.monotonic() < deadline and not copying:  # the new project's folder has some of the media
        copying = {
            p for p in project_folders(data) - before if len(list((data / "projects" / p / "assets").glob("*"))) > 50
        }
        time.sleep(0.005)
    assert copying, "never saw the import copying its media"
    server.kill()
    thread.join(30)
    assert answer and isinstance(answer[0], httpx.HTTPError), f"the import finished before the kill: {answer}"
    assert_intact(database)
    (orphan,) = copying
    assert count(database, "SELECT count(*) FROM project") == 1  # the import's rows never committed
    half = list((data / "projects" / orphan / "assets").glob("*"))
    assert 50 < len(half) < FILES + 1  # what the kill left: a half-copied folder no row points to

    server.start()
    assert_intact(database)
    assert project_folders(data) == before  # swept on start
    assert not list((data / "tmp").glob("import-*"))  # and the spooled upload too
    # The same import goes through whole afterwards, and its folder is not swept by the next start.
    done = httpx.post(
        f"{server.url}/projects/import-archive", files={"file": ("p.zip", body, "application/zip")}, timeout=120
    )
    assert done.status_code == 201, done.text
    imported = done.json()["id"]
    server.stop()
    server.start()
    assert len(list((data / "projects" / imported / "assets").glob("extra_*"))) == FILES
    assert not (data / "projects" / imported / ".importing").exists()
