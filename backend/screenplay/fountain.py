"""Fountain 1.1 parser (https://fountain.io/syntax), written against the spec; no third-party dependency.

Conventions (documented choices where the spec leaves room):
- Emphasis markers (``*``, ``**``, ``_``) are left in element text; :func:`backend.screenplay.model.strip_emphasis`
  removes them.
- Boneyard ``/* ... */`` (also multi-line; an unterminated one runs to the end, with a warning) is removed before
  parsing and yields no element. Notes ``[[ ... ]]`` (also multi-line, but never across an empty line: the spec asks
  for two spaces on a note's blank line, so ``[[`` … empty line … ``]]`` is text, not a note) are removed from the
  text they sit in and kept as ``note`` elements, placed right after the element whose first line is at or before
  theirs. A line left empty by a removal is dropped, so a note between two dialogue lines does not end the dialogue;
  the line after such a removal starts a new paragraph as if after a blank line (a scene heading after a boneyard
  stays a heading, action after it is not joined to the action before it), except inside dialogue, which only a
  scene heading ends.
- A title page starts with a ``Key: value`` line; a first line such as ``FADE IN:`` or ``CUT TO:`` (uppercase, nothing
  after the colon, not one of the spec's title keys) is a transition, not a title page.
- Scene headings and character cues need a blank line (or the start of the body) before them; the blank line after a
  heading is not required. Besides ``...TO:`` the transitions ``FADE OUT.``, ``FADE TO BLACK.``, ``CUT TO BLACK.``
  and ``FADE IN:`` are recognised (uppercase, alone in their paragraph, or right before a scene heading: an opening
  ``FADE IN:`` is often written on the line above the first heading).
- A character cue needs a non-blank line right after it; otherwise the line is action. A name ending with ``:`` is
  never a cue (``FADE IN:`` above a line is a transition or action, not a speaker).
- Indentation is ignored for every element but action (an indented export, with centered cues and dialogue, reads as
  the same script flush left).
- Consecutive action lines form one ``action`` element (one paragraph) with ``\\n`` between lines; likewise
  consecutive dialogue lines. A whitespace-only line of 2+ spaces inside dialogue keeps the dialogue going.
"""

from __future__ import annotations

import re

from .model import ScreenplayError, Script, ScriptElement, check_not_empty, finish

__all__ = ["parse_fountain", "ScreenplayError"]

# A note may span lines but not an empty one (a line of at most one space): such a "[[" stays text.
_REMOVABLE = re.compile(r"/\*.*?(?:\*/|\Z)|\[\[((?:(?!\n ?\n).)*?)\]\]", re.S)
_TITLE_KEY = re.compile(r"^([A-Za-z][A-Za-z0-9 _'.-]{0,40}):(.*)$")
SCENE_PREFIX = re.compile(r"^(?:INT\.?/EXT|EXT\.?/INT|INT|EXT|EST|I/E)(?:\.|\s)", re.I)
_SCENE_NUMBER = re.compile(r"\s*#([A-Za-z0-9.\-]+)#\s*$")
_CHARACTER = re.compile(r"^(@)?([^(^]*?[^\s(^][^(^]*?)\s*((?:\([^()]*\)\s*)*)(\^)?\s*$")
_EXTENSION = re.compile(r"\(([^()]*)\)")
_PAGE_BREAK = re.compile(r"^={3,}\s*$")
_EXTRA_TRANSITIONS = frozenset({"FADE OUT.", "FADE TO BLACK.", "CUT TO BLACK.", "FADE IN:", "FADE IN."})
# The spec's title page keys (and the common extras): only these may open a title page with an empty value.
_TITLE_KEYS = frozenset(
    {
        "title",
        "credit",
        "author",
        "authors",
        "source",
        "draft date",
        "date",
        "contact",
        "notes",
        "copyright",
        "revision",
    }
)
_LETTER = re.compile(r"[^\W\d_]")


def parse_fountain(text: str) -> Script:
    """Parses Fountain text into a :class:`Script`. Raises ScreenplayError("the script is empty") on blank input."""
    check_not_empty(text)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines, notes, warnings, separated = _strip_removables(text)
    title_page, start = _parse_title_page(lines)
    body = lines[start:]
    elements = parse_lines(body, separated=separated)
    if notes:
        elements = _merge_notes(elements, notes)
    return finish(Script(title_page=title_page, elements=elements, warnings=warnings))


def _strip_removables(
    text: str,
) -> tuple[list[tuple[str, int]], list[ScriptElement], list[str], frozenset[int]]:
    """Removes boneyard and notes; returns ``(line text, original 1-based line)`` pairs, the notes, warnings, and the
    original lines that follow a line a removal emptied (they start a paragraph, see the module docstring)."""
    if "/*" not in text and "[[" not in text:
        return [(ln, i) for i, ln in enumerate(text.split("\n"), 1)], [], [], frozenset()
    notes: list[ScriptElement] = []
    warnings: list[str] = []
    pieces: list[str] = []
    touched: set[int] = set()  # output line indices a removal happened on
    out_line_origin: list[int] = [1]  # original line number of each output line
    pos = 0
    orig_line = 1

    def emit(chunk: str) -> None:
        nonlocal orig_line
        pieces.append(chunk)
        for _ in range(chunk.count("\n")):
            orig_line += 1
            out_line_origin.append(orig_line)

    for m in _REMOVABLE.finditer(text):
        emit(text[pos : m.start()])
        start_line = orig_line
        removed = m.group(0)
        if m.group(1) is not None:
            notes.append(ScriptElement("note", _clean_note(m.group(1)), start_line))
        elif not removed.endswith("*/") or len(removed) < 4:
            warnings.append(f"line {start_line}: unterminated boneyard /* runs to the end of the script")
        touched.add(len(out_line_origin) - 1)
        orig_line += removed.count("\n")
        pos = m.end()
    emit(text[pos:])
    out_lines = "".join(pieces).split("\n")
    result: list[tuple[str, int]] = []
    separated: set[int] = set()
    dropped = False
    for i, ln in enumerate(out_lines):
        if i in touched and not ln.strip():
            dropped = True
            continue
        if dropped:
            separated.add(out_line_origin[i])
            dropped = False
        result.append((ln, out_line_origin[i]))
    return result, notes, warnings, frozenset(separated)


def _clean_note(raw: str) -> str:
    return "\n".join(part.strip() for part in raw.strip().split("\n"))


def _merge_notes(elements: list[ScriptElement], notes: list[ScriptElement]) -> list[ScriptElement]:
    merged: list[ScriptElement] = []
    ni = 0
    for el in elements:
        while ni < len(notes) and notes[ni].line < el.line:
            merged.append(notes[ni])
            ni += 1
        merged.append(el)
    merged.extend(notes[ni:])
    return merged


def _parse_title_page(lines: list[tuple[str, int]]) -> tuple[dict[str, str], int]:
    i = 0
    while i < len(lines) and not lines[i][0].strip():
        i += 1
    if i >= len(lines):
        return {}, 0
    first = lines[i][0]
    m = _TITLE_KEY.match(first)
    if not m or SCENE_PREFIX.match(first) or first[:1].isspace() or _opens_body(m.group(1), m.group(2)):
        return {}, 0
    title: dict[str, str] = {}
    key: str | None = None
    while i < len(lines):
        raw = lines[i][0]
        if not raw.strip():
            break
        m = _TITLE_KEY.match(raw)
        if m and not raw[:1].isspace():
            key = m.group(1).strip().lower()
            value = m.group(2).strip()
            title[key] = value
        elif key is not None:
            # indented continuation line (3+ spaces or a tab per the spec; any indentation accepted)
            title[key] = (title[key] + "\n" + raw.strip()) if title[key] else raw.strip()
        else:
            return {}, 0
        i += 1
    return title, i


def _opens_body(key: str, value: str) -> bool:
    """``FADE IN:``, ``CUT TO:``, ``BLACK:`` …: an uppercase line with nothing after its colon that is no title key."""
    return not value.strip() and key == key.upper() and key.strip().lower() not in _TITLE_KEYS


def _blank(line: str) -> bool:
    return not line.strip()


def parse_character_cue(stripped: str, *, allow_lowercase: bool = False) -> ScriptElement | None:
    """Parses ``[@]NAME [(EXT)...] [^]``; None when the line is not a cue."""
    m = _CHARACTER.match(stripped)
    if not m:
        return None
    forced = m.group(1) is not None
    name = m.group(2).strip()
    if not name or not _LETTER.search(name) or name.endswith(":"):
        return None
    if not forced and not allow_lowercase and name != name.upper():
        return None
    exts = tuple(e.strip() for e in _EXTENSION.findall(m.group(3) or "") if e.strip())
    return ScriptElement(
        "character",
        name if not exts else f"{name} " + " ".join(f"({e})" for e in exts),
        0,
        name=name,
        extensions=exts,
        forced=forced,
        dual=m.group(4) is not None,
    )


def is_transition(stripped: str) -> bool:
    return (
        stripped == stripped.upper()
        and (stripped.endswith("TO:") or stripped in _EXTRA_TRANSITIONS)
        and bool(_LETTER.search(stripped))
    )


def _heading_like(stripped: str) -> bool:
    return bool(SCENE_PREFIX.match(stripped)) or (len(stripped) > 1 and stripped[0] == "." and stripped[1] != ".")


def parse_lines(lines: list[tuple[str, int]], *, separated: frozenset[int] = frozenset()) -> list[ScriptElement]:
    """Parses the body (after the title page, notes and boneyard removed) line by line. ``separated``: original line
    numbers that follow a removed boneyard or note and so start a paragraph (see the module docstring)."""
    elements: list[ScriptElement] = []
    append = elements.append
    n = len(lines)
    prev_blank = True
    in_dialogue = False
    last_char: ScriptElement | None = None
    for idx in range(n):
        raw, lineno = lines[idx]
        line = raw.rstrip()
        if not line:
            # "  " (two or more spaces) inside dialogue is a blank dialogue line, not a paragraph break.
            if in_dialogue and len(raw) >= 2 and elements and elements[-1].kind in ("dialogue", "lyrics"):
                elements[-1].text += "\n"
                continue
            in_dialogue = False
            prev_blank = True
            continue
        stripped = line.strip()
        first = stripped[0]
        if lineno in separated and (not in_dialogue or _heading_like(stripped)):
            in_dialogue = False
            prev_blank = True

        if in_dialogue:
            if first == "(" and stripped.endswith(")"):
                append(ScriptElement("parenthetical", stripped, lineno))
            elif first == "~":
                append(ScriptElement("lyrics", stripped[1:].lstrip(), lineno))
            elif elements[-1].kind == "dialogue":
                elements[-1].text += "\n" + stripped
            else:
                append(ScriptElement("dialogue", stripped, lineno))
            prev_blank = False
            continue

        el: ScriptElement | None = None
        next_blank = idx + 1 >= n or _blank(lines[idx + 1][0])
        forced_action = first == "!"
        if forced_action:
            line = line.lstrip()[1:]
        elif first == "=" and _PAGE_BREAK.match(stripped):
            el = ScriptElement("page_break", "", lineno)
        elif first == "=":
            el = ScriptElement("synopsis", stripped[1:].strip(), lineno)
        elif first == "#":
            depth = len(stripped) - len(stripped.lstrip("#"))
            el = ScriptElement("section", stripped[depth:].strip(), lineno, depth=depth)
        elif first == "~":
            el = ScriptElement("lyrics", stripped[1:].lstrip(), lineno)
        elif first == ">":
            if stripped.endswith("<") and len(stripped) > 1:
                el = ScriptElement("centered", stripped[1:-1].strip(), lineno)
            else:
                el = ScriptElement("transition", stripped[1:].strip(), lineno, forced=True)
        elif prev_blank and first == "." and len(stripped) > 1 and stripped[1] != ".":
            el = _scene_heading(stripped[1:].strip(), lineno, forced=True)
        elif prev_blank and SCENE_PREFIX.match(stripped):
            el = _scene_heading(stripped, lineno, forced=False)
        elif prev_blank and is_transition(stripped) and (next_blank or _heading_like(lines[idx + 1][0].strip())):
            el = ScriptElement("transition", stripped, lineno)
        elif prev_blank and not next_blank:
            cue = parse_character_cue(stripped)
            if cue is not None:
                cue.line = lineno
                if cue.dual and last_char is not None:
                    last_char.dual = True
                last_char = cue
                in_dialogue = True
                el = cue

        if el is None:  # action
            if not prev_blank and elements and elements[-1].kind == "action":
                elements[-1].text += "\n" + line
            else:
                append(ScriptElement("action", line, lineno, forced=forced_action))
        else:
            append(el)
        # A transition ends its paragraph: the heading right under an opening FADE IN: is a heading.
        prev_blank = el is not None and el.kind == "transition"
    return elements


def _scene_heading(text: str, lineno: int, *, forced: bool) -> ScriptElement:
    number = None
    m = _SCENE_NUMBER.search(text)
    if m:
        number = m.group(1)
        text = text[: m.start()].rstrip()
    return ScriptElement("scene_heading", text, lineno, scene_number=number, forced=forced)
