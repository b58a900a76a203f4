"""The SAM service's doors: only the names it is reached by, no cross-site writes, and off loopback only the API
(which sends the shared secret)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from backend.sam_client.client import SamClient
from backend.testing.server_process import SamServer
from milimo_sam.app import SamRefused, create_app, sam_guard_policy

SECRET = "s" * 24


def png(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def test_foreign_hosts_and_cross_site_posts_are_refused(client: TestClient, picture: Image.Image) -> None:
    foreign = client.get("/health", headers={"Host": "evil.example.com"})
    assert foreign.status_code == 421 and "does not answer to the host" in foreign.json()["detail"]
    files = {"image": ("x.png", png(picture), "image/png")}
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
        response = client.post("/segment", files=files, data={"prompt": '{"points": [[10, 10]]}'}, headers=headers)
        assert response.status_code == 403 and "cross-site" in response.json()["detail"], response.text
    assert client.get("/health").headers["x-content-type-options"] == "nosniff"


def test_off_loopback_it_needs_the_shared_secret(sam_settings) -> None:
    with pytest.raises(SamRefused, match="set MILIMO_SAM_SECRET"):
        sam_guard_policy(sam_settings.model_copy(update={"sam_service_host": "0.0.0.0"}))
    with pytest.raises(SamRefused, match="at least 16"):
        sam_guard_policy(sam_settings.model_copy(update={"sam_secret": "short"}))
    guarded = sam_settings.model_copy(update={"sam_service_host": "0.0.0.0", "sam_secret": SECRET})
    with TestClient(create_app(guarded, load_in_background=False), base_url="http://127.0.0.1") as client:
        refused = client.get("/health")
        assert refused.status_code == 401 and "access token" in refused.json()["detail"]
        assert client.get("/health", headers={"Authorization": "Bearer wrong-wrong-wrong"}).status_code == 401
        assert client.get("/health", headers={"Authorization": f"Bearer {SECRET}"}).json()["status"] == "ok"


def test_the_api_client_sends_the_secret_to_a_real_service(sam_settings, sam_data_dir: Path) -> None:
    with SamServer(sam_data_dir, env={"MILIMO_SAM_SECRET": SECRET, "MILIMO_DEVICE": "cpu"}) as service:
        settings = sam_settings.model_copy(update={"sam_service_port": service.port})
        assert SamClient(settings.model_copy(update={"sam_secret": SECRET})).health().running
        without = SamClient(settings).health()
        assert not without.running and "access token" in (without.detail or "")
