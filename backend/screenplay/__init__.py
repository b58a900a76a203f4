"""Screenplay parsing (Fountain 1.1, Final Draft FDX, plain text) and storyboard proposals.

Public API: :func:`parse`, :func:`detect_format`, :func:`parse_fountain`, :func:`parse_fdx`, :func:`parse_plain`,
:func:`propose_storyboard`, and the model types :class:`Script`, :class:`ScriptElement`, :class:`ScreenplayError`.
"""

from .detect import detect_format, parse
from .fdx import parse_fdx
from .fountain import parse_fountain
from .model import ScreenplayError, Script, ScriptElement, strip_emphasis
from .plain import parse_plain
from .storyboard import propose_storyboard

__all__ = [
    "Script",
    "ScriptElement",
    "ScreenplayError",
    "detect_format",
    "parse",
    "parse_fdx",
    "parse_fountain",
    "parse_plain",
    "propose_storyboard",
    "strip_emphasis",
]
