"""Screenplay import: parse a script into a proposed storyboard, adjust it, commit it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from backend.schemas.fields import Seed

ScriptFormat = Literal["fountain", "fdx", "text"]
MAX_SCRIPT_CHARS = 2_000_000  # ~ a 300-page feature with room to spare


class ParseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=MAX_SCRIPT_CHARS)
    format: ScriptFormat | None = Field(None, description="Absent: detected from the text.")


Framing = Literal["wide", "medium", "close-up", "over-the-shoulder", "two-shot", "insert", "point-of-view"]


class BreakdownRequest(BaseModel):
    """Ask the director for a breakdown of a script (or of one of its scenes, or of a free-form treatment)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_SCRIPT_CHARS)
    format: ScriptFormat | None = Field(None, description="Absent: detected from the text.")
    scene_index: int | None = Field(
        None, ge=0, le=10_000, description="Only this scene (0-based); the others keep the rule-based breakdown."
    )
    seed: Seed | None = Field(None, description="Same seed, same breakdown. Default: the project's seed.")
    max_new_tokens: int = Field(3000, ge=64, le=16_384, description="The director's answer budget per scene.")


class ProposedShot(BaseModel):
    text: str = Field(max_length=4000, description="The script lines of the shot, one line per beat.")
    prompt: str = Field(
        "",
        max_length=8000,
        description="The built prompt (place, light, @Triggers, framing, action, quoted dialogue); a committed shot "
        "takes it as its prompt (empty: the text).",
    )
    framing: Framing | None = None
    source: list[str] = Field(
        default_factory=list, max_length=400, description="The script lines it came from, as written."
    )
    characters: list[str] = Field(default_factory=list, max_length=32)
    duration_s: float = Field(3.0, gt=0, le=60)


class ScriptMark(BaseModel):
    """A note or a transition of the script, where it stands among the scene's shots."""

    text: str = Field(max_length=1000)
    at_shot: int = Field(
        0, ge=0, description="The shot it stands before or inside; the number of shots: after the last one."
    )


class ProposedScene(BaseModel):
    heading: str = Field("", max_length=300)
    location: str = Field("", max_length=300)
    time_of_day: str = Field("", max_length=100)
    synopsis: str = Field("", max_length=4000)
    notes: list[ScriptMark] = Field(default_factory=list, max_length=1000)
    transitions: list[ScriptMark] = Field(default_factory=list, max_length=1000)
    shots: list[ProposedShot] = Field(default_factory=list, max_length=2000)


class ProposedElement(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    type: Literal["character", "location", "object", "style"]
    description: str = Field(
        "", max_length=2000, description="What the script says it looks like; fills an element without one."
    )


class Storyboard(BaseModel):
    """The contract of parse's answer and commit's body."""

    breakdown: Literal["rules", "director"] = Field(
        "rules", description="Who broke the script into shots: the rule-based breakdown, or the director (Gemma 3)."
    )
    scenes: list[ProposedScene] = Field(default_factory=list, max_length=1000)
    elements: list[ProposedElement] = Field(default_factory=list, max_length=1000)


class ParseResponse(Storyboard):
    format: ScriptFormat
    title: str = ""
    warnings: list[str] = Field(default_factory=list)


class CommitResponse(BaseModel):
    scenes_created: int
    shots_created: int
    shots_kept: int
    shots_removed: int
    shots_left_alone: int  # generated shots no longer in the script: kept so no work is lost
    elements_created: int
