"""Control video (IC-LoRA): the clip that guides a shot's motion and layout, and how it is turned into a guide."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ControlKind = Literal["raw", "canny", "depth", "pose"]


class ControlChoice(BaseModel):
    """A clip guiding a shot through the IC-LoRA: a video of the media bin (``asset_id``) or another shot's current
    take (``shot_id``), used as it is (``raw``: video-to-video restyle) or as its edges, depth or pose."""

    model_config = ConfigDict(extra="forbid")

    asset_id: str | None = Field(None, min_length=1, max_length=64, description="A video asset of the project.")
    shot_id: str | None = Field(None, min_length=1, max_length=64, description="A shot whose current take guides.")
    kind: ControlKind = Field("canny", description="raw (restyle), canny (edges), depth, or pose.")
    strength: float = Field(1.0, ge=0.0, le=1.0, description="How strongly the guide is followed (0: not at all).")
    start_s: float = Field(0.0, ge=0.0, le=3600.0, description="Where in the control clip the guide starts.")
    from_s: float | None = Field(None, ge=0.0, le=3600.0, description="First second of the shot that is guided.")
    to_s: float | None = Field(None, gt=0.0, le=3600.0, description="Second of the shot where guidance stops.")

    @model_validator(mode="after")
    def _one_source(self) -> ControlChoice:
        if (self.asset_id is None) == (self.shot_id is None):
            raise ValueError("control needs exactly one of asset_id (a video of the project) or shot_id (a shot)")
        if self.from_s is not None and self.to_s is not None and self.to_s <= self.from_s:
            raise ValueError(f"control.to_s ({self.to_s}) must come after control.from_s ({self.from_s})")
        return self
