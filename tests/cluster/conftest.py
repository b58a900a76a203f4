"""A real Ray cluster on this machine for the cluster-mode tests (issue 17): a head started with ``ray start --head``
(CPU only: the CPU workers land there) and a second node joined with ``milimo worker --address`` that offers two GPU
slots of a custom resource (there is no GPU here). Ray's token authentication is on, with a token of the session's.
The studio runs on a fresh PostgreSQL database per test, as a cluster would."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backend.api.app import create_app
from backend.config import Settings
from backend.testing.server_process import free_port
from tests.api.conftest import seed_test_models
from tests.waiting import wait_until

RESOURCE = "milimo_gpu"


@dataclass
class RayCluster:
    address: str
    env: dict[str, str]  # what a process needs to join it (the token)
    folder: Path
    processes: list[subprocess.Popen]

    def stop(self) -> None:
        for process in reversed(self.processes):  # the joined node first, then the head
            if process.poll() is None:
                process.terminate()  # `ray start --block` stops its node's processes, then exits
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                pass
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # whatever of its group is left


def _accepts(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[RayCluster]:
    folder = Path(tempfile.mkdtemp(prefix="ray", dir="/tmp"))  # Ray's socket paths must stay short
    port = free_port()
    join = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32), "RAY_USAGE_STATS_ENABLED": "0"}
    env = {**os.environ, **join, "HF_HUB_OFFLINE": "1", "MILIMO_RAY_GPU_RESOURCE": RESOURCE}
    ray = str(Path(sys.executable).with_name("ray"))
    head_log, node_log = (folder / "head.log").open("wb"), (folder / "node.log").open("wb")
    head = subprocess.Popen(
        [ray, "start", "--head", "--block", f"--port={port}", "--num-cpus=2", "--include-dashboard=false",
         f"--temp-dir={folder}"],
        env=env, stdout=head_log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    cluster = RayCluster(f"127.0.0.1:{port}", join, folder, [head])
    # This process joins as the API's driver, for the whole session: Ray keeps the token it first used, so a later
    # cluster this process starts itself (test_ray_local) must be given the same one.
    saved = {name: os.environ.get(name) for name in join}
    os.environ.update(join)
    try:
        wait_until(lambda: _accepts(port), 90, interval=0.2, what="the Ray head")
        node = subprocess.Popen(
            [sys.executable, "-m", "backend.cli", "worker", f"--address=127.0.0.1:{port}", "--slots=2", "--cpus=0"],
            env=env, stdout=node_log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        cluster.processes.append(node)
        yield cluster
    finally:
        cluster.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture
def cluster_settings(tmp_path: Path, tiny_models_root: Path, ray_cluster: RayCluster, postgres) -> Iterator[Settings]:
    data = tmp_path / "data"
    seed_test_models(data, tiny_models_root)
    url = postgres.create_database()
    yield Settings(
        data_dir=data,
        web_dist_dir=tmp_path / "no-web-build",
        progress_db_interval_s=0.0,
        log_level="WARNING",
        sam_service_port=free_port(),
        database_url=url,
        executor="ray",
        ray_address=ray_cluster.address,
        ray_gpu_resource=RESOURCE,
        preload_models=False,
    )
    postgres.drop_database(url)


def ready_workers(client: TestClient, gpu: int = 2, cpu: int = 1, timeout: float = 180.0) -> list[dict]:
    """Wait until the studio's Ray workers answer (each imports torch and diffusers once)."""

    def ready() -> list[dict] | None:
        health = client.get("/health").json()
        assert health["worker_alive"], health["executor_error"]  # it connected (a node may still be joining)
        workers = [w for w in health["workers"] if w["state"] == "ready"]
        kinds = [w["kind"] for w in workers]
        return workers if kinds.count("gpu") >= gpu and kinds.count("cpu") >= cpu else None

    return wait_until(ready, timeout, interval=0.2, what=lambda: f"Ray workers: {client.get('/health').json()}")


@pytest.fixture
def cluster_client(cluster_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(cluster_settings), base_url="http://127.0.0.1") as client:
        ready_workers(client)
        yield client
