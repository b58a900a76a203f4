"""Typed model of a parsed screenplay, shared by the Fountain, FDX and plain-text parsers.

Every element carries the 1-based line of the source it came from (for FDX: the line of its ``<Paragraph>``), so
errors and warnings can point at the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

ElementKind = Literal[
    "scene_heading",
    "action",
    "character",
    "parenthetical",
    "dialogue",
    "transition",
    "centered",
    "lyrics",
    "note",
    "section",
    "synopsis",
    "page_break",
]
"""Element kinds. Boneyard (``/* */``) is removed from the source before parsing and never yields an element."""

ELEMENT_KINDS: tuple[str, ...] = ElementKind.__args__  # type: ignore[attr-defined]


class ScreenplayError(ValueError):
    """A script that cannot be parsed. ``line`` is 1-based, or None when no line applies (e.g. empty input)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(message if line is None else f"line {line}: {message}")


@dataclass(slots=True)
class ScriptElement:
    """One element of the script body.

    ``text`` is the element's text without its Fountain markup (no leading ``.``/``!``/``@``/``>``/``~``/``#``/``=``,
    no scene number, no ``[[notes]]``). Emphasis markers (``*``, ``**``, ``***``, ``_``) are LEFT IN the text; use
    :func:`strip_emphasis` for a plain version. Multi-line action/dialogue keeps its line breaks as ``\\n``.

    Kind-specific fields:
    - scene_heading: ``scene_number`` (from ``#1#``/``#1A#``), ``forced`` (leading ``.``)
    - character: ``name`` (without extensions), ``extensions`` (e.g. ``("V.O.",)``, ``("O.S.", "CONT'D")``),
      ``forced`` (leading ``@``), ``dual`` (true on BOTH cues of a dual-dialogue pair; the second one had ``^``)
    - action: ``forced`` (leading ``!``); transition: ``forced`` (leading ``>``)
    - section: ``depth`` (number of ``#``)
    """

    kind: ElementKind
    text: str
    line: int
    scene_number: str | None = None
    name: str | None = None
    extensions: tuple[str, ...] = ()
    forced: bool = False
    dual: bool = False
    depth: int | None = None

    @property
    def extension(self) -> str | None:
        """The extensions as written between parentheses, joined by a space (``"V.O."``), or None."""
        return " ".join(self.extensions) if self.extensions else None


@dataclass(slots=True)
class Script:
    """A parsed script. ``title_page`` keys are lower-cased (``"title"``, ``"credit"``, ``"draft date"``...); a
    multi-line value keeps its lines joined by ``\\n``. ``warnings`` lists non-fatal problems (e.g. no scene heading)."""

    title_page: dict[str, str] = field(default_factory=dict)
    elements: list[ScriptElement] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[ScriptElement]:
        return [e for e in self.elements if e.kind == kind]


NO_SCENE_HEADING_WARNING = "no scene heading found: the script is treated as one implicit scene"
EMPTY_MESSAGE = "the script is empty"


def check_not_empty(text: str) -> None:
    if text is None or not text.strip():
        raise ScreenplayError(EMPTY_MESSAGE, line=None)


def finish(script: Script) -> Script:
    """Adds the common warnings once parsing is done."""
    if not any(e.kind == "scene_heading" for e in script.elements) and NO_SCENE_HEADING_WARNING not in script.warnings:
        script.warnings.append(NO_SCENE_HEADING_WARNING)
    return script


def strip_emphasis(text: str) -> str:
    """Removes Fountain emphasis markers (``***bold italic***``, ``**bold**``, ``*italic*``, ``_underline_``) and
    un-escapes ``\\*``/``\\_``."""
    out = text.replace("\\*", "\x00").replace("\\_", "\x01")
    out = re.sub(r"\*{1,3}(?=\S)(.+?)(?<=\S)\*{1,3}", r"\1", out)
    out = re.sub(r"_(?=\S)(.+?)(?<=\S)_", r"\1", out)
    return out.replace("\x00", "*").replace("\x01", "_")
