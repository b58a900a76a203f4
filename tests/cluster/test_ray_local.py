"""``MILIMO_RAY_ADDRESS=local`` (the default of cluster mode, one box): the API starts its own Ray cluster, its GPU
worker preloads the video model and runs generations, and with no CPU worker a render takes a GPU worker instead of
waiting for ever."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlmodel import SQLModel

from backend.api.app import create_app
from backend.config import Settings
from backend.testing.server_process import free_port
from tests.api.conftest import make_project, seed_test_models, wait_job
from tests.cluster.conftest import RESOURCE, ready_workers
from tests.cluster.test_ray_executor import frames_of, queue_video, row
from tests.render.test_render_api import add_video_asset, place, tracks_of
from tests.waiting import wait_until

pytestmark = pytest.mark.timeout(300)


def test_a_cluster_of_this_machine_runs_generations_and_renders(tmp_path: Path, tiny_models_root: Path) -> None:
    data = tmp_path / "data"
    seed_test_models(data, tiny_models_root)
    settings = Settings(
        data_dir=data,
        web_dist_dir=tmp_path / "no-web-build",
        progress_db_interval_s=0.0,
        log_level="WARNING",
        sam_service_port=free_port(),
        executor="ray",
        ray_address="local",
        ray_gpu_resource=RESOURCE,
        ray_gpu_workers=1,
        ray_cpu_workers=0,
        preload_models=True,
    )
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        (worker,) = ready_workers(client, gpu=1, cpu=0)
        assert (worker["id"], worker["gpu"]) == ("gpu-0", f"{RESOURCE} slot (no GPU)")
        # Like the in-process worker, a GPU worker loads the video model before its first job is asked for.
        wait_until(lambda: client.get("/health").json()["workers"][0]["models"] == ["video"], 120, interval=0.2)
        project = make_project(client, width=64, height=64, fps=24)
        video = wait_job(client, queue_video(client, project["id"]), timeout=240)
        assert video["status"] == "completed", video["error"]
        assert frames_of(client, video) == 9
        asset = add_video_asset(client, project["id"], 12, 24.0, 64, 64)
        v1 = tracks_of(client, project["id"])["V1"]
        place(client, project["id"], {"track_id": v1["id"], "start_frame": 240, "duration": 12, "asset_id": asset})
        body = {"format": "h264", "range": {"in_frame": 240, "out_frame": 252}}
        rendered = wait_job(client, client.post(f"/projects/{project['id']}/render", json=body).json()["job_id"])
        assert rendered["status"] == "completed", rendered["error"]
        assert row(client, rendered["id"]).worker_id == "gpu-0" and frames_of(client, rendered) == 12
        # The SQLite file of the data folder is what the worker wrote to: one database, one queue …
        assert (data / "milimovideo.db").is_file() and (data / "cluster-id").is_file()
        # … and nothing in it names this machine's folders: another machine may mount the data folder elsewhere.
        with client.app.state.studio.engine.connect() as connection:
            for table in SQLModel.metadata.sorted_tables:
                for values in connection.execute(select(table)):
                    assert not any(str(data) in str(v) for v in values), (table.name, values)
