"""A model download on the real service (uvicorn in its own process) from the fake hub: the progress arrives as
``download.progress`` events on ``GET /events``, over a real SSE stream, up to the installed weights."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import httpx
import pytest

from backend.testing.fake_hub import FakeHub, tiny_ltx2_repo
from backend.testing.server_process import ApiServer
from tests.api.conftest import seed_test_models
from tests.e2e.test_live_server import read_sse
from tests.waiting import wait_until

pytestmark = pytest.mark.slow


def test_download_progress_streams_over_sse(
    tmp_path: Path, tiny_models_root: Path, tiny_ltx2_upsampler_dir: Path
) -> None:
    data = tmp_path / "data"
    seed_test_models(data, tiny_models_root)
    with (
        FakeHub([tiny_ltx2_repo(tiny_ltx2_upsampler_dir)]) as hub,
        ApiServer(data, env={"MILIMO_HUB_ENDPOINT": hub.url, "MILIMO_PRELOAD_MODELS": "false"}) as server,
    ):
        hub.chunk_delay_s = 0.2  # ~2 s: progress in between
        stop, events = threading.Event(), []
        reader = threading.Thread(target=read_sse, args=(f"{server.url}/events", {}, stop, events), daemon=True)
        reader.start()
        wait_until(lambda: any(e.get("comment") == "connected" for e in events), 10, what="the stream")
        started = httpx.post(f"{server.url}/models/downloads", json={"repo_id": "Lightricks/LTX-2", "role": "upscaler"})
        assert started.status_code == 202, started.text
        download_id = started.json()["download_id"]

        def progress() -> list[dict]:
            found = [json.loads(e["data"]) for e in events if e.get("event") == "download.progress"]
            return [p for p in found if p["download_id"] == download_id]

        wait_until(lambda: any(p["status"] == "completed" for p in progress()), 30, what="the download completing")
        stop.set()
        seen = progress()
        assert seen[0]["status"] == "running" and seen[-1]["status"] == "completed"
        assert any(0 < p["done_bytes"] < p["total_bytes"] for p in seen)
        video = next(r for r in httpx.get(f"{server.url}/models").json() if r["role"] == "upscaler")
        assert video["test_model"] is False
