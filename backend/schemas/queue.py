"""The studio's one job queue, across projects: who is waiting for what, and why."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from backend.schemas.jobs import JobStatus


class QueueJob(BaseModel):
    id: str
    project_id: str
    project_name: str
    shot_id: str | None
    shot_label: str | None
    kind: str
    status: JobStatus
    progress: float
    stage: str | None
    error: str | None
    batch_id: str | None
    held: bool = Field(description="Waiting in a paused batch: the worker passes it over until the batch resumes.")
    position: int | None = Field(description="Place in the line (1 = next to run) of a waiting job that is not held.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class JobPage(BaseModel):
    items: list[QueueJob] = Field(description="Running first, then waiting in the order they will run, then ended.")
    total: int
    limit: int
    offset: int
