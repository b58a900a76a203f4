"""Ask the director (Gemma 3) for a script's breakdown: shots and cinematic prompts per scene, or, for a free-form
treatment, the scenes too. Nothing is saved: the answer is a proposal in the parse's shape, shown before a commit.

A screenplay scene is asked for on its own (one structured answer per scene, ``scene_index`` for just one); the
scenes not asked for keep the rule-based breakdown. An answer is taken only if it keeps the script: every line of
dialogue once, in script order (the schema lets it only pick the scene's own lines), and no ``@Trigger`` outside the
cast. A refused answer is asked again with the next seed, up to :data:`ATTEMPTS` times; then the request is refused
with the last reason, and nothing changes. Without a director model the rule-based breakdown is answered, saying so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from backend.config import Settings
from backend.errors import InvalidInput
from backend.models.manager import AcceleratorBusy, ModelManager
from backend.schemas.storyboard import BreakdownRequest, ParseResponse
from backend.services.director import BUSY_WAIT_S, Busy

if TYPE_CHECKING:
    from backend.models.gemma.breakdown import SceneBrief

ATTEMPTS = 3
MAX_SCENES_AT_ONCE = 40
_TRIGGER = re.compile(r"(?<![\w@])@([A-Za-z][A-Za-z0-9_]*)")


class DirectorRefused(InvalidInput):
    """The director's answers did not keep the script (422: nothing was changed)."""


def breakdown(models: ModelManager, settings: Settings, body: BreakdownRequest, seed: int) -> ParseResponse:
    from backend.models.gemma.breakdown import Limits
    from backend.screenplay import ScreenplayError, detect_format, parse, propose_storyboard

    limits = Limits(settings.director_prompt_chars, settings.director_max_shots, settings.director_max_scenes)

    fmt = body.format or detect_format(body.text)
    try:
        script = parse(body.text, fmt)
    except ScreenplayError as error:
        raise InvalidInput(str(error), line=error.line) from None
    rules = propose_storyboard(script)
    free_form = not any(el.kind in ("scene_heading", "character") for el in script.elements)
    title = script.title_page.get("title", "")
    warnings = list(script.warnings)
    if body.scene_index is not None and not free_form and body.scene_index >= len(rules["scenes"]):
        raise InvalidInput(f"scene_index {body.scene_index}: the script has {len(rules['scenes'])} scenes")
    if not models.is_available("director"):
        warnings.append(
            "No director model is configured (MILIMO_DIRECTOR_SOURCE=none): this is the rule-based breakdown."
        )
        return ParseResponse(**rules, format=fmt, title=title, warnings=warnings)
    if models.is_test_model("director"):
        warnings.append("TEST MODEL: the director has tiny random weights, so its shots and prompts are noise.")
    try:
        with models.use("director", timeout=BUSY_WAIT_S) as director:
            if free_form:
                proposal = _treatment(director, body.text, limits, seed, body.max_new_tokens)
            else:
                proposal = _screenplay(director, script, rules, body.scene_index, limits, seed, body.max_new_tokens)
    except AcceleratorBusy as error:
        raise Busy(f"{error} (waited {BUSY_WAIT_S:.0f} s)") from None
    return ParseResponse(**proposal, format=fmt, title=title, warnings=warnings)


def _screenplay(
    director: Any,
    script: Any,
    rules: dict[str, Any],
    scene_index: int | None,
    limits: Any,
    seed: int,
    max_new_tokens: int,
) -> dict[str, Any]:
    from backend.models.gemma.breakdown import SceneBrief, break_down_scene
    from backend.screenplay.beats import scenes_of
    from backend.screenplay.characters import cast_of, trigger_of

    cast = cast_of(script)
    scenes = scenes_of(script, cast)
    wanted = [scene_index] if scene_index is not None else list(range(len(scenes)))
    if len(wanted) > MAX_SCENES_AT_ONCE:
        raise InvalidInput(
            f"the script has {len(wanted)} scenes; ask the director for at most {MAX_SCENES_AT_ONCE} at once "
            "(scene_index: one scene)"
        )
    proposal = {**rules, "breakdown": "director", "scenes": list(rules["scenes"])}
    for index in wanted:
        scene = scenes[index]
        speeches = [(speech, line) for beat in scene.beats for speech in beat.speeches for line in speech.lines]
        present = list(dict.fromkeys(c for beat in scene.beats for c in beat.characters))
        brief = SceneBrief(
            heading=scene.heading,
            script="\n".join(line for beat in scene.beats for line in beat.source),
            lines=tuple(line.text for _, line in speeches),
            cast=tuple((name, trigger_of(name)) for name in present),
        )

        ask = partial(break_down_scene, director, brief, limits, max_new_tokens=max_new_tokens)
        shots = _ask(ask, partial(_scene_problem, brief=brief), seed, index)
        proposal["scenes"][index] = {
            **rules["scenes"][index],
            "shots": _scene_shots(shots, speeches, trigger_of),
        }
    return proposal


Answer = list[dict[str, Any]]


def _ask(ask: Callable[..., Answer], check: Callable[[Answer], str | None], seed: int, index: int | None) -> Answer:
    """``ask(seed=…)`` until ``check`` finds nothing wrong, at most ATTEMPTS times (the seed one more each time);
    then refuse with the last reason."""
    from backend.models.gemma.structured import UnfinishedAnswer

    reason = ""
    for attempt in range(ATTEMPTS):
        try:
            answer = ask(seed=seed + attempt)
        except UnfinishedAnswer as error:
            reason = str(error)
            continue
        problem = check(answer)
        if problem is None:
            return answer
        reason = problem
    where = f"scene {index + 1}" if index is not None else "the treatment"
    raise DirectorRefused(
        f"the director's breakdown of {where} was refused {ATTEMPTS} times ({reason}); nothing was changed: keep the "
        "rule-based breakdown, edit it by hand, or ask again with another seed"
    )


def _scene_problem(shots: Answer, brief: SceneBrief) -> str | None:
    """Why an answer does not keep the scene (None: it does)."""
    from backend.models.gemma.director import clean_prompt

    used = [line for shot in shots for line in shot.get("lines", [])]
    if used != list(brief.lines):
        missing = [line for line in brief.lines if line not in used]
        if missing:
            return f'it left out the line "{missing[0][:60]}"'
        return "it did not keep every line of dialogue once, in script order"
    triggers = {trigger.lower() for _, trigger in brief.cast}
    for number, shot in enumerate(shots, 1):
        if len(clean_prompt(shot["prompt"])) < 20:
            return f"shot {number} has no usable prompt"
        unknown = [
            f"@{m.group(1)}" for m in _TRIGGER.finditer(shot["prompt"]) if f"@{m.group(1)}".lower() not in triggers
        ]
        if unknown:
            return f"shot {number} names {unknown[0]}, who is not in the scene"
    return None


def _scene_shots(shots: list[dict[str, Any]], speeches: list[Any], trigger_of: Any) -> list[dict[str, Any]]:
    """The proposal's shots: the director's prompt, then the picked lines quoted as the rules quote them."""
    from backend.models.gemma.director import clean_prompt
    from backend.screenplay.beats import Speech
    from backend.screenplay.shot_prompt import speech_sentence

    queue = list(speeches)
    out = []
    for shot in shots:
        said = []
        for _ in shot.get("lines", []):
            speech, line = queue.pop(0)  # checked: the shots take the lines in script order
            said.append((speech, line))
        sentences = [speech_sentence(Speech(s.speaker, s.extensions, [ln])) for s, ln in said]
        prompt = " ".join([clean_prompt(shot["prompt"]), *sentences])
        text = "\n".join(f"{s.speaker}: {ln.text}" for s, ln in said) or clean_prompt(shot["prompt"])[:200]
        out.append(
            {
                "text": text,
                "prompt": prompt,
                "framing": shot["framing"],
                "source": [ln.text for _, ln in said],
                "characters": list(shot.get("characters", [])),
                "duration_s": round(float(shot["duration_s"]), 1),
            }
        )
    return out


def _treatment(director: Any, text: str, limits: Any, seed: int, max_new_tokens: int) -> dict[str, Any]:
    from backend.models.gemma.breakdown import break_down_treatment
    from backend.models.gemma.director import clean_prompt
    from backend.screenplay.characters import display_name, trigger_of
    from backend.screenplay.place import split_heading

    def check(scenes: list[dict[str, Any]]) -> str | None:
        for number, scene in enumerate(scenes, 1):
            for shot in scene["shots"]:
                if len(clean_prompt(shot["prompt"])) < 20:
                    return f"a shot of scene {number} has no usable prompt"
        return None

    ask = partial(break_down_treatment, director, text, limits, max_new_tokens=max_new_tokens)
    scenes = _ask(ask, check, seed, None)
    names: dict[str, str] = {}
    out_scenes = []
    for scene in scenes:
        heading = clean_prompt(scene["heading"])
        location, time_of_day = split_heading(heading)
        shots = []
        for shot in scene["shots"]:
            cast = [display_name(clean_prompt(c)) for c in shot["characters"] if clean_prompt(c)]
            for name in cast:
                names.setdefault(name.lower(), name)
            prompt = clean_prompt(shot["prompt"])
            for name in cast:  # the elements the commit creates are reached through their triggers
                prompt = re.sub(rf"(?<![\w@]){re.escape(name)}(?!\w)", trigger_of(name), prompt, flags=re.I)
            lines = []
            for said in shot["dialogue"]:
                speaker = display_name(clean_prompt(said["speaker"])) or "Someone"
                names.setdefault(speaker.lower(), speaker)  # who speaks is an element too
                lines.append(f'{trigger_of(speaker)} says: "{clean_prompt(said["line"])}"')
            shots.append(
                {
                    "text": prompt[:200],
                    "prompt": " ".join([prompt, *lines]),
                    "framing": shot["framing"],
                    "source": [],
                    "characters": cast,
                    "duration_s": round(float(shot["duration_s"]), 1),
                }
            )
        out_scenes.append(
            {
                "heading": heading,
                "location": location,
                "time_of_day": time_of_day,
                "synopsis": "",
                "notes": [],
                "transitions": [],
                "shots": shots,
            }
        )
    elements = [{"name": name, "type": "character", "description": ""} for name in names.values()]
    return {"breakdown": "director", "scenes": out_scenes, "elements": elements}
