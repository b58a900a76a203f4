"""Segmentation (SAM 3 through the backend): masks by words, boxes or clicks; frames of shots; tracked objects."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Coordinate = Annotated[float, Field(ge=0, le=100_000)]
Point = tuple[Coordinate, Coordinate, Literal[0, 1]]
Box = tuple[Coordinate, Coordinate, Coordinate, Coordinate]


class SegmentPrompt(BaseModel):
    """What to cut out, in the image's pixels: words, boxes ``[x0, y0, x1, y1]``, clicks ``[x, y, label]`` (label 1
    adds the object under the click, 0 excludes it). Clicks (with at most one box) give one object; words give every
    matching instance; boxes alone give one mask per box."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, max_length=500)
    points: list[Point] = Field(default_factory=list, max_length=64)
    boxes: list[Box] = Field(default_factory=list, max_length=16)

    @model_validator(mode="after")
    def _something_to_find(self) -> SegmentPrompt:
        if self.text is not None:
            self.text = self.text.strip() or None
        if not (self.text or self.points or self.boxes):
            raise ValueError("say what to segment: text, points [[x, y, label]] or boxes [[x0, y0, x1, y1]]")
        for n, (x0, y0, x1, y1) in enumerate(self.boxes):
            if x1 <= x0 or y1 <= y0:
                raise ValueError(f"boxes[{n}] must have x1 > x0 and y1 > y0, got {[x0, y0, x1, y1]}")
        return self

    def service_prompt(self) -> dict[str, Any]:
        return {"text": self.text, "points": [list(p) for p in self.points], "boxes": [list(b) for b in self.boxes]}


class SegmentRequest(SegmentPrompt):
    asset_id: str = Field(min_length=1, max_length=64, description="The image to segment (an asset of the project).")
    threshold: float = Field(0.5, ge=0.0, le=1.0, description="Lowest score kept for text prompts.")
    max_masks: int = Field(8, ge=1, le=32)
    keep_as_assets: bool = Field(
        False, description="Also add each mask to the media bin (origin 'mask'), e.g. to in-paint with it directly."
    )


class SegmentMask(BaseModel):
    score: float
    box: list[int] = Field(description="[x0, y0, x1, y1] in image pixels (x1, y1 exclusive).")
    area: int = Field(description="Pixels in the mask.")
    mask_url: str = Field(description="PNG the size of the image: white = the object, black = the rest.")
    asset_id: str | None = Field(None, description="Set when keep_as_assets was asked for.")


class SegmentResponse(BaseModel):
    width: int
    height: int
    model: str
    test_model: bool = Field(description="True when SAM 3 runs with tiny random weights: the masks are noise.")
    masks: list[SegmentMask]


class FrameGrabRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    frame: int = Field(ge=0, le=100_000, description="0-based frame of the shot's current clip.")


class TrackRequest(SegmentPrompt):
    frame: int = Field(0, ge=0, le=100_000, description="The frame the prompt refers to (0-based).")


class ShotMaskRead(BaseModel):
    id: str
    project_id: str
    shot_id: str
    job_id: str | None
    label: str
    prompt: dict[str, Any]
    object_id: int
    num_frames: int
    width: int
    height: int
    frames_with_object: int
    video_url: str = Field(description="The clip the masks were cut from; a later take of the shot makes them stale.")
    data_url: str = Field(description="NPZ: 'masks' = np.packbits of a (frames, height, width) bool array, axis=-1.")
    preview_url: str = Field(description="MP4 of the clip with the mask tinted over it.")
    thumbnail_url: str | None
    created_at: datetime


class SegmentationStatus(BaseModel):
    running: bool = Field(description="True when the SAM service answers and its model is loaded.")
    status: Literal["ok", "loading", "error", "down"]
    url: str
    model: str | None = None
    device: str | None = None
    test_model: bool | None = None
    detail: str | None = None
