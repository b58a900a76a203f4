"""Batches: "Generate scene" / "Generate all" requests and what a batch shows (per-shot state, progress, time left)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

BatchScope = Literal["project", "scene"]
BatchWhat = Literal["frames", "videos", "both"]
BatchStatus = Literal["running", "paused", "completed", "failed", "cancelled"]
ShotState = Literal["skipped", "pending", "held", "running", "completed", "failed", "cancelled"]


class GenerateAllRequest(BaseModel):
    """Queue a job for every shot of the project (or of one scene) that needs one, in script order (scene order,
    then shot index). A shot that already has what is asked for is skipped unless ``regenerate``; a shot being
    generated now is always skipped."""

    model_config = ConfigDict(extra="forbid")

    scope: BatchScope = "project"
    scene_id: str | None = Field(None, min_length=1, max_length=64, description="scope=scene: the scene.")
    what: BatchWhat = Field(
        "videos",
        description="frames: a concept frame per shot, which becomes its storyboard frame; videos: a video per shot "
        "(from its frame if it has one); both: each shot's frame, then its video started from that frame.",
    )
    regenerate: bool = Field(
        False,
        description="Also queue shots that already have a video (a new take each) or a frame (the new one replaces "
        "it).",
    )

    @model_validator(mode="after")
    def _scene_matches_scope(self) -> GenerateAllRequest:
        if self.scope == "scene" and self.scene_id is None:
            raise ValueError('scope "scene" needs scene_id: the scene whose shots to generate')
        if self.scope == "project" and self.scene_id is not None:
            raise ValueError('scene_id is only for scope "scene": send scope "scene", or leave scene_id out')
        return self


class BatchAccepted(BaseModel):
    batch_id: str
    job_ids: list[str]


class BatchShot(BaseModel):
    shot_id: str
    scene_id: str | None
    label: str
    state: ShotState = Field(description="held: waiting in a paused batch; skipped: nothing was queued for it.")
    note: str | None = Field(None, description="Why a shot was skipped, or why its job failed.")
    job_ids: list[str]
    progress: float


class BatchRead(BaseModel):
    id: str
    project_id: str
    scope: BatchScope
    scene_id: str | None
    what: BatchWhat
    regenerate: bool
    status: BatchStatus = Field(
        description="paused: its waiting jobs are held (a running one finishes); once every job has ended: failed if "
        "any failed, else cancelled if any was cancelled, else completed."
    )
    shots: list[BatchShot]
    jobs_total: int
    jobs_done: int = Field(description="Jobs that ended (completed, failed or cancelled).")
    progress: float = Field(description="0..1 over the batch's jobs (an ended job counts as 1).")
    eta_s: float | None = Field(
        description="Seconds left, from the mean time of completed jobs of the same kind and size on this machine; "
        "null until such a job has been measured, 0 once nothing is left."
    )
    created_at: datetime
