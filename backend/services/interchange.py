"""The project's rows → the plain timeline description the OTIO builder (``backend.interchange.build``) takes."""

from __future__ import annotations

from collections import defaultdict

import opentimelineio as otio
from sqlmodel import Session, select

from backend.db.tables import Asset, Clip, Project, Shot
from backend.interchange.build import ExportClip, ExportMedia, ExportTimeline, ExportTrack, build_timeline
from backend.schemas.views import clip_view, source_frames
from backend.services.timeline import load_sources, project_tracks
from backend.storage.paths import ProjectStorage


def media_path(source: Shot | Asset) -> str | None:
    return source.video_path if isinstance(source, Shot) else source.path


def _export_clip(storage: ProjectStorage, project: Project, clip: Clip, source: Shot | Asset) -> ExportClip:
    ids = {"clip_id": clip.id, "track_id": clip.track_id}
    ids.update({"shot_id": clip.shot_id} if clip.shot_id else {"asset_id": clip.asset_id})
    ids.update({k: getattr(clip, k) for k in ("gain_db", "fade_in", "fade_out") if hasattr(clip, k)})  # render mix
    relative = media_path(source)
    media = (
        ExportMedia(
            path=storage.absolute(project.id, relative), relative=relative, frames=source_frames(source, project.fps)
        )
        if relative
        else None
    )
    return ExportClip(
        label=clip_view(clip, source, project.fps).label,
        start_frame=clip.start_frame,
        source_in=clip.source_in,
        duration=clip.duration,
        media=media,
        missing_name=f"shot {source.id} (not generated yet)",
        ids=ids,
    )


def export_timeline(session: Session, storage: ProjectStorage, project: Project) -> ExportTimeline:
    clips = session.exec(select(Clip).where(Clip.project_id == project.id)).all()
    sources = load_sources(
        session, project.id, {c.shot_id for c in clips if c.shot_id}, {c.asset_id for c in clips if c.asset_id}
    )
    by_track: dict[str, list[ExportClip]] = defaultdict(list)
    for clip in clips:
        by_track[clip.track_id].append(_export_clip(storage, project, clip, sources[clip.shot_id or clip.asset_id]))  # type: ignore[index]
    tracks = [
        ExportTrack(
            id=t.id, name=t.name, kind=t.kind, muted=t.muted, solo=t.solo, locked=t.locked, clips=by_track[t.id]
        )
        for t in project_tracks(session, project.id)
    ]
    return ExportTimeline(name=project.name, project_id=project.id, fps=project.fps, tracks=tracks)


def otio_timeline(session: Session, storage: ProjectStorage, project: Project) -> otio.schema.Timeline:
    """Video tracks bottom to top (OTIO draws later tracks over earlier ones), then audio tracks A1, A2, …"""
    return build_timeline(export_timeline(session, storage, project))
