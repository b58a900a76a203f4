"""Request prompts and response bodies of the SAM 3 service, and the error a bad request raises."""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

Box = tuple[float, float, float, float]
Point = tuple[float, float, int]


class BadRequest(Exception):
    """A request the client must fix: becomes ``{"detail": message}`` with ``status`` (4xx), never a 500."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class SegmentPrompt(BaseModel):
    """What to segment, in the image's pixel coordinates. At least one of text, boxes or points."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, max_length=500, description='A noun phrase, e.g. "the red car".')
    boxes: list[Box] = Field(default_factory=list, max_length=64, description="[[x0, y0, x1, y1], ...]")
    points: list[Point] = Field(
        default_factory=list, max_length=64, description="[[x, y, label], ...]; label 1 adds, 0 excludes."
    )
    threshold: float = Field(0.5, ge=0.0, le=1.0, description="Lowest instance score kept (text prompts).")
    max_masks: int = Field(8, ge=1, le=100, description="Most instances returned (text prompts).")

    @field_validator("text")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        value = value.strip() if value is not None else None
        return value or None

    @model_validator(mode="after")
    def _check(self) -> SegmentPrompt:
        if self.text is None and not self.boxes and not self.points:
            raise ValueError("give at least one of text, boxes or points")
        for index, (_, _, label) in enumerate(self.points):
            if label not in (0, 1):
                raise ValueError(f"points[{index}]: label must be 1 (positive) or 0 (negative), got {label}")
        for index, (x0, y0, x1, y1) in enumerate(self.boxes):
            if x1 <= x0 or y1 <= y0:
                raise ValueError(f"boxes[{index}]: need x0 < x1 and y0 < y1, got {[x0, y0, x1, y1]}")
        if self.points and self.text is not None:
            raise ValueError("text cannot be combined with points: send points (and at most one box) or text")
        if self.points and len(self.boxes) > 1:
            raise ValueError("with points, give at most one box (points and box describe one object)")
        return self

    @property
    def mode(self) -> Literal["points", "text", "boxes"]:
        if self.points:
            return "points"
        return "text" if self.text is not None else "boxes"

    def check_inside(self, width: int, height: int, what: str = "image") -> None:
        """Raise :class:`BadRequest` (422) for a point or box outside a ``width``×``height`` picture."""
        for index, (x, y, _) in enumerate(self.points):
            if not (0 <= x <= width and 0 <= y <= height):
                raise BadRequest(
                    422, f"points[{index}] = ({x:g}, {y:g}) is outside the {what} ({width}×{height} pixels)"
                )
        for index, (x0, y0, x1, y1) in enumerate(self.boxes):
            if not (0 <= x0 and 0 <= y0 and x1 <= width and y1 <= height):
                raise BadRequest(
                    422,
                    f"boxes[{index}] = [{x0:g}, {y0:g}, {x1:g}, {y1:g}] is outside the {what} ({width}×{height} pixels)",
                )


class TrackPrompt(SegmentPrompt):
    """A :class:`SegmentPrompt` placed on one frame of the clip."""

    frame: int = Field(0, ge=0, description="The prompt frame, 0-based.")

    @model_validator(mode="after")
    def _no_text_boxes(self) -> TrackPrompt:
        if self.text is not None and self.boxes:
            raise ValueError("tracking takes text or boxes, not both")
        return self


def parse_prompt(raw: str, model: type[SegmentPrompt]) -> SegmentPrompt:
    """The ``prompt`` form field as ``model``; malformed JSON or invalid values raise :class:`BadRequest` (422)."""
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise BadRequest(422, f"prompt is not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise BadRequest(422, 'prompt must be a JSON object, e.g. {"text": "the red car"}')
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise BadRequest(422, "prompt: " + describe_errors(error.errors())) from None


def describe_errors(errors: list[dict]) -> str:
    """Pydantic/FastAPI errors as one readable line: ``boxes.0: ...; threshold: ...``."""
    parts = []
    for error in errors:
        location = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body",))
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{location}: {message}" if location else message)
    return "; ".join(parts)


class MaskOut(BaseModel):
    score: float | None = Field(description="Model confidence; null where the tracker has no score.")
    box: list[int] | None = Field(description="[x0, y0, x1, y1] around the mask, x1/y1 exclusive; null if empty.")
    area: int = Field(description="Pixels set in the mask.")
    png: str = Field(description="Base64 PNG, mode L, 0/255, exactly the input's width × height.")


class SegmentResponse(BaseModel):
    width: int
    height: int
    model: str
    test_model: bool
    masks: list[MaskOut] = Field(description="Sorted by score, highest first; may be empty.")


class TrackFrame(MaskOut):
    frame: int


class TrackObject(BaseModel):
    object_id: int
    frames: list[TrackFrame] = Field(description="One entry for every frame of the clip, in order.")


class TrackResponse(BaseModel):
    width: int
    height: int
    num_frames: int
    fps: float
    model: str
    test_model: bool
    objects: list[TrackObject]


class Health(BaseModel):
    status: Literal["ok", "loading", "error"]
    model: str
    device: str
    test_model: bool
    capabilities: list[str]
    detail: str | None = None
