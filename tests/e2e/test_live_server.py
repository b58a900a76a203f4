"""The real service as users run it: uvicorn in its own process on loopback, a fresh data folder, tiny models."""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
from pathlib import Path

import httpx
import pytest

from backend.testing.server_process import ApiServer, wait_for_job
from tests.api.conftest import seed_test_models
from tests.waiting import wait_until

pytestmark = pytest.mark.slow


def create_shot(url: str, **shot: object) -> tuple[str, str]:
    project = httpx.post(f"{url}/projects", json={"name": "Live", "width": 64, "height": 64}).json()
    body = {"prompt": "rain on a window", "num_frames": 9, "num_inference_steps": 2, **shot}
    created = httpx.post(f"{url}/projects/{project['id']}/shots", json=body).json()
    return project["id"], created["id"]


def generate(url: str, project_id: str, shot_id: str, **fields: object) -> str:
    response = httpx.post(
        f"{url}/generate/advanced", json={"project_id": project_id, "shot_id": shot_id, "mode": "t2v", **fields}
    )
    assert response.status_code == 202, response.text
    return response.json()["job_id"]


def read_sse(url: str, headers: dict[str, str], stop: threading.Event, sink: list, timeout: float = 60) -> None:
    """Collect (id, event, data, comment) tuples from an SSE stream until ``stop`` is set or the server goes."""
    try:
        _read_sse(url, headers, stop, sink, timeout)
    except httpx.HTTPError:
        pass


def _read_sse(url: str, headers: dict[str, str], stop: threading.Event, sink: list, timeout: float) -> None:
    with httpx.stream("GET", url, headers=headers, timeout=timeout) as response:
        record: dict = {}
        for line in response.iter_lines():
            if stop.is_set():
                return
            if line == "":
                if record:
                    sink.append(record)
                record = {}
            elif line.startswith(":"):
                sink.append({"comment": line[1:].strip()})
            else:
                key, _, value = line.partition(":")
                record[key] = value.lstrip()


def test_first_start_builds_test_models_and_says_so(tmp_path: Path) -> None:
    with ApiServer(tmp_path / "data") as server:
        health = httpx.get(f"{server.url}/health").json()
        assert health["status"] == "ok" and health["test_models"] is True
        assert "noise" in health["message"] and "MILIMO_LTX2_SOURCE" in health["message"]
        server.wait_models_loaded()
        video = httpx.get(f"{server.url}/models").json()[0]
        assert video["role"] == "video" and video["test_model"] is True and video["device"] == "cpu"
        assert (tmp_path / "data" / "models" / "test" / "ltx2" / "model_index.json").is_file()
        assert (tmp_path / "data" / "milimovideo.db").is_file()
        log_lines = [json.loads(line) for line in (tmp_path / "data" / "logs" / "milimo.log").read_text().splitlines()]
        assert any(line.get("event") == "request" and line.get("request_id") for line in log_lines)


def test_sse_streams_progress_and_replays_after_reconnect(tmp_path: Path, tiny_models_root: Path) -> None:
    seed_test_models(tmp_path / "data", tiny_models_root)
    with ApiServer(tmp_path / "data", env={"MILIMO_SSE_HEARTBEAT_S": "1"}) as server:
        project_id, shot_id = create_shot(server.url)
        events: list[dict] = []
        stop = threading.Event()
        reader = threading.Thread(
            target=read_sse, args=(f"{server.url}/events?project_id={project_id}", {}, stop, events), daemon=True
        )
        reader.start()
        wait_until(lambda: {"comment": "connected"} in events, 10, what="the SSE stream connected")
        job_id = generate(server.url, project_id, shot_id, num_inference_steps=3)
        assert wait_for_job(server.url, job_id)["status"] == "completed"
        wait_until(lambda: any(e.get("event") == "job.completed" for e in events), 10, what="job.completed streamed")
        wait_until(lambda: any("ping" in e.get("comment", "") for e in events), 10, what="a heartbeat")
        stop.set()

        typed = [e for e in events if "event" in e]
        names = [e["event"] for e in typed]
        assert names[0] == "job.queued" and "job.started" in names and names[-1] == "job.completed"
        assert names.count("job.progress") >= 3
        ids = [int(e["id"]) for e in typed]
        assert ids == sorted(ids) and len(set(ids)) == len(ids)
        assert all(json.loads(e["data"])["project_id"] == project_id for e in typed)
        assert any("ping" in e.get("comment", "") for e in events), "no heartbeat"

        # A client that dropped after the third event reconnects with Last-Event-ID and gets exactly the rest.
        replayed: list[dict] = []
        stop2 = threading.Event()
        reader2 = threading.Thread(
            target=read_sse,
            args=(f"{server.url}/events?project_id={project_id}", {"Last-Event-ID": typed[2]["id"]}, stop2, replayed),
            daemon=True,
        )
        reader2.start()
        wait_until(lambda: len([e for e in replayed if "event" in e]) >= len(typed) - 3, 10, what="the replay")
        stop2.set()
        assert [e["id"] for e in replayed if "event" in e] == [e["id"] for e in typed[3:]]

        # Another project's stream does not see these events.
        other_id, _ = create_shot(server.url)
        other: list[dict] = []
        threading.Thread(
            target=read_sse,
            args=(f"{server.url}/events?project_id={other_id}", {"Last-Event-ID": "0"}, threading.Event(), other),
            daemon=True,
        ).start()
        # Its own events (its new shot's clip) arrive, after anything of the first project's that would leak (ids
        # are replayed in order, and these are newer).
        seen = wait_until(lambda: [e for e in other if "event" in e], 10, what="the other project's own events")
        assert all(json.loads(e["data"])["project_id"] == other_id for e in seen)
        assert not {e["id"] for e in seen} & {e["id"] for e in typed}


def test_killed_during_a_job_restarts_consistent(tmp_path: Path, tiny_models_root: Path) -> None:
    data = tmp_path / "data"
    seed_test_models(data, tiny_models_root)
    server = ApiServer(data)
    server.start()
    try:
        project_id, long_shot = create_shot(server.url)
        _, queued_shot = create_shot(server.url)
        state = httpx.get(f"{server.url}/projects/{project_id}").json()
        running = generate(server.url, project_id, long_shot, num_inference_steps=200)
        wait_for_job(server.url, running, until=("running",))
        queued_project = httpx.get(f"{server.url}/projects").json()
        queued_pid = next(p["id"] for p in queued_project if p["id"] != project_id)
        pending = generate(server.url, queued_pid, queued_shot)
        # Killed in the middle of denoising (not before the first step, not after the last).
        wait_until(lambda: httpx.get(f"{server.url}/jobs/{running}").json()["progress"] > 0, 60, what="progress")
        server.kill()  # SIGKILL: no shutdown hooks run

        db = sqlite3.connect(data / "milimovideo.db")
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.close()

        server.start()
        interrupted = httpx.get(f"{server.url}/jobs/{running}").json()
        assert interrupted["status"] == "failed"
        assert interrupted["error"].startswith("interrupted: the server stopped while this job was running")
        shot = httpx.get(f"{server.url}/projects/{project_id}/shots/{long_shot}").json()
        assert shot["status"] == "failed"
        assert shot["prompt"] == state["shots"][0]["prompt"]  # what was saved is still there
        # The job that was waiting runs after the restart.
        assert wait_for_job(server.url, pending)["status"] == "completed"
        # And the interrupted shot can be generated again.
        again = generate(server.url, project_id, long_shot)
        assert wait_for_job(server.url, again)["status"] == "completed"
    finally:
        server.stop()


def test_raw_path_traversal_is_refused(tmp_path: Path, tiny_models_root: Path) -> None:
    """Raw request lines (no client-side normalisation) that try to leave the project folder."""
    seed_test_models(tmp_path / "data", tiny_models_root)
    with ApiServer(tmp_path / "data") as server:
        project_id, _ = create_shot(server.url)
        for target in (
            f"/projects/{project_id}/generated/../../../milimovideo.db",
            f"/projects/{project_id}/assets/../../../logs/milimo.log",
            f"/projects/{project_id}/generated/%2e%2e/%2e%2e/%2e%2e/milimovideo.db",
            "/projects/../milimovideo.db",
            "/../milimovideo.db",
        ):
            with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
                # the studio's own Host: a foreign one is refused (421) before the path is even looked at
                sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
                reply = b""
                while chunk := sock.recv(65536):
                    reply += chunk
            status = int(reply.split(b" ", 2)[1])
            assert status in (400, 404, 422), (target, reply[:200])
            assert b"SQLite format" not in reply and b"request_id" not in reply


def test_extension_killed_between_chunks_resumes_after_restart(tmp_path: Path, tiny_models_root: Path) -> None:
    data = tmp_path / "data"
    seed_test_models(data, tiny_models_root)
    server = ApiServer(data)
    server.start()
    try:
        project_id, shot_id = create_shot(server.url)
        assert wait_for_job(server.url, generate(server.url, project_id, shot_id))["status"] == "completed"
        settings = {
            "mode": "extend",
            "extend_seconds": 10.5,  # three chunks: a crash after the first leaves some to resume
            "overlap_seconds": 0.04,
            "lock_prompt": True,
            "num_inference_steps": 15,
        }
        first = httpx.post(
            f"{server.url}/generate/advanced", json={"project_id": project_id, "shot_id": shot_id, **settings}
        ).json()["job_id"]

        def committed_chunks() -> int:
            # Read the chain row itself (WAL lets a reader in beside the server): a chunk's files are written just
            # before it is committed, so their existence alone does not mean the chunk counts yet.
            db = sqlite3.connect(data / "milimovideo.db")
            try:
                rows = db.execute("SELECT chunks FROM continuechain").fetchall()
            finally:
                db.close()
            return max((len(json.loads(r[0])) for r in rows), default=0)

        wait_until(lambda: committed_chunks() >= 1, 120, interval=0.05, what="the first chunk committed")
        server.kill()  # a hard crash after the first chunk was committed
        server.start()
        interrupted = httpx.get(f"{server.url}/jobs/{first}").json()
        assert interrupted["status"] == "failed" and "resume from the last finished chunk" in interrupted["error"]
        again = httpx.post(
            f"{server.url}/generate/advanced", json={"project_id": project_id, "shot_id": shot_id, **settings}
        ).json()["job_id"]
        done = wait_for_job(server.url, again, timeout=300)
        assert done["status"] == "completed", done["error"]
        assert done["result"]["resumed_from_chunk"] >= 1
        assert done["result"]["chunks_generated"] == done["result"]["chunks"] - done["result"]["resumed_from_chunk"]
    finally:
        server.stop()
