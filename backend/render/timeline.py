"""The project's tracks and clips, as the render sees them (files resolved inside the project folder)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from backend.db.tables import Project, Shot
from backend.render.plan import RenderClip, RenderTrack
from backend.services.timeline import load_placements, load_sources, project_tracks
from backend.services.views import source_kind
from backend.storage.paths import ProjectStorage


@dataclass
class RenderTimeline:
    width: int
    height: int
    fps: float
    tracks: list[RenderTrack]
    clips: list[RenderClip]
    missing: list[str]  # clips whose source has no file (a shot not generated yet): black and silent


def load_render_timeline(session: Session, storage: ProjectStorage, project: Project) -> RenderTimeline:
    tracks = [RenderTrack(t.id, t.kind, t.index, t.muted, t.solo) for t in project_tracks(session, project.id)]
    placements = list(load_placements(session, project.id).values())
    sources = load_sources(session, project.id, [p.shot_id for p in placements if p.shot_id],
                           [p.asset_id for p in placements if p.asset_id])
    clips, missing = [], []
    for p in placements:
        source = sources.get(p.source_id)
        if source is None:
            continue
        relative = source.video_path if isinstance(source, Shot) else source.path
        path = storage.absolute(project.id, relative) if relative else None
        if path is not None and not path.is_file():
            path = None
        if path is None:
            missing.append(p.id)
        kind = source_kind(source)
        has_audio = (path is not None and kind in ("shot", "video", "audio")
                     and not (kind == "video" and getattr(source, "has_audio", None) is False))
        clips.append(RenderClip(p.id, p.track_id, p.start_frame, p.source_in, p.duration, kind, path, has_audio,
                                p.gain_db, p.fade_in, p.fade_out))
    return RenderTimeline(project.width, project.height, project.fps, tracks, clips, missing)
