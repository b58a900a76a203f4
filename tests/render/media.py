"""Source media whose frames say which frame they are: frame ``i`` is a solid colour ``colour(i, seed)``, and its
sound a sine of a fixed level, so a render's frames and levels can be checked exactly."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

RATE = 48000


def colour(index: int, seed: int = 0) -> tuple[int, int, int]:
    """Distinct, far-apart colours for frames 0..63 (each channel a multiple of 64 or 32 away)."""
    return (32 + 64 * (index % 4), 32 + 64 * ((index // 4) % 4), 16 + 48 * ((index // 16) % 4 + seed % 2) % 256)


def tone(samples: int, level: float, freq: float = 440.0, start: int = 0) -> np.ndarray:
    t = (start + np.arange(samples)) / RATE
    wave = (level * np.sin(2 * np.pi * freq * t)).astype(np.float32)
    return np.stack([wave, wave])


def write_source(path: Path, frames: int, fps: float, width: int, height: int, *, seed: int = 0,
                 level: float | None = 0.5) -> Path:
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
            sound = tone(round(frames / fps * RATE), level)
        sent = 0
        for i in range(frames):
            rgb = np.empty((height, width, 3), np.uint8)
            rgb[:] = colour(i, seed)
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format="yuv444p")
            frame.pts, frame.time_base = i, 1 / rate
            container.mux(video.encode(frame))
            if audio is not None:
                until = round((i + 1) / fps * RATE)
                chunk = av.AudioFrame.from_ndarray(np.ascontiguousarray(sound[:, sent:until]), format="fltp",
                                                   layout="stereo")
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


def nearest(rgb: np.ndarray, seed: int = 0, count: int = 64) -> int:
    """Which source frame a rendered picture shows (its centre pixel's nearest colour), -1 for black."""
    pixel = rgb[rgb.shape[0] // 2, rgb.shape[1] // 2].astype(int)
    if pixel.max() < 12:
        return -1
    distances = [np.abs(pixel - np.array(colour(i, seed))).sum() for i in range(count)]
    return int(np.argmin(distances))
