"""/health while loading (503 on inference) and once ready; a failed load reports its reason."""

from __future__ import annotations

import json
import threading

from fastapi.testclient import TestClient

from milimo_sam.app import ModelState, create_app
from tests.waiting import wait_until


def test_loading_then_ok(monkeypatch, sam_settings, picture_png: bytes) -> None:
    release = threading.Event()
    original = ModelState.load

    def held_load(self: ModelState) -> None:  # the real load, started only when the test says so
        release.wait(30)
        original(self)

    monkeypatch.setattr(ModelState, "load", held_load)
    with TestClient(create_app(sam_settings), base_url="http://127.0.0.1") as client:
        body = client.get("/health").json()
        assert body["status"] == "loading"
        assert body["capabilities"] == ["text", "boxes", "points", "track"]
        assert body["model"].endswith("sam3") and body["device"] == "cpu"
        response = client.post(
            "/segment", files={"image": ("a.png", picture_png)}, data={"prompt": json.dumps({"text": "car"})}
        )
        assert response.status_code == 503
        assert response.json() == {"detail": "model is still loading"}
        release.set()
        body = wait_until(lambda: (h := client.get("/health").json())["status"] != "loading" and h, 60, what="loaded")
        assert body["status"] == "ok" and body["test_model"] is True and body["detail"] is None


def test_load_error_is_reported(tmp_path, sam_settings, picture_png: bytes) -> None:
    settings = sam_settings.model_copy(update={"sam3_source": str(tmp_path / "no-such-weights")})
    with TestClient(create_app(settings, load_in_background=False), base_url="http://127.0.0.1") as client:
        body = client.get("/health").json()
        assert body["status"] == "error" and body["detail"]
        assert body["test_model"] is False
        response = client.post(
            "/segment", files={"image": ("a.png", picture_png)}, data={"prompt": json.dumps({"text": "car"})}
        )
        assert response.status_code == 503
        assert response.json()["detail"].startswith("model failed to load:")
