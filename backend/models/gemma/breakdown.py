"""The director's breakdown: Gemma 3 turns one scene of a screenplay (or a free-form treatment) into shots, each with
a cinematic prompt, a framing, a length and who is in it, as JSON that satisfies a schema (``structured.py``).

A screenplay scene's dialogue is never rewritten: the schema lets a shot only *pick* lines from the scene's own
lines (an enum of the exact strings), and characters from the scene's cast; the caller checks that every line is
used once, in order, and writes the quoted speech itself. A treatment has no lines to keep: its dialogue, if any, is
the director's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .director import Director
from .structured import generate_json

__all__ = [
    "FRAMINGS",
    "Limits",
    "SceneBrief",
    "break_down_scene",
    "break_down_treatment",
    "scene_schema",
    "treatment_schema",
]

FRAMINGS = ("wide", "medium", "close-up", "over-the-shoulder", "two-shot", "insert", "point-of-view")
SHOT_SECONDS = (2.0, 10.0)  # at least ~2 s; at most what one LTX-2 generation makes well

_STYLE = (
    "Write each prompt as one present-tense paragraph the way LTX-2's captions read: the framing and camera move, "
    "where it is and how it is lit, who is there and what they do, the mood and the sound. Name characters by "
    "their trigger (for example @Mara), never by description. Do not write dialogue into the prompt: pick the lines "
    "each shot holds; the studio quotes them. "
)


@dataclass(frozen=True)
class Limits:
    """How large an answer may be: the schema's bounds (the studio's settings ``MILIMO_DIRECTOR_*``)."""

    prompt_chars: int = 600
    shots: int = 8
    scenes: int = 12


@dataclass(frozen=True)
class SceneBrief:
    """One scene as the director sees it: its heading, its text as written, its dialogue lines (verbatim, in
    order) and its cast as (name, trigger)."""

    heading: str
    script: str
    lines: tuple[str, ...]
    cast: tuple[tuple[str, str], ...]


def _shot_properties(lines: tuple[str, ...], names: tuple[str, ...], limits: Limits) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "prompt": {"type": "string", "minLength": 20, "maxLength": limits.prompt_chars},
        "framing": {"enum": list(FRAMINGS)},
        "duration_s": {"type": "number", "minimum": SHOT_SECONDS[0], "maximum": SHOT_SECONDS[1]},
    }
    if names:
        properties["characters"] = {"type": "array", "items": {"enum": list(names)}, "maxItems": len(names)}
    if lines:
        # Only the scene's own lines, as written: a grammar over the exact strings keeps them verbatim.
        properties["lines"] = {"type": "array", "items": {"enum": list(dict.fromkeys(lines))}, "maxItems": len(lines)}
    return properties


def scene_schema(brief: SceneBrief, limits: Limits) -> dict[str, Any]:
    properties = _shot_properties(brief.lines, tuple(name for name, _ in brief.cast), limits)
    return {
        "type": "object",
        "properties": {
            "shots": {
                "type": "array",
                "minItems": 1,
                "maxItems": limits.shots,
                "items": {
                    "type": "object",
                    "properties": properties,
                    "required": list(properties),
                    "additionalProperties": False,
                },
            }
        },
        "required": ["shots"],
        "additionalProperties": False,
    }


def treatment_schema(limits: Limits) -> dict[str, Any]:
    shot = {
        "prompt": {"type": "string", "minLength": 20, "maxLength": limits.prompt_chars},
        "framing": {"enum": list(FRAMINGS)},
        "duration_s": {"type": "number", "minimum": SHOT_SECONDS[0], "maximum": SHOT_SECONDS[1]},
        "characters": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 40}, "maxItems": 6},
        "dialogue": {
            "type": "array",
            "maxItems": 6,
            "items": {
                "type": "object",
                "properties": {
                    "speaker": {"type": "string", "minLength": 1, "maxLength": 40},
                    "line": {"type": "string", "minLength": 1, "maxLength": 300},
                },
                "required": ["speaker", "line"],
                "additionalProperties": False,
            },
        },
    }
    scene = {
        "heading": {"type": "string", "minLength": 3, "maxLength": 120},
        "shots": {
            "type": "array",
            "minItems": 1,
            "maxItems": limits.shots,
            "items": {"type": "object", "properties": shot, "required": list(shot), "additionalProperties": False},
        },
    }
    return {
        "type": "object",
        "properties": {
            "scenes": {
                "type": "array",
                "minItems": 1,
                "maxItems": limits.scenes,
                "items": {
                    "type": "object",
                    "properties": scene,
                    "required": list(scene),
                    "additionalProperties": False,
                },
            }
        },
        "required": ["scenes"],
        "additionalProperties": False,
    }


def _scene_messages(brief: SceneBrief) -> list[dict[str, str]]:
    cast = ", ".join(f"{name} ({trigger})" for name, trigger in brief.cast) or "nobody named"
    system = (
        "You are a film director breaking one screenplay scene into shots for an AI video model. Group action and "
        "dialogue of the same moment into one shot (one line of dialogue is rarely a shot of its own); give each "
        "shot a framing and a length in seconds from the words spoken and the action (2 to 10 s). Every line of "
        "dialogue must be used exactly once, in script order. " + _STYLE
    )
    user = f"Scene: {brief.heading or '(no heading)'}\nCast: {cast}\n\n{brief.script}"
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _treatment_messages(text: str) -> list[dict[str, str]]:
    system = (
        "You are a film director turning a story treatment into scenes and shots for an AI video model: a scene "
        "heading in screenplay form (INT./EXT. PLACE - TIME) per scene, then its shots, each with a framing, a "
        "length in seconds (2 to 10) and the characters in it; dialogue only where the story has someone speak. "
        + _STYLE
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": text}]


def break_down_scene(
    director: Director, brief: SceneBrief, limits: Limits, seed: int, max_new_tokens: int
) -> list[dict[str, Any]]:
    """The director's shots for one scene: ``prompt``, ``framing``, ``duration_s`` and, when the scene has them,
    ``characters`` and ``lines`` (picked from the brief's). Raises ``UnfinishedAnswer`` when cut off."""
    answer = generate_json(director, _scene_messages(brief), scene_schema(brief, limits), seed, max_new_tokens)
    return list(answer.data["shots"])


def break_down_treatment(
    director: Director, text: str, limits: Limits, seed: int, max_new_tokens: int
) -> list[dict[str, Any]]:
    """The director's scenes (``heading``, ``shots``) for a free-form treatment."""
    answer = generate_json(director, _treatment_messages(text), treatment_schema(limits), seed, max_new_tokens)
    return list(answer.data["scenes"])
