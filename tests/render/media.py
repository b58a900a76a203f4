"""Source media whose frames say which frame they are: frame ``i`` is a solid colour ``colour(i, seed)``, and its
sound a sine of a fixed level, so a render's frames and levels can be checked exactly."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

RATE = 48000


def colour(index: int, seed: int = 0) -> tuple[int, int, int]:
    """Far-apart colours (5 levels a channel, 50 apart): frame ``index`` of source ``seed``; 125 in all, so sources 0
    and 1 have 64 distinct frames each (seed 1 starts at 64)."""
    n = index + 64 * seed
    return (20 + 50 * (n % 5), 20 + 50 * ((n // 5) % 5), 20 + 50 * ((n // 25) % 5))


def tone(samples: int, level: float, freq: float = 440.0, start: int = 0) -> np.ndarray:
    t = (start + np.arange(samples)) / RATE
    wave = (level * np.sin(2 * np.pi * freq * t)).astype(np.float32)
    return np.stack([wave, wave])


def write_source(
    path: Path,
    frames: int,
    fps: float,
    width: int,
    height: int,
    *,
    seed: int = 0,
    level: float | None = 0.5,
    freq: float = 440.0,
) -> Path:
    """An H.264 (+ AAC 48 kHz stereo sine at ``level``, unless None) MP4 of ``frames`` solid-colour frames."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rate = Fraction(fps).limit_denominator(1001)
    with av.open(str(path), "w", format="mp4") as container:
        video = container.add_stream("libx264", rate=rate)
        video.width, video.height, video.pix_fmt = width, height, "yuv444p"
        video.time_base = 1 / rate
        video.options = {"crf": "0", "preset": "ultrafast"}
        audio = None
        if level is not None:
            audio = container.add_stream("aac", rate=RATE)
            audio.layout = "stereo"
            audio.time_base = Fraction(1, RATE)
            sound = tone(round(frames / fps * RATE), level, freq)
        sent = 0
        for i in range(frames):
            rgb = np.empty((height, width, 3), np.uint8)
            rgb[:] = colour(i, seed)
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format="yuv444p")
            frame.pts, frame.time_base = i, 1 / rate
            container.mux(video.encode(frame))
            if audio is not None:
                until = round((i + 1) / fps * RATE)
                chunk = av.AudioFrame.from_ndarray(
                    np.ascontiguousarray(sound[:, sent:until]), format="fltp", layout="stereo"
                )
                chunk.sample_rate, chunk.pts, chunk.time_base = RATE, sent, Fraction(1, RATE)
                container.mux(audio.encode(chunk))
                sent = until
        if audio is not None:
            container.mux(audio.encode(None))
        container.mux(video.encode(None))
    return path


def read_frames(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        return np.stack([f.to_ndarray(format="rgb24") for f in container.decode(container.streams.video[0])])


def read_sound(path: Path) -> np.ndarray | None:
    """The file's sound at 48 kHz stereo, float32 (2, n)."""
    with av.open(str(path)) as container:
        if not container.streams.audio:
            return None
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=RATE)
        chunks = []
        for frame in container.decode(container.streams.audio[0]):
            chunks += [c.to_ndarray() for c in resampler.resample(frame)]
        chunks += [c.to_ndarray() for c in resampler.resample(None)]
    return np.concatenate(chunks, axis=1)


def identify(rgb: np.ndarray) -> str | int:
    """Which source frame a rendered picture shows (its centre pixel's nearest colour): ``"a7"`` (seed 0, frame 7),
    ``"b3"`` (seed 1), or -1 for black."""
    pixel = rgb[rgb.shape[0] // 2, rgb.shape[1] // 2].astype(int)
    if pixel.max() < 12:
        return -1
    n = min(range(125), key=lambda i: np.abs(pixel - np.array(colour(i))).sum())
    return f"a{n}" if n < 64 else f"b{n - 64}"


def nearest(rgb: np.ndarray) -> int:
    """The frame index of a source-0 picture (-1 for black)."""
    found = identify(rgb)
    return found if isinstance(found, int) else int(found[1:])
