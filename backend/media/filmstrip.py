"""Filmstrips for the timeline: N frames of a video, evenly spaced, side by side in one JPEG sprite.

Frame ``i`` of ``count`` is the one at the middle of the ``i``-th equal slice of the clip, so a strip of any length
samples the whole clip; each is scaled to ``height`` pixels keeping the aspect ratio, so the sprite is
``count × frame width`` wide and the editor can crop tile ``i`` at ``x = i × width``.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import av
import numpy as np
from PIL import Image

__all__ = ["NotVideo", "filmstrip_jpeg", "tile_width"]


class NotVideo(ValueError):
    """The file has no video stream that can be decoded."""


def tile_width(width: int, height: int, tile_height: int) -> int:
    return max(1, round(width * tile_height / height))


def _sample_indices(total: int, count: int) -> list[int]:
    return [min(total - 1, int((i + 0.5) * total / count)) for i in range(count)]


def _frames(path: Path, count: int) -> list[np.ndarray]:
    """The sampled frames as RGB arrays (a clip with fewer frames than ``count`` repeats them)."""
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise NotVideo("the file has no video stream")
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            total = stream.frames or 0
            if total <= 0:  # no index: count the packets (demuxing only), then decode from the start
                total = sum(1 for packet in container.demux(stream) if packet.size > 0)
                container.seek(0)
            if total <= 0:
                raise NotVideo("the video has no frames")
            wanted = _sample_indices(total, count)
            picked: dict[int, np.ndarray] = {}
            targets = set(wanted)
            last = None
            for n, frame in enumerate(container.decode(stream)):
                last = frame
                if n in targets:
                    picked[n] = frame.to_ndarray(format="rgb24")
                if n >= wanted[-1]:
                    break
    except av.error.FFmpegError as error:
        raise NotVideo(f"the file cannot be decoded as video ({error.strerror or type(error).__name__})") from None
    if not picked:
        if last is None:
            raise NotVideo("the video has no frames")
        picked[0] = last.to_ndarray(format="rgb24")
    # An index that overstated the frames: fall back to the nearest frame decoded before it.
    keys = sorted(picked)
    return [picked[max((k for k in keys if k <= i), default=keys[0])] for i in wanted]


def filmstrip_jpeg(path: str | os.PathLike[str], count: int, height: int, quality: int = 80) -> bytes:
    """A JPEG of ``count`` frames of the video at ``path``, each ``height`` pixels high, side by side."""
    if count < 1 or height < 1:
        raise ValueError("count and height must be positive")
    frames = _frames(Path(path), count)
    source_h, source_w = frames[0].shape[:2]
    width = tile_width(source_w, source_h, height)
    sprite = Image.new("RGB", (width * count, height))
    for i, frame in enumerate(frames):
        tile = Image.fromarray(frame, mode="RGB").resize((width, height), Image.Resampling.BILINEAR)
        sprite.paste(tile, (i * width, 0))
    out = io.BytesIO()
    sprite.save(out, format="JPEG", quality=quality)
    return out.getvalue()
