"""SIGKILL during a mask save (the SAM 3 track job, in its "saving" stage: masks, preview and rows being written):
after the restart the job is failed with "the server stopped", every stored mask row's files are whole, and no
mask file without its row is left (swept on start)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from backend.media.masks import load_mask_stack
from backend.testing.server_process import ApiServer, SamServer, wait_for_job
from tests.faults.conftest import assert_intact, hidden_temporaries, new_project, rows, server_env
from tests.waiting import wait_until

pytestmark = pytest.mark.slow  # real servers, killed and restarted


@pytest.fixture
def sam(tmp_path: Path) -> SamServer:
    service = SamServer(tmp_path / "sam-data")
    service.start(timeout=240)  # the first start builds the tiny SAM 3 model
    yield service
    service.stop()


# SQLite only: the kill lands in the mask files' write (the SAM service's tracking takes most of the 80 s it runs);
# a row commits only after its files, the same order on either database, and the PostgreSQL runs of the other crash
# tests cover the database side (docs/postgresql.md, "Tests").
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_killed_during_a_mask_save(data: Path, database: str, sam: SamServer) -> None:
    server = ApiServer(data, env=server_env(database, SAM_SERVICE_PORT=str(sam.port)))
    server.start()
    try:
        url = server.url
        project_id = new_project(url, width=128, height=128)
        shot = httpx.post(
            f"{url}/projects/{project_id}/shots", json={"prompt": "a gull", "num_frames": 97, "num_inference_steps": 1}
        ).json()
        made = httpx.post(
            f"{url}/generate/advanced", json={"project_id": project_id, "shot_id": shot["id"], "mode": "t2v"}
        )
        assert wait_for_job(url, made.json()["job_id"], timeout=180)["status"] == "completed"
        track = httpx.post(
            f"{url}/projects/{project_id}/shots/{shot['id']}/track",
            json={"frame": 2, "points": [[40, 30, 1], [90, 90, 1]]},
        )
        assert track.status_code == 202, track.text
        job_id = track.json()["job_id"]

        def saving() -> bool:
            job = httpx.get(f"{url}/jobs/{job_id}").json()
            assert job["status"] in ("pending", "running"), job
            folder = data / "projects" / project_id / "generated" / "masks"
            return job["stage"] == "saving" and folder.is_dir() and any(folder.iterdir())  # a mask being written

        wait_until(saving, 180, interval=0.002, what="the track job saving its masks")
        server.kill()
        assert_intact(database)
        masks = data / "projects" / project_id / "generated" / "masks"
        print("left after the kill:", sorted(p.name for p in masks.glob("*")) if masks.is_dir() else "nothing")

        server.start()
        assert_intact(database)
        job = httpx.get(f"{url}/jobs/{job_id}").json()
        assert job["status"] == "failed" and job["error"].startswith("interrupted: the server stopped"), job
        assert hidden_temporaries(data) == []
        masks_rows = rows(database, "SELECT id, data_path, preview_path, thumbnail_path FROM shotmask")
        root = data / "projects" / project_id
        for _, data_path, preview, thumb in masks_rows:  # a row's files are whole
            assert load_mask_stack(root / data_path).shape[0] == 97
            assert (root / preview).is_file() and (root / thumb).is_file()
        kept = {r[0] for r in masks_rows}
        stored = {p.stem for p in masks.glob("*")} if masks.is_dir() else set()
        assert stored <= kept, f"mask files without a row: {stored - kept}"
    finally:
        server.stop()
