"""Format detection and the single entry point :func:`parse`."""

from __future__ import annotations

import re
from typing import Literal

from .fdx import parse_fdx
from .fountain import parse_fountain
from .model import EMPTY_MESSAGE, ScreenplayError, Script
from .plain import parse_plain

__all__ = ["detect_format", "parse", "ScreenplayFormat"]

ScreenplayFormat = Literal["fountain", "fdx", "text"]
_FDX_START = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<FinalDraft\b", re.S)


def detect_format(text: str) -> ScreenplayFormat:
    """``"fdx"`` for Final Draft XML (a ``<FinalDraft>`` root, or any text starting with ``<?xml``/``<``);
    ``"text"`` when at least 20% of the non-blank lines are indented by 10+ columns (the layout of a printed script);
    ``"fountain"`` otherwise (Fountain is also what a flush-left plain script is)."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if _FDX_START.match(head) or head.startswith("<?xml") or head.startswith("<FinalDraft"):
        return "fdx"
    nonblank = 0
    indented = 0
    for line in text.expandtabs(8).splitlines():
        if line.strip():
            nonblank += 1
            if len(line) - len(line.lstrip(" ")) >= 10:
                indented += 1
    if nonblank and indented * 5 >= nonblank:
        return "text"
    return "fountain"


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
