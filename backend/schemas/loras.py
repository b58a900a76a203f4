"""LoRA library rows (``GET /loras``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class LoraRead(BaseModel):
    id: str = Field(description="Stable id: the same across restarts, and on every machine of a cluster.")
    name: str = Field(description="The file name without .safetensors.")
    family: Literal["ltx2", "flux2"] | None = Field(description="The model family its layers belong to; None: neither.")
    rank: int | None
    fits: bool = Field(
        description="Every layer it adapts is in the configured model of its family, with the same sizes."
    )
    reason: str | None = Field(description="Why it does not fit (or what could not be checked).")
    trigger_words: list[str] = Field(description="Words its trainer recorded; put them in the prompt.")
    layers: int = Field(description="How many layers it adapts.")
    size_bytes: int
    managed: bool = Field(
        description="In the studio's own folder (<data>/loras): uploads land there; it may be deleted."
    )


Camera = Literal["static", "dolly_in", "dolly_out", "dolly_left", "dolly_right", "jib_up", "jib_down"]


class LoraChoice(BaseModel):
    """One LoRA of a shot or a still, at a strength (1: as trained; 0: off; negative: away from it)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=64, description="A LoRA id from GET /loras.")
    strength: float = Field(1.0, ge=-2.0, le=2.0)
