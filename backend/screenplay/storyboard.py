"""Turns a parsed :class:`Script` into a storyboard proposal (the API contract of the storyboard planner).

Shape: ``{"scenes": [{"heading", "location", "time_of_day", "synopsis", "shots": [{"text", "characters",
"duration_s"}]}], "elements": [{"name", "type"}]}``.

Rules:
- One scene per scene heading; ``heading`` is the heading text without its scene number. ``location``/``time_of_day``
  come from "INT. LIGHTHOUSE - NIGHT" → "LIGHTHOUSE" / "NIGHT": the INT./EXT./EST./INT./EXT./I/E prefix is removed,
  the text after the LAST " - " (also "–"/"—") is the time of day, or "" when there is no dash. Beats before the first
  heading (or in a script with none) go to one implicit scene with heading/location/time_of_day "".
- ``synopsis``: the text of the first ``=`` synopsis in the scene, else "".
- Shots, one per beat: an action paragraph is a beat; a dialogue block (cue + parentheticals + dialogue/lyrics) is a
  beat whose text is ``NAME: (parenthetical) line`` (parentheticals inline, line breaks collapsed). A dual-dialogue
  pair is ONE beat: both blocks joined by "\\n", both names in ``characters``, duration the longer one. Transitions,
  centered text, sections, notes and page breaks are not beats. Emphasis markers are stripped and whitespace is
  collapsed in shot text.
- ``characters``: the speaker(s) for dialogue; for action, the known characters (any cue in the script) written in
  ALL CAPS as a whole word in the paragraph, in order of appearance.
- ``duration_s``: dialogue = spoken words / 2.5 + 0.5 s (parentheticals not counted); action = words / 12 s; both
  clamped to 1..12 s and rounded to 0.1 s.
- ``elements``: one ``{"name", "type": "character"}`` per distinct character (name without extensions, first
  spelling seen, compared case-insensitively) in order of first cue, then one ``{"type": "location"}`` per distinct
  non-empty location in order of first appearance.
"""

from __future__ import annotations

import re
from typing import Any

from .model import Script, ScriptElement, strip_emphasis

__all__ = ["propose_storyboard", "split_heading", "estimate_duration"]

_PREFIX = re.compile(r"^(?:INT\.?/EXT|EXT\.?/INT|INT|EXT|EST|I/E)\.?\s+", re.I)
_TIME_SPLIT = re.compile(r"\s+[-–—]+\s+")
_SKIP = frozenset({"note", "section", "page_break"})
MIN_SHOT_S, MAX_SHOT_S = 1.0, 12.0


def split_heading(heading: str) -> tuple[str, str]:
    """``"INT. LIGHTHOUSE - NIGHT"`` → ``("LIGHTHOUSE", "NIGHT")``."""
    rest = _PREFIX.sub("", heading.strip(), count=1)
    parts = _TIME_SPLIT.split(rest)
    if len(parts) >= 2:
        return " - ".join(parts[:-1]).strip(), parts[-1].strip()
    return rest.strip(" -–—"), ""


def _words(text: str) -> int:
    return len(text.split())


def estimate_duration(kind: str, words: int) -> float:
    seconds = words / 2.5 + 0.5 if kind == "dialogue" else words / 12.0
    return round(min(MAX_SHOT_S, max(MIN_SHOT_S, seconds)), 1)


def _clean(text: str) -> str:
    return " ".join(strip_emphasis(text).split())


def propose_storyboard(script: Script) -> dict[str, Any]:
    """Proposes scenes and shots for ``script`` (see the module docstring for the rules)."""
    els = script.elements
    known: dict[str, str] = {}  # upper name -> first spelling
    for el in els:
        if el.kind == "character" and el.name:
            known.setdefault(el.name.upper(), el.name)
    name_re = (
        re.compile(
            r"(?<![\w'])(" + "|".join(re.escape(k) for k in sorted(known, key=len, reverse=True)) + r")(?![\w'])"
        )
        if known
        else None
    )

    scenes: list[dict[str, Any]] = []
    locations: dict[str, str] = {}
    current: dict[str, Any] | None = None

    def scene() -> dict[str, Any]:
        nonlocal current
        if current is None:
            current = {"heading": "", "location": "", "time_of_day": "", "synopsis": "", "shots": []}
            scenes.append(current)
        return current

    i = 0
    n = len(els)
    while i < n:
        el = els[i]
        k = el.kind
        if k == "scene_heading":
            location, tod = split_heading(el.text)
            current = {"heading": el.text, "location": location, "time_of_day": tod, "synopsis": "", "shots": []}
            scenes.append(current)
            if location:
                locations.setdefault(location.upper(), location)
            i += 1
        elif k == "synopsis":
            sc = scene()
            if not sc["synopsis"]:
                sc["synopsis"] = el.text
            i += 1
        elif k == "action":
            text = _clean(el.text)
            if text:
                chars: list[str] = []
                if name_re is not None:
                    for m in name_re.finditer(strip_emphasis(el.text)):
                        name = known[m.group(1)]
                        if name not in chars:
                            chars.append(name)
                scene()["shots"].append(
                    {"text": text, "characters": chars, "duration_s": estimate_duration("action", _words(text))}
                )
            i += 1
        elif k == "character":
            text, words, i = _dialogue_block(els, i)
            speakers = [known[el.name.upper()]] if el.name else []
            duration = estimate_duration("dialogue", words)
            if el.dual and i < n and els[i].kind == "character" and els[i].dual:
                partner = els[i]
                text2, words2, i = _dialogue_block(els, i)
                text = text + "\n" + text2
                if partner.name and known[partner.name.upper()] not in speakers:
                    speakers.append(known[partner.name.upper()])
                duration = max(duration, estimate_duration("dialogue", words2))
            scene()["shots"].append({"text": text, "characters": speakers, "duration_s": duration})
        else:
            i += 1

    elements = [{"name": name, "type": "character"} for name in known.values()]
    elements += [{"name": loc, "type": "location"} for loc in locations.values()]
    return {"scenes": scenes, "elements": elements}


def _dialogue_block(els: list[ScriptElement], i: int) -> tuple[str, int, int]:
    """Reads the cue at ``i`` and its parentheticals/dialogue/lyrics; returns (``NAME: ...`` text, spoken words,
    index after the block)."""
    cue = els[i]
    parts: list[str] = []
    words = 0
    i += 1
    while i < len(els):
        el = els[i]
        if el.kind in ("parenthetical", "dialogue", "lyrics"):
            cleaned = _clean(el.text)
            parts.append(cleaned)
            if el.kind != "parenthetical":
                words += _words(cleaned)
        elif el.kind not in _SKIP:
            break
        i += 1
    return f"{cue.name or cue.text}: " + " ".join(parts), words, i
