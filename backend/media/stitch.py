"""Join the chunks of a "Smart Continue" chain into one clip.

A continued shot is generated as a chain of chunks in which each chunk after the first starts by re-generating the
last ``overlap_frames`` frames of the previous one (conditioned on them). Those frames are duplicates, so:

* **Video**: chunk 0 is kept whole; every later chunk loses its first ``overlap_frames`` frames. The output has
  ``sum(len(chunk)) - (len(chunks) - 1) * overlap_frames`` frames, and frame *k* of the output is global frame *k*
  of the shot: nothing dropped, nothing shown twice.
* **Audio**: each later chunk's audio is cut at the *same time point* as its video (``overlap_frames / fps``
  seconds in). Cutting two independently generated waveforms there would click, so the previous chunk's tail and the
  later chunk's pre-cut audio, which cover the same stretch of time (the overlap), are crossfaded; the crossfade ends
  exactly at the cut, after which only the later chunk plays. The default crossfade spans the whole overlap, and a
  requested length is capped to what both sides have (the overlap's duration and the audio already laid down).
* **Equal-power vs. linear**: the default equal-power curve (``cos``/``sin`` gains, constant total power) suits
  partly uncorrelated waveforms, which is what two generated takes of the same moment are. For *identical* input
  (perfectly correlated) it lifts the level by up to √2 (+3 dB) mid-fade, smoothly; ``crossfade_curve="linear"``
  keeps identical input unchanged instead.
* **Exact audio length**: audio sample positions are derived from frame positions (global frame *g* starts at
  sample ``round(g / fps * sample_rate)``), so the stitched audio has exactly ``round(F / fps * sample_rate)``
  samples for ``F`` output frames, with no drift for non-integer samples-per-frame rates (29.97 fps, 44.1 kHz). Each
  chunk's own audio is first brought to its video's length: extra samples are trimmed, and a shortfall of up to
  one frame's duration (encoders and vocoders round lengths to their own block sizes) is padded with silence.
  A larger shortfall is an error, because it means the chunk's audio and video disagree.

Encoding goes through :func:`backend.media.video_writer.write_mp4`; there is no second encoder here.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal, Protocol

import av
import numpy as np

from backend.media.video_reader import read_video_frames
from backend.media.video_writer import fps_to_fraction, write_mp4, write_thumbnail

__all__ = ["Chunk", "ChunkLike", "load_chunk", "stitch", "stitch_to_file"]

CrossfadeCurve = Literal["equal_power", "linear"]


@dataclass
class Chunk:
    """One piece of a shot, shaped like the models' ``VideoResult``.

    ``frames``: uint8 ``(F, H, W, 3)`` RGB. ``audio``: float32 ``(channels, samples)`` at ``audio_sample_rate`` Hz,
    or ``None``. ``fps``: playback rate of ``frames``.
    """

    frames: np.ndarray
    audio: np.ndarray | None
    audio_sample_rate: int
    fps: float


class ChunkLike(Protocol):
    """Anything with :class:`Chunk`'s four attributes (e.g. ``backend.models.ltx2.common.VideoResult``)."""

    frames: np.ndarray
    audio: np.ndarray | None
    audio_sample_rate: int
    fps: float


def load_chunk(path: str | os.PathLike[str]) -> Chunk:
    """Decode an MP4 (or any file PyAV reads) into a :class:`Chunk`: RGB frames and float32 planar audio.

    Audio is decoded at its stored rate and layout (mono stays mono; more than two channels are downmixed to
    stereo, which is all the writer supports). Encoder priming is removed by FFmpeg's decoder/edit list handling,
    so sample 0 lines up with frame 0.
    """
    frames = read_video_frames(path)
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        rate = video.average_rate or video.base_rate or video.guessed_rate
        if not rate:
            raise ValueError(f"cannot determine the frame rate of {path}")
        fps = float(rate)
        audio: np.ndarray | None = None
        sample_rate = 0
        if container.streams.audio:
            stream = container.streams.audio[0]
            sample_rate = int(stream.codec_context.sample_rate)
            layout = "mono" if stream.codec_context.channels == 1 else "stereo"
            resampler = av.AudioResampler(format="fltp", layout=layout, rate=sample_rate)
            parts: list[np.ndarray] = []
            for frame in container.decode(stream):
                parts += [f.to_ndarray() for f in resampler.resample(frame)]
            parts += [f.to_ndarray() for f in resampler.resample(None)]
            channels = 1 if layout == "mono" else 2
            audio = (
                np.ascontiguousarray(np.concatenate(parts, axis=1), dtype=np.float32)
                if parts
                else np.zeros((channels, 0), np.float32)
            )
    return Chunk(frames=frames, audio=audio, audio_sample_rate=sample_rate, fps=fps)


def _sample_at(frame_index: int, rate: Fraction, sample_rate: int) -> int:
    """First audio sample of global frame ``frame_index`` (exact rational arithmetic, round half to even)."""
    return round(Fraction(frame_index) / rate * sample_rate)


def _validate(chunks: Sequence[Any], overlap_frames: int) -> tuple[Fraction, bool, int, int]:
    """Check the chain is stitchable; returns ``(rate, has_audio, sample_rate, channels)``."""
    if len(chunks) == 0:
        raise ValueError("stitch needs at least one chunk")
    if isinstance(overlap_frames, bool) or not isinstance(overlap_frames, (int, np.integer)):
        raise TypeError(f"overlap_frames must be an int, got {overlap_frames!r}")
    if overlap_frames < 0:
        raise ValueError(f"overlap_frames must be >= 0, got {overlap_frames}")

    first = chunks[0]
    rate = fps_to_fraction(first.fps)
    has_audio = first.audio is not None
    shape: tuple[int, ...] | None = None
    sample_rate = int(first.audio_sample_rate) if has_audio else 0
    channels = 0
    for index, chunk in enumerate(chunks):
        frames = chunk.frames
        if not isinstance(frames, np.ndarray) or frames.dtype != np.uint8:
            raise TypeError(f"chunk {index}: frames must be a uint8 numpy array")
        if frames.ndim != 4 or frames.shape[-1] != 3 or frames.shape[0] == 0:
            raise ValueError(f"chunk {index}: frames must have shape (F, H, W, 3) with F > 0, got {frames.shape}")
        if shape is None:
            shape = frames.shape[1:]
        elif frames.shape[1:] != shape:
            raise ValueError(
                f"chunk {index}: frame size {frames.shape[2]}x{frames.shape[1]} differs from chunk 0's "
                f"{shape[1]}x{shape[0]}"
            )
        if fps_to_fraction(chunk.fps) != rate:
            raise ValueError(f"chunk {index}: fps {chunk.fps} differs from chunk 0's {first.fps}")
        if len(chunks) > 1 and overlap_frames >= frames.shape[0]:
            raise ValueError(
                f"chunk {index}: overlap_frames ({overlap_frames}) must be smaller than its frame count "
                f"({frames.shape[0]})"
            )
        if (chunk.audio is not None) != has_audio:
            raise ValueError(
                f"chunk {index}: {'has' if chunk.audio is not None else 'has no'} audio but chunk 0 "
                f"{'has' if has_audio else 'has none'}; either every chunk has audio or none does"
            )
        if has_audio:
            audio = np.asarray(chunk.audio)
            if audio.ndim == 1:
                audio = audio[None, :]
            if audio.ndim != 2 or audio.shape[0] not in (1, 2):
                raise ValueError(
                    f"chunk {index}: audio must have shape (channels, samples) with 1 or 2 channels, got {audio.shape}"
                )
            if int(chunk.audio_sample_rate) <= 0:
                raise ValueError(f"chunk {index}: audio_sample_rate must be positive, got {chunk.audio_sample_rate}")
            if int(chunk.audio_sample_rate) != sample_rate:
                raise ValueError(
                    f"chunk {index}: audio sample rate {chunk.audio_sample_rate} differs from chunk 0's {sample_rate}"
                )
            if index == 0:
                channels = audio.shape[0]
            elif audio.shape[0] != channels:
                raise ValueError(f"chunk {index}: {audio.shape[0]} audio channel(s) but chunk 0 has {channels}")
    return rate, has_audio, sample_rate, channels


def _fit_audio(audio: np.ndarray, length: int, max_pad: int, index: int) -> np.ndarray:
    """Trim ``audio`` to ``length`` samples, or pad up to ``max_pad`` missing samples with silence."""
    if audio.ndim == 1:
        audio = audio[None, :]
    audio = np.nan_to_num(audio.astype(np.float32, copy=False))
    have = audio.shape[1]
    if have >= length:
        return audio[:, :length]
    if length - have > max_pad:
        raise ValueError(
            f"chunk {index}: audio has {have} samples but its video needs {length}; a shortfall of more than "
            f"{max_pad} samples (one frame) means the chunk's audio and video do not match"
        )
    return np.pad(audio, ((0, 0), (0, length - have)))


def _fade_gains(length: int, curve: CrossfadeCurve) -> tuple[np.ndarray, np.ndarray]:
    """Fade-out and fade-in gains for ``length`` samples, sampled at sample centres (never exactly 0 or 1)."""
    position = (np.arange(length, dtype=np.float64) + 0.5) / length
    if curve == "equal_power":
        fade_in = np.sin(position * (math.pi / 2))
        fade_out = np.cos(position * (math.pi / 2))
    elif curve == "linear":
        fade_in = position
        fade_out = 1.0 - position
    else:
        raise ValueError(f"crossfade_curve must be 'equal_power' or 'linear', got {curve!r}")
    return fade_out.astype(np.float32), fade_in.astype(np.float32)


def stitch(
    chunks: Sequence[Chunk | ChunkLike],
    overlap_frames: int,
    audio_crossfade_s: float | None = None,
    *,
    crossfade_curve: CrossfadeCurve = "equal_power",
) -> Chunk:
    """Join ``chunks`` whose consecutive members overlap by ``overlap_frames`` frames into one :class:`Chunk`.

    See the module docstring for the rules. ``audio_crossfade_s``: crossfade length at each seam, ending at the cut;
    ``None`` means the overlap's full duration, larger values are capped to the overlap (the only stretch both sides
    cover), ``0`` gives a hard cut. With ``overlap_frames == 0`` there is no shared audio, so seams are hard cuts.
    The result's audio has exactly ``round(frames / fps * sample_rate)`` samples.

    Raises ``ValueError`` (``TypeError`` for wrong dtypes) when chunks differ in frame size, fps, sample rate,
    channel count or presence of audio, when ``overlap_frames`` is negative or not smaller than a chunk's frame
    count, or when a chunk's audio is more than one frame shorter than its video.
    """
    rate, has_audio, sample_rate, channels = _validate(chunks, overlap_frames)
    if audio_crossfade_s is not None and (not math.isfinite(audio_crossfade_s) or audio_crossfade_s < 0):
        raise ValueError(f"audio_crossfade_s must be a finite number >= 0, got {audio_crossfade_s!r}")
    if crossfade_curve not in ("equal_power", "linear"):
        raise ValueError(f"crossfade_curve must be 'equal_power' or 'linear', got {crossfade_curve!r}")

    pieces = [chunks[0].frames] + [chunk.frames[overlap_frames:] for chunk in chunks[1:]]
    frames = np.ascontiguousarray(np.concatenate(pieces, axis=0))

    audio_out: np.ndarray | None = None
    if has_audio:
        max_pad = math.ceil(sample_rate / rate)  # one frame's worth of samples
        total = _sample_at(frames.shape[0], rate, sample_rate)
        audio_out = np.zeros((channels, total), np.float32)
        start_frame = 0  # global index of the current chunk's frame 0
        written = 0  # samples of audio_out laid down so far
        for index, chunk in enumerate(chunks):
            count = chunk.frames.shape[0]
            start = _sample_at(start_frame, rate, sample_rate)
            end = _sample_at(start_frame + count, rate, sample_rate)
            audio = _fit_audio(np.asarray(chunk.audio), end - start, max_pad, index)
            if index == 0:
                audio_out[:, :end] = audio
            else:
                seam = _sample_at(start_frame + overlap_frames, rate, sample_rate)  # == written
                local_seam = seam - start
                available = min(local_seam, written)
                if audio_crossfade_s is None:
                    fade = available
                else:
                    fade = min(available, round(audio_crossfade_s * sample_rate))
                audio_out[:, seam:end] = audio[:, local_seam:]
                if fade > 0:
                    fade_out, fade_in = _fade_gains(fade, crossfade_curve)
                    tail = audio_out[:, seam - fade : seam]
                    head = audio[:, local_seam - fade : local_seam]
                    audio_out[:, seam - fade : seam] = tail * fade_out + head * fade_in
            written = end
            start_frame += count - overlap_frames
        assert written == total
    return Chunk(
        frames=frames,
        audio=audio_out,
        audio_sample_rate=sample_rate if has_audio else int(getattr(chunks[0], "audio_sample_rate", 0) or 0),
        fps=float(chunks[0].fps),
    )


def stitch_to_file(
    chunks: Sequence[Chunk | ChunkLike],
    overlap_frames: int,
    path: str | os.PathLike[str],
    thumbnail_path: str | os.PathLike[str] | None = None,
    *,
    audio_crossfade_s: float | None = None,
    crossfade_curve: CrossfadeCurve = "equal_power",
    crf: int = 18,
    preset: str = "veryfast",
    thumbnail_max_size: int = 320,
) -> Chunk:
    """Stitch ``chunks`` (see :func:`stitch`) and write one MP4 at ``path`` (and a JPEG of frame 0 at
    ``thumbnail_path`` if given) with the project's writer; both writes are atomic. Returns the stitched chunk.

    The fps handed to the writer is chunk 0's own value, which ``write_mp4`` maps to the same exact rational used
    here for the audio arithmetic, so audio and video lengths agree in the file.
    """
    result = stitch(chunks, overlap_frames, audio_crossfade_s, crossfade_curve=crossfade_curve)
    write_mp4(
        path,
        result.frames,
        chunks[0].fps,
        result.audio,
        result.audio_sample_rate,
        crf=crf,
        preset=preset,
    )
    if thumbnail_path is not None:
        write_thumbnail(thumbnail_path, result.frames[0], max_size=thumbnail_max_size)
    return result
