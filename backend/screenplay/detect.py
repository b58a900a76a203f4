"""Format detection and the single entry point :func:`parse`."""

from __future__ import annotations

import re
from typing import Literal

from .fdx import parse_fdx
from .fountain import parse_fountain
from .model import EMPTY_MESSAGE, ScreenplayError, Script
from .plain import cues_fit_layout, parse_plain

__all__ = ["detect_format", "parse", "ScreenplayFormat"]

ScreenplayFormat = Literal["fountain", "fdx", "text"]
_FDX_START = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<FinalDraft\b", re.S)
# Fountain's own markup: a title page key on the first line, notes, boneyard, and the forced or marked elements
# (``.HEADING``, ``@Name``, ``>centered<``, ``= synopsis``, ``# section``, ``~lyrics``). A printed plain-text script
# has none of these.
_TITLE_START = re.compile(r"^(?:title|credit|author|authors|source|draft date|contact):", re.I)
_FOUNTAIN_MARK = re.compile(r"^[ \t]*(?:\[\[|/\*|\.[A-Z]|@\S|>.*<\s*$|=(?!=)\s*\S|#+\s*\S|~\S)", re.M)


def detect_format(text: str) -> ScreenplayFormat:
    """``"fdx"`` for Final Draft XML (a ``<FinalDraft>`` root, or any text starting with ``<?xml``/``<``);
    ``"text"`` when at least 20% of the non-blank lines are indented by 10+ columns (the layout of a printed script)
    and it is neither indented with tabs, nor marked up as Fountain (see :func:`_looks_like_fountain`), nor laid out
    with its cues closer to the margin than a printed script's (many apps export Fountain with centered cues and
    dialogue: :func:`backend.screenplay.plain.cues_fit_layout`); ``"fountain"`` otherwise (Fountain is also what a flush-left plain
    script is)."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if _FDX_START.match(head) or head.startswith("<?xml") or head.startswith("<FinalDraft"):
        return "fdx"
    nonblank = 0
    indented = 0
    tabbed = 0
    for raw in text.splitlines():
        line = raw.expandtabs(8)
        if line.strip():
            nonblank += 1
            if len(line) - len(line.lstrip(" ")) >= 10:
                indented += 1
                tabbed += raw.startswith("\t")
    if (
        nonblank
        and indented * 5 >= nonblank
        and tabbed * 2 < indented
        and not _looks_like_fountain(text)
        and cues_fit_layout(text)
    ):
        return "text"
    return "fountain"


def _looks_like_fountain(text: str) -> bool:
    """An indented script that still is Fountain: its first line is a title page key, or it has Fountain markup."""
    first = text.lstrip("\ufeff \t\r\n").split("\n", 1)[0]
    return bool(_TITLE_START.match(first)) or bool(_FOUNTAIN_MARK.search(text))


def parse(text: str, format: ScreenplayFormat | None = None) -> Script:  # noqa: A002 - API name
    """Parses ``text`` in ``format`` (detected when None). Empty/whitespace-only input raises
    ``ScreenplayError("the script is empty", line=None)``; a script with no scene heading parses as one implicit
    scene with a warning in ``Script.warnings``."""
    if text is None or not text.strip():
        raise ScreenplayError(EMPTY_MESSAGE, line=None)
    fmt = format or detect_format(text)
    if fmt == "fdx":
        return parse_fdx(text)
    if fmt == "text":
        return parse_plain(text)
    if fmt == "fountain":
        return parse_fountain(text)
    raise ValueError(f"unknown screenplay format {format!r}")
