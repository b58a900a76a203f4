"""A parsed :class:`Script` → its scenes, each a list of beats (an action paragraph, or a dialogue block: cue,
parentheticals and lines, a dual-dialogue pair being one beat), with the scene's notes and transitions kept where
they stand (as a beat index) instead of dropped.

A beat keeps what the shot prompt needs: the action's text, each speech's speaker, extensions and lines with the
delivery (parenthetical) in front of each line, and the script lines it came from as they read in screenplay form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .characters import Cast
from .model import Script, ScriptElement, strip_emphasis
from .place import split_heading

__all__ = ["Beat", "Line", "Mark", "SceneBeats", "Speech", "scenes_of", "clean"]

# Elements that sit inside a dialogue block without ending it.
_INSIDE_DIALOGUE = frozenset({"parenthetical", "dialogue", "lyrics", "note", "section", "page_break"})
# A note / transition has this much text at most in the proposal.
_MARK_CHARS = 1000


def clean(text: str) -> str:
    """Emphasis markers removed and whitespace collapsed."""
    return " ".join(strip_emphasis(text).split())


@dataclass(slots=True)
class Line:
    text: str
    delivery: str = ""  # the parenthetical before it, without its parentheses
    sung: bool = False


@dataclass(slots=True)
class Speech:
    speaker: str  # display name
    extensions: tuple[str, ...] = ()
    lines: list[Line] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(len(line.text.split()) for line in self.lines)


@dataclass(slots=True)
class Beat:
    kind: Literal["action", "dialogue"]
    text: str  # the beat as one line: the action, or "MARA: (whispering) Someone has been here."
    source: list[str]
    characters: list[str]
    action: str = ""
    speeches: list[Speech] = field(default_factory=list)


@dataclass(slots=True)
class Mark:
    """A note or a transition, placed before the beat at ``beat`` (the number of the scene's beats before it)."""

    text: str
    beat: int


@dataclass(slots=True)
class SceneBeats:
    heading: str = ""
    location: str = ""
    time_of_day: str = ""
    synopsis: str = ""
    beats: list[Beat] = field(default_factory=list)
    notes: list[Mark] = field(default_factory=list)
    transitions: list[Mark] = field(default_factory=list)


def scenes_of(script: Script, cast: Cast) -> list[SceneBeats]:
    """One scene per heading (beats before the first heading go to an implicit scene with an empty heading). Notes
    and transitions before any scene go to the first one."""
    scenes: list[SceneBeats] = []
    pending: list[tuple[str, str]] = []  # (kind, text) seen before any scene
    current: SceneBeats | None = None

    def scene() -> SceneBeats:
        nonlocal current
        if current is None:
            current = SceneBeats()
            scenes.append(current)
            _flush(current, pending)
        return current

    els = script.elements
    i = 0
    while i < len(els):
        el = els[i]
        k = el.kind
        if k == "scene_heading":
            location, tod = split_heading(el.text)
            current = SceneBeats(heading=el.text, location=location, time_of_day=tod)
            scenes.append(current)
            _flush(current, pending)
        elif k == "synopsis" and current is not None and not current.synopsis:
            current.synopsis = el.text
        elif k == "synopsis":
            scene().synopsis = scene().synopsis or el.text
        elif k in ("note", "transition"):
            text = clean(el.text)[:_MARK_CHARS]
            if text and current is None:
                pending.append((k, text))
            elif text and current is not None:
                marks = current.notes if k == "note" else current.transitions
                marks.append(Mark(text, len(current.beats)))
        elif k == "action":
            text = clean(el.text)
            if text:
                lines = [ln.strip() for ln in el.text.split("\n") if ln.strip()]
                scene().beats.append(Beat("action", text, lines, cast.in_text(text), action=text))
        elif k == "character":
            beat, i = _dialogue_beat(els, i, cast, scene())
            scene().beats.append(beat)
            continue
        i += 1
    return scenes


def _flush(scene: SceneBeats, pending: list[tuple[str, str]]) -> None:
    for kind, text in pending:
        (scene.notes if kind == "note" else scene.transitions).append(Mark(text, 0))
    pending.clear()


def _dialogue_beat(els: list[ScriptElement], i: int, cast: Cast, scene: SceneBeats) -> tuple[Beat, int]:
    dual = els[i].dual
    speech, source, i = _speech(els, i, cast, scene)
    speeches = [speech]
    if dual and i < len(els) and els[i].kind == "character" and els[i].dual:
        partner, more, i = _speech(els, i, cast, scene)
        speeches.append(partner)
        source += more
    text = "\n".join(_as_text(s) for s in speeches)
    speakers = list(dict.fromkeys(s.speaker for s in speeches))
    return Beat("dialogue", text, source, speakers, speeches=speeches), i


def _speech(els: list[ScriptElement], i: int, cast: Cast, scene: SceneBeats) -> tuple[Speech, list[str], int]:
    """The cue at ``i`` and its block; notes inside it go to the scene's notes."""
    cue = els[i]
    speech = Speech(cast.name_of(cue.name or cue.text), tuple(cue.extensions))
    source = [cue.text]
    delivery = ""
    i += 1
    while i < len(els) and els[i].kind in _INSIDE_DIALOGUE:
        el = els[i]
        if el.kind == "parenthetical":
            delivery = clean(el.text).strip("() ")
            source.append(el.text)
        elif el.kind in ("dialogue", "lyrics"):
            text = clean(el.text)
            if text:
                speech.lines.append(Line(text, delivery, sung=el.kind == "lyrics"))
                source += [ln.strip() for ln in el.text.split("\n") if ln.strip()]
            delivery = ""
        elif el.kind == "note" and clean(el.text):
            scene.notes.append(Mark(clean(el.text)[:_MARK_CHARS], len(scene.beats)))
        i += 1
    return speech, source, i


def _as_text(speech: Speech) -> str:
    """``MARA: (whispering) Someone has been here.`` (the proposal's one-line text of a speech)."""
    parts = []
    for line in speech.lines:
        if line.delivery:
            parts.append(f"({line.delivery})")
        parts.append(line.text)
    return f"{speech.speaker}: " + " ".join(parts)
