"""``milimo backup`` while the real server runs and writes, ``milimo restore`` into a fresh data folder, compared."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from alembic.script import ScriptDirectory
from PIL import Image

from backend.config import REPO_ROOT
from backend.db.migrate import alembic_config
from backend.testing.server_process import ApiServer, wait_for_job
from tests.api.conftest import seed_test_models


def head_revision() -> str:
    """The newest migration: a backup records the schema it was taken at."""
    return ScriptDirectory.from_config(alembic_config("sqlite:///unused.db")).get_current_head()


TABLES = ("project", "scene", "shot", "element", "asset", "track", "clip", "job")


def milimo(*args: str, data_dir: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backend", *args],
        cwd=REPO_ROOT,
        env={"PATH": "/usr/bin:/bin", "MILIMO_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def rows(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as connection:
        return {table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr) for table in TABLES}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def png(shade: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (shade, 80, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory, tiny_models_root: Path):
    data = tmp_path_factory.mktemp("backup") / "data"
    seed_test_models(data, tiny_models_root)
    with ApiServer(data) as server:
        project = httpx.post(f"{server.url}/projects", json={"name": "Lighthouse", "width": 64, "height": 64}).json()
        shot = httpx.post(
            f"{server.url}/projects/{project['id']}/shots",
            json={"prompt": "waves at night", "num_frames": 9, "num_inference_steps": 2},
        ).json()
        for shade in (10, 120):
            files = {"file": (f"still{shade}.png", png(shade), "image/png")}
            assert httpx.post(f"{server.url}/projects/{project['id']}/assets", files=files).status_code == 201
        job = httpx.post(
            f"{server.url}/generate/advanced", json={"project_id": project["id"], "shot_id": shot["id"], "mode": "t2v"}
        ).json()
        assert wait_for_job(server.url, job["job_id"], timeout=120)["status"] == "completed"
        yield server, project, shot


def test_backup_while_it_runs_and_restore_into_a_fresh_folder(studio, tmp_path: Path) -> None:
    server, project, shot = studio
    stop = threading.Event()
    edits: list[int] = []

    def keep_editing() -> None:  # the studio keeps writing while the backup runs
        version = httpx.get(f"{server.url}/projects/{project['id']}/shots/{shot['id']}").json()["version"]
        while not stop.is_set():
            response = httpx.patch(
                f"{server.url}/projects/{project['id']}/shots/{shot['id']}",
                json={"version": version, "prompt": f"waves at night, take {len(edits)}"},
            )
            if response.status_code == 200:
                version = response.json()["version"]
                edits.append(version)

    writer = threading.Thread(target=keep_editing)
    writer.start()
    try:
        result = milimo("backup", str(tmp_path / "backup"), data_dir=server.data_dir)
    finally:
        stop.set()
        writer.join()
    assert result.returncode == 0, result.stderr
    assert "backed up" in result.stdout and edits, (result.stdout, len(edits))
    backup = tmp_path / "backup"
    manifest = json.loads((backup / "milimo-backup.json").read_text())
    assert manifest["schema_revision"] == head_revision() and manifest["files"]
    # every media file of the studio, byte for byte (uploads, the generated clip and its thumbnail)
    originals = {
        p.relative_to(server.data_dir).as_posix(): sha(p)
        for p in (server.data_dir / "projects").rglob("*")
        if p.is_file()
    }
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == originals
    assert any("/generated/" in path for path in originals) and sum("/assets/" in p for p in originals) == 2

    restored = tmp_path / "restored"
    result = milimo("restore", str(backup), "--data-dir", str(restored), data_dir=tmp_path / "unused")
    assert result.returncode == 0, result.stderr
    db = restored / "milimovideo.db"
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert rows(db) == rows(backup / "studio.db")  # the snapshot, row for row
    snapshot_prompt = dict((r[0], r) for r in rows(db)["shot"])[shot["id"]]
    assert any("waves at night" in str(value) for value in snapshot_prompt)
    for path, digest in originals.items():
        assert sha(restored / path) == digest, path

    # the restored studio runs: the project, its shot's clip and the uploads are there
    with ApiServer(restored, env={"MILIMO_PRELOAD_MODELS": "false"}) as again:
        back = httpx.get(f"{again.url}/projects/{project['id']}").json()
        assert back["name"] == "Lighthouse" and len(back["assets"]) == 2
        video_url = back["shots"][0]["video_url"]
        clip = httpx.get(again.url + video_url)
        assert clip.status_code == 200 and clip.content == (server.data_dir / video_url.lstrip("/")).read_bytes()


def test_refusals_change_nothing(studio, tmp_path: Path) -> None:
    server, _, _ = studio
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine")
    result = milimo("backup", str(busy), data_dir=server.data_dir)
    assert result.returncode == 2 and "not an empty folder" in result.stderr
    assert [p.name for p in busy.iterdir()] == ["keep.txt"]
    inside = milimo("backup", str(server.data_dir / "bk"), data_dir=server.data_dir)
    assert inside.returncode == 2 and "inside the data folder" in inside.stderr

    backup = tmp_path / "good"
    assert milimo("backup", str(backup), data_dir=server.data_dir).returncode == 0
    # into a data folder that already holds a studio: refused before anything is written
    occupied = milimo("restore", str(backup), "--data-dir", str(server.data_dir), data_dir=server.data_dir)
    assert occupied.returncode == 2 and "already holds a studio" in occupied.stderr
    # a damaged file, a missing manifest: refused, and the target stays empty
    damaged = tmp_path / "damaged"
    subprocess.run(["cp", "-r", str(backup), str(damaged)], check=True)
    entry = json.loads((damaged / "milimo-backup.json").read_text())["files"][0]
    with (damaged / entry["path"]).open("r+b") as file:
        file.write(b"\x00")
    target = tmp_path / "target"
    result = milimo("restore", str(damaged), "--data-dir", str(target), data_dir=target)
    assert result.returncode == 2 and f"{entry['path']} in the backup is damaged" in result.stderr
    assert not target.exists() or not any(target.iterdir())
    (damaged / "milimo-backup.json").unlink()
    result = milimo("restore", str(damaged), "--data-dir", str(target), data_dir=target)
    assert result.returncode == 2 and "not a complete Milimo backup" in result.stderr


def test_a_studio_on_postgresql_is_sent_to_pg_dump(postgres, tmp_path: Path) -> None:  # noqa: ANN001 - a cluster
    """The online backup is SQLite's; on PostgreSQL both commands refuse (exit 2) before writing anything."""
    url = postgres.create_database()
    try:
        env = {"MILIMO_DATABASE_URL": url}
        target = tmp_path / "backup"
        refused = milimo("backup", str(target), data_dir=tmp_path / "data", env=env)
        assert refused.returncode == 2 and "pg_dump" in refused.stderr, refused.stderr
        assert not target.exists()
        (target / "projects").mkdir(parents=True)
        refused = milimo("restore", str(target), "--data-dir", str(tmp_path / "fresh"), data_dir=tmp_path, env=env)
        assert refused.returncode == 2 and "pg_dump" in refused.stderr, refused.stderr
        assert not (tmp_path / "fresh").exists()
    finally:
        postgres.drop_database(url)
