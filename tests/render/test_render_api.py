"""POST /projects/{id}/render over HTTP: validation, a real render of uploaded-like sources, cancel, download."""

from __future__ import annotations

import av
import numpy as np
from fastapi.testclient import TestClient

from backend.db.engine import session_scope
from backend.db.tables import Asset
from tests.api.conftest import make_project, make_shot, wait_job
from tests.render.media import nearest, read_frames, write_source
from tests.waiting import wait_until


def add_video_asset(
    client: TestClient, project_id: str, frames: int, fps: float, width: int, height: int, **kw: object
) -> str:
    """A video asset written straight into the project's folder (as an upload would be)."""
    studio = client.app.state.studio
    studio.storage.ensure_project(project_id)
    name = f"src_{frames}_{width}x{height}.mp4"
    path = write_source(studio.storage.absolute(project_id, f"assets/{name}"), frames, fps, width, height, **kw)
    with session_scope(studio.engine) as session:
        asset = Asset(
            project_id=project_id,
            kind="video",
            path=f"assets/{name}",
            original_name=name,
            mime_type="video/mp4",
            size_bytes=path.stat().st_size,
            width=width,
            height=height,
            duration_s=frames / fps,
            has_audio=kw.get("level", 0.5) is not None,
        )
        session.add(asset)
        session.flush()
        return asset.id


def tracks_of(client: TestClient, project_id: str) -> dict[str, dict]:
    return {t["name"]: t for t in client.get(f"/projects/{project_id}/timeline").json()["tracks"]}


def place(client: TestClient, project_id: str, *clips: dict) -> list[dict]:
    response = client.post(
        f"/projects/{project_id}/timeline/edits", json={"changes": [{"op": "create", "clip": c} for c in clips]}
    )
    assert response.status_code == 200, response.text
    return response.json()["clips"]


def test_render_validation(idle_client: TestClient) -> None:
    client = idle_client
    project = make_project(client, width=64, height=64, fps=24)
    pid = project["id"]
    empty = client.post(f"/projects/{pid}/render", json={})
    assert empty.status_code == 422 and "empty" in empty.json()["detail"]
    asset = add_video_asset(client, pid, 24, 24, 64, 64)
    place(
        client,
        pid,
        {"track_id": tracks_of(client, pid)["V1"]["id"], "asset_id": asset, "start_frame": 0, "duration": 20},
    )
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
    place(
        client,
        pid,
        {
            "track_id": tracks_of(client, pid)["V1"]["id"],
            "asset_id": asset,
            "start_frame": 2,
            "source_in": 3,
            "duration": 10,
        },
    )
    orphan = client.app.state.studio.storage.absolute(pid, "generated/renders/.old.mp4.abc.tmp.mp4")
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"left by a crash")
    job = client.post(f"/projects/{pid}/render", json={"name": "whole"}).json()
    done = wait_job(client, job["job_id"])
    assert done["status"] == "completed", done["error"]
    result = done["result"]
    assert result["video_url"] == f"/projects/{pid}/generated/renders/whole.mp4"
    assert result["url"] == result["video_url"]  # the deprecated alias, kept for one release
    assert result["frames"] == 12 and result["duration_s"] == 0.5 and result["has_audio"] is True
    assert result["format"] == "h264" and result["size_bytes"] > 0 and result["thumbnail_url"]
    path = client.app.state.studio.storage.absolute(pid, "generated/renders/whole.mp4")
    assert [nearest(f) for f in read_frames(path)] == [-1, -1, *range(3, 13)]
    assert not orphan.exists()
    download = client.get(result["video_url"] + "?download=1")
    assert download.status_code == 200 and download.headers["content-disposition"].startswith("attachment")
    assert "attachment" not in client.get(result["video_url"]).headers.get("content-disposition", "")
    [listed] = client.get(f"/projects/{pid}/renders").json()
    assert listed["job_id"] == job["job_id"] and listed["video_url"] == result["video_url"] and listed["frames"] == 12
    with av.open(str(path)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert container.streams.audio[0].codec_context.sample_rate == 48000


def test_clip_gain_and_fades_through_edits(idle_client: TestClient) -> None:
    client = idle_client
    project = make_project(client, width=64, height=64, fps=24)
    pid = project["id"]
    asset = add_video_asset(client, pid, 24, 24, 64, 64)
    v1 = tracks_of(client, pid)["V1"]["id"]
    [clip] = place(
        client,
        pid,
        {
            "track_id": v1,
            "asset_id": asset,
            "start_frame": 0,
            "duration": 20,
            "gain_db": -3.5,
            "fade_in": 4,
            "fade_out": 20,
        },
    )
    assert (clip["gain_db"], clip["fade_in"], clip["fade_out"]) == (-3.5, 4, 20)
    [plain] = place(client, pid, {"track_id": v1, "asset_id": asset, "start_frame": 30, "duration": 5})
    assert (plain["gain_db"], plain["fade_in"], plain["fade_out"]) == (0.0, 0, 0)

    def update(**fields: object):  # noqa: ANN202 - a response
        current = next(c for c in client.get(f"/projects/{pid}/timeline").json()["clips"] if c["id"] == clip["id"])
        return client.post(
            f"/projects/{pid}/timeline/edits",
            json={"changes": [{"op": "update", "id": clip["id"], "version": current["version"], **fields}]},
        )

    too_long = update(fade_in=21)
    assert too_long.status_code == 422 and "fade_in" in too_long.json()["detail"]
    assert update(gain_db=24.5).status_code == 422 and update(gain_db=-61).status_code == 422
    assert update(fade_out=-1).status_code == 422
    changed = update(gain_db=6, fade_out=2)
    assert changed.status_code == 200
    assert (changed.json()["clips"][0]["gain_db"], changed.json()["clips"][0]["fade_out"]) == (6.0, 2)
    update(fade_out=20)
    trimmed = update(duration=10).json()["clips"][0]  # a trim shortens a fade it does not set
    assert (trimmed["duration"], trimmed["fade_in"], trimmed["fade_out"]) == (10, 4, 10)
    assert update(duration=8, fade_in=9).status_code == 422  # a fade it sets is checked, not shortened
    bad = client.post(
        f"/projects/{pid}/timeline/edits",
        json={
            "changes": [
                {
                    "op": "create",
                    "clip": {"track_id": v1, "asset_id": asset, "start_frame": 50, "duration": 3, "fade_in": 4},
                }
            ]
        },
    )
    assert bad.status_code == 422


def add_still(client: TestClient, project_id: str, width: int, height: int) -> str:
    from PIL import Image

    studio = client.app.state.studio
    studio.storage.ensure_project(project_id)
    path = studio.storage.absolute(project_id, "assets/still.png")
    Image.new("RGB", (width, height), (200, 40, 40)).save(path)
    with session_scope(studio.engine) as session:
        asset = Asset(
            project_id=project_id,
            kind="image",
            path="assets/still.png",
            original_name="still.png",
            mime_type="image/png",
            size_bytes=path.stat().st_size,
            width=width,
            height=height,
        )
        session.add(asset)
        session.flush()
        return asset.id


def test_cancel_mid_render_leaves_no_file(client: TestClient) -> None:
    project = make_project(client, width=256, height=256, fps=24)
    pid = project["id"]
    still = add_still(client, pid, 256, 256)
    place(
        client,
        pid,
        {"track_id": tracks_of(client, pid)["V1"]["id"], "asset_id": still, "start_frame": 0, "duration": 20000},
    )
    job = client.post(f"/projects/{pid}/render", json={"name": "long"}).json()
    running = wait_job(client, job["job_id"], until=("running",))
    wait_until(lambda: client.get(f"/jobs/{job['job_id']}").json()["progress"] > 0, 30, what="render progress")
    assert running["status"] == "running"
    assert 0 < client.get(f"/jobs/{job['job_id']}").json()["progress"] < 1  # mid-render
    client.post(f"/jobs/{job['job_id']}/cancel")
    done = wait_job(client, job["job_id"])
    assert done["status"] == "cancelled"
    renders = client.app.state.studio.storage.absolute(pid, "generated/renders")
    assert list(renders.iterdir()) == []  # neither the file nor its hidden temporary


def test_render_generated_shots(client: TestClient) -> None:
    """Two shots generated by the tiny LTX-2, back to back on V1 (as new shots are placed), rendered whole."""
    project = make_project(client, width=64, height=64, fps=24)
    pid = project["id"]
    # Other seeds: the random-weight model's output hardly depends on the prompt, and with one seed the two shots'
    # frames would be nearly alike (mean difference ~8 against ~5 for a frame's own re-encode).
    shots = [
        make_shot(client, pid, prompt=p, num_frames=9, num_inference_steps=2, seed=seed)
        for p, seed in (("a red kite over the sea", 7), ("a lighthouse at night", 8))
    ]
    for shot in shots:
        response = client.post("/generate/advanced", json={"project_id": pid, "shot_id": shot["id"], "mode": "t2v"})
        assert response.status_code == 202, response.text
        assert wait_job(client, response.json()["job_id"])["status"] == "completed"
    job = client.post(f"/projects/{pid}/render", json={"format": "h264", "name": "shots"}).json()
    done = wait_job(client, job["job_id"])
    assert done["status"] == "completed", done["error"]
    result = done["result"]
    assert result["frames"] == 18 and result["has_audio"] is True and result["test_model"] is True
    studio = client.app.state.studio
    rendered = read_frames(studio.storage.absolute(pid, "generated/renders/shots.mp4"))
    assert rendered.shape == (18, 64, 64, 3)
    sources = [
        read_frames(studio.storage.absolute(pid, shot["video_url"].split("/", 3)[3])).astype(int)
        for shot in client.get(f"/projects/{pid}").json()["shots"]
    ]
    for n, source in enumerate(sources):
        # the render re-encodes (CRF 18): close to the shot's own frames, far from the other shot's
        part = rendered[n * 9 : (n + 1) * 9].astype(int)
        own, other = np.abs(part - source).mean(), np.abs(part - sources[1 - n]).mean()
        assert own < 9 and other > 3 * own, (n, own, other)  # noise frames lose ~5-7 to CRF 18
    # Frame by frame: each rendered frame is nearest its own source frame among all 18.
    distance = np.abs(rendered.astype(int)[:, None] - np.concatenate(sources)[None]).mean(axis=(2, 3, 4))
    assert list(distance.argmin(axis=1)) == list(range(18))
    with av.open(str(studio.storage.absolute(pid, "generated/renders/shots.mp4"))) as container:
        assert container.streams.audio and container.streams.video[0].frames == 18
