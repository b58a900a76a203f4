"""Bounds on what can grow (issue 16, "Hold under load"): pending jobs per project, SSE clients, event history,
JSON body sizes and request lists; each refused with a 4xx/503 whose ``detail`` says which limit and what to do."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from backend.api.app import create_app
from backend.config import Settings
from backend.events.bus import _PRUNE_EVERY
from backend.testing.server_process import ApiServer
from tests.api.conftest import make_project, make_shot, seed_test_models
from tests.waiting import wait_until


def refused(response: httpx.Response, status: int, *words: str) -> None:
    assert response.status_code == status, (response.status_code, response.text)
    detail = response.json()["detail"]
    for word in words:
        assert word in detail, detail


@pytest.fixture
def limited(settings: Settings) -> Iterator[TestClient]:
    """A studio with small limits and no worker (queued jobs stay pending)."""
    small = settings.model_copy(update={"max_pending_jobs": 3, "max_json_bytes": 4096, "event_history": 10})
    with TestClient(create_app(small, start_worker=False), base_url="http://127.0.0.1") as client:
        yield client


def queue_still(client: TestClient, project_id: str) -> httpx.Response:
    return client.post("/generate/advanced", json={"project_id": project_id, "mode": "t2i", "prompt": "a lighthouse"})


def test_pending_jobs_per_project_are_bounded(limited: TestClient) -> None:
    project = make_project(limited)
    other = make_project(limited, name="Other")
    jobs = [queue_still(limited, project["id"]) for _ in range(3)]
    assert [j.status_code for j in jobs] == [202, 202, 202]
    refused(queue_still(limited, project["id"]), 429, "3 jobs waiting", "MILIMO_MAX_PENDING_JOBS", "cancel")
    # A video job into a shot and a render are counted against the same bound.
    shot = make_shot(limited, project["id"])
    video = limited.post("/generate/advanced", json={"project_id": project["id"], "shot_id": shot["id"]})
    refused(video, 429, "MILIMO_MAX_PENDING_JOBS")
    render = limited.post(f"/projects/{project['id']}/render", json={"format": "h264"})
    refused(render, 429, "MILIMO_MAX_PENDING_JOBS")
    assert limited.get(f"/projects/{project['id']}/shots/{shot['id']}").json()["status"] != "queued"
    # Another project has its own room; a cancelled job makes room again.
    assert queue_still(limited, other["id"]).status_code == 202
    assert limited.post(f"/jobs/{jobs[0].json()['job_id']}/cancel").status_code == 200
    assert queue_still(limited, project["id"]).status_code == 202


def test_json_bodies_are_bounded(limited: TestClient) -> None:
    project = make_project(limited)
    big = {"name": "x" * 5000}
    refused(limited.patch(f"/projects/{project['id']}", json=big), 413, "4096 bytes", "MILIMO_MAX_JSON_BYTES")
    # Counted when no Content-Length is sent (chunked) too.
    chunks = iter([b'{"name": "', b"y" * 5000, b'"}'])
    response = limited.post("/projects", content=chunks, headers={"content-type": "application/json"})
    refused(response, 413, "MILIMO_MAX_JSON_BYTES")
    # A multipart upload is bounded by MILIMO_MAX_UPLOAD_BYTES instead: bigger than the JSON cap is fine.
    files = {"file": ("notes.txt", b"z" * 8000, "text/plain")}
    upload = limited.post(f"/projects/{project['id']}/assets", files=files)
    assert upload.status_code != 413, upload.text
    assert limited.get(f"/projects/{project['id']}").json()["name"] == "Test film"


def test_the_default_json_cap_fits_the_largest_screenplay(settings: Settings) -> None:
    from backend.schemas.storyboard import MAX_SCRIPT_CHARS

    assert settings.max_json_bytes >= len(json.dumps({"text": "a" * MAX_SCRIPT_CHARS})) + 1024


def test_event_history_is_bounded(limited: TestClient) -> None:
    bus = limited.app.state.studio.bus
    for n in range(_PRUNE_EVERY + 5):
        bus.publish("test.event", {"n": n})
    kept = bus.replay(0, limit=10_000)
    assert len(kept) <= 10 + _PRUNE_EVERY
    assert kept[-1].data["n"] == _PRUNE_EVERY + 4
    # A client that asks for what changed since before the kept history gets the whole timeline.
    project = make_project(limited)
    changes = limited.get(f"/projects/{project['id']}/timeline/changes", params={"since": 1}).json()
    assert changes["full"] is True


def test_request_lists_are_bounded(client: TestClient) -> None:
    """Every list in every request body has a maximum length in the schema (and so in the API's validation)."""
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    unbounded: list[str] = []

    def walk(schema: dict, where: str, seen: set[str]) -> None:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                walk(schemas[name], name, seen | {name})
            return
        if schema.get("type") == "array":
            if "maxItems" not in schema:
                unbounded.append(where)
            walk(schema.get("items", {}), f"{where}[]", seen)
        for key in ("anyOf", "oneOf", "allOf"):
            for part in schema.get(key, []):
                walk(part, where, seen)
        for field, sub in schema.get("properties", {}).items():
            walk(sub, f"{where}.{field}", seen)
        if isinstance(schema.get("additionalProperties"), dict):
            walk(schema["additionalProperties"], f"{where}{{}}", seen)

    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            for content in operation.get("requestBody", {}).get("content", {}).values():
                walk(content.get("schema", {}), f"{method.upper()} {path}", set())
    assert not unbounded, f"request lists without a maximum length: {sorted(set(unbounded))}"


def test_timeline_batches_are_bounded(client: TestClient) -> None:
    project = make_project(client)
    change = {"op": "delete", "id": "0" * 32, "version": 1}
    response = client.post(f"/projects/{project['id']}/timeline/edits", json={"changes": [change] * 5001})
    assert response.status_code == 422
    assert "5000" in json.dumps(response.json())


@pytest.fixture(scope="module")
def small_server(tmp_path_factory: pytest.TempPathFactory, tiny_models_root: Path) -> Iterator[ApiServer]:
    data = tmp_path_factory.mktemp("limits") / "data"
    seed_test_models(data, tiny_models_root)
    env = {"MILIMO_PRELOAD_MODELS": "false", "MILIMO_MAX_SSE_CLIENTS": "2", "MILIMO_SSE_HEARTBEAT_S": "1"}
    with ApiServer(data, env=env) as running:
        yield running


def test_sse_clients_are_bounded(small_server: ApiServer) -> None:
    url = f"{small_server.url}/events"
    stops = [threading.Event(), threading.Event()]
    connected: list[int] = []

    def listen(n: int) -> None:
        with httpx.stream("GET", url, timeout=30) as response:
            assert response.status_code == 200
            for line in response.iter_lines():
                if "connected" in line and n not in connected:
                    connected.append(n)
                if stops[n].is_set():
                    return

    threads = [threading.Thread(target=listen, args=(n,), daemon=True) for n in range(2)]
    for thread in threads:
        thread.start()
    try:
        wait_until(lambda: len(connected) == 2, 10, what="two SSE clients connected")
        third = wait_until(lambda: attempt(url, 503), 10, what="a third client refused")
        refused(third, 503, "2 clients are connected", "MILIMO_MAX_SSE_CLIENTS")
    finally:
        for stop in stops:
            stop.set()
        for thread in threads:
            thread.join(10)
    # Once they have gone (noticed at the next heartbeat at the latest), a new client is served again.
    wait_until(lambda: attempt(url, 200), 15, what="a client served again after the others left")


def attempt(url: str, status: int) -> httpx.Response | None:
    """One GET /events: the response when it has ``status`` (a refusal's body read), else None; closed either way."""
    with httpx.stream("GET", url, timeout=5) as response:
        if response.status_code != status:
            return None
        if status != 200:
            response.read()
        return response


def test_sse_cap_holds_when_clients_connect_at_once(small_server: ApiServer) -> None:
    """Eight clients connecting in the same instant: the cap (2) is counted when a request is admitted, not when
    its stream gets going, so exactly two are served and six refused."""
    url = f"{small_server.url}/events"
    wait_until(lambda: attempt(url, 200), 15, what="the earlier tests' clients gone")
    start, stop = threading.Barrier(8), threading.Event()
    statuses: list[int] = []

    def connect() -> None:
        start.wait(10)
        with httpx.stream("GET", url, timeout=30) as response:
            statuses.append(response.status_code)
            if response.status_code == 200:
                stop.wait(30)

    threads = [threading.Thread(target=connect, daemon=True) for _ in range(8)]
    for thread in threads:
        thread.start()
    try:
        wait_until(lambda: len(statuses) == 8, 15, what="all eight clients answered")
        assert sorted(statuses) == [200, 200, *[503] * 6], statuses
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)
    wait_until(lambda: attempt(url, 200), 15, what="a client served again after the others left")
