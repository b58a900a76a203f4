"""The timeline as the render takes it: tracks and clips with their source files already resolved (plain data;
``backend.services.render`` reads it from the database)."""

from __future__ import annotations

from dataclasses import dataclass

from backend.render.plan import RenderClip, RenderTrack


@dataclass
class RenderTimeline:
    width: int
    height: int
    fps: float
    tracks: list[RenderTrack]
    clips: list[RenderClip]
    missing: list[str]  # clips whose source has no file (a shot not generated yet): black and silent
