"""Plain-text screenplays laid out the usual way (Courier, fixed indents), read through the Fountain rules.

Indentation is measured from the leftmost non-blank column (tabs count as 8 spaces) and classifies each line:
- relative indent >= 35 and uppercase: a transition (``CUT TO:``, ``FADE OUT.``)
- 15..34 and looks like a cue (uppercase name, optional extensions) with a non-blank line after it: a character cue,
  and the following more-indented-than-action lines are parentheticals/dialogue
- otherwise: a scene heading (INT./EXT./EST./I/E), an uppercase ``...TO:`` transition, or action.
Page furniture is dropped: lone page numbers (``12.``), ``(MORE)``, ``(CONTINUED)``, ``CONTINUED:``; a form feed is a
page break. Fountain markup characters in plain text are not interpreted (no notes, boneyard, sections...).
If no line is indented by 8 or more, the text is read as Fountain (flush-left scripts are Fountain-compatible).
Every element's ``forced`` flag is False.
"""

from __future__ import annotations

import re

from .fountain import SCENE_PREFIX, is_transition, parse_character_cue, parse_fountain, parse_lines
from .model import Script, check_not_empty, finish

__all__ = ["parse_plain", "cues_fit_layout"]

_FURNITURE = re.compile(r"^(?:\d+[A-Z]?\.?|\(MORE\)|\(CONTINUED\)|CONTINUED:?|\(CONT'D\))$", re.I)
_CUE_MIN, _TRANSITION_MIN, _DIALOGUE_MIN = 15, 35, 5


def parse_plain(text: str) -> Script:
    """Parses an indented plain-text screenplay into a :class:`Script`."""
    check_not_empty(text)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").expandtabs(8)
    raw_lines = text.split("\n")
    indents = [len(ln) - len(ln.lstrip(" ")) for ln in raw_lines if ln.strip() and ln.strip() != "\f"]
    if not indents:  # only form feeds
        check_not_empty("")
    margin = min(indents)
    if max(indents) - margin < 8:
        return parse_fountain(text)

    out: list[tuple[str, int]] = []
    in_dialogue = False
    n = len(raw_lines)
    for i, raw in enumerate(raw_lines):
        lineno = i + 1
        if "\f" in raw:
            out += [("", lineno), ("===", lineno), ("", lineno)]
            raw = raw.replace("\f", "")
        stripped = raw.strip()
        if not stripped:
            out.append(("", lineno))
            in_dialogue = False
            continue
        indent = len(raw) - len(raw.lstrip(" ")) - margin
        if _FURNITURE.match(stripped) and (indent >= _CUE_MIN or stripped.upper() in ("(MORE)",)):
            continue
        if stripped.upper() in ("(MORE)", "(CONTINUED)", "CONTINUED:"):
            continue
        if in_dialogue and indent >= _DIALOGUE_MIN:
            out.append((stripped, lineno))
            continue
        in_dialogue = False
        if indent >= _TRANSITION_MIN and stripped == stripped.upper():
            out += [("", lineno), (">" + stripped, lineno), ("", lineno)]
        elif indent >= _CUE_MIN and _next_nonblank(raw_lines, i, n) and parse_character_cue(stripped) is not None:
            out += [("", lineno), ("@" + stripped, lineno)]
            in_dialogue = True
        elif SCENE_PREFIX.match(stripped) or is_transition(stripped):
            out += [("", lineno), (stripped, lineno), ("", lineno)]
        else:
            out.append(("!" + stripped, lineno))
    script = Script(elements=parse_lines(out))
    for el in script.elements:
        el.forced = False
    return finish(script)


def cues_fit_layout(text: str) -> bool:
    """Whether the printed layout's indents read this text's speakers: False when most lines that look like cues (an
    uppercase name after a blank line, with a line right under it) sit less than the cue indent in from the margin, as
    in Fountain exported with centered cues and dialogue (read as Fountain, where indentation does not matter)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(8).split("\n")
    indents = [len(ln) - len(ln.lstrip(" ")) for ln in lines if ln.strip()]
    if not indents:
        return True
    margin = min(indents)
    near = far = 0
    for i, raw in enumerate(lines):
        stripped = raw.strip()
        if not stripped or (i and lines[i - 1].strip()) or not _next_nonblank(lines, i, len(lines)):
            continue
        indent = len(raw) - len(raw.lstrip(" ")) - margin
        if indent and not SCENE_PREFIX.match(stripped) and parse_character_cue(stripped) is not None:
            far += indent >= _CUE_MIN
            near += indent < _CUE_MIN
    return near <= far


def _next_nonblank(lines: list[str], i: int, n: int) -> bool:
    return i + 1 < n and bool(lines[i + 1].strip())
