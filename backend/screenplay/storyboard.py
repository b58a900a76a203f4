"""Turns a parsed :class:`Script` into a storyboard proposal (the API contract of the storyboard planner): scenes,
shots with a purpose and a built prompt, the script's notes and transitions, and elements with the descriptions the
script gives.

Shape: ``{"breakdown": "rules", "scenes": [{"heading", "location", "time_of_day", "synopsis", "notes",
"transitions", "shots": [{"text", "prompt", "framing", "source", "characters", "duration_s"}]}], "elements":
[{"name", "type", "description"}]}``.

- Scenes: one per heading (beats before the first heading go to an implicit scene with an empty heading);
  ``heading`` is the heading's text, ``location``/``time_of_day`` split from it (``place.split_heading``).
- Shots: the scene's beats grouped by ``breakdown.plan_scene`` (grouping, framing, duration); ``text`` is the
  beats' one-line forms joined by newlines (``MARA: (quietly) Come in.``), ``source`` the script lines they came
  from, ``prompt`` the prompt built by ``shot_prompt.build_prompt``, ``characters`` the display names in the shot.
- ``notes`` / ``transitions``: ``{"text", "at_shot"}``: the index of the shot they stand before or inside (a note
  in a line of dialogue), or the number of shots in the scene when they come after its last shot (where a
  ``CUT TO:`` stands).
- Elements: one character per speaker (in order of first cue) with the description of their introduction, then one
  location per distinct non-empty location, described by the first sentence of its first scene's opening action
  when that paragraph is about the place (names nobody, directs no shot).
"""

from __future__ import annotations

import re
from typing import Any

from .beats import Mark, SceneBeats, scenes_of
from .breakdown import PlannedShot, plan_scene, strip_direction
from .characters import cast_of, display_name
from .model import Script
from .shot_prompt import build_prompt, scene_context

__all__ = ["propose_storyboard"]


def propose_storyboard(script: Script) -> dict[str, Any]:
    """Proposes scenes, shots and elements for ``script`` (see the module docstring)."""
    cast = cast_of(script)
    scenes: list[dict[str, Any]] = []
    locations: dict[str, str] = {}
    places: dict[str, str] = {}  # upper location → what the script says it looks like
    time_of_day = ""
    for scene in scenes_of(script, cast):
        context = scene_context(scene, cast, time_of_day)
        time_of_day = context.time_of_day
        planned = plan_scene(scene)
        if scene.location:
            locations.setdefault(scene.location.upper(), scene.location)
            if scene.location.upper() not in places:
                places[scene.location.upper()] = _place_description(scene)
        scenes.append(
            {
                "heading": scene.heading,
                "location": scene.location,
                "time_of_day": scene.time_of_day,
                "synopsis": scene.synopsis,
                "notes": [_mark(m, planned) for m in scene.notes],
                "transitions": [_mark(m, planned) for m in scene.transitions],
                "shots": [
                    {
                        "text": "\n".join(beat.text for beat in shot.beats),
                        "prompt": build_prompt(shot, context, cast),
                        "framing": shot.framing,
                        "source": list(dict.fromkeys(line for beat in shot.beats for line in beat.source)),
                        "characters": shot.characters,
                        "duration_s": shot.duration_s,
                    }
                    for shot in planned
                ],
            }
        )
    elements = [
        {"name": name, "type": "character", "description": cast.descriptions.get(name, "")}
        for name in cast.names.values()
    ]
    elements += [
        {"name": display_name(loc), "type": "location", "description": places.get(upper, "")}
        for upper, loc in locations.items()
    ]
    return {"breakdown": "rules", "scenes": scenes, "elements": elements}


def _place_description(scene: SceneBeats) -> str:
    """What a place looks like, where the script says it: the first sentence of the scene's opening action, when
    that paragraph is about the place (it names nobody and is not a shot direction), else ``""``."""
    if not scene.beats or scene.beats[0].kind != "action" or scene.beats[0].characters:
        return ""
    direction, text = strip_direction(scene.beats[0].action)
    if direction is not None:
        return ""
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].strip()
    return sentence if len(sentence) <= 300 else ""


def _mark(mark: Mark, shots: list[PlannedShot]) -> dict[str, Any]:
    before = next((n for n, shot in enumerate(shots) if shot.first_beat >= mark.beat), len(shots))
    return {"text": mark.text, "at_shot": before}
