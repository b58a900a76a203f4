"""Project archives: export a .zip, import it as a new project (fresh ids, same content), refuse unsafe archives."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.conftest import make_project
from tests.interchange.helpers import build_project

IDS = {"id", "project_id", "track_id", "shot_id", "asset_id", "scene_id", "source_shot_id", "last_job_id", "job_id"}
TIMES = {"created_at", "updated_at", "version"}


def archive(client: TestClient, pid: str) -> bytes:
    response = client.get(f"/projects/{pid}/archive")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"].endswith('.milimo.zip"')
    return response.content


def import_archive(client: TestClient, data: bytes):  # noqa: ANN201 - a response
    return client.post("/projects/import-archive", files={"file": ("p.zip", data, "application/zip")})


def without_ids(state: dict) -> dict:
    """The state with ids replaced by what they point at (shots by index, assets by name, tracks by name)."""
    names = {s["id"]: f"shot {s['index']}" for s in state["shots"]}
    names |= {a["id"]: f"asset {a['original_name']}" for a in state["assets"]}
    names |= {t["id"]: f"track {t['name']}" for t in state["tracks"]}

    def clean(row: dict) -> dict:
        out = {}
        for key, value in row.items():
            if key in TIMES or key.endswith("_url"):
                continue
            if key == "url":  # /projects/<id>/assets/<file>: the same file under the new project
                value = value.split("/", 3)[-1]
            out[key] = names.get(value, "<id>") if key in IDS and value is not None else value
        return out

    return {
        key: sorted((clean(r) for r in state[key]), key=json.dumps)
        for key in ("tracks", "clips", "shots", "assets", "scenes", "elements", "masks")
    }


def zip_of(entries: dict[str, bytes], links: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name)
            if name in links:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            out.writestr(info, data)
    return buffer.getvalue()


def manifest(version: int = 1) -> bytes:
    return json.dumps(
        {
            "format": "milimo-project",
            "format_version": version,
            "app_version": "0.1.0",
            "exported_at": "2026-01-01T00:00:00+00:00",
            "project_id": "0" * 32,
        }
    ).encode()


def test_archive_round_trip(idle_client: TestClient, tmp_path: Path, settings) -> None:  # noqa: ANN001
    client = idle_client
    built = build_project(client, tmp_path)
    pid = built["project"]["id"]
    assert client.post(f"/projects/{pid}/elements", json={"name": "Keeper", "trigger": "keeper"}).status_code == 201
    data = archive(client, pid)
    with zipfile.ZipFile(io.BytesIO(data)) as zipped:
        names = set(zipped.namelist())
        meta = json.loads(zipped.read("manifest.json"))
    assert (meta["format"], meta["format_version"], meta["project_id"]) == ("milimo-project", 1, pid)
    assert {"tables/project.json", "tables/clips.json", "tables/tracks.json", "tables/shots.json"} <= names
    assert not any(n.startswith("tables/jobs") or n.startswith("tables/events") for n in names)

    response = import_archive(client, data)
    assert response.status_code == 201, response.text
    copy = response.json()
    assert copy["id"] != pid and copy["name"] == "Harbour film" and copy["shot_count"] == 2
    old, new = client.get(f"/projects/{pid}").json(), client.get(f"/projects/{copy['id']}").json()
    assert without_ids(new) == without_ids(old)
    old_ids = {r["id"] for key in ("tracks", "clips", "shots", "assets") for r in old[key]}
    assert not old_ids & {r["id"] for key in ("tracks", "clips", "shots", "assets") for r in new[key]}
    # Clips point at the new project's own shots/assets, and the media is byte-identical.
    new_sources = {s["id"] for s in new["shots"]} | {a["id"] for a in new["assets"]}
    assert all((c["shot_id"] or c["asset_id"]) in new_sources for c in new["clips"])
    for before, after in zip(
        sorted(old["assets"], key=lambda a: a["original_name"]), sorted(new["assets"], key=lambda a: a["original_name"])
    ):
        assert after["url"].startswith(f"/projects/{copy['id']}/")
        assert client.get(after["url"]).content == client.get(before["url"]).content
    assert not list((settings.data_dir / "tmp").glob("*.zip"))  # the temporary archive is gone once sent


def test_otio_import_into_a_copy_finds_media_by_file_name(idle_client: TestClient, tmp_path: Path) -> None:
    import opentimelineio as otio

    client = idle_client
    built = build_project(client, tmp_path)
    pid = built["project"]["id"]
    cut = otio.adapters.read_from_string(client.get(f"/projects/{pid}/export").text, "otio_json")
    del cut.tracks[0]  # V1 holds shots not generated yet: no file to find them by
    copy = import_archive(client, archive(client, pid)).json()["id"]
    response = client.post(
        f"/projects/{copy}/import",
        files={"file": ("cut.otio", otio.adapters.write_to_string(cut, "otio_json").encode())},
    )
    assert response.status_code == 200, response.text
    assets = {a["id"]: a["original_name"] for a in client.get(f"/projects/{copy}").json()["assets"]}
    placed = [
        (assets[c["asset_id"]], c["start_frame"], c["source_in"], c["duration"]) for c in response.json()["clips"]
    ]
    assert placed == [("harbour.mp4", 5, 4, 30), ("card.png", 40, 0, 12), ("waves.wav", 3, 6, 24)]


def test_zip_slip_links_and_bad_paths_are_refused(idle_client: TestClient, settings) -> None:  # noqa: ANN001
    before = idle_client.get("/projects").json()
    for entries, links in (
        ({"manifest.json": manifest(), "media/../../evil.txt": b"x"}, ()),
        ({"manifest.json": manifest(), "/etc/evil": b"x"}, ()),
        ({"manifest.json": manifest(), "media/assets/link": b"/etc/passwd"}, ("media/assets/link",)),
        ({"manifest.json": manifest(), "media\\..\\evil": b"x"}, ()),
    ):
        response = import_archive(idle_client, zip_of(entries, links))
        assert response.status_code == 422, response.text
    assert idle_client.get("/projects").json() == before
    assert not (settings.data_dir.parent / "evil.txt").exists()


def test_rows_with_escaping_paths_are_refused(idle_client: TestClient, tmp_path: Path) -> None:
    pid = build_project(idle_client, tmp_path)["project"]["id"]
    data = archive(idle_client, pid)
    with zipfile.ZipFile(io.BytesIO(data)) as zipped:
        entries = {n: zipped.read(n) for n in zipped.namelist()}
    assets = json.loads(entries["tables/assets.json"])
    assets[0]["path"] = "../../../etc/passwd"
    entries["tables/assets.json"] = json.dumps(assets).encode()
    response = import_archive(idle_client, zip_of(entries))
    assert response.status_code == 422 and "refused" in response.json()["detail"]


def test_version_and_shape_checks(idle_client: TestClient) -> None:
    newer = import_archive(idle_client, zip_of({"manifest.json": manifest(2)}))
    assert newer.status_code == 422
    assert newer.json()["detail"] == (
        "archive format 2 is newer than this studio understands (max 1): update Milimo Video"
    )
    assert import_archive(idle_client, b"not a zip at all").status_code == 422
    no_manifest = import_archive(idle_client, zip_of({"tables/project.json": b"[]"}))
    assert no_manifest.status_code == 422 and "manifest" in no_manifest.json()["detail"]
    no_project = import_archive(idle_client, zip_of({"manifest.json": manifest()}))
    assert no_project.status_code == 422 and "exactly one project" in no_project.json()["detail"]
    bad_rows = import_archive(
        idle_client, zip_of({"manifest.json": manifest(), "tables/project.json": b'[{"id": "a", "fps": "fast"}]'})
    )
    assert bad_rows.status_code == 422


def test_an_empty_project_round_trips(idle_client: TestClient) -> None:
    pid = make_project(idle_client, name="Empty")["id"]
    response = import_archive(idle_client, archive(idle_client, pid))
    assert response.status_code == 201, response.text
    state = idle_client.get(f"/projects/{response.json()['id']}").json()
    assert [t["name"] for t in state["tracks"]] == ["V1", "A1"] and state["clips"] == []
