"""Put a regenerated range back into its take: only frames ``start .. end`` (and their time of sound) change.

A retake is generated for a window of the take (the whole take, or a stretch around the range in a long one) and
comes back as a clip of that window's length. :func:`splice_range` copies the source and overwrites, in the copy,

* picture (``video=True``): frames ``start .. end`` with the generated frames of the same moment;
* sound (``audio=True``): samples ``round(start / fps * rate)`` up to ``round((end + 1) / fps * rate)`` with the
  generated sound of the same moment (resampled to the source's rate), faded over ``crossfade_s`` on each side
  *inside* the range (linear, so the kept samples outside it are untouched).

Everything outside the range is the source's own frames and samples, bit for bit (encoding the result is then the
only loss). A source without sound gets silence outside the range.
"""

from __future__ import annotations

import numpy as np

from backend.media.audio import resample
from backend.media.stitch import Chunk, ChunkLike

__all__ = ["splice_range"]


def splice_range(
    source: ChunkLike,
    generated: ChunkLike,
    start: int,
    end: int,
    *,
    offset: int = 0,
    video: bool = True,
    audio: bool = True,
    crossfade_s: float = 0.01,
) -> Chunk:
    """``source`` with ``start .. end`` (source frames, inclusive) taken from ``generated``, whose frame 0 is source
    frame ``offset``; see the module docstring."""
    frames = np.array(source.frames, copy=True)
    total = frames.shape[0]
    if not 0 <= start <= end < total:
        raise ValueError(f"the range {start}..{end} is outside the take (frames 0..{total - 1})")
    if offset < 0 or offset > start or offset + generated.frames.shape[0] <= end:
        raise ValueError(
            f"the generated window (frames {offset}..{offset + generated.frames.shape[0] - 1}) must cover {start}..{end}"
        )
    if generated.frames.shape[1:] != frames.shape[1:]:
        raise ValueError(f"generated frames are {generated.frames.shape[1:]}, the take's {frames.shape[1:]}")
    if video:
        frames[start : end + 1] = generated.frames[start - offset : end + 1 - offset]

    rate = int(source.audio_sample_rate) if source.audio is not None else int(generated.audio_sample_rate)
    fps = float(source.fps)
    length = round(total / fps * rate)
    if source.audio is not None:
        sound = np.array(source.audio, dtype=np.float32, copy=True)
        sound = sound[:, :length] if sound.shape[1] >= length else np.pad(sound, ((0, 0), (0, length - sound.shape[1])))
    else:
        sound = np.zeros((2, length), np.float32) if generated.audio is not None else None
    if audio and generated.audio is not None and sound is not None:
        new = resample(np.asarray(generated.audio, np.float32), int(generated.audio_sample_rate), rate)
        if new.shape[0] != sound.shape[0]:  # mono heard on both channels, or stereo folded to mono
            new = np.repeat(new, 2, axis=0) if new.shape[0] == 1 else new.mean(axis=0, keepdims=True)
        first, stop = round(start / fps * rate), min(length, round((end + 1) / fps * rate))
        shift = round(offset / fps * rate)
        piece = np.zeros((sound.shape[0], stop - first), np.float32)
        available = new[:, max(0, first - shift) : max(0, stop - shift)]
        piece[:, : available.shape[1]] = available
        fade = min(round(crossfade_s * rate), (stop - first) // 2)
        if fade > 0:
            ramp = np.linspace(0.0, 1.0, fade, endpoint=False, dtype=np.float32)
            kept = sound[:, first:stop]
            piece[:, :fade] = kept[:, :fade] * (1 - ramp) + piece[:, :fade] * ramp
            piece[:, -fade:] = kept[:, -fade:] * ramp + piece[:, -fade:] * (1 - ramp)
        sound[:, first:stop] = piece
    return Chunk(frames=frames, audio=sound, audio_sample_rate=rate, fps=fps)
