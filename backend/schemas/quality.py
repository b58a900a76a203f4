"""Quality presets of a shot as the inspector offers them: each with the steps it runs, its expected time on this
machine, and whether the studio's weights and the shot's mode can run it (and why not)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from backend.schemas.fields import Quality


class QualityOption(BaseModel):
    quality: Quality
    steps: int = Field(description="Denoising steps it runs, stages together.")
    passes_per_step: int = Field(description="Transformer passes per full-size step (CFG counts two).")
    seconds: float | None = Field(
        None, description="Expected seconds on this machine, from the jobs measured here; null before any."
    )
    available: bool
    reason: str | None = Field(None, description="Why it cannot run now (what to change), when it cannot.")


class QualityOptions(BaseModel):
    shot_id: str
    chosen: Quality = Field(description="What the shot runs now: its own preset, else the project's default.")
    project_default: Quality
    options: list[QualityOption]
