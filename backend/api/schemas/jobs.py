"""Generation requests and jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from backend.api.schemas.fields import Dimension, Fps, Guidance, NumFrames, Prompt, Seed, Steps

JobStatus = Literal["pending", "running", "completed", "failed", "cancelled"]
GenerationMode = Literal["t2v"]


class GenerateRequest(BaseModel):
    """One entry point for every generation. Omitted fields take the shot's values."""

    model_config = ConfigDict(extra="forbid")

    project_id: str = Field(min_length=1, max_length=64)
    shot_id: str = Field(min_length=1, max_length=64)
    mode: GenerationMode = "t2v"
    prompt: Prompt | None = None
    negative_prompt: Prompt | None = None
    width: Dimension | None = None
    height: Dimension | None = None
    num_frames: NumFrames | None = None
    fps: Fps | None = None
    seed: Seed | None = None
    num_inference_steps: Steps | None = None
    guidance_scale: Guidance | None = None


class GenerateAccepted(BaseModel):
    job_id: str
    status: JobStatus


class JobRead(BaseModel):
    id: str
    project_id: str
    shot_id: str | None
    kind: str
    status: JobStatus
    progress: float
    stage: str | None
    error: str | None
    request: dict[str, Any]
    result: dict[str, Any] | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
