"""Start the real API server and the SAM 3 service (each its own process) on loopback for tests and benchmarks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from backend.config import REPO_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServiceProcess:
    """A service of the studio in its own process on loopback; ``kill()`` is a hard crash (SIGKILL)."""

    name = "service"

    def __init__(self, data_dir: Path, port: int | None = None, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "MILIMO_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1", **(env or {})}
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir.parent / f"{self.name}-{self.port}.log"

    def command(self) -> list[str]:
        raise NotImplementedError

    def token(self) -> str | None:
        """The token this service asks for, if any (set in its environment, or generated into its data folder)."""
        given = self.env.get("MILIMO_ACCESS_TOKEN")
        stored = self.data_dir / "access_token"
        return given or (stored.read_text().strip() if stored.is_file() else None)

    def auth_headers(self) -> dict[str, str]:
        token = self.token()
        return {"Authorization": f"Bearer {token}"} if token else {}

    def start(self, timeout: float = 60.0) -> float:
        """Start and wait until ``GET /health`` says ok; returns seconds from spawn to healthy."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        started = time.perf_counter()
        self.process = subprocess.Popen(
            self.command(), cwd=REPO_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = started + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log_path}")
            try:
                health = httpx.get(f"{self.url}/health", headers=self.auth_headers(), timeout=1.0)
                if health.json().get("status") == "ok":
                    return time.perf_counter() - started
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.05)
        raise TimeoutError(f"{self.name} not healthy after {timeout}s; see {self.log_path}")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self):  # noqa: ANN204 - returns the subclass
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class ApiServer(ServiceProcess):
    """``python -m uvicorn backend.server:app`` with its own data folder; ``host`` is where it binds (and what its
    settings say, so its doors follow the real address); it is reached at 127.0.0.1 either way."""

    name = "server"

    def __init__(
        self, data_dir: Path, port: int | None = None, env: dict[str, str] | None = None, host: str = "127.0.0.1"
    ) -> None:
        super().__init__(data_dir, port, {"MILIMO_HOST": host, **(env or {})})
        self.host = host

    def command(self) -> list[str]:
        return [sys.executable, "-m", "uvicorn", "backend.server:app", "--host", self.host, "--port", str(self.port)]

    def wait_models_loaded(self, timeout: float = 180.0, role: str = "video") -> None:
        """Wait until ``role``'s model is loaded (the worker preloads the video model after start)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            models = {m["role"]: m for m in httpx.get(f"{self.url}/models", timeout=5).json()}
            if models[role]["loaded"]:
                return
            if models[role]["state"] == "error":
                raise RuntimeError(f"model failed: {models[role]}")
            time.sleep(0.1)
        raise TimeoutError(f"the {role} model did not load in {timeout} s")


class SamServer(ServiceProcess):
    """The SAM 3 service (``python -m milimo_sam serve``, as ``sam3/run_sam.sh`` runs it) on its own port."""

    name = "sam"

    def __init__(self, data_dir: Path, port: int | None = None, env: dict[str, str] | None = None) -> None:
        super().__init__(data_dir, port, env)
        self.env["SAM_SERVICE_PORT"] = str(self.port)

    def command(self) -> list[str]:
        return [sys.executable, "-m", "milimo_sam", "serve"]

    def token(self) -> str | None:
        return self.env.get("MILIMO_SAM_SECRET")  # what the studio's API sends it


def wait_for_job(
    base_url: str, job_id: str, timeout: float = 60.0, until: tuple[str, ...] = ("completed", "failed", "cancelled")
) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = httpx.get(f"{base_url}/jobs/{job_id}", timeout=5).json()
        if job["status"] in until:
            return job
        time.sleep(0.05)
    raise TimeoutError(f"job {job_id} still {job['status']} after {timeout}s")
