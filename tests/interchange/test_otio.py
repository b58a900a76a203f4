"""Timeline export (OTIO, EDL, FCP XML) and .otio import (docs/architecture.md, "Interchange and archives")."""

from __future__ import annotations

import json
from pathlib import Path

import opentimelineio as otio
from fastapi.testclient import TestClient

from tests.api.conftest import make_project
from tests.api.test_timeline import edits, timeline
from tests.interchange.helpers import build_project


def export(client: TestClient, pid: str, fmt: str = "otio"):  # noqa: ANN201 - a response
    return client.get(f"/projects/{pid}/export", params={"format": fmt})


def structure(text: str) -> list:
    """Tracks and their items, without the ids that differ between copies."""
    tl = otio.adapters.read_from_string(text, "otio_json")
    out = []
    for track in tl.tracks:
        items = []
        for item in track:
            r = item.source_range
            entry = [type(item).__name__, item.name, r.start_time.value, r.duration.value, r.start_time.rate]
            if isinstance(item, otio.schema.Clip):
                ids = dict(item.metadata["milimo"])
                entry += [
                    getattr(item.media_reference, "target_url", None),
                    ids.get("shot_id"),
                    ids.get("asset_id"),
                    ids.get("gain_db"),
                    ids.get("fade_in"),
                    ids.get("fade_out"),
                ]
            items.append(entry)
        out.append([track.name, track.kind, track.enabled, items])
    return out


def test_export_otio_structure(idle_client: TestClient, tmp_path: Path) -> None:
    built = build_project(idle_client, tmp_path)
    pid = built["project"]["id"]
    response = export(idle_client, pid)
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == 'attachment; filename="Harbour_film.otio"'
    tl = otio.adapters.read_from_string(response.text, "otio_json")
    assert tl.name == "Harbour film"
    assert [(t.name, t.kind) for t in tl.tracks] == [("V1", "Video"), ("Overlays", "Video"), ("A1", "Audio")]
    v1, v2, a1 = tl.tracks
    assert [type(i).__name__ for i in v1] == ["Clip", "Gap", "Clip"]
    assert v1[2].source_range == otio.opentime.TimeRange(
        otio.opentime.RationalTime(2, 24), otio.opentime.RationalTime(10, 24)
    )
    assert v1[2].range_in_parent().start_time.value == 20 and v1[2].name == "Shot 2 · close on the keeper"
    assert isinstance(v1[0].media_reference, otio.schema.MissingReference)  # not generated yet
    assert [type(i).__name__ for i in v2] == ["Gap", "Clip", "Gap", "Clip"]
    video = v2[1]
    assert video.name == "harbour.mp4" and video.metadata["milimo"]["asset_id"] == built["video"]["id"]
    assert video.media_reference.target_url.startswith("file:///") and video.media_reference.target_url.endswith(".mp4")
    assert video.media_reference.available_range.duration.value == 48
    assert (video.source_range.start_time.value, video.source_range.duration.value) == (4, 30)
    assert [(type(i).__name__, i.source_range.duration.value) for i in a1] == [("Gap", 3), ("Clip", 24)]
    assert a1[1].source_range.start_time.value == 6
    assert {k: a1[1].metadata["milimo"][k] for k in ("gain_db", "fade_in", "fade_out")} == {
        "gain_db": -6.0,
        "fade_in": 4,
        "fade_out": 2,
    }


def test_otio_round_trip_after_clearing_the_timeline(idle_client: TestClient, tmp_path: Path) -> None:
    client = idle_client
    pid = build_project(client, tmp_path)["project"]["id"]
    first = export(client, pid).text
    before = timeline(client, pid)
    # Clear the timeline: every clip, and the extra track; V1 and A1 stay (the last of their kind).
    assert (
        edits(
            client, pid, *({"op": "delete", "id": c["id"], "version": c["version"]} for c in before["clips"])
        ).status_code
        == 200
    )
    overlays = next(t for t in before["tracks"] if t["name"] == "Overlays")
    assert client.delete(f"/projects/{pid}/tracks/{overlays['id']}", params={"version": 1}).status_code == 204
    old_tracks = timeline(client, pid)["tracks"]

    response = client.post(f"/projects/{pid}/import", files={"file": ("cut.otio", first.encode())})
    assert response.status_code == 200, response.text
    body = response.json()
    assert [t["name"] for t in body["tracks"]] == ["V1", "Overlays", "A1"]
    assert len(body["clips"]) == 5
    for track in old_tracks:  # drop the emptied originals so the timeline is the imported one alone
        assert (
            client.delete(f"/projects/{pid}/tracks/{track['id']}", params={"version": track["version"]}).status_code
            == 204
        )
    second = export(client, pid).text
    assert structure(second) == structure(first)


def test_import_publishes_timeline_changed(idle_client: TestClient, tmp_path: Path) -> None:
    client = idle_client
    pid = build_project(client, tmp_path)["project"]["id"]
    data = export(client, pid).content
    studio = client.app.state.studio
    seen = []
    original = studio.bus.publish

    def spy(kind, payload, project_id=None):  # noqa: ANN001, ANN202
        seen.append((kind, payload, project_id))
        return original(kind, payload, project_id)

    studio.bus.publish = spy
    try:
        assert client.post(f"/projects/{pid}/import", files={"file": ("x.otio", data)}).status_code == 200
    finally:
        studio.bus.publish = original
    [(kind, payload, project_id)] = seen
    assert kind == "timeline.changed" and project_id == pid and len(payload["clips"]) == 5


def test_import_lists_every_clip_whose_media_is_not_in_the_project(idle_client: TestClient, tmp_path: Path) -> None:
    client = idle_client
    data = export(client, build_project(client, tmp_path)["project"]["id"]).content
    other = make_project(client)
    before = timeline(client, other["id"])
    response = client.post(f"/projects/{other['id']}/import", files={"file": ("x.otio", data)})
    assert response.status_code == 422
    body = response.json()
    assert len(body["missing"]) == 5 and "not in this project" in body["detail"]
    assert any("harbour.mp4" in m for m in body["missing"])
    assert timeline(client, other["id"]) == before  # nothing added, not even the tracks


def test_import_refuses_what_is_not_an_otio_timeline(idle_client: TestClient) -> None:
    pid = make_project(idle_client)["id"]
    for data in (b"\xff\xfe garbage", b"{}", b"[1, 2]", json.dumps({"OTIO_SCHEMA": "Clip.2", "name": "x"}).encode()):
        response = idle_client.post(f"/projects/{pid}/import", files={"file": ("x.otio", data)})
        assert response.status_code == 422, (data, response.text)
    empty = otio.adapters.write_to_string(otio.schema.Timeline(name="empty"), "otio_json").encode()
    response = idle_client.post(f"/projects/{pid}/import", files={"file": ("x.otio", empty)})
    assert response.status_code == 422 and "no clips" in response.json()["detail"]


def test_import_refuses_clips_that_cannot_be_placed(idle_client: TestClient, tmp_path: Path) -> None:
    client = idle_client
    pid = build_project(client, tmp_path)["project"]["id"]
    tl = otio.adapters.read_from_string(export(client, pid).text, "otio_json")
    tl.tracks[2][1].metadata["milimo"]["gain_db"] = 999
    bad_gain = otio.adapters.write_to_string(tl, "otio_json").encode()
    response = client.post(f"/projects/{pid}/import", files={"file": ("x.otio", bad_gain)})
    assert response.status_code == 422 and "gain_db" in response.json()["detail"]
    tl.tracks[2][1].metadata["milimo"]["gain_db"] = 0
    tl.tracks[0][0].source_range = otio.opentime.TimeRange(
        otio.opentime.RationalTime(0, 24), otio.opentime.RationalTime(0, 24)
    )
    empty_clip = otio.adapters.write_to_string(tl, "otio_json").encode()
    assert client.post(f"/projects/{pid}/import", files={"file": ("x.otio", empty_clip)}).status_code == 422
    too_long = otio.adapters.read_from_string(export(client, pid).text, "otio_json")
    too_long.tracks[1][1].source_range = otio.opentime.TimeRange(
        otio.opentime.RationalTime(4, 24), otio.opentime.RationalTime(300, 24)
    )
    response = client.post(
        f"/projects/{pid}/import",
        files={"file": ("x.otio", otio.adapters.write_to_string(too_long, "otio_json").encode())},
    )
    assert response.status_code == 422, response.text  # past the video's 48 frames: apply_edits' bounds check
    assert len(timeline(client, pid)["tracks"]) == 3  # nothing created by any of them


def test_export_with_no_clips_is_422(idle_client: TestClient) -> None:
    pid = make_project(idle_client)["id"]
    for fmt in ("otio", "edl", "fcpxml"):
        response = export(idle_client, pid, fmt)
        assert response.status_code == 422 and "no clips" in response.json()["detail"]
    assert export(idle_client, pid, "aaf").status_code == 422


def test_edl_exports_v1_and_reads_back(idle_client: TestClient, tmp_path: Path) -> None:
    pid = build_project(idle_client, tmp_path)["project"]["id"]
    response = export(idle_client, pid, "edl")
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].endswith('.edl"')
    assert (
        "V1 only" in response.headers["x-milimo-export-note"] and "Overlays" in response.headers["x-milimo-export-note"]
    )
    back = otio.adapters.read_from_string(response.text, "cmx_3600", rate=24)
    clips = list(back.find_clips())
    assert [(c.source_range.start_time.value, c.source_range.duration.value) for c in clips] == [(0, 9), (2, 10)]
    assert clips[1].name == "Shot 2 · close on the keeper"
    # Record in points: 0 and 20 (the gap kept), as timecode on the event lines.
    events = [line.split() for line in response.text.splitlines() if line[:3].isdigit()]
    assert [e[-2] for e in events] == ["00:00:00:00", "00:00:00:20"]


def test_fcp_xml_exports_every_track_and_reads_back(idle_client: TestClient, tmp_path: Path) -> None:
    pid = build_project(idle_client, tmp_path)["project"]["id"]
    response = export(idle_client, pid, "fcpxml")
    assert response.status_code == 200, response.text
    back = otio.adapters.read_from_string(response.text, "fcp_xml")
    tracks = [
        (
            t.kind,
            [
                (c.range_in_parent().start_time.value, c.source_range.start_time.value, c.source_range.duration.value)
                for c in t.find_clips()
            ],
        )
        for t in back.tracks
    ]
    assert tracks == [
        ("Video", [(0, 0, 9), (20, 2, 10)]),
        ("Video", [(5, 4, 30), (40, 0, 12)]),
        ("Audio", [(3, 6, 24)]),
    ]
