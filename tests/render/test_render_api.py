"""POST /projects/{id}/render over HTTP: validation, a real render of uploaded-like sources, cancel, download."""

from __future__ import annotations

from pathlib import Path

import av
from fastapi.testclient import TestClient

from backend.db.engine import session_scope
from backend.db.tables import Asset
from tests.api.conftest import make_project, wait_job
from tests.render.media import nearest, read_frames, write_source


def add_video_asset(client: TestClient, project_id: str, frames: int, fps: float, width: int, height: int,
                    **kw: object) -> str:
    """A video asset written straight into the project's folder (as an upload would be)."""
    studio = client.app.state.studio
    studio.storage.ensure_project(project_id)
    name = f"src_{frames}_{width}x{height}.mp4"
    path = write_source(studio.storage.absolute(project_id, f"assets/{name}"), frames, fps, width, height, **kw)
    with session_scope(studio.engine) as session:
        asset = Asset(project_id=project_id, kind="video", path=f"assets/{name}", original_name=name,
                      mime_type="video/mp4", size_bytes=path.stat().st_size, width=width, height=height,
                      duration_s=frames / fps, has_audio=kw.get("level", 0.5) is not None)
        session.add(asset)
        session.flush()
        return asset.id


def tracks_of(client: TestClient, project_id: str) -> dict[str, dict]:
    return {t["name"]: t for t in client.get(f"/projects/{project_id}/timeline").json()["tracks"]}


def place(client: TestClient, project_id: str, *clips: dict) -> list[dict]:
    response = client.post(f"/projects/{project_id}/timeline/edits",
                           json={"changes": [{"op": "create", "clip": c} for c in clips]})
    assert response.status_code == 200, response.text
    return response.json()["clips"]


def test_render_validation(idle_client: TestClient) -> None:
    client = idle_client
    project = make_project(client, width=64, height=64, fps=24)
    pid = project["id"]
    empty = client.post(f"/projects/{pid}/render", json={})
    assert empty.status_code == 422 and "empty" in empty.json()["detail"]
    asset = add_video_asset(client, pid, 24, 24, 64, 64)
    place(client, pid, {"track_id": tracks_of(client, pid)["V1"]["id"], "asset_id": asset, "start_frame": 0,
                        "duration": 20})
    bad_range = client.post(f"/projects/{pid}/render", json={"range": {"in_frame": 5, "out_frame": 5}})
    assert bad_range.status_code == 422
    past = client.post(f"/projects/{pid}/render", json={"range": {"in_frame": 5, "out_frame": 21}})
    assert past.status_code == 422 and "past the end" in past.json()["detail"]
    dnx = client.post(f"/projects/{pid}/render", json={"format": "dnxhr"})
    assert dnx.status_code == 422 and "256" in dnx.json()["detail"]  # 64×64 is below DNxHR's minimum
    assert client.post(f"/projects/{pid}/render", json={"format": "vp9"}).status_code == 422
    assert client.post(f"/projects/{pid}/render", json={"name": "../x"}).status_code == 422
    ok = client.post(f"/projects/{pid}/render", json={"range": {"in_frame": 2, "out_frame": 20}, "name": "cut 1"})
    assert ok.status_code == 202 and ok.json()["status"] == "pending"


def test_render_whole_timeline_and_download(client: TestClient) -> None:
    project = make_project(client, width=64, height=64, fps=24)
    pid = project["id"]
    asset = add_video_asset(client, pid, 24, 24, 64, 64)
    place(client, pid, {"track_id": tracks_of(client, pid)["V1"]["id"], "asset_id": asset, "start_frame": 2,
                        "source_in": 3, "duration": 10})
    job = client.post(f"/projects/{pid}/render", json={"name": "whole"}).json()
    done = wait_job(client, job["job_id"])
    assert done["status"] == "completed", done["error"]
    result = done["result"]
    assert result["url"] == f"/projects/{pid}/generated/renders/whole.mp4"
    assert result["frames"] == 12 and result["duration_s"] == 0.5 and result["has_audio"] is True
    assert result["format"] == "h264" and result["size_bytes"] > 0 and result["thumbnail_url"]
    path = client.app.state.studio.storage.absolute(pid, "generated/renders/whole.mp4")
    assert [nearest(f) for f in read_frames(path)] == [-1, -1, *range(3, 13)]
    download = client.get(result["url"] + "?download=1")
    assert download.status_code == 200 and download.headers["content-disposition"].startswith("attachment")
    assert "attachment" not in client.get(result["url"]).headers.get("content-disposition", "")
    with av.open(str(path)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert container.streams.audio[0].codec_context.sample_rate == 48000
