"""Storyboard concept frames: FLUX.2 stills of shots, composed with their elements' reference images."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from backend.schemas.fields import Seed, Steps

MAX_FRAME_CANDIDATES = 4


class FramesRequest(BaseModel):
    """Which shots: exactly one of ``shot_ids``, ``scene_id`` or ``all: true``. One ``frame`` job per shot makes
    ``candidates`` images (seeds ``seed``, ``seed + 1`` …; the shot's seed when omitted), saved as project assets
    with ``origin: "concept"`` and ``source_shot_id``; ``PATCH /projects/{id}/shots/{id} {frame_asset_id}`` picks
    one. ``auto_pick``: a shot that has no frame yet takes the first candidate."""

    model_config = ConfigDict(extra="forbid")

    shot_ids: list[str] | None = Field(None, min_length=1, max_length=500)
    scene_id: str | None = Field(None, min_length=1, max_length=64)
    all: bool = False
    candidates: int = Field(1, ge=1, le=MAX_FRAME_CANDIDATES, description="Images per shot (1-4).")
    auto_pick: bool = False
    seed: Seed | None = None
    num_inference_steps: Steps | None = Field(None, description="FLUX.2 steps (28 when omitted).")


class FramesAccepted(BaseModel):
    job_ids: list[str] = Field(description="One `frame` job per shot, in script order.")
    shot_ids: list[str]
