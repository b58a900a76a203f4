"""Waveform peaks for the timeline: the largest absolute sample per time slice, in 0..1, from a file's audio.

Decoding streams through the file, so memory stays at one decoded frame whatever its length: every frame is
converted to float planar samples at its own rate (PyAV's resampler; any sample format in), reduced to one channel
by the largest magnitude across channels (a sound on either side shows), and folded into the slices it covers.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import av
import numpy as np

__all__ = ["NoAudio", "Peaks", "audio_peaks"]


class NoAudio(ValueError):
    """The file has no audio stream that can be decoded."""


@dataclass(frozen=True)
class Peaks:
    duration_s: float
    per_second: int
    peaks: list[float]


def audio_peaks(path: str | os.PathLike[str], per_second: int) -> Peaks:
    """``per_second`` max-abs peaks per second of the first audio stream (the last slice may be partial)."""
    if per_second < 1:
        raise ValueError("per_second must be positive")
    peaks = np.zeros(0, np.float32)
    offset = 0  # samples seen so far
    rate = 0
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise NoAudio("no audio stream: the file has no sound to draw")
            stream = container.streams.audio[0]
            rate = stream.codec_context.sample_rate or stream.rate or 0
            if rate <= 0:
                raise NoAudio("no audio stream with a sample rate")
            resampler = av.AudioResampler(format="fltp")
            for frame in container.decode(stream):
                for converted in resampler.resample(frame):
                    samples = converted.to_ndarray()
                    if samples.size == 0:
                        continue
                    magnitude = np.abs(np.nan_to_num(samples, nan=0.0)).max(axis=0)
                    peaks, offset = _fold(peaks, magnitude, offset, rate, per_second)
    except av.error.FFmpegError as error:
        raise NoAudio(f"no audio stream that can be decoded ({error.strerror or type(error).__name__})") from None
    slices = math.ceil(offset * per_second / rate) if rate else 0
    values = np.clip(peaks[:slices], 0.0, 1.0)
    return Peaks(
        duration_s=offset / rate if rate else 0.0, per_second=per_second, peaks=[round(float(v), 4) for v in values]
    )


def _fold(peaks: np.ndarray, magnitude: np.ndarray, offset: int, rate: int, per_second: int) -> tuple[np.ndarray, int]:
    """Fold ``magnitude`` (samples ``offset`` onward) into the slices: slice of sample k = k * per_second // rate."""
    positions = np.arange(offset, offset + magnitude.size, dtype=np.int64)
    slices = positions * per_second // rate
    first, last = int(slices[0]), int(slices[-1])
    if last >= peaks.size:
        peaks = np.concatenate([peaks, np.zeros(max(last + 1 - peaks.size, peaks.size), np.float32)])
    starts = np.flatnonzero(np.diff(slices, prepend=first - 1))  # where a new slice begins (slices are sorted)
    maxima = np.maximum.reduceat(magnitude, starts)
    indices = slices[starts]
    peaks[indices] = np.maximum(peaks[indices], maxima)
    return peaks, offset + magnitude.size
