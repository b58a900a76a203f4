"""Imported tracks and clips → new tracks on the project and one timeline edit batch (``apply_edits``: validated and
all-or-nothing, like every clip change). Media is found by the ``metadata["milimo"]`` ids when they name this
project's shot/asset, else by the media file's name (a shot's current take, an asset's stored or original name)."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError
from sqlmodel import Session, select

from backend.db.tables import Asset, Shot, new_id
from backend.errors import InvalidInput
from backend.interchange.read import ImportedClip, ImportedTrack
from backend.schemas.timeline import ClipFields, CreateClip, TimelineEditResult, TimelineEdits, TrackCreate, TrackRead
from backend.schemas.views import track_view
from backend.services import tracks as track_service
from backend.services.timeline import apply_edits


@dataclass
class ImportResult:
    tracks: list[TrackRead]
    edits: TimelineEditResult


def _basename(path: str | None) -> str | None:
    return path.rsplit("/", 1)[-1] if path else None


class MediaIndex:
    def __init__(self, session: Session, project_id: str) -> None:
        shots = session.exec(select(Shot).where(Shot.project_id == project_id)).all()
        assets = session.exec(select(Asset).where(Asset.project_id == project_id)).all()
        self.shots = {s.id for s in shots}
        self.assets = {a.id for a in assets}
        self.by_name: dict[str, tuple[str, str]] = {}
        for asset in assets:  # stored names first: they are unique; original names may repeat
            if asset.original_name:
                self.by_name.setdefault(asset.original_name, ("asset_id", asset.id))
        for asset in assets:
            self.by_name[_basename(asset.path)] = ("asset_id", asset.id)  # type: ignore[index]
        for shot in shots:
            if shot.video_path:
                self.by_name[_basename(shot.video_path)] = ("shot_id", shot.id)  # type: ignore[index]

    def source(self, clip: ImportedClip) -> tuple[str, str] | None:
        if clip.ids.get("shot_id") in self.shots:
            return "shot_id", clip.ids["shot_id"]
        if clip.ids.get("asset_id") in self.assets:
            return "asset_id", clip.ids["asset_id"]
        return self.by_name.get(clip.file_name) if clip.file_name else None


def import_tracks(session: Session, project_id: str, imported: list[ImportedTrack]) -> ImportResult:
    """Create a track per imported track (its name kept) and every clip on it, in the caller's transaction."""
    index = MediaIndex(session, project_id)
    missing: list[str] = []
    planned: list[tuple[ImportedTrack, list[tuple[ImportedClip, tuple[str, str]]]]] = []
    for track in imported:
        placed = []
        for clip in track.clips:
            source = index.source(clip)
            if source is None:
                missing.append(
                    f"{track.name or track.kind} @ frame {clip.start_frame}: {clip.name or '(unnamed)'}"
                    f" ({clip.file_name or 'no media file'})"
                )
            else:
                placed.append((clip, source))
        planned.append((track, placed))
    if missing:
        raise InvalidInput(
            f"{len(missing)} clip(s) use media that is not in this project: " + "; ".join(missing[:50]), missing=missing
        )
    created_tracks = []
    changes: list[CreateClip] = []
    for track, placed in planned:
        row = track_service.create_track(session, project_id, TrackCreate(kind=track.kind, name=track.name or None))
        row.muted = track.muted
        created_tracks.append(row)
        for clip, (field, source_id) in placed:
            try:
                fields = ClipFields(
                    id=new_id(),
                    track_id=row.id,
                    start_frame=clip.start_frame,
                    source_in=clip.source_in,
                    duration=clip.duration,
                    **{field: source_id},
                    **clip.audio,
                )
            except ValidationError as error:
                problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
                raise InvalidInput(
                    f"clip {clip.name!r} on track {track.name!r} at frame {clip.start_frame} cannot be "
                    f"placed: {problems}"
                ) from error
            changes.append(CreateClip(op="create", clip=fields))
    session.flush()
    result = apply_edits(session, project_id, TimelineEdits(changes=changes))
    return ImportResult(tracks=[track_view(t) for t in created_tracks], edits=result)
