"""Read media back with PyAV: decode frames of a clip, probe a file without decoding it (upload validation)."""

from __future__ import annotations

import os
from typing import Any

import av
import numpy as np

__all__ = ["probe_media", "read_frames_at", "read_video_frame", "read_video_frames"]


def read_video_frames(path: str | os.PathLike[str]) -> np.ndarray:
    """Decode every frame of the first video stream as uint8 RGB ``(F, H, W, 3)``."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = [frame.to_ndarray(format="rgb24") for frame in container.decode(stream)]
    if not frames:
        raise ValueError(f"no video frames in {path}")
    return np.stack(frames)


def read_frames_at(path: str | os.PathLike[str], start_s: float, fps: float, count: int) -> np.ndarray:
    """``count`` frames sampled at ``fps`` from ``start_s`` on, as uint8 RGB ``(N, H, W, 3)``: at each instant the
    frame on screen then (the last one shown at or before it), so a clip at another rate is retimed, not sped up.
    Fewer than ``count`` when the clip ends first; a ``ValueError`` when it ends before ``start_s``."""
    picked: list[np.ndarray] = []
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        rate = float(stream.average_rate or fps)
        shown, shown_at = None, 0.0
        for frame in container.decode(stream):
            at = float(frame.pts * stream.time_base) if frame.pts is not None else shown_at + 1 / rate
            # Every instant before this frame shows the previous one (or this one, before the first frame).
            while len(picked) < count and start_s + len(picked) / fps < at - 1e-6:
                picked.append((shown or frame).to_ndarray(format="rgb24"))
            if len(picked) >= count:
                break
            shown, shown_at = frame, at
        # The last frame stays on screen for one frame of the clip's own rate.
        while shown is not None and len(picked) < count and start_s + len(picked) / fps < shown_at + 1 / rate - 1e-6:
            picked.append(shown.to_ndarray(format="rgb24"))
    if not picked:
        raise ValueError(f"the clip {os.path.basename(path)} ends before {start_s:g} s")
    return np.stack(picked)


def read_video_frame(path: str | os.PathLike[str], index: int) -> np.ndarray | None:
    """Frame ``index`` (0-based, in presentation order, as PyAV's decoder returns them) as uint8 RGB ``(H, W, 3)``;
    ``None`` when the clip is shorter.

    Decodes from the start and stops at the frame: memory stays at one frame whatever the clip's length.
    """
    if index < 0:
        return None
    with av.open(str(path)) as container:
        for n, frame in enumerate(container.decode(container.streams.video[0])):
            if n == index:
                return frame.to_ndarray(format="rgb24")
    return None


def _stream_duration(stream: Any) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    return None


def probe_media(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Describe a media file without decoding it (cheap enough for upload validation).

    Keys: ``has_video``, ``video_codec``, ``pix_fmt``, ``width``, ``height``, ``fps`` (float), ``frame_count``,
    ``duration`` (video seconds), ``has_audio``, ``audio_codec``, ``audio_duration``, ``audio_sample_rate``,
    ``audio_channels``, ``container_duration``. Missing streams give ``None`` values. The frame count comes from
    the container index; when a container has none, packets are counted (demuxing only, no decoding).
    Raises ``av.error.FFmpegError`` for files FFmpeg cannot open (``InvalidDataError``, also a ``ValueError``,
    for data that is not media at all).
    """
    info: dict[str, Any] = {
        "has_video": False,
        "video_codec": None,
        "pix_fmt": None,
        "width": None,
        "height": None,
        "fps": None,
        "frame_count": None,
        "duration": None,
        "has_audio": False,
        "audio_codec": None,
        "audio_duration": None,
        "audio_sample_rate": None,
        "audio_channels": None,
        "container_duration": None,
    }
    with av.open(str(path)) as container:
        if container.duration is not None:
            info["container_duration"] = container.duration / av.time_base
        if container.streams.video:
            video = container.streams.video[0]
            rate = video.average_rate or video.base_rate or video.guessed_rate
            info.update(
                has_video=True,
                video_codec=video.codec_context.name,
                pix_fmt=video.codec_context.pix_fmt,
                width=video.codec_context.width,
                height=video.codec_context.height,
                fps=float(rate) if rate else None,
                frame_count=video.frames or None,
                duration=_stream_duration(video),
            )
        if container.streams.audio:
            audio = container.streams.audio[0]
            info.update(
                has_audio=True,
                audio_codec=audio.codec_context.name,
                audio_sample_rate=audio.codec_context.sample_rate,
                audio_channels=audio.codec_context.channels,
                audio_duration=_stream_duration(audio),
            )
        if info["has_video"] and info["frame_count"] is None:
            info["frame_count"] = sum(1 for packet in container.demux(container.streams.video[0]) if packet.size > 0)
    return info
