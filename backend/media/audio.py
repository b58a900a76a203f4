"""Audio as float32 planar arrays: decode any file's sound at a chosen rate, resample an array (both through PyAV)."""

from __future__ import annotations

import os
from fractions import Fraction

import av
import numpy as np

__all__ = ["read_audio_at", "resample"]

_LAYOUTS = {1: "mono", 2: "stereo"}


def read_audio_at(path: str | os.PathLike[str], sample_rate: int, channels: int = 2) -> np.ndarray | None:
    """The first audio stream of ``path`` as float32 ``(channels, samples)`` at ``sample_rate``; ``None`` when the
    file has no sound. Mono is spread to both channels of a stereo request, more channels are downmixed."""
    layout = _LAYOUTS[channels]
    with av.open(str(path)) as container:
        if not container.streams.audio:
            return None
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=int(sample_rate))
        parts: list[np.ndarray] = []
        for frame in container.decode(container.streams.audio[0]):
            parts += [f.to_ndarray() for f in resampler.resample(frame)]
        parts += [f.to_ndarray() for f in resampler.resample(None)]
    if not parts:
        return np.zeros((channels, 0), np.float32)
    return np.ascontiguousarray(np.concatenate(parts, axis=1), dtype=np.float32)


def resample(audio: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """float32 ``(channels, samples)`` from ``from_rate`` to ``to_rate`` Hz (the same array when they are equal)."""
    audio = np.asarray(audio, dtype=np.float32)
    if int(from_rate) == int(to_rate):
        return audio
    if audio.ndim != 2 or audio.shape[0] not in _LAYOUTS:
        raise ValueError(f"audio must be (channels, samples) with 1 or 2 channels, got {audio.shape}")
    layout = _LAYOUTS[audio.shape[0]]
    resampler = av.AudioResampler(format="fltp", layout=layout, rate=int(to_rate))
    source = av.AudioFrame.from_ndarray(np.ascontiguousarray(audio), format="fltp", layout=layout)
    source.sample_rate = int(from_rate)
    source.pts = 0
    source.time_base = Fraction(1, int(from_rate))
    parts = [f.to_ndarray() for f in resampler.resample(source)] + [f.to_ndarray() for f in resampler.resample(None)]
    out = np.concatenate(parts, axis=1) if parts else np.zeros((audio.shape[0], 0), np.float32)
    want = round(audio.shape[1] * int(to_rate) / int(from_rate))
    out = out[:, :want] if out.shape[1] >= want else np.pad(out, ((0, 0), (0, want - out.shape[1])))
    return np.ascontiguousarray(out, dtype=np.float32)
