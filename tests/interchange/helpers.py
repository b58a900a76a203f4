"""A project with a real timeline: 2 video tracks, 1 audio track, trimmed clips, gaps, shots and media assets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient

from backend.media.video_writer import write_mp4
from tests.api.conftest import make_project, make_shot
from tests.api.test_timeline import create, edits, timeline, track_of
from tests.api.test_uploads_and_media import png_bytes, wav_bytes


def upload(client: TestClient, project_id: str, name: str, data: bytes) -> dict:
    response = client.post(f"/projects/{project_id}/assets", files={"file": (name, data)})
    assert response.status_code == 201, response.text
    return response.json()


def build_project(client: TestClient, tmp_path: Path) -> dict:
    """V1: two shot clips (the second trimmed, after a gap); V2: a trimmed video asset and a still, with gaps;
    A1: a trimmed audio asset after a gap."""
    project = make_project(client, fps=24, name="Harbour film")
    pid = project["id"]
    write_mp4(tmp_path / "harbour.mp4", np.full((48, 64, 64, 3), 90, np.uint8), 24.0)
    video = upload(client, pid, "harbour.mp4", (tmp_path / "harbour.mp4").read_bytes())
    still = upload(client, pid, "card.png", png_bytes())
    sound = upload(client, pid, "waves.wav", wav_bytes(seconds=3.0))
    make_shot(client, pid, prompt="a lighthouse at dusk, waves", num_frames=9)
    make_shot(client, pid, prompt="close on the keeper", num_frames=17)
    v2 = client.post(f"/projects/{pid}/tracks", json={"kind": "video", "name": "Overlays"}).json()
    state = timeline(client, pid)
    v1, a1 = track_of(state, "V1")["id"], track_of(state, "A1")["id"]
    first, second = state["clips"]
    response = edits(
        client,
        pid,
        {"op": "update", "id": second["id"], "version": 1, "start_frame": 20, "source_in": 2, "duration": 10},
        create(v2["id"], 5, 30, asset_id=video["id"], source_in=4),
        create(v2["id"], 40, 12, asset_id=still["id"]),
        {
            "op": "create",
            "clip": {
                **create(a1, 3, 24, asset_id=sound["id"], source_in=6)["clip"],
                "gain_db": -6.0,
                "fade_in": 4,
                "fade_out": 2,
            },
        },
    )
    assert response.status_code == 200, response.text
    assert first["track_id"] == v1
    return {"project": project, "video": video, "still": still, "sound": sound}
