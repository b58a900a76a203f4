"""Shots: the unit of generation. New shots take the project's size, fps and seed unless given."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from backend.db.tables import Asset, Clip, Scene, Shot
from backend.errors import Conflict, InvalidInput
from backend.schemas.project import ShotCreate, ShotUpdate
from backend.schemas.timeline import ClipRead
from backend.schemas.views import shot_view, source_frames
from backend.services.control_choices import check_control
from backend.services.lookup import get_in_project, get_project
from backend.services.ordering import place, renumber
from backend.services.timeline import append_shots, clip_ids_of
from backend.services.timeline_follow import follow_take
from backend.services.versioning import apply_update

DEFAULT_NUM_FRAMES = 121


def create_shot(session: Session, project_id: str, body: ShotCreate) -> tuple[Shot, Clip, list[Shot]]:
    """A new shot and its clip (appended to the main video track), and the shots it renumbered."""
    project = get_project(session, project_id)
    if body.scene_id is not None:
        get_in_project(session, Scene, project_id, body.scene_id)
    if body.audio_asset_id is not None:
        check_sound(session, project_id, body.audio_asset_id)
    check_control(session, project_id, body.control.model_dump() if body.control else None)
    fields = body.model_dump(exclude={"index"})
    shot = Shot(
        **{
            **fields,
            "duration_from_audio": bool(body.duration_from_audio),
            "project_id": project_id,
            "width": body.width or project.width,
            "height": body.height or project.height,
            "fps": body.fps or project.fps,
            "seed": body.seed if body.seed is not None else project.seed,
            "num_frames": body.num_frames or DEFAULT_NUM_FRAMES,
        }
    )
    session.add(shot)
    session.flush()
    moved = place(session, Shot, project_id, shot, body.index)
    [clip] = append_shots(session, project, [shot])  # its clip goes at the end of V1
    return shot, clip, moved


def _asset_of_kind(session: Session, project_id: str, asset_id: str, kind: str, what: str) -> Asset:
    asset = get_in_project(session, Asset, project_id, asset_id)  # 404 when it is not in the project
    if asset.kind != kind:
        raise InvalidInput(f"{what}; asset {asset_id} is {asset.kind}")
    return asset


def check_sound(session: Session, project_id: str, asset_id: str) -> Asset:
    """The asset a shot's picture is generated to: it must exist in the project and be audio."""
    return _asset_of_kind(
        session, project_id, asset_id, "audio", "audio_asset_id must be an audio asset (dialogue, music, an effect)"
    )


def check_frame(session: Session, project_id: str, asset_id: str) -> Asset:
    """A shot's storyboard frame: an image asset of the same project."""
    return _asset_of_kind(
        session, project_id, asset_id, "image", "frame_asset_id must be an image (a concept frame or an uploaded still)"
    )


def record_take(
    shot: Shot,
    job_id: str,
    video_path: str,
    thumbnail_path: str,
    num_frames: int,
    loras: list[dict[str, Any]] | None = None,
    made: dict[str, Any] | None = None,
) -> None:
    """Every finished clip is kept as a take, so a replaced clip can be brought back (undo of an extension); a take
    says which LoRAs (and camera move) made it, and ``made``: its quality preset, seed and prompt as written (what
    "re-generate as final" sends again)."""
    takes = [t for t in shot.params.get("takes", []) if t.get("job_id") != job_id]
    takes.append(
        {
            "job_id": job_id,
            "video_path": video_path,
            "thumbnail_path": thumbnail_path,
            "num_frames": num_frames,
            "loras": list(loras or []),
            **(made or {}),
        }
    )
    shot.params = {**shot.params, "takes": takes}  # a new dict: the JSON column sees the change
    shot.video_path, shot.thumbnail_path = video_path, thumbnail_path


def update_shot(
    session: Session, project_id: str, shot_id: str, body: ShotUpdate
) -> tuple[Shot, list[Shot], list[ClipRead]]:
    """The shot as changed, the other shots a move renumbered, and its clips that followed a new length (another take
    brought back, or ``num_frames`` of a shot not generated yet)."""
    shot = get_in_project(session, Shot, project_id, shot_id)
    project = get_project(session, project_id)
    before = source_frames(shot, project.fps)
    if body.scene_id is not None:
        get_in_project(session, Scene, project_id, body.scene_id)
    if body.audio_asset_id is not None:
        check_sound(session, project_id, body.audio_asset_id)
    if "duration_from_audio" in body.model_fields_set and body.duration_from_audio is None:
        raise InvalidInput("duration_from_audio is true or false, not null")
    if body.frame_asset_id is not None:
        check_frame(session, project_id, body.frame_asset_id)
    if body.control is not None:
        check_control(session, project_id, body.control.model_dump())
    if "pin_element_refs" in body.model_fields_set and body.pin_element_refs is None:
        raise InvalidInput("pin_element_refs is true or false, not null")
    if body.take is not None:
        take = next((t for t in shot.params.get("takes", []) if t.get("job_id") == body.take), None)
        if take is None:
            raise InvalidInput(f"shot {shot_id} has no take from job {body.take!r}")
        if shot.status in ("queued", "generating"):
            raise Conflict("the shot is being generated; switch takes when the job ends")
    shot = apply_update(session, shot, body, shot_view, exclude=frozenset({"take"}))
    if body.take is not None:
        shot.video_path, shot.thumbnail_path = take["video_path"], take["thumbnail_path"]  # type: ignore[index]
        session.add(shot)
    followed = follow_take(session, project, shot, before)
    moved: list[Shot] = []
    if "index" in body.model_fields_set and body.index is not None:
        moved = place(session, Shot, project_id, shot, body.index)
    return shot, moved, followed


def delete_shot(session: Session, project_id: str, shot_id: str) -> tuple[list[str], list[Shot]]:
    """Delete the shot (its clips go with it); returns the ids of those clips and the shots renumbered after it."""
    shot = get_in_project(session, Shot, project_id, shot_id)
    clip_ids = clip_ids_of(session, shot_id=shot.id)
    session.delete(shot)
    session.flush()
    return clip_ids, renumber(session, Shot, project_id)
