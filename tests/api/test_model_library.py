"""The model library through the API (issue 13): ``GET /models/library``, ``POST /models/downloads`` → 202, progress
as ``download.progress`` events, ``GET /models/downloads/{id}``, cancel; a finished download is verified, installed in
``<data>/models/<family>`` and used (``GET /models`` no longer reports a test model); bad requests are 4xx that say
what to fix. Against the fake hub on loopback. SQLite only: the rows are plain, the migration test covers
PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backend.api.app import create_app
from backend.config import Settings
from backend.testing.fake_hub import FakeHub, FakeRepo, tiny_lora_repo, tiny_ltx2_repo
from backend.testing.server_process import free_port
from tests.api.conftest import studio_settings_for
from tests.api.test_loras import ltx2_lora
from tests.waiting import wait_until

DOLLY_IN = "Lightricks/LTX-2-19b-LoRA-Camera-Control-Dolly-In"
WEIGHTS = "latent_upsampler/diffusion_pytorch_model.safetensors"


@pytest.fixture
def hub(tiny_ltx2_upsampler_dir: Path, tmp_path: Path) -> Iterator[FakeHub]:
    with FakeHub([tiny_ltx2_repo(tiny_ltx2_upsampler_dir)]) as fake:
        yield fake


def _settings(tmp_path: Path, tiny_models_root: Path, endpoint: str, **extra: object) -> Settings:
    return studio_settings_for(tmp_path, tiny_models_root, hub_endpoint=endpoint, **extra)


@pytest.fixture
def studio_settings(tmp_path: Path, tiny_models_root: Path, hub: FakeHub) -> Settings:
    return _settings(tmp_path, tiny_models_root, hub.url)


@pytest.fixture
def client(studio_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(studio_settings, start_worker=False), base_url="http://127.0.0.1") as test_client:
        yield test_client


def wait_download(client: TestClient, download_id: str, until: tuple[str, ...] = ("completed", "failed")) -> dict:
    def done() -> dict | None:
        row = client.get(f"/models/downloads/{download_id}").json()
        return row if row["status"] in until else None

    return wait_until(done, 30, what=f"download {download_id} reaching {'/'.join(until)}")


def progress_events(client: TestClient, download_id: str) -> list[dict]:
    bus = client.app.state.studio.bus  # type: ignore[attr-defined]
    return [e.data for e in bus.replay(0) if e.type == "download.progress" and e.data["download_id"] == download_id]


def role(client: TestClient, name: str) -> dict:
    return next(r for r in client.get("/models").json() if r["role"] == name)


def test_a_download_reports_progress_installs_and_replaces_the_test_model(
    client: TestClient, studio_settings: Settings, hub: FakeHub
) -> None:
    library = client.get("/models/library").json()
    assert library["hub"]["reachable"] is True
    upscaler = next(r for r in library["roles"] if r["role"] == "upscaler")
    assert upscaler["state"] == "test_model" and upscaler["disk_bytes"] > 0
    entry = next(c for c in library["catalog"] if c["target"] == "upscaler")
    assert entry["repo_id"] == "Lightricks/LTX-2" and entry["installed"] is False and entry["download"] is None
    assert role(client, "upscaler")["test_model"] is True
    client.app.state.studio.models.pipeline("upscaler")  # type: ignore[attr-defined] # the test model, loaded
    assert role(client, "upscaler")["loaded"] is True

    hub.drop_after[WEIGHTS] = 300_000  # dropped mid-file: resumed with a Range request
    hub.chunk_delay_s = 0.15  # ~1.5 s: progress events (one a second) between the first and the last
    started = client.post("/models/downloads", json={"repo_id": "Lightricks/LTX-2", "role": "upscaler"})
    assert started.status_code == 202, started.text
    download_id = started.json()["download_id"]
    row = wait_download(client, download_id)
    assert row["status"] == "completed", row
    assert row["done_bytes"] == row["total_bytes"] > 600_000
    destination = studio_settings.weights_dir / "ltx2_upsampler"
    assert row["destination"] == str(destination) and (destination / "config.json").is_file()
    assert hub.ranges(WEIGHTS)  # the drop was resumed, not restarted
    assert not any(studio_settings.downloads_dir.iterdir())  # staging removed once installed

    events = progress_events(client, download_id)
    statuses = [e["status"] for e in events]
    assert statuses[0] == "running" and statuses[-1] == "completed" and "verifying" in statuses
    done = [e["done_bytes"] for e in events]
    assert done == sorted(done) and any(0 < d < row["total_bytes"] for d in done)  # bytes in between

    after = role(client, "upscaler")
    assert after["test_model"] is False and after["source"] == str(destination)
    assert after["loaded"] is False  # the test model was dropped: the next job loads the downloaded weights
    loaded = client.app.state.studio.models.pipeline("upscaler")  # type: ignore[attr-defined]
    assert loaded is not None and role(client, "upscaler")["loaded"] is True
    library = client.get("/models/library").json()
    assert next(c for c in library["catalog"] if c["target"] == "upscaler")["installed"] is True
    assert next(r for r in library["roles"] if r["role"] == "upscaler")["state"] == "installed"


def test_a_lora_download_lands_in_the_library(
    client: TestClient, studio_settings: Settings, hub: FakeHub, tmp_path: Path
) -> None:
    for move in ("dolly-in", "jib-up"):
        lora = tmp_path / f"ltx-2-19b-lora-camera-control-{move}.safetensors"
        lora.write_bytes(ltx2_lora(studio_settings))
        hub.add(tiny_lora_repo(f"Lightricks/LTX-2-19b-LoRA-Camera-Control-{move.title()}", lora))
    hub.chunk_delay_s = 0.05
    started = [
        client.post("/models/downloads", json={"repo_id": repo, "lora": True})
        for repo in (DOLLY_IN, "Lightricks/LTX-2-19b-LoRA-Camera-Control-Jib-Up")
    ]
    assert [s.status_code for s in started] == [202, 202]  # each LoRA repository downloads on its own
    for response in started:
        row = wait_download(client, response.json()["download_id"])
        assert row["status"] == "completed", row
        assert row["destination"].startswith(str(studio_settings.loras_dir))
    names = [r["name"] for r in client.get("/loras").json()]
    # Beside the test models' own distilled LoRA (what a draft runs on):
    assert names == [
        "ltx-2-19b-lora-camera-control-dolly-in",
        "ltx-2-19b-lora-camera-control-jib-up",
        "ltx-2-distilled-lora-test-model",
    ]
    library = client.get("/models/library").json()
    assert {c["repo_id"] for c in library["catalog"] if c["installed"]} == {
        DOLLY_IN,
        "Lightricks/LTX-2-19b-LoRA-Camera-Control-Jib-Up",
    }


def test_a_corrupted_file_is_refused_and_nothing_is_installed(
    client: TestClient, studio_settings: Settings, hub: FakeHub
) -> None:
    hub.corrupt.add(WEIGHTS)
    started = client.post("/models/downloads", json={"repo_id": "Lightricks/LTX-2", "role": "upscaler"})
    row = wait_download(client, started.json()["download_id"])
    assert row["status"] == "failed" and f"checksum mismatch in {WEIGHTS}" in row["error"]
    assert not (studio_settings.weights_dir / "ltx2_upsampler").exists()
    assert not studio_settings.downloads_dir.exists() or not any(studio_settings.downloads_dir.iterdir())
    assert role(client, "upscaler")["test_model"] is True


def test_a_full_disk_fails_cleanly(tmp_path: Path, tiny_models_root: Path, hub: FakeHub) -> None:
    settings = _settings(tmp_path, tiny_models_root, hub.url, download_quota_bytes=200_000)
    with TestClient(create_app(settings, start_worker=False), base_url="http://127.0.0.1") as client:
        started = client.post("/models/downloads", json={"repo_id": "Lightricks/LTX-2", "role": "upscaler"})
        row = wait_download(client, started.json()["download_id"])
        assert row["status"] == "failed" and "disk full" in row["error"] and "removed" in row["error"]
        assert not any(settings.downloads_dir.iterdir())  # no partial data left
        assert not (settings.weights_dir / "ltx2_upsampler").exists()
        assert role(client, "upscaler")["test_model"] is True


def test_cancel_stops_it_and_a_second_post_resumes(client: TestClient, studio_settings: Settings, hub: FakeHub) -> None:
    hub.chunk_delay_s = 0.4  # ~4 s for the weights; progress is written once a second
    body = {"repo_id": "Lightricks/LTX-2", "role": "upscaler"}
    download_id = client.post("/models/downloads", json=body).json()["download_id"]
    wait_until(lambda: client.get(f"/models/downloads/{download_id}").json()["done_bytes"] > 100_000, 10)
    again = client.post("/models/downloads", json=body)
    assert again.status_code == 409 and "already running" in again.json()["detail"]

    asked = time.monotonic()
    cancelled = client.post(f"/models/downloads/{download_id}/cancel")
    assert time.monotonic() - asked < 2.0  # stopped within a chunk
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert "resume" in cancelled.json()["error"]
    assert not (studio_settings.weights_dir / "ltx2_upsampler").exists()
    assert client.post(f"/models/downloads/{download_id}/cancel").status_code == 409  # not running any more

    hub.chunk_delay_s = 0.0
    second = client.post("/models/downloads", json=body)
    assert second.status_code == 202
    assert wait_download(client, second.json()["download_id"])["status"] == "completed"
    assert any(r.startswith("bytes=") and r != "bytes=0-" for r in hub.ranges(WEIGHTS))  # resumed, not restarted


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"repo_id": "not a repo", "role": "video"}, 422, "owner/name"),
        ({"repo_id": "someone/something", "role": "video"}, 422, "not in the catalogue"),
        ({"repo_id": "Lightricks/LTX-2", "role": "sound"}, 422, "no role 'sound'"),
        ({"repo_id": "Lightricks/LTX-2", "role": "video", "lora": True}, 422, "not both"),
        ({"repo_id": "Lightricks/LTX-2"}, 422, "either role"),
        ({"repo_id": DOLLY_IN, "lora": True}, 422, "no repository"),  # in the catalogue, not on this hub
    ],
)
def test_bad_requests_say_what_to_fix(client: TestClient, body: dict, status: int, says: str) -> None:
    response = client.post("/models/downloads", json=body)
    assert response.status_code == status and says in response.json()["detail"], response.text


def test_not_enough_disk_is_refused_before_starting(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, studio_settings: Settings
) -> None:
    monkeypatch.setattr("backend.services.model_downloads.free_bytes", lambda _folder: 50_000_000)
    response = client.post("/models/downloads", json={"repo_id": "Lightricks/LTX-2", "role": "upscaler"})
    assert response.status_code == 507
    assert "needs 0.3 GB, 0.05 GB free" in response.json()["detail"]
    assert client.get("/models/downloads/nope").status_code == 404


def test_an_unreachable_hub_is_said_with_how_to_place_weights(tmp_path: Path, tiny_models_root: Path) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}"
    settings = _settings(tmp_path, tiny_models_root, endpoint, hub_timeout_s=2.0)
    with TestClient(create_app(settings, start_worker=False), base_url="http://127.0.0.1") as client:
        hub = client.get("/models/library").json()["hub"]
        # "cannot reach <endpoint>: ConnectError …", or "no answer from <endpoint> within 2 s" on a busy machine
        assert hub["reachable"] is False and endpoint in hub["error"]
        assert any(str(settings.weights_dir) in step for step in hub["manual_steps"])
        refused = client.post("/models/downloads", json={"repo_id": "Lightricks/LTX-2", "role": "upscaler"})
        assert refused.status_code == 503 and "by hand" in refused.json()["detail"]


def test_a_download_running_when_the_studio_stops_is_interrupted_and_resumes(
    studio_settings: Settings, hub: FakeHub
) -> None:
    from sqlmodel import Session

    from backend.db.engine import make_engine
    from backend.db.tables import ModelDownload

    hub.chunk_delay_s = 0.3
    body = {"repo_id": "Lightricks/LTX-2", "role": "upscaler"}
    with TestClient(create_app(studio_settings, start_worker=False), base_url="http://127.0.0.1") as client:
        download_id = client.post("/models/downloads", json=body).json()["download_id"]
        wait_until(lambda: client.get(f"/models/downloads/{download_id}").json()["done_bytes"] > 100_000, 10)
    # A clean stop: the thread is stopped, the row says interrupted, the bytes stay.
    engine = make_engine(studio_settings.database)
    with Session(engine) as session:
        row = session.get(ModelDownload, download_id)
        assert row is not None and row.status == "interrupted" and row.done_bytes > 0
        row.status = "running"  # and what a killed process leaves: a row still running
        session.add(row)
        session.commit()
    engine.dispose()
    hub.chunk_delay_s = 0.0
    with TestClient(create_app(studio_settings, start_worker=False), base_url="http://127.0.0.1") as client:
        row = client.get(f"/models/downloads/{download_id}").json()
        assert row["status"] == "interrupted" and "resume" in row["error"]
        again = client.post("/models/downloads", json=body)
        assert wait_download(client, again.json()["download_id"])["status"] == "completed"
        assert any(r != "bytes=0-" for r in hub.ranges(WEIGHTS))  # resumed from the bytes on the disk


def test_a_gated_repository_says_to_accept_its_licence(client: TestClient, hub: FakeHub) -> None:
    hub.add(FakeRepo("google/gemma-3-4b-it", {"config.json": b"{}"}, gated=True))
    response = client.post("/models/downloads", json={"repo_id": "google/gemma-3-4b-it", "role": "director"})
    assert response.status_code == 422 and "gated" in response.json()["detail"]
    assert "HF_TOKEN" in response.json()["detail"]
