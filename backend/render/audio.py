"""The render's sound: every heard piece (``plan.sound_pieces``) decoded from its source — only the samples it
covers, after one seek — at 48 kHz stereo, times the clip's gain and its linear fades, summed, clipped to [-1, 1].

Timeline frame ``f`` of the render covers samples ``[round((f - in) * 48000 / fps), round((f + 1 - in) * 48000 /
fps))``; a clip's source frame ``k`` starts at media time ``k / fps``. A fade in of ``n`` frames rises linearly from 0
at the clip's first sample to 1 after ``n`` frames; a fade out falls to 0 at the clip's end (the whole clip's, even
when only part of it is in the range or visible); gain is ``10^(gain_db / 20)``. A mono source is heard on both
channels at its own level.
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from backend.render.plan import SoundPiece

SAMPLE_RATE = 48000


def sample_at(frame: int, in_frame: int, fps: float) -> int:
    return round((frame - in_frame) * SAMPLE_RATE / fps)


def has_audio_stream(path: Path) -> bool:
    try:
        with av.open(str(path)) as container:
            return bool(container.streams.audio)
    except (av.error.FFmpegError, OSError):
        return False


def read_audio(path: Path, start_s: float, count: int) -> np.ndarray | None:
    """``count`` samples at 48 kHz stereo (float32 ``(2, count)``) from ``start_s`` seconds into the source; silence
    where the source has none; None when it has no audio stream."""
    out = np.zeros((2, count), np.float32)
    with av.open(str(path)) as container:
        if not container.streams.audio:
            return None
        stream = container.streams.audio[0]
        mono = stream.codec_context.channels == 1
        resampler = av.AudioResampler(format="fltp", layout="mono" if mono else "stereo", rate=SAMPLE_RATE)
        base = float(stream.start_time * stream.time_base) if stream.start_time is not None else 0.0
        if start_s > 0.05:
            container.seek(int((base + max(0.0, start_s - 0.05)) / stream.time_base), stream=stream, backward=True)
        position: int | None = None  # the 48 kHz sample index (from the source's start) of the next resampled one
        want_start = round(start_s * SAMPLE_RATE)
        want_end = want_start + count
        for frame in container.decode(stream):
            if position is None:
                first = float(frame.pts * stream.time_base) - base if frame.pts is not None else 0.0
                position = round(first * SAMPLE_RATE)
            for chunk in resampler.resample(frame):
                position = _place(out, chunk.to_ndarray(), position, want_start, want_end, mono)
            if position >= want_end:
                break
        else:
            if position is not None:
                for chunk in resampler.resample(None):
                    position = _place(out, chunk.to_ndarray(), position, want_start, want_end, mono)
    return out


def _place(out: np.ndarray, samples: np.ndarray, position: int, want_start: int, want_end: int, mono: bool) -> int:
    n = samples.shape[1]
    lo, hi = max(position, want_start), min(position + n, want_end)
    if lo < hi:
        part = samples[:, lo - position : hi - position]
        out[:, lo - want_start : hi - want_start] = part[0] if mono else part[:2]
    return position + n


def envelope(piece: SoundPiece, in_frame: int, fps: float, count: int) -> np.ndarray | float:
    """Gain × fades for the piece's samples (a scalar when there are no fades)."""
    clip = piece.clip
    gain = float(10 ** (clip.gain_db / 20))
    if clip.fade_in <= 0 and clip.fade_out <= 0:
        return gain
    first = sample_at(piece.start, in_frame, fps)
    # time of each sample in frames from the clip's own start
    t = (first + np.arange(count, dtype=np.float64)) * fps / SAMPLE_RATE + in_frame - clip.start_frame
    env = np.ones(count, np.float64)
    if clip.fade_in > 0:
        env = np.minimum(env, np.clip(t / clip.fade_in, 0.0, 1.0))
    if clip.fade_out > 0:
        env = np.minimum(env, np.clip((clip.duration - t) / clip.fade_out, 0.0, 1.0))
    return (env * gain).astype(np.float32)


def mix(pieces: list[SoundPiece], in_frame: int, out_frame: int, fps: float) -> np.ndarray | None:
    """The mix of ``[in_frame, out_frame)`` as float32 ``(2, samples)``; None when no piece has sound."""
    total = sample_at(out_frame, in_frame, fps)
    buffer: np.ndarray | None = None
    for piece in pieces:
        clip = piece.clip
        if clip.path is None:
            continue
        first, last = sample_at(piece.start, in_frame, fps), sample_at(piece.end, in_frame, fps)
        source_start = (clip.source_in + piece.start - clip.start_frame) / fps
        samples = read_audio(clip.path, source_start, last - first)
        if samples is None:
            continue
        if buffer is None:
            buffer = np.zeros((2, total), np.float32)
        buffer[:, first:last] += samples * envelope(piece, in_frame, fps, last - first)
    if buffer is not None:
        np.clip(buffer, -1.0, 1.0, out=buffer)
    return buffer
