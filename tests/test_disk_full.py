"""A full disk, for real: the studio's data folder on a small tmpfs, filled to the last byte while the server runs.

Generation (clip + thumbnail), an upload, a render, an archive export, a Smart Continue stitch, mask saves (a track
job, masks kept as assets) and database writes each meet ENOSPC: the job fails (or the request is answered 507) with "disk full: free N GB in <folder>", no partial
file is left where a reader could find it, the database passes ``PRAGMA integrity_check``, ``/health`` warns, and
everything works again once space is back. Needs permission to mount a tmpfs (root in the container, as CI runs).
"""

from __future__ import annotations

import io
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest
from PIL import Image

from backend.testing.server_process import ApiServer, wait_for_job

pytestmark = pytest.mark.slow


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512m", "tmpfs", str(mount)], capture_output=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({result.stderr.decode().strip()}): the disk-full test needs it")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def noise_png(side: int = 256) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (side, side, 3), dtype=np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()


def fill(disk: Path) -> Path:
    """Write a filler file until the filesystem refuses another byte (unbuffered: nothing left to flush)."""
    import os

    filler = disk / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (1024 * 1024, 4096, 1):
            try:
                while os.write(descriptor, b"\0" * size):
                    pass
            except OSError:
                pass
    finally:
        os.close(descriptor)
    return filler


def visible_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def studio_with_full_media(data: Path, disk: Path, tiny_models_root: Path) -> None:
    """The data folder on the normal disk, its media (``projects/``, and ``tmp/`` where archives are assembled) on
    the small one: the database keeps room, so each job is recorded and then meets the full disk itself."""
    (data / "models").mkdir(parents=True)
    (data / "models" / "test").symlink_to(tiny_models_root)  # read, never written
    for name in ("projects", "tmp"):
        (disk / name).mkdir()
        (data / name).symlink_to(disk / name)


def make_shot(url: str) -> tuple[str, dict]:
    pid = httpx.post(f"{url}/projects", json={"name": "Full", "width": 64, "height": 64}).json()["id"]
    shot = httpx.post(f"{url}/projects/{pid}/shots", json={"prompt": "rain", "num_frames": 9, "num_inference_steps": 2})
    return pid, {"project_id": pid, "shot_id": shot.json()["id"], "mode": "t2v"}


def test_media_writers_meet_a_full_disk_and_nothing_is_lost(
    small_disk: Path, tmp_path: Path, tiny_models_root: Path
) -> None:
    data = tmp_path / "data"
    studio_with_full_media(data, small_disk, tiny_models_root)
    with ApiServer(data) as server:
        url = server.url
        pid, generate = make_shot(url)
        first = wait_for_job(url, httpx.post(f"{url}/generate/advanced", json=generate).json()["job_id"], 120)
        assert first["status"] == "completed", first["error"]
        project_dir = data / "projects" / pid
        before = visible_files(project_dir)
        assert httpx.get(f"{url}/health").json()["disk"]["low"] is False

        filler = fill(small_disk)
        disk = httpx.get(f"{url}/health").json()["disk"]
        assert disk["low"] is True and disk["warning"].startswith("disk almost full: free "), disk

        upload = httpx.post(f"{url}/projects/{pid}/assets", files={"file": ("big.png", noise_png(), "image/png")})
        assert upload.status_code == 507, upload.text
        assert upload.json()["detail"].startswith("disk full: free ") and "(0 MB free now)" in upload.json()["detail"]

        # jobs: a generation (clip + thumbnail), a Smart Continue chain (chunks + stitch), a render: each fails
        # with the message, only its own
        for kind, body in (("t2v", generate), ("extend", {**generate, "mode": "extend", "extend_seconds": 0.5})):
            response = httpx.post(f"{url}/generate/advanced", json=body)
            assert response.status_code == 202, (kind, response.text)
            job = wait_for_job(url, response.json()["job_id"], 120)
            assert job["status"] == "failed" and job["error"].startswith("disk full: free "), (kind, job["error"])
            assert f"for this {kind} job" in job["error"] and "(0 MB free now)" in job["error"]
        render = httpx.post(f"{url}/projects/{pid}/render", json={"format": "h264", "name": "cut"})
        assert render.status_code == 202, render.text
        job = wait_for_job(url, render.json()["job_id"], 120)
        assert job["status"] == "failed" and job["error"].startswith("disk full: free "), job["error"]
        archive = httpx.get(f"{url}/projects/{pid}/archive")
        assert archive.status_code == 507 and archive.json()["detail"].startswith("disk full"), archive.text

        # nothing half-written where a reader looks, and no hidden temporaries left to fill the disk
        assert visible_files(project_dir) == before
        leftovers = [p for p in small_disk.rglob("*") if p.is_file() and p.name != "filler"]
        assert sorted(p.relative_to(small_disk).as_posix() for p in leftovers) == sorted(
            f"projects/{pid}/{name}" for name in before
        )
        assert integrity(data / "milimovideo.db") == "ok"
        shot = httpx.get(f"{url}/projects/{pid}").json()["shots"][0]
        assert shot["video_url"] == first["result"]["video_url"]  # the take it had is still its take

        filler.unlink()  # space back: the next job and upload succeed, the warning is gone
        assert httpx.get(f"{url}/health").json()["disk"]["low"] is False
        again = wait_for_job(url, httpx.post(f"{url}/generate/advanced", json=generate).json()["job_id"], 120)
        assert again["status"] == "completed", again["error"]
        upload = httpx.post(f"{url}/projects/{pid}/assets", files={"file": ("big.png", noise_png(), "image/png")})
        assert upload.status_code == 201, upload.text
        assert httpx.get(f"{url}/projects/{pid}/archive").status_code == 200


def test_the_database_meets_a_full_disk(small_disk: Path, tiny_models_root: Path) -> None:
    data = small_disk / "data"
    (data / "models").mkdir(parents=True)
    (data / "models" / "test").symlink_to(tiny_models_root)
    with ApiServer(data, env={"MILIMO_PRELOAD_MODELS": "false"}) as server:
        url = server.url
        pid, generate = make_shot(url)
        names_before = [p["name"] for p in httpx.get(f"{url}/projects").json()]
        filler = fill(small_disk)
        answers = [
            httpx.post(f"{url}/projects", json={"name": f"more {n}", "settings": {"note": "x" * 20000}})
            for n in range(20)
        ]
        answers.append(httpx.post(f"{url}/generate/advanced", json=generate))
        codes = {a.status_code for a in answers}
        assert codes <= {201, 202, 507} and 507 in codes, [(a.status_code, a.text[:120]) for a in answers]
        for answer in answers:
            if answer.status_code == 507:
                assert answer.json()["detail"].startswith("disk full: free "), answer.text
        assert integrity(data / "milimovideo.db") == "ok"
        made = [a.json()["name"] for a in answers if a.status_code == 201]
        filler.unlink()
        names = [p["name"] for p in httpx.get(f"{url}/projects").json()]
        assert sorted(names) == sorted(names_before + made)  # what was answered 201 is there, the rest is not
        assert httpx.post(f"{url}/projects", json={"name": "after"}).status_code == 201
    assert integrity(data / "milimovideo.db") == "ok"


def test_mask_saves_meet_a_full_disk(small_disk: Path, tmp_path: Path, tiny_models_root: Path) -> None:
    """Tracking an object through a shot (per-frame masks + preview clip) and keeping cut masks as assets."""
    from backend.testing.server_process import SamServer

    data = tmp_path / "data"
    studio_with_full_media(data, small_disk, tiny_models_root)
    sam = SamServer(tmp_path / "sam-data")
    sam.start(timeout=240)  # the first start builds the tiny SAM 3 model
    try:
        with ApiServer(data, env={"SAM_SERVICE_PORT": str(sam.port)}) as server:
            url = server.url
            pid, generate = make_shot(url)
            shot_id = generate["shot_id"]
            done = wait_for_job(url, httpx.post(f"{url}/generate/advanced", json=generate).json()["job_id"], 120)
            assert done["status"] == "completed", done["error"]
            frame = httpx.post(f"{url}/projects/{pid}/shots/{shot_id}/frames", json={"frame": 4}).json()
            before = visible_files(data / "projects" / pid)
            filler = fill(small_disk)

            track = httpx.post(
                f"{url}/projects/{pid}/shots/{shot_id}/track", json={"frame": 2, "points": [[30, 30, 1]]}
            )
            assert track.status_code == 202, track.text
            job = wait_for_job(url, track.json()["job_id"], 120)
            assert job["status"] == "failed" and job["error"].startswith("disk full: free "), job["error"]
            kept = httpx.post(
                f"{url}/projects/{pid}/segment",
                json={"asset_id": frame["id"], "points": [[30, 30, 1]], "keep_as_assets": True},
                timeout=60,
            )
            assert kept.status_code == 507 and kept.json()["detail"].startswith("disk full"), kept.text
            assert visible_files(data / "projects" / pid) == before
            assert not [p for p in small_disk.rglob(".*") if p.is_file()]
            assert integrity(data / "milimovideo.db") == "ok"

            filler.unlink()
            track = httpx.post(
                f"{url}/projects/{pid}/shots/{shot_id}/track", json={"frame": 2, "points": [[30, 30, 1]]}
            )
            assert wait_for_job(url, track.json()["job_id"], 120)["status"] == "completed"
    finally:
        sam.stop()
