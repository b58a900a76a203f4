"""Filmstrips and waveform peaks over HTTP: project paths only, bounds, 422 without audio/video, cached."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient
from PIL import Image

from backend.media.video_writer import write_mp4
from tests.api.conftest import make_project
from tests.media.test_analysis import flat_frames, sine, write_wav


def test_filmstrip_and_peaks_of_project_media_are_cached(idle_client: TestClient, tmp_path: Path) -> None:
    client = idle_client
    pid = make_project(client)["id"]
    storage = client.app.state.studio.storage
    generated = storage.folder(pid, "generated")
    write_mp4(
        generated / "clip.mp4",
        flat_frames([30 * i for i in range(8)]),
        24.0,
        audio=np.stack([sine(1 / 3, 16000, 0.5)]),
        audio_sample_rate=16000,
    )
    write_mp4(generated / "mute.mp4", flat_frames([50] * 4), 24.0)
    write_wav(storage.folder(pid, "assets") / "tone.wav", sine(1.0, 8000, 0.25), 8000)
    base = f"/projects/{pid}/analysis"

    strip = client.get(f"{base}/filmstrip", params={"path": "generated/clip.mp4", "count": 3, "height": 32})
    assert strip.status_code == 200 and strip.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(strip.content)).size == (3 * 48, 32)
    cache = storage.folder(pid, "workspace") / "cache"
    assert len(list((cache / "filmstrip").glob("*.jpg"))) == 1
    again = client.get(f"{base}/filmstrip", params={"path": "generated/clip.mp4", "count": 3, "height": 32})
    assert again.content == strip.content and len(list((cache / "filmstrip").iterdir())) == 1

    peaks = client.get(f"{base}/peaks", params={"path": "assets/tone.wav", "per_second": 20})
    assert peaks.status_code == 200, peaks.text
    body = peaks.json()
    assert (body["duration_s"], body["per_second"], len(body["peaks"])) == (1.0, 20, 20)
    assert all(abs(p - 0.25) < 0.01 for p in body["peaks"])
    assert client.get(f"{base}/peaks", params={"path": "assets/tone.wav", "per_second": 20}).json() == body
    assert len(list((cache / "peaks").glob("*.json"))) == 1
    # The clip's sound: 1/3 s of a 440 Hz sine at 0.5, then the near-silence AAC pads its last frame with.
    clip_peaks = client.get(f"{base}/peaks", params={"path": "generated/clip.mp4", "per_second": 30}).json()["peaks"]
    assert 10 <= len(clip_peaks) <= 12, clip_peaks
    assert np.allclose(clip_peaks[:10], 0.5, atol=0.08) and max(clip_peaks[10:], default=0) < 0.05, clip_peaks

    no_audio = client.get(f"{base}/peaks", params={"path": "generated/mute.mp4"})
    assert no_audio.status_code == 422 and "no audio stream" in no_audio.json()["detail"]
    no_video = client.get(f"{base}/filmstrip", params={"path": "assets/tone.wav"})
    assert no_video.status_code == 422 and "no video stream" in no_video.json()["detail"]

    other = make_project(client)["id"]
    write_wav(storage.folder(other, "assets") / "secret.wav", sine(0.1, 8000, 0.5), 8000)
    for path in (
        "../" + other + "/assets/secret.wav",
        f"assets/../../{other}/assets/secret.wav",
        str(storage.project_dir(other) / "assets" / "secret.wav"),
        "assets/missing.wav",
        "secrets/x.wav",
        "assets/\x00.wav",
    ):
        refused = client.get(f"{base}/peaks", params={"path": path})
        assert refused.status_code == 404, (path, refused.text)
    assert client.get(f"/projects/{'0' * 32}/analysis/peaks", params={"path": "assets/tone.wav"}).status_code == 404
    for params in ({"count": 0}, {"count": 65}, {"height": 15}, {"height": 257}):
        assert client.get(f"{base}/filmstrip", params={"path": "generated/clip.mp4", **params}).status_code == 422
    for per_second in (0, 1001):
        assert (
            client.get(f"{base}/peaks", params={"path": "assets/tone.wav", "per_second": per_second}).status_code == 422
        )
