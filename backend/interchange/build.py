"""A timeline described in plain data → an ``otio.schema.Timeline`` (one OTIO track per track, gaps where nothing
plays).

Times are frames at the project's fps (a clip's ``source_in`` is counted at the project's fps too, docs/timeline.md).
A media reference is an ``ExternalReference`` whose ``target_url`` is the file's absolute ``file://`` URL on this
machine (what another editor needs to open it); the project-relative path is kept in ``metadata["milimo"]``. A clip
whose source has no file yet (a shot not generated) gets a ``MissingReference``. The caller
(``backend.services.interchange``) reads the rows and resolves the paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import opentimelineio as otio

KINDS = {"video": otio.schema.TrackKind.Video, "audio": otio.schema.TrackKind.Audio}


@dataclass(frozen=True)
class ExportMedia:
    """A clip's source file: absolute on this machine, and relative to the project folder."""

    path: Path
    relative: str
    frames: int | None  # the source's length in project frames; None for a still


@dataclass(frozen=True)
class ExportClip:
    label: str
    start_frame: int
    source_in: int
    duration: int
    media: ExportMedia | None  # None: not generated yet
    missing_name: str  # the MissingReference's name when ``media`` is None
    ids: dict[str, Any]  # clip/track/shot|asset ids and the render mix, kept in metadata["milimo"]


@dataclass(frozen=True)
class ExportTrack:
    id: str
    name: str
    kind: str  # "video" | "audio"
    muted: bool
    solo: bool
    locked: bool
    clips: list[ExportClip] = field(default_factory=list)


@dataclass(frozen=True)
class ExportTimeline:
    name: str
    project_id: str
    fps: float
    tracks: list[ExportTrack]  # video tracks bottom to top, then audio tracks A1, A2, …


def _range(start: int, duration: int, rate: float) -> otio.opentime.TimeRange:
    return otio.opentime.TimeRange(otio.opentime.RationalTime(start, rate), otio.opentime.RationalTime(duration, rate))


def _reference(clip: ExportClip, fps: float) -> otio.core.MediaReference:
    media = clip.media
    if media is None:
        return otio.schema.MissingReference(name=clip.missing_name)
    available = _range(0, media.frames, fps) if media.frames else None
    return otio.schema.ExternalReference(
        target_url=media.path.as_uri(), available_range=available, metadata={"milimo": {"media_path": media.relative}}
    )


def _otio_clip(clip: ExportClip, fps: float) -> otio.schema.Clip:
    return otio.schema.Clip(
        name=clip.label,
        media_reference=_reference(clip, fps),
        source_range=_range(clip.source_in, clip.duration, fps),
        metadata={"milimo": clip.ids},
    )


def _otio_track(track: ExportTrack, fps: float) -> otio.schema.Track:
    out = otio.schema.Track(
        name=track.name,
        kind=KINDS[track.kind],
        metadata={"milimo": {"track_id": track.id, "solo": track.solo, "locked": track.locked}},
    )
    out.enabled = not track.muted
    at = 0
    for clip in sorted(track.clips, key=lambda c: c.start_frame):
        if clip.start_frame > at:
            out.append(otio.schema.Gap(source_range=_range(0, clip.start_frame - at, fps)))
        out.append(_otio_clip(clip, fps))
        at = clip.start_frame + clip.duration
    return out


def build_timeline(timeline: ExportTimeline) -> otio.schema.Timeline:
    """OTIO draws later tracks over earlier ones, so the tracks keep the order they are given in."""
    out = otio.schema.Timeline(
        name=timeline.name,
        global_start_time=otio.opentime.RationalTime(0, timeline.fps),
        metadata={"milimo": {"project_id": timeline.project_id, "fps": timeline.fps}},
    )
    for track in timeline.tracks:
        out.tracks.append(_otio_track(track, timeline.fps))
    return out


def clip_count(timeline: otio.schema.Timeline) -> int:
    return sum(1 for track in timeline.tracks for item in track if isinstance(item, otio.schema.Clip))
