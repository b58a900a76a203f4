"""GET /jobs: one queue across projects, each job with its project's name, its shot's label and kind; filters by
project and status; running first, then waiting in claim order with their place in line, then ended; bounded."""

from __future__ import annotations

from fastapi.testclient import TestClient

from backend.services.job_queue import claim_next
from tests.api.conftest import make_project, make_shot


def queue(client: TestClient, **params: object) -> dict:
    response = client.get("/jobs", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_queue_lists_every_projects_jobs_with_names_labels_and_filters(idle_client: TestClient) -> None:
    film = make_project(idle_client, name="Harbour film")
    short = make_project(idle_client, name="Short")
    a = make_shot(idle_client, film["id"], prompt="a keeper climbs the stairs")
    b = make_shot(idle_client, short["id"], prompt="rain on a window")
    c = make_shot(idle_client, short["id"], prompt="a door opens")
    first = idle_client.post("/generate/advanced", json={"project_id": film["id"], "shot_id": a["id"]}).json()
    batch = idle_client.post(f"/projects/{short['id']}/generate-all", json={}).json()
    claimed = claim_next(idle_client.app.state.studio.engine)
    assert claimed is not None and claimed.id == first["job_id"]
    idle_client.post(f"/jobs/{batch['job_ids'][1]}/cancel")

    everything = queue(idle_client)
    assert everything["total"] == 3 and (everything["limit"], everything["offset"]) == (100, 0)
    rows = everything["items"]
    assert [r["id"] for r in rows] == [first["job_id"], batch["job_ids"][0], batch["job_ids"][1]]
    assert [(r["project_name"], r["status"], r["position"]) for r in rows] == [
        ("Harbour film", "running", None),
        ("Short", "pending", 1),
        ("Short", "cancelled", None),
    ]
    assert rows[0]["shot_label"] == "Shot 1 · a keeper climbs the stairs" and rows[0]["kind"] == "t2v"
    assert rows[1]["shot_id"] == b["id"] and rows[2]["shot_id"] == c["id"]
    assert rows[1]["batch_id"] == batch["batch_id"] and not rows[1]["held"]

    assert [r["id"] for r in queue(idle_client, project_id=short["id"])["items"]] == batch["job_ids"]
    pending = queue(idle_client, status="pending")
    assert [r["id"] for r in pending["items"]] == [batch["job_ids"][0]] and pending["total"] == 1
    ended = idle_client.get("/jobs?status=running&status=cancelled").json()
    assert {r["status"] for r in ended["items"]} == {"running", "cancelled"} and ended["total"] == 2
    page = queue(idle_client, limit=1, offset=1)
    assert [r["id"] for r in page["items"]] == [batch["job_ids"][0]] and page["total"] == 3

    idle_client.post(f"/batches/{batch['batch_id']}/pause")
    held = queue(idle_client, project_id=short["id"], status="pending")["items"][0]
    assert held["held"] and held["position"] is None

    assert idle_client.get("/jobs", params={"project_id": "nope"}).status_code == 404
    bad = idle_client.get("/jobs", params={"status": "waiting"})
    assert bad.status_code == 422 and "status" in str(bad.json()["detail"])
    assert idle_client.get("/jobs", params={"limit": 501}).status_code == 422
