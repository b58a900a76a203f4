"""Uploads are checked by content and size, stored under server-chosen names; media never leaves its project."""

from __future__ import annotations

import io
import wave

import numpy as np
from fastapi.testclient import TestClient
from PIL import Image

from backend.api.app import create_app
from backend.config import Settings
from tests.api.conftest import make_project


def png_bytes(width: int = 48, height: int = 32) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.full((height, width, 3), 120, np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()


def wav_bytes(seconds: float = 0.5, rate: int = 16000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        samples = (np.sin(np.arange(int(rate * seconds)) / 10) * 8000).astype(np.int16)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()


def test_image_and_audio_uploads_are_recognised_by_content(client: TestClient) -> None:
    project = make_project(client)
    # The client's name and type are lies; the server reads the bytes.
    image = client.post(
        f"/projects/{project['id']}/assets", files={"file": ("../../evil.exe", png_bytes(), "application/octet-stream")}
    )
    assert image.status_code == 201, image.text
    body = image.json()
    assert (body["kind"], body["mime_type"], body["width"], body["height"]) == ("image", "image/png", 48, 32)
    assert body["url"].startswith(f"/projects/{project['id']}/assets/") and body["url"].endswith(".png")
    assert "evil" not in body["url"] and body["original_name"] == "evil.exe"
    served = client.get(body["url"])
    assert served.status_code == 200 and served.content == png_bytes()

    audio = client.post(f"/projects/{project['id']}/assets", files={"file": ("take.png", wav_bytes(), "image/png")})
    assert audio.status_code == 201, audio.text
    assert audio.json()["kind"] == "audio" and abs(audio.json()["duration_s"] - 0.5) < 0.05

    assets = client.get(f"/projects/{project['id']}").json()["assets"]
    assert {a["kind"] for a in assets} == {"image", "audio"}


def test_video_upload(client: TestClient, tmp_path) -> None:
    from backend.media.video_writer import write_mp4

    frames = np.zeros((9, 64, 64, 3), np.uint8)
    write_mp4(tmp_path / "clip.mp4", frames, 24.0, None, 0)
    project = make_project(client)
    response = client.post(
        f"/projects/{project['id']}/assets",
        files={"file": ("clip.mp4", (tmp_path / "clip.mp4").read_bytes(), "video/mp4")},
    )
    assert response.status_code == 201, response.text
    assert (response.json()["kind"], response.json()["width"]) == ("video", 64)


def test_non_media_and_broken_media_are_refused(client: TestClient) -> None:
    project = make_project(client)
    url = f"/projects/{project['id']}/assets"
    text = client.post(url, files={"file": ("photo.png", b"hello, I am text " * 50, "image/png")})
    assert text.status_code == 415 and "not an image" in text.json()["detail"]
    truncated = client.post(url, files={"file": ("cut.png", png_bytes()[:60], "image/png")})
    assert truncated.status_code == 415
    empty = client.post(url, files={"file": ("empty.png", b"", "image/png")})
    assert empty.status_code == 422 and "empty" in empty.json()["detail"]
    # Nothing half-written is left behind.
    assert client.get(url).json() == []
    folder = client.app.state.studio.storage.folder(project["id"], "assets")
    assert list(folder.iterdir()) == []


def test_oversized_upload_is_413(settings: Settings) -> None:
    small = settings.model_copy(update={"max_upload_bytes": 1000})
    with TestClient(create_app(small), base_url="http://127.0.0.1") as client:
        project = make_project(client)
        response = client.post(
            f"/projects/{project['id']}/assets", files={"file": ("big.png", png_bytes(400, 400), "image/png")}
        )
        assert response.status_code == 413
        assert "limit" in response.json()["detail"]
        assert client.get(f"/projects/{project['id']}/assets").json() == []


def test_paths_cannot_escape_the_project(client: TestClient) -> None:
    # (Literal "../" is normalised away by HTTP clients; the raw form is sent over a socket in test_live_server.)
    project = make_project(client)
    other = make_project(client)
    secret = client.app.state.studio.storage.folder(other["id"], "generated") / "secret.mp4"
    secret.write_bytes(b"other project's file")
    base = f"/projects/{project['id']}"
    attempts = [
        f"{base}/generated/%2e%2e/%2e%2e/{other['id']}/generated/secret.mp4",
        f"{base}/generated/..%2f..%2f{other['id']}%2fgenerated%2fsecret.mp4",
        f"{base}/generated/%2e%2e/%2e%2e/%2e%2e/milimovideo.db",
        f"{base}/generated//etc/passwd",
        f"{base}/secrets/x",
        "/projects/..%2f..%2fetc/generated/passwd",
    ]
    for path in attempts:
        response = client.get(path)
        assert response.status_code in (404, 422), (path, response.status_code)
        assert b"other project's file" not in response.content
        assert response.headers["content-type"].startswith("application/json")
    assert client.get(f"/projects/{other['id']}/generated/secret.mp4").status_code == 200
