"""The timeline: tracks and clips (docs/timeline.md). Clips change only through ``apply_edits``: one batch, one
transaction, every version checked before anything is written, the invariants checked over every track the batch
touches (``timeline_rules``), then written with a few set-based statements so a batch of thousands stays fast."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from backend.db.tables import Asset, Clip, Project, Shot, Track, new_id, utcnow
from backend.errors import Conflict, InvalidInput, NotFound
from backend.schemas.timeline import (
    ClipRead,
    CreateClip,
    DeleteClip,
    TimelineEditResult,
    TimelineEdits,
    TrackRead,
    UpdateClip,
)
from backend.schemas.views import clip_view, source_frames, track_view
from backend.services.lookup import get_project
from backend.services.timeline_rules import (
    Placement,
    check_bounds,
    check_fades,
    check_fits,
    check_no_overlap,
    check_unlocked,
)

DEFAULT_TRACKS = (("video", "V1"), ("audio", "A1"))
_HEX_ID = re.compile(r"^[0-9a-f]{32}$")
_CHUNK = 500  # ids per IN (...): far below SQLite's variable limit
_CLIP = Clip.__table__  # type: ignore[attr-defined]
_FIELDS = (
    "id",
    "track_id",
    "shot_id",
    "asset_id",
    "start_frame",
    "source_in",
    "duration",
    "version",
    "gain_db",
    "fade_in",
    "fade_out",
)

Source = Shot | Asset


# --- reading ---------------------------------------------------------------------------------------------------


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    items = list(ids)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def project_tracks(session: Session, project_id: str) -> list[Track]:
    """Video tracks, then audio tracks, each by index."""
    rows = session.exec(select(Track).where(Track.project_id == project_id).order_by(col(Track.index))).all()
    return sorted(rows, key=lambda t: (t.kind != "video", t.index))


def load_placements(session: Session, project_id: str) -> dict[str, Placement]:
    rows = session.execute(
        core_select(*(_CLIP.c[name] for name in _FIELDS)).where(_CLIP.c.project_id == project_id)
    ).all()
    return {row[0]: Placement(*row) for row in rows}


def load_sources(
    session: Session, project_id: str, shot_ids: Iterable[str], asset_ids: Iterable[str]
) -> dict[str, Source]:
    """Shots and assets by id, only those of the project (a missing one is simply absent)."""
    found: dict[str, Source] = {}
    for table, ids in ((Shot, set(shot_ids)), (Asset, set(asset_ids))):
        for chunk in _chunks(ids):
            rows = session.exec(select(table).where(table.project_id == project_id, col(table.id).in_(chunk))).all()
            found.update((row.id, row) for row in rows)
    return found


def clip_views(
    session: Session, project: Project, clips: Sequence[Placement | Clip], sources: dict[str, Source] | None = None
) -> list[ClipRead]:
    sources = dict(sources or {})
    missing_shots = {c.shot_id for c in clips if c.shot_id and c.shot_id not in sources}
    missing_assets = {c.asset_id for c in clips if c.asset_id and c.asset_id not in sources}
    if missing_shots or missing_assets:
        sources.update(load_sources(session, project.id, missing_shots, missing_assets))
    return [clip_view(c, sources[c.shot_id or c.asset_id], project.fps) for c in clips]  # type: ignore[arg-type]


def timeline_state(
    session: Session, project: Project, sources: dict[str, Source] | None = None
) -> tuple[list[TrackRead], list[ClipRead]]:
    """Every track and clip; ``sources``: shots/assets the caller has already read (not read again)."""
    tracks = project_tracks(session, project.id)
    order = {t.id: n for n, t in enumerate(tracks)}
    placements = sorted(
        load_placements(session, project.id).values(), key=lambda c: (order.get(c.track_id, 0), c.start_frame)
    )
    return [track_view(t) for t in tracks], clip_views(session, project, placements, sources)


def load_placements_of(
    session: Session, project_id: str, clip_ids: Iterable[str] = (), shot_ids: Iterable[str] = ()
) -> list[Placement]:
    """The project's clips with these ids, and those showing these shots."""
    found: dict[str, Placement] = {}
    for column, ids in ((_CLIP.c.id, clip_ids), (_CLIP.c.shot_id, shot_ids)):
        for chunk in _chunks(sorted(set(ids))):
            rows = session.execute(
                core_select(*(_CLIP.c[name] for name in _FIELDS)).where(
                    _CLIP.c.project_id == project_id, column.in_(chunk)
                )
            ).all()
            found.update((row[0], Placement(*row)) for row in rows)
    return list(found.values())


def clip_ids_of(session: Session, *, shot_id: str | None = None, asset_id: str | None = None) -> list[str]:
    """The clips showing a shot or an asset (they go with it: ON DELETE CASCADE)."""
    column = _CLIP.c.shot_id if shot_id is not None else _CLIP.c.asset_id
    return list(session.execute(core_select(_CLIP.c.id).where(column == (shot_id or asset_id))).scalars())


def clip_ids_of_track(session: Session, track_id: str) -> list[str]:
    return list(session.execute(core_select(_CLIP.c.id).where(_CLIP.c.track_id == track_id)).scalars())


# --- server-side placement -------------------------------------------------------------------------------------


def create_default_tracks(session: Session, project_id: str) -> list[Track]:
    tracks = [Track(project_id=project_id, kind=kind, name=name, index=0) for kind, name in DEFAULT_TRACKS]
    session.add_all(tracks)
    session.flush()
    return tracks


def main_video_track(session: Session, project_id: str) -> Track:
    track = session.exec(
        select(Track).where(Track.project_id == project_id, Track.kind == "video").order_by(col(Track.index)).limit(1)
    ).first()
    if track is None:  # never: the last video track cannot be deleted; a project is created with one
        track = Track(project_id=project_id, kind="video", name="V1")
        session.add(track)
        session.flush()
    return track


def append_shots(session: Session, project: Project, shots: Sequence[Shot]) -> list[Clip]:
    """Give each new shot a clip at the end of the main video track (V1), in order, back to back."""
    if not shots:
        return []
    track = main_video_track(session, project.id)
    end = (
        session.execute(
            core_select(_CLIP.c.start_frame + _CLIP.c.duration)
            .where(_CLIP.c.track_id == track.id)
            .order_by((_CLIP.c.start_frame + _CLIP.c.duration).desc())
            .limit(1)
        ).scalar()
        or 0
    )
    clips = []
    for shot in shots:
        duration = source_frames(shot, project.fps) or 1
        clips.append(
            Clip(
                project_id=project.id,
                track_id=track.id,
                shot_id=shot.id,
                start_frame=end,
                source_in=0,
                duration=duration,
            )
        )
        end += duration
    session.add_all(clips)
    session.flush()
    return clips


# --- the batch -------------------------------------------------------------------------------------------------


def take_write_lock(session: Session, project_id: str) -> None:
    """Write first: SQLite then holds its write lock for the rest of the transaction, so the versions read below
    cannot change before the batch is written (no read-then-write race between two tabs)."""
    session.execute(
        update(Project.__table__)
        .where(Project.__table__.c.id == project_id)  # type: ignore[attr-defined]
        .values(updated_at=utcnow())
    )


def _check_ids(changes: Sequence[CreateClip | UpdateClip | DeleteClip]) -> None:
    seen: set[str] = set()
    for n, change in enumerate(changes):
        clip_id = change.clip.id if isinstance(change, CreateClip) else change.id
        if clip_id is None:
            continue
        if clip_id in seen:
            raise InvalidInput(
                f"changes[{n}]: clip {clip_id} appears more than once in the batch; send one change "
                "per clip (merge them)",
                clips=[clip_id],
            )
        seen.add(clip_id)


def _conflicts(
    session: Session,
    project: Project,
    changes: Sequence[CreateClip | UpdateClip | DeleteClip],
    placements: dict[str, Placement],
) -> None:
    """Every stale version (and every create whose id is taken), all at once: 409 with each clip as it is now."""
    stale: list[str] = []
    for change in changes:
        if isinstance(change, CreateClip):
            if change.clip.id is not None and change.clip.id in placements:
                stale.append(change.clip.id)
        else:
            current = placements.get(change.id)
            if current is None or current.version != change.version:
                stale.append(change.id)
    wanted = [c.clip.id for c in changes if isinstance(c, CreateClip) and c.clip.id and c.clip.id not in placements]
    taken: list[str] = []
    for chunk in _chunks(wanted):  # ids are global: one used by another project is taken too
        taken += session.execute(core_select(_CLIP.c.id).where(_CLIP.c.id.in_(chunk))).scalars().all()
    if not stale and not taken:
        return
    present = [placements[i] for i in stale if i in placements]
    views = {v.id: v.model_dump(mode="json") for v in clip_views(session, project, present)}
    conflicts = [{"id": i, "current": views.get(i)} for i in [*stale, *taken]]
    first = conflicts[0]["id"]
    raise Conflict(
        f"{len(conflicts)} clip(s) changed elsewhere or ids already taken (first: {first}); nothing was applied: "
        "reload the timeline and apply your edit again",
        conflicts=conflicts,
    )


def apply_edits(session: Session, project_id: str, body: TimelineEdits) -> TimelineEditResult:
    """Apply a batch atomically (the caller's transaction commits it; any error rolls all of it back)."""
    project = get_project(session, project_id)
    changes = body.changes
    _check_ids(changes)
    take_write_lock(session, project_id)
    placements = load_placements(session, project_id)
    _conflicts(session, project, changes, placements)

    tracks = {t.id: t for t in project_tracks(session, project_id)}
    creates = [c.clip for c in changes if isinstance(c, CreateClip)]
    updated_sources = [placements[c.id] for c in changes if isinstance(c, UpdateClip)]
    sources = load_sources(
        session,
        project_id,
        [c.shot_id for c in [*creates, *updated_sources] if c.shot_id],
        [c.asset_id for c in [*creates, *updated_sources] if c.asset_id],
    )

    def track_of(track_id: str, n: int) -> Track:
        track = tracks.get(track_id)
        if track is None:
            raise NotFound(f"changes[{n}]: track {track_id!r} does not exist in project {project_id!r}")
        return track

    touched: set[str] = set()
    written: dict[str, Placement] = {}  # created or updated, in batch order
    created: set[str] = set()
    deleted: list[str] = []
    for n, change in enumerate(changes):
        if isinstance(change, DeleteClip):
            old = placements.pop(change.id)
            check_unlocked(tracks[old.track_id], old.id, "delete")
            touched.add(old.track_id)
            deleted.append(old.id)
        elif isinstance(change, UpdateClip):
            old = placements[change.id]
            fields = change.model_dump(exclude_unset=True, exclude={"op", "id", "version"}, exclude_none=True)
            new = replace(old, **fields, version=old.version + 1)
            # A trim that shortens the clip shortens a fade the change does not set (never refused for it).
            for name in ("fade_in", "fade_out"):
                if name not in fields and getattr(new, name) > new.duration:
                    setattr(new, name, new.duration)
            check_fades(new)
            source = sources[old.source_id]
            check_unlocked(tracks[old.track_id], old.id, "change")
            target = track_of(new.track_id, n)
            if target.id != old.track_id:
                check_unlocked(target, old.id, "move")
                check_fits(target, source, old.id)
            if (new.source_in, new.duration) != (old.source_in, old.duration):
                check_bounds(new, source, project.fps)
            touched.update((old.track_id, new.track_id))
            placements[new.id] = written[new.id] = new
        else:
            fields = change.clip
            source_id = fields.shot_id or fields.asset_id
            source = sources.get(source_id)  # type: ignore[arg-type]
            if source is None:
                what = "shot" if fields.shot_id else "asset"
                raise NotFound(f"changes[{n}]: {what} {source_id!r} does not exist in project {project_id!r}")
            clip = Placement(
                fields.id or new_id(),
                fields.track_id,
                fields.shot_id,
                fields.asset_id,
                fields.start_frame,
                fields.source_in,
                fields.duration,
                1,
                fields.gain_db,
                fields.fade_in,
                fields.fade_out,
            )
            check_fades(clip)
            target = track_of(clip.track_id, n)
            check_unlocked(target, clip.id, "add")
            check_fits(target, source, clip.id)
            check_bounds(clip, source, project.fps)
            touched.add(clip.track_id)
            placements[clip.id] = written[clip.id] = clip
            created.add(clip.id)

    by_track: dict[str, list[Placement]] = defaultdict(list)
    for clip in placements.values():
        if clip.track_id in touched:
            by_track[clip.track_id].append(clip)
    for track_id in touched:
        check_no_overlap(tracks[track_id], by_track[track_id])

    write_placements(session, project_id, written, created, deleted)
    return TimelineEditResult(
        clips=clip_views(session, project, list(written.values()), sources),
        deleted=deleted,
        tracks=[track_view(t) for t in tracks.values()],
    )


def write_placements(
    session: Session, project_id: str, written: dict[str, Placement], created: set[str], deleted: list[str]
) -> None:
    """Write checked placements (under :func:`take_write_lock`): an update only lands on the version it was read at."""
    now = utcnow()
    for chunk in _chunks(deleted):
        session.execute(delete(_CLIP).where(_CLIP.c.id.in_(chunk)))
    updates = [
        {
            "b_id": c.id,
            "b_seen": c.version - 1,
            "track_id": c.track_id,
            "start_frame": c.start_frame,
            "source_in": c.source_in,
            "duration": c.duration,
            "gain_db": c.gain_db,
            "fade_in": c.fade_in,
            "fade_out": c.fade_out,
            "updated_at": now,
        }
        for c in written.values()
        if c.id not in created
    ]
    if updates:
        result = session.execute(
            update(_CLIP)
            .where(_CLIP.c.id == bindparam("b_id"), _CLIP.c.version == bindparam("b_seen"))
            .values(version=_CLIP.c.version + 1),
            updates,
        )
        if result.rowcount != len(updates):  # cannot happen while we hold the write lock; refuse rather than guess
            raise Conflict(
                "clips changed while the batch was written; nothing was applied: reload and try again", conflicts=[]
            )
    inserts = [
        {
            "id": c.id,
            "project_id": project_id,
            "track_id": c.track_id,
            "shot_id": c.shot_id,
            "asset_id": c.asset_id,
            "start_frame": c.start_frame,
            "source_in": c.source_in,
            "duration": c.duration,
            "gain_db": c.gain_db,
            "fade_in": c.fade_in,
            "fade_out": c.fade_out,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for c in written.values()
        if c.id in created
    ]
    if inserts:
        session.execute(insert(_CLIP), inserts)
