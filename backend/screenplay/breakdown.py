"""A scene's beats → shots with a purpose: beats of the same moment grouped up to what one LTX-2 generation makes
well, each shot with a framing chosen by rules and a duration from the words spoken and the action.

Timing: speech at 2.5 words a second plus half a second of breath per speech; action at 3.5 words a second. A shot
lasts the sum of its beats, at least 2 s and at most 10 s (241 frames at 24 fps: 8k+1 frames, LTX-2's longest
useful single generation); a beat longer than that is split at sentence ends (speech stays verbatim, only cut).

Grouping, in script order: beats join the shot before them while it stays within 7 s and they belong to the same
moment. A scene's first shot is its establishing shot and takes only the action before the first line of dialogue
(unless the scene opens with dialogue). A new shot starts at a shot direction written in the action (``CLOSE ON``,
``INSERT``, ``ANGLE ON``, ``MARA'S POV`` …), at an insert (a short action with nobody in it that names a small
object), when someone not yet in the shot enters after dialogue, and when a third speaker would join a two-person
exchange. One line of dialogue therefore rarely is a shot of its own: an exchange of short lines is one shot.

Framing: a direction wins; else the first shot of a scene is a wide (establishing) shot; nobody in it: an insert or
a wide; one person: a close-up when they only speak a few words, else a medium shot; two people: over-the-shoulder
when they only talk, a two-shot when they act or speak at once (dual dialogue); three or more: wide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from .beats import Beat, Line, SceneBeats, Speech

__all__ = ["FRAMINGS", "Framing", "PlannedShot", "plan_scene", "beat_seconds", "strip_direction"]

Framing = Literal["wide", "medium", "close-up", "over-the-shoulder", "two-shot", "insert", "point-of-view"]
FRAMINGS: tuple[str, ...] = Framing.__args__  # type: ignore[attr-defined]

SPEECH_WORDS_PER_S = 2.5
SPEECH_PAUSE_S = 0.5
ACTION_WORDS_PER_S = 3.5
MIN_SHOT_S = 2.0
MAX_SHOT_S = 10.0
GROUP_S = 7.0
CLOSE_UP_WORDS = 12  # a single speaker saying at most this many words, with no action, is framed close

# Shot directions a writer puts at the start of an action paragraph (upper case, as scripts write them).
_DIRECTIONS: tuple[tuple[re.Pattern[str], Framing], ...] = (
    (re.compile(r"^(?:EXTREME\s+)?CLOSE(?:[\s-]?(?:UP|SHOT))?(?:\s+(?:ON|on|OF|of))?\b[\s:.,-]*"), "close-up"),
    (re.compile(r"^(?:ECU|CU)(?:\s+(?:ON|on|OF|of))?\b[\s:.,-]*"), "close-up"),
    (re.compile(r"^INSERT(?:\s+ON)?\b[\s:.,-]*"), "insert"),
    (re.compile(r"^(?:WIDE|ESTABLISHING)(?:\s+SHOT)?(?:\s+ON)?\b[\s:.,-]*"), "wide"),
    (re.compile(r"^ANGLE\s+ON\b[\s:.,-]*"), "medium"),
    (re.compile(r"^(?:OVER\s+THE\s+SHOULDER|OTS)(?:\s+ON)?\b[\s:.,-]*"), "over-the-shoulder"),
    (re.compile(r"^TWO[\s-]SHOT(?:\s+ON)?\b[\s:.,-]*"), "two-shot"),
    (re.compile(r"^(?:[A-Z][A-Z'’. ]*\s)?POV\b[\s:.,-]*"), "point-of-view"),
)
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=\S)")
# Small things a writer cuts to: an action naming one of these with nobody in it is an insert.
_OBJECTS = frozenset(
    "hand hands letter note phone screen photo photograph key keys book logbook page ring watch clock gun knife cup "
    "mug glass bottle lock map envelope ticket coin card lantern candle button wound eye eyes finger fingers pen "
    "sign badge door handle switch lamp compass".split()
)


def strip_direction(action: str) -> tuple[Framing | None, str]:
    """``"CLOSE ON the logbook."`` → ``("close-up", "The logbook.")``; no direction → ``(None, action)``."""
    for pattern, framing in _DIRECTIONS:
        m = pattern.match(action)
        if m and m.end() > 0:
            rest = action[m.end() :].strip()
            return framing, rest[:1].upper() + rest[1:]
    return None, action


@dataclass(slots=True)
class PlannedShot:
    beats: list[Beat]
    framing: Framing
    establishing: bool
    duration_s: float
    characters: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    first_beat: int = 0  # index in the scene's beats of the beat this shot starts with


def beat_seconds(beat: Beat) -> float:
    if beat.kind == "action":
        return len(beat.action.split()) / ACTION_WORDS_PER_S
    times = [s.words / SPEECH_WORDS_PER_S + SPEECH_PAUSE_S for s in beat.speeches]
    return max(times) if len(times) > 1 else sum(times)  # a dual pair is spoken at once


def shot_seconds(beats: list[Beat]) -> float:
    return round(min(MAX_SHOT_S, max(MIN_SHOT_S, sum(beat_seconds(b) for b in beats))), 1)


def plan_scene(scene: SceneBeats) -> list[PlannedShot]:
    """The scene's shots, in order (see the module docstring)."""
    beats = [(index, piece) for index, beat in enumerate(scene.beats) for piece in _split(beat)]
    groups: list[list[tuple[int, Beat]]] = []
    for index, beat in beats:
        current = groups[-1] if groups else None
        if current is not None and _joins([b for _, b in current], beat, establishing=len(groups) == 1):
            current.append((index, beat))
        else:
            groups.append([(index, beat)])
    return [_shot(group, first=n == 0) for n, group in enumerate(groups)]


def _present(beats: list[Beat]) -> list[str]:
    return list(dict.fromkeys(c for b in beats for c in b.characters))


def _speakers(beats: list[Beat]) -> list[str]:
    return list(dict.fromkeys(s.speaker for b in beats for s in b.speeches))


def _directed(beat: Beat) -> bool:
    return beat.kind == "action" and strip_direction(beat.action)[0] is not None


def _insert_like(beat: Beat) -> bool:
    if beat.kind != "action" or beat.characters or len(beat.action.split()) > 15:
        return False
    return any(w.strip(".,;:!?'’\"").lower() in _OBJECTS for w in beat.action.split())


def _joins(shot: list[Beat], beat: Beat, *, establishing: bool) -> bool:
    if sum(beat_seconds(b) for b in shot) + beat_seconds(beat) > GROUP_S:
        return False
    if _directed(beat) or any(_directed(b) for b in shot) or _insert_like(beat) or _insert_like(shot[0]):
        return False
    talks = any(b.kind == "dialogue" for b in shot)
    if establishing and beat.kind == "dialogue" and not talks:
        return False  # the establishing shot shows the place; the talking starts closer
    present = _present(shot)
    newcomers = [c for c in beat.characters if c not in present]
    if newcomers and beat.kind == "action" and talks:
        return False  # someone enters: a new moment
    return len(set(present) | set(beat.characters)) <= 2 or not newcomers


def _shot(group: list[tuple[int, Beat]], *, first: bool) -> PlannedShot:
    beats = [b for _, b in group]
    present, speakers = _present(beats), _speakers(beats)
    forced = strip_direction(beats[0].action)[0] if beats[0].kind == "action" else None
    framing = forced or ("wide" if first else _framing(beats, present, speakers))
    return PlannedShot(
        beats=beats,
        framing=framing,
        establishing=first and framing == "wide",
        duration_s=shot_seconds(beats),
        characters=present,
        speakers=speakers,
        first_beat=group[0][0],
    )


def _framing(beats: list[Beat], present: list[str], speakers: list[str]) -> Framing:
    acts = any(b.kind == "action" for b in beats)
    if not present:
        return "insert" if any(_insert_like(b) for b in beats) else "wide"
    if len(present) == 1:
        words = sum(s.words for b in beats for s in b.speeches)
        return "close-up" if speakers and not acts and words <= CLOSE_UP_WORDS else "medium"
    if len(present) == 2:
        dual = any(len(b.speeches) > 1 for b in beats)
        return "over-the-shoulder" if len(speakers) == 2 and not acts and not dual else "two-shot"
    return "wide"


def _split(beat: Beat) -> list[Beat]:
    """A beat longer than one shot, cut at sentence ends into pieces that fit (a dual pair is never cut)."""
    if beat_seconds(beat) <= MAX_SHOT_S or len(beat.speeches) > 1:
        return [beat]
    if beat.kind == "action":
        pieces = _pack(_SENTENCES.split(beat.action), ACTION_WORDS_PER_S, 0.0)
        return [Beat("action", p, beat.source, beat.characters, action=p) for p in pieces]
    speech = beat.speeches[0]
    out: list[Beat] = []
    for line in speech.lines:
        sentences = _pack(_SENTENCES.split(line.text), SPEECH_WORDS_PER_S, SPEECH_PAUSE_S)
        for n, sentence in enumerate(sentences):
            piece = Speech(
                speech.speaker, speech.extensions, [Line(sentence, line.delivery if n == 0 else "", line.sung)]
            )
            out.append(
                Beat("dialogue", f"{speech.speaker}: {sentence}", beat.source, beat.characters, speeches=[piece])
            )
    return out


def _pack(sentences: list[str], words_per_s: float, pause_s: float) -> list[str]:
    """Sentences joined into pieces of at most GROUP_S each (a longer sentence stays whole)."""
    pieces: list[str] = []
    for sentence in sentences:
        if pieces and (len(pieces[-1].split()) + len(sentence.split())) / words_per_s + pause_s <= GROUP_S:
            pieces[-1] += " " + sentence
        else:
            pieces.append(sentence)
    return pieces
