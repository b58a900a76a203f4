"""What changed on the timeline since an event id: the clips named by the project's ``timeline.changed`` and
``shot.updated`` events after it, as they are now — a reload that costs what changed, not the whole project.

The cursor is read before the rows, so an edit committed meanwhile is either in this answer's rows or in the next
answer's events (sent twice at worst, never missed). When ``since`` is 0 or older than the kept event history
(``MILIMO_EVENT_HISTORY``) the answer is the whole timeline, marked ``full``.
"""

from __future__ import annotations

from sqlmodel import Session

from backend.events.bus import EventBus, PublishedEvent
from backend.schemas.timeline import TimelineChanges
from backend.schemas.views import track_view
from backend.services.lookup import get_project
from backend.services.timeline import clip_views, load_placements_of, project_tracks, timeline_state


def _changed_ids(events: list[PublishedEvent]) -> tuple[set[str], set[str]]:
    clip_ids: set[str] = set()
    shot_ids: set[str] = set()
    for event in events:
        if event.type == "timeline.changed":
            clip_ids.update(c["id"] for c in event.data.get("clips", ()) if isinstance(c, dict) and "id" in c)
            clip_ids.update(event.data.get("deleted", ()))
        elif event.type == "shot.updated" and event.data.get("shot_id"):
            shot_ids.add(event.data["shot_id"])
    return clip_ids, shot_ids


def timeline_changes(session: Session, bus: EventBus, project_id: str, since: int) -> TimelineChanges:
    project = get_project(session, project_id)
    cursor = bus.last_id()  # first: anything committed after this comes with the next answer's events
    oldest = bus.oldest_id()
    if since <= 0 or since > cursor or (oldest is not None and since < oldest - 1):
        tracks, clips = timeline_state(session, project)
        return TimelineChanges(
            since=since,
            cursor=cursor,
            full=True,
            project_version=project.version,
            tracks=tracks,
            clips=clips,
            deleted=[],
        )
    events = [e for e in bus.replay(since, project_id) if e.id <= cursor]
    clip_ids, shot_ids = _changed_ids(events)
    tracks = project_tracks(session, project_id)
    order = {t.id: n for n, t in enumerate(tracks)}
    present = sorted(
        load_placements_of(session, project_id, clip_ids, shot_ids),
        key=lambda c: (order.get(c.track_id, 0), c.start_frame),
    )
    there = {c.id for c in present}
    return TimelineChanges(
        since=since,
        cursor=cursor,
        full=False,
        project_version=project.version,
        tracks=[track_view(t) for t in tracks],
        clips=clip_views(session, project, present),
        deleted=sorted(clip_ids - there),
    )
