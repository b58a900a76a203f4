"""Timeline tracks: create, change (name, order within its kind, mute/solo/lock), delete with their clips."""

from __future__ import annotations

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from backend.db.tables import Clip, Track
from backend.errors import Conflict, InvalidInput
from backend.schemas.timeline import TrackCreate, TrackUpdate
from backend.schemas.views import track_view
from backend.services.lookup import get_in_project, get_project
from backend.services.ordering import place, renumber
from backend.services.timeline import clip_ids_of_track
from backend.services.versioning import apply_update

_PREFIX = {"video": "V", "audio": "A"}


def _default_name(session: Session, project_id: str, kind: str) -> str:
    names = set(session.exec(select(Track.name).where(Track.project_id == project_id)).all())
    n = 1
    while f"{_PREFIX[kind]}{n}" in names:
        n += 1
    return f"{_PREFIX[kind]}{n}"


def _check_id_free(session: Session, project_id: str, track_id: str) -> None:
    """A client-chosen id must be unused (ids are global): 409 like a clip create, with the track as it is now when
    it is this project's (null when another project's)."""
    taken = session.get(Track, track_id)
    if taken is None:
        return
    current = track_view(taken).model_dump(mode="json") if taken.project_id == project_id else None
    raise Conflict(
        f"track id {track_id} is already taken; nothing was created: reload the timeline and apply your edit again",
        conflicts=[{"id": track_id, "current": current}],
    )


def create_track(session: Session, project_id: str, body: TrackCreate) -> Track:
    get_project(session, project_id)
    if body.id is not None:
        _check_id_free(session, project_id, body.id)
    name = body.name or _default_name(session, project_id, body.kind)
    chosen = {"id": body.id} if body.id is not None else {}
    track = Track(**chosen, project_id=project_id, kind=body.kind, name=name, index=10_000)
    session.add(track)
    session.flush()
    place(session, Track, project_id, track, body.index, kind=body.kind)
    session.flush()
    return track


def update_track(session: Session, project_id: str, track_id: str, body: TrackUpdate) -> Track:
    track = get_in_project(session, Track, project_id, track_id)
    nulls = frozenset(name for name in body.model_fields_set if getattr(body, name) is None)  # null: leave as is
    track = apply_update(session, track, body, track_view, exclude=frozenset({"index"}) | nulls)
    if body.index is not None:
        place(session, Track, project_id, track, body.index, kind=track.kind)
        session.flush()
    return track


def delete_track(session: Session, project_id: str, track_id: str, version: int) -> list[str]:
    """Delete the track and its clips; returns the ids of the clips that went with it."""
    track = get_in_project(session, Track, project_id, track_id)

    def stale() -> Conflict:
        session.refresh(track)
        return Conflict(
            f"track was changed elsewhere (you saw version {version}, it is now at version "
            f"{track.version}); reload it and try again",
            current=track_view(track).model_dump(mode="json"),
        )

    if track.version != version:
        raise stale()
    if track.locked:
        raise InvalidInput(f"track {track.name} is locked: unlock it before deleting it")
    same_kind = session.exec(select(func.count()).where(Track.project_id == project_id, Track.kind == track.kind)).one()
    if same_kind <= 1:
        raise InvalidInput(
            f"track {track.name} is the project's last {track.kind} track; a timeline keeps at least "
            f"one video and one audio track (add another {track.kind} track first)"
        )
    clip_ids = clip_ids_of_track(session, track.id)
    session.execute(delete(Clip).where(col(Clip.track_id) == track.id))  # ON DELETE CASCADE would; say it plainly
    # Compare-and-delete in one statement, as versioning.apply_update does for changes.
    result = session.execute(delete(Track).where(col(Track.id) == track.id, col(Track.version) == version))
    if result.rowcount != 1:
        raise stale()
    session.expunge(track)
    renumber(session, Track, project_id, kind=track.kind)
    return clip_ids
