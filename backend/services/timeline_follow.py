"""A shot's clips follow its current take when the take's length changes (an extension, a regenerate, a retake, a
take switched back): docs/timeline.md, "When a take changes length"."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from sqlmodel import Session

from backend.db.tables import Project, Shot
from backend.schemas.timeline import ClipRead
from backend.schemas.views import source_frames
from backend.services.timeline import (
    clip_views,
    load_placements,
    load_placements_of,
    project_tracks,
    take_write_lock,
    write_placements,
)
from backend.services.timeline_rules import Placement


def follow_length(clips: list[Placement], shot_id: str, old_frames: int, new_frames: int) -> list[Placement]:
    """The clips of one track after ``shot_id``'s take went from ``old_frames`` to ``new_frames`` (only those that
    change, each one version up).

    A clip that showed the take to its end keeps showing it to its end: it grows or shrinks with it. A clip the user
    trimmed shorter keeps its cut, shortened only if the new take no longer has those frames. A clip that grows takes
    the free space after it first; where it would cover the next clip, that clip and every one after it on the track
    move right by the frames still missing (a ripple that keeps the gaps between them): the track never overlaps.
    """
    changed: list[Placement] = []
    offset, previous_end = 0, 0
    for clip in sorted(clips, key=lambda c: (c.start_frame, c.end)):
        start = clip.start_frame + offset
        if start < previous_end:
            offset += previous_end - start
            start = previous_end
        duration = clip.duration
        if clip.shot_id == shot_id:
            if clip.source_in + clip.duration == old_frames:
                duration = new_frames - clip.source_in
            elif clip.source_in + clip.duration > new_frames:
                duration = new_frames - clip.source_in
            if duration < 1:  # the new take ends before this clip's first frame: leave it for the user to fix
                duration = clip.duration
        previous_end = start + duration
        if (start, duration) != (clip.start_frame, clip.duration):
            changed.append(
                replace(
                    clip,
                    start_frame=start,
                    duration=duration,
                    version=clip.version + 1,
                    fade_in=min(clip.fade_in, duration),
                    fade_out=min(clip.fade_out, duration),
                )
            )
    return changed


def follow_take(session: Session, project: Project, shot: Shot, old_frames: int | None) -> list[ClipRead]:
    """Make the shot's clips take the length of its current take (``old_frames``: its length before, in project
    frames); returns the clips that changed, for ``timeline.changed``. Clips on a locked track stay as they are."""
    new_frames = source_frames(shot, project.fps)
    if old_frames is None or new_frames is None or new_frames == old_frames:
        return []
    tracks_with_shot = {c.track_id for c in load_placements_of(session, project.id, shot_ids=[shot.id])}
    locked = {t.id for t in project_tracks(session, project.id) if t.locked}
    if not tracks_with_shot - locked:
        return []
    take_write_lock(session, project.id)
    by_track: dict[str, list[Placement]] = defaultdict(list)
    for clip in load_placements(session, project.id).values():
        if clip.track_id in tracks_with_shot - locked:
            by_track[clip.track_id].append(clip)
    changed = [c for clips in by_track.values() for c in follow_length(clips, shot.id, old_frames, new_frames)]
    if not changed:
        return []
    write_placements(session, project.id, {c.id: c for c in changed}, set(), [])
    return clip_views(session, project, changed, {shot.id: shot})
