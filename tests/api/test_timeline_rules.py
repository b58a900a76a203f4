"""The timeline's invariants and tracks over HTTP: overlap, locks, kinds, source bounds, ownership, track rules,
clips following their shots and assets, events, and the migration that backfills existing projects."""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from alembic import command
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import create_engine, text

from backend.db.migrate import alembic_config
from backend.media.video_writer import write_mp4
from tests.api.conftest import make_project, make_shot
from tests.api.test_timeline import create, edits, timeline, track_of
from tests.media.test_analysis import sine, write_wav


def upload(client: TestClient, project_id: str, name: str, data: bytes) -> dict:
    response = client.post(f"/projects/{project_id}/assets", files={"file": (name, data)})
    assert response.status_code == 201, response.text
    return response.json()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def test_invariants_are_422_naming_clips_tracks_and_frames(idle_client: TestClient, tmp_path: Path) -> None:
    client = idle_client
    project = make_project(client, fps=24)
    pid = project["id"]
    v1, a1 = track_of(project, "V1")["id"], track_of(project, "A1")["id"]
    shot = make_shot(client, pid, num_frames=9)
    [first] = timeline(client, pid)["clips"]

    overlap = edits(client, pid, create(v1, 5, 4, shot_id=shot["id"]))
    assert overlap.status_code == 422
    body = overlap.json()
    assert first["id"] in body["detail"] and "frames 5–8" in body["detail"] and "V1" in body["detail"]
    assert body["frames"] == [5, 9] and first["id"] in body["clips"] and body["track_id"] == v1

    wrong_kind = edits(client, pid, create(a1, 0, 4, shot_id=shot["id"]))
    assert wrong_kind.status_code == 422 and "audio track" in wrong_kind.json()["detail"]
    moved_to_audio = edits(client, pid, {"op": "update", "id": first["id"], "version": 1, "track_id": a1})
    assert moved_to_audio.status_code == 422

    too_long = edits(client, pid, {"op": "update", "id": first["id"], "version": 1, "duration": 10})
    assert too_long.status_code == 422 and "at most 9" in too_long.json()["detail"]
    past_end = edits(client, pid, create(v1, 50, 4, shot_id=shot["id"], source_in=6))
    assert past_end.status_code == 422 and past_end.json()["frames"] == [6, 10]

    write_wav(tmp_path / "music.wav", sine(2.0, 8000, 0.5), 8000)  # 2 s = 48 frames at 24 fps
    music = upload(client, pid, "music.wav", (tmp_path / "music.wav").read_bytes())
    still = upload(client, pid, "still.png", png_bytes())
    write_mp4(tmp_path / "clip.mp4", np.zeros((12, 32, 32, 3), np.uint8), 24.0)  # 0.5 s, no sound
    video = upload(client, pid, "clip.mp4", (tmp_path / "clip.mp4").read_bytes())
    assert video["has_audio"] is False and music["has_audio"] is True
    assert edits(client, pid, create(v1, 0, 4, asset_id=music["id"])).status_code == 422  # audio on video
    assert edits(client, pid, create(a1, 0, 4, asset_id=still["id"])).status_code == 422  # a still on audio
    assert edits(client, pid, create(a1, 0, 49, asset_id=music["id"])).status_code == 422  # past its 48 frames
    ok = edits(
        client,
        pid,
        create(a1, 0, 48, asset_id=music["id"]),
        create(v1, 100, 5000, asset_id=still["id"]),
        create(a1, 48, 12, asset_id=video["id"]),
    )  # a still has no length limit; a video may go on audio
    assert ok.status_code == 200, ok.text
    music_clip, still_clip, video_clip = ok.json()["clips"]
    assert (music_clip["source_kind"], music_clip["source_frames"], music_clip["has_audio"]) == ("audio", 48, True)
    assert music_clip["label"] == "music.wav" and music_clip["media_url"] == music["url"]
    assert (still_clip["source_kind"], still_clip["source_frames"], still_clip["thumbnail_url"]) == (
        "image",
        None,
        still["url"],
    )
    assert (video_clip["source_kind"], video_clip["source_frames"], video_clip["has_audio"]) == ("video", 12, False)

    locked = client.patch(f"/projects/{pid}/tracks/{a1}", json={"version": 1, "locked": True})
    assert locked.status_code == 200 and locked.json()["locked"] is True
    for change in (
        {"op": "delete", "id": music_clip["id"], "version": 1},
        {"op": "update", "id": music_clip["id"], "version": 1, "start_frame": 500},
        create(a1, 1000, 4, asset_id=music["id"]),
    ):
        refused = edits(client, pid, change)
        assert refused.status_code == 422 and "locked" in refused.json()["detail"], change


def test_sources_and_tracks_must_belong_to_the_project(idle_client: TestClient) -> None:
    client = idle_client
    mine, theirs = make_project(client), make_project(client)
    v1 = track_of(mine, "V1")["id"]
    their_shot = make_shot(client, theirs["id"])
    mine_shot = make_shot(client, mine["id"])
    their_asset = upload(client, theirs["id"], "still.png", png_bytes())
    assert edits(client, mine["id"], create(v1, 50, 4, shot_id=their_shot["id"])).status_code == 404
    assert edits(client, mine["id"], create(v1, 50, 4, asset_id=their_asset["id"])).status_code == 404
    their_v1 = track_of(theirs, "V1")["id"]
    assert edits(client, mine["id"], create(their_v1, 50, 4, shot_id=mine_shot["id"])).status_code == 404
    their_clip = timeline(client, theirs["id"])["clips"][0]
    moved = edits(client, mine["id"], {"op": "delete", "id": their_clip["id"], "version": 1})
    assert moved.status_code == 409 and moved.json()["conflicts"] == [{"id": their_clip["id"], "current": None}]
    assert edits(client, "f" * 32, create(v1, 0, 4, shot_id=mine_shot["id"])).status_code == 404
    # Ids: 32 lowercase hex, one change per clip, exactly one source.
    assert edits(client, mine["id"], create(v1, 50, 4, shot_id=mine_shot["id"], id="ABC")).status_code == 422
    twice = uuid.uuid4().hex
    dup = edits(
        client,
        mine["id"],
        create(v1, 50, 4, shot_id=mine_shot["id"], id=twice),
        create(v1, 60, 4, shot_id=mine_shot["id"], id=twice),
    )
    assert dup.status_code == 422 and "more than once" in dup.json()["detail"]
    both = {
        "op": "create",
        "clip": {
            "track_id": v1,
            "start_frame": 0,
            "duration": 1,
            "shot_id": mine_shot["id"],
            "asset_id": their_asset["id"],
        },
    }
    assert edits(client, mine["id"], both).status_code == 422
    assert client.post(f"/projects/{mine['id']}/timeline/edits", json={"changes": []}).status_code == 422


def test_clips_go_with_their_shot_or_asset_and_events_say_so(idle_client: TestClient) -> None:
    client = idle_client
    project = make_project(client)
    pid, a1 = project["id"], track_of(project, "A1")["id"]
    bus = client.app.state.studio.bus
    shot = make_shot(client, pid)
    [clip] = timeline(client, pid)["clips"]
    still = upload(client, pid, "still.png", png_bytes())
    duplicate = edits(client, pid, create(clip["track_id"], 9, 9, shot_id=shot["id"])).json()["clips"][0]
    image_clip = edits(client, pid, create(clip["track_id"], 30, 9, asset_id=still["id"])).json()["clips"][0]

    events = [e.data for e in bus.replay(0, pid) if e.type == "timeline.changed"]
    assert [c["id"] for c in events[0]["clips"]] == [clip["id"]]  # the new shot's clip
    assert events[1]["clips"][0]["id"] == duplicate["id"] and events[1]["deleted"] == []

    assert client.delete(f"/projects/{pid}/shots/{shot['id']}").status_code == 204
    assert [c["id"] for c in timeline(client, pid)["clips"]] == [image_clip["id"]]
    assert sorted(bus.replay(0, pid)[-1].data["deleted"]) == sorted([clip["id"], duplicate["id"]])
    assert client.delete(f"/projects/{pid}/assets/{still['id']}").status_code == 204
    assert timeline(client, pid)["clips"] == []
    assert bus.replay(0, pid)[-1].data == {
        "type": "timeline.changed",
        "project_id": pid,
        "clips": [],
        "deleted": [image_clip["id"]],
    }
    assert a1  # the audio track is untouched


def test_storyboard_commit_appends_clips_after_the_existing_ones(idle_client: TestClient) -> None:
    client = idle_client
    pid = make_project(client, fps=24)["id"]
    beats = [{"text": "one", "duration_s": 1.0}, {"text": "two", "duration_s": 2.0}]
    board = {"scenes": [{"heading": "INT. ROOM - DAY", "shots": beats}]}
    assert client.post(f"/projects/{pid}/storyboard/commit", json=board).status_code == 200
    first = timeline(client, pid)["clips"]
    assert [(c["start_frame"], c["duration"]) for c in first] == [(0, 25), (25, 49)]
    beats.append({"text": "three", "duration_s": 1.0})  # a re-import: kept shots keep their clips
    assert client.post(f"/projects/{pid}/storyboard/commit", json=board).json()["shots_kept"] == 2
    clips = timeline(client, pid)["clips"]
    assert clips[:2] == first and [(c["start_frame"], c["duration"]) for c in clips[2:]] == [(74, 25)]
    assert [c["label"].split(" · ")[1] for c in clips] == ["one", "two", "three"]


def test_tracks_crud_reorder_mute_solo_lock_and_delete_rules(idle_client: TestClient) -> None:
    client = idle_client
    project = make_project(client)
    pid = project["id"]
    v1 = track_of(project, "V1")
    url = f"/projects/{pid}/tracks"
    v2 = client.post(url, json={"kind": "video"}).json()
    a2 = client.post(url, json={"kind": "audio", "name": "Music"}).json()
    v3 = client.post(url, json={"kind": "video", "index": 0}).json()  # at the bottom of the video stack
    assert (v2["name"], v2["index"], a2["name"], a2["index"], v3["name"]) == ("V2", 1, "Music", 1, "V3")
    names = lambda: [(t["name"], t["index"]) for t in timeline(client, pid)["tracks"]]  # noqa: E731
    assert names() == [("V3", 0), ("V1", 1), ("V2", 2), ("A1", 0), ("Music", 1)]

    moved = client.patch(
        f"{url}/{v3['id']}", json={"version": v3["version"], "index": 5, "muted": True, "solo": True, "name": "Top"}
    )
    assert moved.status_code == 200, moved.text
    assert (moved.json()["muted"], moved.json()["solo"], moved.json()["version"]) == (True, True, 2)
    assert names() == [("V1", 0), ("V2", 1), ("Top", 2), ("A1", 0), ("Music", 1)]
    stale = client.patch(f"{url}/{v3['id']}", json={"version": 1, "muted": False})
    assert stale.status_code == 409 and stale.json()["current"]["name"] == "Top"
    assert client.patch(f"{url}/{v3['id']}", json={"version": 2, "name": None}).json()["name"] == "Top"

    shot = make_shot(client, pid)
    clip = edits(client, pid, create(v2["id"], 0, 9, shot_id=shot["id"])).json()["clips"][0]
    assert client.delete(f"{url}/{v2['id']}", params={"version": 9}).status_code == 409
    client.patch(f"{url}/{v2['id']}", json={"version": 1, "locked": True})
    locked = client.delete(f"{url}/{v2['id']}", params={"version": 2})
    assert locked.status_code == 422 and "locked" in locked.json()["detail"]
    client.patch(f"{url}/{v2['id']}", json={"version": 2, "locked": False})
    assert client.delete(f"{url}/{v2['id']}", params={"version": 3}).status_code == 204
    assert clip["id"] not in [c["id"] for c in timeline(client, pid)["clips"]]
    event = client.app.state.studio.bus.replay(0, pid)[-1].data
    assert event["deleted"] == [clip["id"]] and event["deleted_tracks"] == [v2["id"]]
    assert names() == [("V1", 0), ("Top", 1), ("A1", 0), ("Music", 1)]

    assert client.delete(f"{url}/{a2['id']}", params={"version": 1}).status_code == 204
    last = client.delete(f"{url}/{track_of(project, 'A1')['id']}", params={"version": 1})
    assert last.status_code == 422 and "last audio track" in last.json()["detail"]
    assert client.delete(f"{url}/{v1['id']}", params={"version": 1}).status_code == 204
    assert client.delete(f"{url}/{v3['id']}", params={"version": 3}).status_code == 422  # the last video track
    assert client.patch(f"{url}/{'0' * 32}", json={"version": 1}).status_code == 404


def test_a_track_may_take_a_client_chosen_id_so_an_undone_delete_returns_as_the_same_track(
    idle_client: TestClient,
) -> None:
    client = idle_client
    pid = make_project(client)["id"]
    url = f"/projects/{pid}/tracks"
    chosen = uuid.uuid4().hex
    track = client.post(url, json={"id": chosen, "kind": "video", "index": 0})
    assert track.status_code == 201, track.text
    assert (track.json()["id"], track.json()["name"], track.json()["index"]) == (chosen, "V2", 0)
    shot = make_shot(client, pid)
    clip = edits(client, pid, create(chosen, 40, 9, shot_id=shot["id"], id=uuid.uuid4().hex)).json()["clips"][0]

    # Taken (here, or by another project): 409 naming it, nothing created; not 32 lowercase hex: 422.
    taken = client.post(url, json={"id": chosen, "kind": "audio"})
    assert taken.status_code == 409 and "taken" in taken.json()["detail"]
    assert taken.json()["conflicts"] == [{"id": chosen, "current": track.json()}]
    other = make_project(client)["id"]
    elsewhere = client.post(f"/projects/{other}/tracks", json={"id": chosen, "kind": "video"})
    assert elsewhere.status_code == 409 and elsewhere.json()["conflicts"] == [{"id": chosen, "current": None}]
    assert client.post(url, json={"id": chosen.upper(), "kind": "video"}).status_code == 422
    assert client.post(url, json={"id": "abc", "kind": "video"}).status_code == 422
    assert len(timeline(client, pid)["tracks"]) == 3 and len(timeline(client, other)["tracks"]) == 2

    # Delete the track (its clip goes with it), then undo: the same ids come back, at the same place.
    assert client.delete(f"{url}/{chosen}", params={"version": 1}).status_code == 204
    again = client.post(url, json={"id": chosen, "kind": "video", "name": "V2", "index": 0})
    assert again.status_code == 201 and (again.json()["id"], again.json()["version"]) == (chosen, 1)
    back = edits(client, pid, create(chosen, 40, 9, shot_id=shot["id"], id=clip["id"]))
    assert back.status_code == 200, back.text
    state = timeline(client, pid)
    assert [t["id"] for t in state["tracks"] if t["kind"] == "video"][0] == chosen
    assert [(c["id"], c["track_id"], c["start_frame"]) for c in state["clips"] if c["track_id"] == chosen] == [
        (clip["id"], chosen, 40)
    ]
    # Without an id the server still picks one.
    assert len(client.post(url, json={"kind": "audio"}).json()["id"]) == 32


def test_migration_backfills_tracks_and_clips_for_existing_projects(empty_database_url: str) -> None:
    db = empty_database_url
    command.upgrade(alembic_config(db), "0004")
    engine = create_engine(db)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    project = text(
        "INSERT INTO project (id, name, width, height, fps, seed, settings, version, created_at, "
        "updated_at) VALUES (:id, :name, 64, 64, 24, 1, '{}', 1, :now, :now)"
    )
    shot = text(
        'INSERT INTO shot (id, project_id, "index", prompt, negative_prompt, seed, width, height, num_frames, '
        "fps, num_inference_steps, guidance_scale, params, conditioning, status, video_path, track, start_frame, "
        "trim_in, trim_out, version, created_at, updated_at) VALUES (:id, 'p1', :index, '', '', 1, 64, 64, :frames, "
        "24, 2, 4, :params, '[]', 'draft', :video, 0, 0, 0, 0, 1, :now, :now)"
    )
    takes = {"takes": [{"job_id": "j", "video_path": "generated/long.mp4", "num_frames": 57}]}
    try:
        with engine.begin() as connection:
            connection.execute(project, {"id": "p1", "name": "old", "now": now})
            connection.execute(project, {"id": "p2", "name": "empty", "now": now})
            for shot_id, index, frames, video, params in (
                ("s2", 1, 17, None, {}),
                ("s1", 0, 9, "generated/long.mp4", takes),
                ("s3", 2, 25, "generated/other.mp4", takes),
            ):
                values = {"id": shot_id, "index": index, "frames": frames, "params": json.dumps(params)}
                connection.execute(shot, {**values, "video": video, "now": now})
        command.upgrade(alembic_config(db), "head")
        with engine.connect() as connection:
            tracks = connection.execute(
                text('SELECT project_id, kind, name, "index", version FROM track ORDER BY project_id, kind DESC')
            ).all()
            clips = connection.execute(
                text(
                    "SELECT c.shot_id, t.name, c.start_frame, c.source_in, c.duration, c.version FROM "
                    "clip c JOIN track t ON t.id = c.track_id ORDER BY c.start_frame"
                )
            ).all()
    finally:
        engine.dispose()
    assert [tuple(row) for row in tracks] == [
        ("p1", "video", "V1", 0, 1),
        ("p1", "audio", "A1", 0, 1),
        ("p2", "video", "V1", 0, 1),
        ("p2", "audio", "A1", 0, 1),
    ]
    # s1 plays its 57-frame take; s2 has no clip yet (num_frames); s3's take is not the clip it plays (num_frames).
    assert [tuple(row) for row in clips] == [
        ("s1", "V1", 0, 0, 57, 1),
        ("s2", "V1", 57, 0, 17, 1),
        ("s3", "V1", 74, 0, 25, 1),
    ]


def test_a_create_race_on_one_client_chosen_id_is_a_409_not_a_500(idle_client: TestClient, monkeypatch) -> None:
    """The id check runs before the insert; two requests racing past it meet the primary key. That must read as a
    conflict (nothing saved), never an internal error."""
    from backend.services import tracks

    pid = make_project(idle_client)["id"]
    chosen = uuid.uuid4().hex
    assert idle_client.post(f"/projects/{pid}/tracks", json={"id": chosen, "kind": "video"}).status_code == 201
    monkeypatch.setattr(tracks, "_check_id_free", lambda *args: None)  # as if the other request had not committed
    raced = idle_client.post(f"/projects/{pid}/tracks", json={"id": chosen, "kind": "audio"})
    assert raced.status_code == 409 and "nothing was saved" in raced.json()["detail"]
    kinds = [t["kind"] for t in idle_client.get(f"/projects/{pid}").json()["tracks"] if t["id"] == chosen]
    assert kinds == ["video"]
