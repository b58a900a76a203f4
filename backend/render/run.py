"""One render, frame by frame: the plan, the mix, then every frame decoded, composed and encoded in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from backend.render.audio import mix
from backend.render.encode import open_encoder
from backend.render.plan import sound_pieces, video_segments
from backend.render.timeline import RenderTimeline
from backend.render.video import segment_frames


@dataclass
class RenderOutput:
    frames: int
    has_audio: bool
    poster: np.ndarray  # the middle frame, for the thumbnail


def render_timeline(
    timeline: RenderTimeline,
    in_frame: int,
    out_frame: int,
    fmt: str,
    path: Path,
    on_frame: Callable[[int, int], None] | None = None,
) -> RenderOutput:
    """Write ``[in_frame, out_frame)`` of the timeline to ``path``. ``on_frame(done, total)`` runs after each frame
    (raise there to stop: nothing is left at ``path``)."""
    width, height, fps = timeline.width, timeline.height, timeline.fps
    segments = video_segments(timeline.tracks, timeline.clips, in_frame, out_frame)
    audio = mix(sound_pieces(timeline.tracks, timeline.clips, segments, in_frame, out_frame), in_frame, out_frame, fps)
    total = out_frame - in_frame
    poster_at, poster = total // 2, None
    with open_encoder(path, fmt, width, height, fps, audio) as encoder:
        for segment in segments:
            for rgb in segment_frames(segment, fps, width, height):
                if encoder.frames == poster_at:
                    poster = rgb.copy()
                encoder.write(rgb)
                if on_frame is not None:
                    on_frame(encoder.frames, total)
    assert poster is not None and encoder.frames == total, (encoder.frames, total)
    return RenderOutput(frames=total, has_audio=audio is not None, poster=poster)
