"""The project's timeline → an ``otio.schema.Timeline`` (one OTIO track per track, gaps where nothing plays).

Times are frames at the project's fps (a clip's ``source_in`` is counted at the project's fps too, docs/timeline.md).
A media reference is an ``ExternalReference`` whose ``target_url`` is the file's absolute ``file://`` URL on this
machine (what another editor needs to open it); the project-relative path is kept in ``metadata["milimo"]``. A shot
that has no take yet has a ``MissingReference``.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import opentimelineio as otio
from sqlmodel import Session, select

from backend.db.tables import Asset, Clip, Project, Shot, Track
from backend.services.timeline import load_sources, project_tracks
from backend.services.views import clip_view, source_frames
from backend.storage.paths import ProjectStorage

KINDS = {"video": otio.schema.TrackKind.Video, "audio": otio.schema.TrackKind.Audio}


def _range(start: int, duration: int, rate: float) -> otio.opentime.TimeRange:
    return otio.opentime.TimeRange(otio.opentime.RationalTime(start, rate), otio.opentime.RationalTime(duration, rate))


def media_path(source: Shot | Asset) -> str | None:
    return source.video_path if isinstance(source, Shot) else source.path


def _reference(storage: ProjectStorage, project: Project, source: Shot | Asset) -> otio.core.MediaReference:
    relative = media_path(source)
    if not relative:
        return otio.schema.MissingReference(name=f"shot {source.id} (not generated yet)")
    frames = source_frames(source, project.fps)
    path = Path(storage.absolute(project.id, relative))
    available = _range(0, frames, project.fps) if frames else None
    return otio.schema.ExternalReference(target_url=path.as_uri(), available_range=available,
                                         metadata={"milimo": {"media_path": relative}})


def _otio_clip(storage: ProjectStorage, project: Project, clip: Clip, source: Shot | Asset) -> otio.schema.Clip:
    ids = {"clip_id": clip.id, "track_id": clip.track_id}
    ids.update({"shot_id": clip.shot_id} if clip.shot_id else {"asset_id": clip.asset_id})
    ids.update({k: getattr(clip, k) for k in ("gain_db", "fade_in", "fade_out") if hasattr(clip, k)})  # render mix
    return otio.schema.Clip(
        name=clip_view(clip, source, project.fps).label,
        media_reference=_reference(storage, project, source),
        source_range=_range(clip.source_in, clip.duration, project.fps),
        metadata={"milimo": ids},
    )


def _otio_track(storage: ProjectStorage, project: Project, track: Track, clips: list[Clip],
                sources: dict[str, Shot | Asset]) -> otio.schema.Track:
    out = otio.schema.Track(name=track.name, kind=KINDS[track.kind],
                            metadata={"milimo": {"track_id": track.id, "solo": track.solo, "locked": track.locked}})
    out.enabled = not track.muted
    at = 0
    for clip in sorted(clips, key=lambda c: c.start_frame):
        if clip.start_frame > at:
            out.append(otio.schema.Gap(source_range=_range(0, clip.start_frame - at, project.fps)))
        out.append(_otio_clip(storage, project, clip, sources[clip.shot_id or clip.asset_id]))  # type: ignore[index]
        at = clip.start_frame + clip.duration
    return out


def build_timeline(session: Session, storage: ProjectStorage, project: Project) -> otio.schema.Timeline:
    """Video tracks bottom to top (OTIO draws later tracks over earlier ones), then audio tracks A1, A2, …"""
    tracks = project_tracks(session, project.id)
    clips = session.exec(select(Clip).where(Clip.project_id == project.id)).all()
    sources = load_sources(session, project.id, {c.shot_id for c in clips if c.shot_id},
                           {c.asset_id for c in clips if c.asset_id})
    by_track: dict[str, list[Clip]] = defaultdict(list)
    for clip in clips:
        by_track[clip.track_id].append(clip)
    timeline = otio.schema.Timeline(name=project.name, global_start_time=otio.opentime.RationalTime(0, project.fps),
                                    metadata={"milimo": {"project_id": project.id, "fps": project.fps}})
    for track in tracks:
        timeline.tracks.append(_otio_track(storage, project, track, by_track[track.id], sources))
    return timeline


def clip_count(timeline: otio.schema.Timeline) -> int:
    return sum(1 for track in timeline.tracks for item in track if isinstance(item, otio.schema.Clip))
