"""The real thing: `python -m milimo_sam serve` in its own process, answering over loopback HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.waiting import wait_until


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_serve_process(tmp_path: Path, picture_png: bytes) -> None:
    """A fresh data folder: the service builds the tiny model on first start, then serves it."""
    port = _free_port()
    env = {
        **os.environ,
        "MILIMO_DATA_DIR": str(tmp_path / "data"),
        "SAM_SERVICE_PORT": str(port),
        "MILIMO_DEVICE": "cpu",
        "HF_HUB_OFFLINE": "1",
        "OMP_NUM_THREADS": "1",
    }
    env.pop("MILIMO_SAM3_SOURCE", None)
    log = (tmp_path / "sam.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "milimo_sam", "serve"], cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        base = f"http://127.0.0.1:{port}"

        def loaded() -> dict | None:
            assert process.poll() is None, (tmp_path / "sam.log").read_text()
            try:
                health = httpx.get(f"{base}/health", timeout=2).json()
            except httpx.HTTPError:
                return None
            return health if health["status"] != "loading" else None

        health = wait_until(loaded, 120, interval=0.2, what="the service up and loaded")
        assert health["status"] == "ok", health
        assert health["test_model"] is True
        assert health["model"] == str(tmp_path / "data" / "models" / "test" / "sam3")
        response = httpx.post(
            f"{base}/segment",
            files={"image": ("a.png", picture_png)},
            data={"prompt": json.dumps({"points": [[30, 20, 1]]})},
            timeout=60,
        )
        assert response.status_code == 200, response.text
        assert (response.json()["width"], response.json()["height"]) == (96, 64)
        assert len(response.json()["masks"]) == 1
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
