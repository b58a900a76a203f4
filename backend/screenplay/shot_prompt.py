"""A planned shot → its LTX-2 prompt, built from its context: framing and camera, where it is and how it is lit, who
is in it (as ``@Triggers``, so their elements' descriptions and references are injected), what happens, and what is
said as quoted speech with who says it and how.

LTX-2 is trained on captions that read as one present-tense paragraph ("A close-up of ... The camera ... She says,
quietly: "..." Warm lamp light ..."), and it voices dialogue written in quotation marks, so the parenthetical becomes
how a line is delivered, never words of the line. Dialogue stays verbatim (only the speaker becomes a trigger);
names in action become triggers, and an introduction's parenthetical (``MARA (40s, oilskin coat)``) is dropped there,
because the element's description says it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .beats import Beat, SceneBeats, Speech
from .breakdown import PlannedShot, strip_direction
from .characters import Cast, intro_span, trigger_of
from .place import light_for, place_noun, setting_of

__all__ = ["ShotContext", "build_prompt", "scene_context", "speech_sentence"]

_OPENING = {
    "wide": "A wide shot",
    "medium": "A medium shot",
    "close-up": "A close-up",
    "over-the-shoulder": "An over-the-shoulder shot",
    "two-shot": "A two-shot",
    "insert": "An insert shot",
    "point-of-view": "A point-of-view shot",
}
# What the camera does for a framing, in the words LTX-2's captions use.
_CAMERA = {
    "wide": "The camera holds steady, taking in the whole space.",
    "medium": "The camera holds at waist height.",
    "close-up": "Shallow depth of field; the background falls soft.",
    "over-the-shoulder": "The camera looks past one shoulder at the other face.",
    "two-shot": "Both stay in frame together.",
    "insert": "Shallow depth of field, the detail fills the frame.",
    "point-of-view": "The camera moves as their eyes do, handheld.",
}
# Parentheticals that are timing, not a way of speaking.
_NOT_DELIVERY = frozenset({"beat", "pause", "a beat", "a pause", "cont'd", "continuing", "then"})
_VOICE_OVER = frozenset({"V.O.", "VO"})
_OFF_SCREEN = frozenset({"O.S.", "O.C.", "OS", "OC", "OFF"})


@dataclass(slots=True)
class ShotContext:
    """What every shot of a scene shares: the words for its place, its light, and the time of day they follow."""

    place: str  # "inside the lighthouse"
    light: str  # "at night, lit by warm practical lamps against deep shadow"
    time_of_day: str  # the scene's, or the one carried over from the scene before (CONTINUOUS)


_WHERE = {"inside": "inside {}", "outside": "outdoors at {}", "inside and outside": "in and around {}", "": "at {}"}


def scene_context(scene: SceneBeats, cast: Cast, carried_time: str = "") -> ShotContext:
    """The scene's place and light; a time of day with no light of its own (CONTINUOUS, LATER) takes the previous
    scene's time of day, lit as this scene's setting is (a night interior cut to the pier outside stays night)."""
    setting = setting_of(scene.heading)
    noun = place_noun(scene.location, cast.names)
    place = _WHERE[setting].format(noun) if noun else ""
    light = light_for(setting, scene.time_of_day)
    time_of_day = scene.time_of_day if light else carried_time
    return ShotContext(place=place, light=light or light_for(setting, carried_time), time_of_day=time_of_day)


def build_prompt(shot: PlannedShot, context: ShotContext, cast: Cast) -> str:
    """The shot's prompt (see the module docstring)."""
    beats = list(shot.beats)
    subject = ""
    if beats and beats[0].kind == "action" and strip_direction(beats[0].action)[0] is not None:
        # "CLOSE ON the logbook. Her hand writes." → the direction's object is what the shot is of.
        subject, rest = _first_sentence(strip_direction(beats[0].action)[1])
        beats[0] = Beat("action", rest, beats[0].source, beats[0].characters, action=rest)
    sentences = [_opening(shot, context, _with_triggers(subject, cast))]
    for beat in beats:
        sentences.extend(_beat_sentences(beat, cast))
    sentences.append(_CAMERA[shot.framing])
    if context.light:
        sentences.append(_capitalize(context.light) + ".")
    return " ".join(s for s in sentences if s)


def _opening(shot: PlannedShot, context: ShotContext, subject: str) -> str:
    opening = "A wide establishing shot" if shot.establishing else _OPENING[shot.framing]
    who = [trigger_of(name) for name in shot.characters]
    if subject:
        opening += " of " + subject[:1].lower() + subject[1:] if subject[:1] != "@" else " of " + subject
    elif who and shot.framing != "wide":
        opening += " of " + _and(who)
    if context.place:
        opening += " " + context.place
    return opening + "."


def _first_sentence(text: str) -> tuple[str, str]:
    match = re.search(r"[.!?](?:\s|$)", text)
    if not match:
        return text.strip(), ""
    return text[: match.start()].strip(), text[match.end() :].strip()


def _beat_sentences(beat: Beat, cast: Cast) -> list[str]:
    if beat.kind == "action":
        _, action = strip_direction(beat.action)
        return [_end(_with_triggers(action, cast))] if action else []
    if len(beat.speeches) > 1:
        names = _and([trigger_of(s.speaker) for s in beat.speeches])
        return [f"{names} speak at the same time.", *(speech_sentence(s) for s in beat.speeches)]
    return [speech_sentence(s) for s in beat.speeches]


def speech_sentence(speech: Speech) -> str:
    """``@Mara says, without turning: "You're late again, Tomas."``; a later line of the same speech goes on with its
    own delivery: ``Then, softer: "Come in."``."""
    speaker = trigger_of(speech.speaker)
    extensions = {e.upper().strip() for e in speech.extensions}
    if extensions & _VOICE_OVER:
        speaker = f"In voice-over, {speaker}"
    elif extensions & _OFF_SCREEN:
        speaker = f"{speaker}, off-screen,"
    parts = []
    for n, line in enumerate(speech.lines):
        delivery = line.delivery.strip()
        how = f", {delivery}" if delivery and delivery.lower() not in _NOT_DELIVERY else ""
        if n == 0:
            verb = "sings" if line.sung else "says"
            parts.append(f'{speaker} {verb}{how}: "{line.text}"')
        else:
            parts.append(f'Then{" sings" if line.sung else ""}{how}: "{line.text}"')
    return " ".join(parts)


def _with_triggers(text: str, cast: Cast) -> str:
    """Names → ``@Triggers``. At an introduction (the name in capitals) its parenthetical and comma phrases are
    dropped: the element's description says them."""
    out, at = [], 0
    for m in cast.mentions(text):
        out.append(text[at : m.start()])
        out.append(trigger_of(cast.names[m.group(1).upper()]))
        at = intro_span(text, m.end()) if m.group(1).isupper() else m.end()
    out.append(text[at:])
    return re.sub(r"\s{2,}", " ", "".join(out)).strip()


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _end(sentence: str) -> str:
    sentence = sentence.strip()
    return sentence if sentence[-1:] in ".!?\"'…" else sentence + "."
