"""The picture of each segment, decoded in order: seek once to the segment's first source frame, then decode
forward (never a whole clip in memory); a still is read once and repeated; a gap (or a shot not generated yet) is
black. A source whose size differs from the output is scaled to fit, aspect kept, centred on black (letterbox or
pillarbox).

Source frame ``k`` (counted at the project's fps, docs/timeline.md) is the source picture shown at media time
``(k + 0.5) / fps`` — the last decoded frame that starts at or before it — as the editor's playback seeks, so a
source at another frame rate is sampled, never sped up.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np
from av.video.reformatter import VideoReformatter
from PIL import Image

from backend.render.plan import Segment


def black(width: int, height: int) -> np.ndarray:
    return np.zeros((height, width, 3), np.uint8)


def fit_size(src_w: int, src_h: int, width: int, height: int) -> tuple[int, int]:
    """The largest even size of the source's aspect that fits in ``width``×``height``."""
    scale = min(width / src_w, height / src_h)
    w = max(2, min(width, int(round(src_w * scale / 2)) * 2))
    h = max(2, min(height, int(round(src_h * scale / 2)) * 2))
    return w, h


def _place(picture: np.ndarray, width: int, height: int) -> np.ndarray:
    h, w = picture.shape[:2]
    if (w, h) == (width, height):
        return picture
    canvas = black(width, height)
    top, left = (height - h) // 2, (width - w) // 2
    canvas[top : top + h, left : left + w] = picture
    return canvas


def _video_frame_rgb(frame: av.VideoFrame, width: int, height: int, reformatter: VideoReformatter) -> np.ndarray:
    if (frame.width, frame.height) == (width, height):
        return reformatter.reformat(frame, format="rgb24").to_ndarray()
    w, h = fit_size(frame.width, frame.height, width, height)
    return _place(
        reformatter.reformat(frame, width=w, height=h, format="rgb24", interpolation="BILINEAR").to_ndarray(),
        width,
        height,
    )


def still_frame(path: Path, width: int, height: int) -> np.ndarray:
    with Image.open(path) as image:
        image = image.convert("RGB")
        if image.size != (width, height):
            image = image.resize(fit_size(image.width, image.height, width, height), Image.Resampling.LANCZOS)
        return _place(np.asarray(image, dtype=np.uint8), width, height)


def video_frames(path: Path, first: int, count: int, fps: float, width: int, height: int) -> Iterator[np.ndarray]:
    """Source frames ``first .. first + count - 1`` (project-fps frames) of the video at ``path``. A source that ends
    early repeats its last picture (black when it has none)."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        time_base = stream.time_base
        start_time = float(stream.start_time * time_base) if stream.start_time is not None else 0.0
        if first > 0:  # to the keyframe at or before the first wanted picture
            container.seek(int((start_time + first / fps) / time_base), stream=stream, backward=True)
        decoded = container.decode(stream)
        reformatter = VideoReformatter()
        current = None
        pending = next(decoded, None)
        for n in range(count):
            target = (first + n + 0.5) / fps
            while pending is not None and _time(pending, time_base, start_time) <= target:
                current, pending = pending, next(decoded, None)
            if current is None:  # nothing at or before the time (a source starting late): its first picture
                current = pending
            yield _video_frame_rgb(current, width, height, reformatter) if current is not None else black(width, height)


def _time(frame: av.VideoFrame, time_base: object, start_time: float) -> float:
    if frame.pts is None:
        return float(frame.time or 0.0) - start_time
    return float(frame.pts * time_base) - start_time  # type: ignore[operator]


def segment_frames(segment: Segment, fps: float, width: int, height: int) -> Iterator[np.ndarray]:
    count = segment.end - segment.start
    clip = segment.clip
    if clip is None or clip.path is None:
        frame = black(width, height)
        for _ in range(count):
            yield frame
    elif clip.source_kind == "image":
        frame = still_frame(clip.path, width, height)
        for _ in range(count):
            yield frame
    else:
        yield from video_frames(clip.path, segment.source_start, count, fps, width, height)
