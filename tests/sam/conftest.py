"""SAM 3 service fixtures: the tiny SAM 3 folder built once per session, the app on it, small media files."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image


@pytest.fixture(scope="module", autouse=True)
def _one_torch_thread(single_torch_thread: None) -> None:
    """Every module here runs on one thread (see tests/conftest.py)."""


@pytest.fixture(scope="session")
def sam_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose ``models/test/sam3`` holds the tiny SAM 3 model, built as the service builds it."""
    from backend.config import Settings
    from milimo_sam.tiny_model import build_tiny_sam3

    data = tmp_path_factory.mktemp("sam-data")
    settings = Settings(data_dir=data)
    build_tiny_sam3(settings.test_models_dir / "sam3", seed=settings.test_model_seed)
    return data


@pytest.fixture(scope="session")
def tiny_sam3_dir(sam_data_dir: Path) -> Path:
    return sam_data_dir / "models" / "test" / "sam3"


@pytest.fixture(scope="session")
def sam_settings(sam_data_dir: Path):
    from backend.config import Settings

    return Settings(
        data_dir=sam_data_dir,
        device="cpu",
        sam_max_request_bytes=2_000_000,
        sam_max_image_side=512,
        sam_max_track_frames=12,
    )


@pytest.fixture(scope="module")
def client(sam_settings) -> Iterator:
    """The service on the tiny model, loaded (``/health`` ok) before the first test uses it."""
    from fastapi.testclient import TestClient

    from milimo_sam.app import create_app

    with TestClient(create_app(sam_settings, load_in_background=False), base_url="http://127.0.0.1") as test_client:
        assert test_client.get("/health").json()["status"] == "ok"
        yield test_client


def _image(width: int, height: int, seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, size=(height, width, 3), dtype=np.uint8)
    pixels[height // 4 : height // 2, width // 4 : width // 2] = (220, 30, 30)  # a red block to aim at
    return Image.fromarray(pixels)


@pytest.fixture(scope="session")
def picture() -> Image.Image:
    """A non-square 96×64 RGB image."""
    return _image(96, 64)


def encode(image: Image.Image, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def picture_png(picture: Image.Image) -> bytes:
    return encode(picture)


def write_mp4(frames: list[np.ndarray], fps: int = 8) -> bytes:
    import av

    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height = frames[0].shape[1], frames[0].shape[0]
        stream.pix_fmt = "yuv420p"
        for pixels in frames:
            for packet in stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def clip_mp4() -> bytes:
    """Five 96×64 frames, the red block moving right."""
    frames = []
    for index in range(5):
        pixels = np.asarray(_image(96, 64, seed=index)).copy()
        pixels[16:32, 10 + 8 * index : 30 + 8 * index] = (220, 30, 30)
        frames.append(pixels)
    return write_mp4(frames)
