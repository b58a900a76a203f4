"""The studio's event shapes, in one place, so the API and the worker publish the same payloads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from backend.db.tables import Job, Shot
from backend.events.bus import EventBus, PublishedEvent
from backend.schemas.batches import BatchRead
from backend.schemas.model_library import DownloadRead
from backend.schemas.views import job_view, shot_view


def job_payload(job: Job) -> dict[str, Any]:
    view = job_view(job).model_dump(mode="json", exclude={"request", "id"})
    return {"job_id": job.id, **view}


def publish_job(bus: EventBus, type_: str, job: Job, **extra: Any) -> PublishedEvent:
    return bus.publish(type_, {**job_payload(job), **extra}, job.project_id)


def publish_timeline(
    bus: EventBus, project_id: str, clips: Sequence[Any] = (), deleted: Sequence[str] = (), **extra: Any
) -> PublishedEvent:
    """``timeline.changed``: clips created/updated (ClipRead) and deleted (ids), so other tabs follow; track
    changes add ``tracks`` (the project's tracks) and ``deleted_tracks``."""
    data = {
        "clips": [c.model_dump(mode="json") if hasattr(c, "model_dump") else c for c in clips],
        "deleted": list(deleted),
        **extra,
    }
    return bus.publish("timeline.changed", data, project_id)


def publish_shot(bus: EventBus, shot: Shot) -> PublishedEvent:
    return bus.publish(
        "shot.updated", {"shot_id": shot.id, "shot": shot_view(shot).model_dump(mode="json")}, shot.project_id
    )


def publish_batch(bus: EventBus, batch: BatchRead) -> PublishedEvent:
    """``batch.updated``: the whole overview (per-shot state, progress, time left) after any change of the batch."""
    return bus.publish(
        "batch.updated", {"batch_id": batch.id, "batch": batch.model_dump(mode="json")}, batch.project_id
    )


def publish_download(bus: EventBus, download: DownloadRead) -> PublishedEvent:
    """``download.progress``: a model download's bytes and state (throttled while it runs; every change of state)."""
    return bus.publish("download.progress", {"download_id": download.id, **download.model_dump(mode="json")})
