"""Database rows → API bodies. Used by routes and by the worker's events, so both show the same shape."""

from __future__ import annotations

from backend.db.tables import Asset, Clip, Element, Job, Scene, Shot, ShotMask, Track
from backend.schemas.jobs import JobRead
from backend.schemas.project import AssetRead, ElementRead, SceneRead, ShotRead
from backend.schemas.segmentation import ShotMaskRead
from backend.schemas.timeline import ClipRead, SourceKind, TrackRead
from backend.storage.paths import media_url

LABEL_WORDS = 6


def clip_frames(shot: Shot) -> int | None:
    """Frames of the clip the shot plays now (an extension makes it longer than ``num_frames``)."""
    take = next((t for t in shot.params.get("takes", []) if t.get("video_path") == shot.video_path), None)
    if take is not None and take.get("num_frames"):
        return int(take["num_frames"])
    return shot.num_frames if shot.video_path else None


def shot_view(shot: Shot) -> ShotRead:
    return ShotRead(
        **shot.model_dump(exclude={"video_path", "thumbnail_path", "image_path", "created_at"}),
        clip_frames=clip_frames(shot),
        video_url=media_url(shot.project_id, shot.video_path),
        thumbnail_url=media_url(shot.project_id, shot.thumbnail_path),
        image_url=media_url(shot.project_id, shot.image_path),
    )


def scene_view(scene: Scene) -> SceneRead:
    return SceneRead.model_validate(scene, from_attributes=True)


def element_view(element: Element) -> ElementRead:
    return ElementRead.model_validate(element, from_attributes=True)


def asset_view(asset: Asset) -> AssetRead:
    return AssetRead(**asset.model_dump(exclude={"path"}), url=media_url(asset.project_id, asset.path) or "")


def job_view(job: Job) -> JobRead:
    return JobRead.model_validate(job, from_attributes=True)


def shot_mask_view(mask: ShotMask) -> ShotMaskRead:
    url = lambda relative: media_url(mask.project_id, relative)  # noqa: E731
    return ShotMaskRead(
        **mask.model_dump(exclude={"video_path", "data_path", "preview_path", "thumbnail_path"}),
        video_url=url(mask.video_path) or "",
        data_url=url(mask.data_path) or "",
        preview_url=url(mask.preview_path) or "",
        thumbnail_url=url(mask.thumbnail_path),
    )


def track_view(track: Track) -> TrackRead:
    return TrackRead.model_validate(track, from_attributes=True)


def to_project_frames(frames: int, source_fps: float, project_fps: float) -> int:
    """``frames`` at ``source_fps`` counted at the project's fps (the same number when the rates agree)."""
    if source_fps <= 0 or abs(source_fps - project_fps) < 1e-6:
        return frames
    return max(1, round(frames * project_fps / source_fps))


def source_kind(source: Shot | Asset) -> SourceKind:
    return "shot" if isinstance(source, Shot) else source.kind  # type: ignore[return-value]


def source_frames(source: Shot | Asset, project_fps: float) -> int | None:
    """The source's length in project frames, the bound of ``source_in + duration``: a shot's current clip (its
    ``num_frames`` while it has none); a video/audio asset's duration; ``None`` (unbounded) for a still."""
    if isinstance(source, Shot):
        return to_project_frames(clip_frames(source) or source.num_frames, source.fps, project_fps)
    if source.kind == "image" or not source.duration_s:
        return None
    return max(1, round(source.duration_s * project_fps))


def shot_label(shot: Shot) -> str:
    words = shot.prompt.split()
    text = " ".join(words[:LABEL_WORDS]) + ("…" if len(words) > LABEL_WORDS else "")
    return f"Shot {shot.index + 1} · {text}" if text else f"Shot {shot.index + 1}"


def clip_view(clip: Clip, source: Shot | Asset, project_fps: float) -> ClipRead:
    """``clip`` is a Clip row or anything with its fields (the timeline service's in-memory placements)."""
    if isinstance(source, Shot):
        derived = dict(
            media_url=media_url(source.project_id, source.video_path),
            has_audio=bool(source.video_path),  # LTX-2 generates sound with the picture
            thumbnail_url=media_url(source.project_id, source.thumbnail_path or source.image_path),
            label=shot_label(source),
        )
    else:
        url = media_url(source.project_id, source.path)
        derived = dict(
            media_url=url,
            has_audio=source.kind == "audio" or (source.kind == "video" and source.has_audio is not False),
            thumbnail_url=url if source.kind == "image" else None,
            label=source.original_name or f"{source.kind} {source.id[:6]}",
        )
    return ClipRead(
        id=clip.id,
        project_id=source.project_id,
        track_id=clip.track_id,
        shot_id=clip.shot_id,
        asset_id=clip.asset_id,
        start_frame=clip.start_frame,
        source_in=clip.source_in,
        duration=clip.duration,
        version=clip.version,
        source_kind=source_kind(source),
        source_frames=source_frames(source, project_fps),
        gain_db=getattr(clip, "gain_db", 0.0),
        fade_in=getattr(clip, "fade_in", 0),
        fade_out=getattr(clip, "fade_out", 0),
        **derived,
    )
