"""Rendering the timeline to a file (docs/render.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backend.schemas.timeline import MAX_FRAME

RenderFormatName = Literal["h264", "prores", "dnxhr"]
RenderName = Annotated[
    str,
    Field(
        min_length=1,
        max_length=100,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._()-]*$",
        description="The file's name without extension (letters, digits, space, . _ - ( "
        "); an existing render of that name is replaced.",
    ),
]


class RenderRange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    in_frame: int = Field(ge=0, le=MAX_FRAME, description="First timeline frame rendered.")
    out_frame: int = Field(ge=0, le=MAX_FRAME, description="The frame after the last one rendered (exclusive).")

    @model_validator(mode="after")
    def _not_empty(self) -> RenderRange:
        if self.out_frame <= self.in_frame:
            raise ValueError(
                f"the range is empty: out_frame ({self.out_frame}) must be greater than in_frame ({self.in_frame})"
            )
        return self


class RenderRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    range: RenderRange | None = Field(
        None,
        description="Timeline frames [in_frame, out_frame); null: the whole "
        "timeline (frame 0 to the end of its last clip).",
    )
    format: RenderFormatName = Field(
        "h264",
        description="h264: H.264 + AAC in MP4 (plays anywhere); prores: ProRes "
        "422 HQ + PCM in MOV; dnxhr: DNxHR HQ + PCM in MOV (at "
        "least 256×120).",
    )
    name: RenderName | None = Field(None, description="Default: the project's name and the time.")


class RenderAccepted(BaseModel):
    job_id: str
    status: Literal["pending", "running", "completed", "failed", "cancelled"]


class RenderResult(BaseModel):
    """A completed render job's ``result``."""

    video_url: str = Field(
        description="The file (GET it with ?download=1 to save it as an attachment); the same key "
        "as every other video result."
    )
    url: str = Field(
        description="Deprecated alias of video_url (kept for one release; renders made before it have only this key)."
    )
    thumbnail_url: str | None
    name: str
    format: RenderFormatName
    frames: int
    duration_s: float
    width: int
    height: int
    fps: float
    in_frame: int
    out_frame: int
    size_bytes: int
    has_audio: bool
    missing_clips: list[str] = Field(description="Clips whose source has no file yet (shown black, silent).")
    test_model: bool


class RenderListed(RenderResult):
    job_id: str
    finished_at: datetime | None
