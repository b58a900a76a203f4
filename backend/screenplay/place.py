"""A scene heading → where a shot is and how it is lit: ``INT. LIGHTHOUSE - NIGHT`` → "inside", "the lighthouse",
"at night, lit by warm practical lamps against deep shadow".

LTX-2 is trained on captions that say where a shot is and what the light does, so the heading's INT./EXT. and time of
day become words about the place and its light rather than the slug line itself.
"""

from __future__ import annotations

import re

__all__ = ["split_heading", "setting_of", "light_for", "place_noun", "CARRIED_OVER"]

_PREFIX = re.compile(r"^(INT\.?/EXT|EXT\.?/INT|INT|EXT|EST|I/E)\.?\s+", re.I)
_TIME_SPLIT = re.compile(r"\s+[-–—]+\s+")
_ARTICLE = re.compile(r"^(?:the|a|an)\s", re.I)

# Times of day that say "as the scene before" rather than a light of their own.
CARRIED_OVER = frozenset({"CONTINUOUS", "LATER", "MOMENTS LATER", "SAME", "SAME TIME", "INTERCUT", "SIMULTANEOUS"})

# (words in the time of day, light inside, light outside): the first row whose word appears wins.
_LIGHT: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("MAGIC HOUR", "GOLDEN HOUR"), "at golden hour, low warm sunlight raking across the room", "at golden hour, low warm sunlight and long shadows"),
    (("DAWN", "SUNRISE", "DAYBREAK", "FIRST LIGHT"), "at dawn, pale cool light seeping through the windows", "at dawn, pale cool light with a soft glow on the horizon"),
    (("DUSK", "SUNSET", "TWILIGHT", "EVENING"), "at dusk, the last warm light fading to blue through the windows", "at dusk, warm low light fading to deep blue"),
    (("NIGHT", "MIDNIGHT"), "at night, lit by warm practical lamps against deep shadow", "at night under cool moonlight, deep blue shadows"),
    (("MORNING",), "in the morning, soft clear light through the windows", "in the morning, soft clear sunlight"),
    (("AFTERNOON", "NOON", "MIDDAY"), "in the afternoon, warm daylight through the windows", "in the afternoon, bright warm sunlight"),
    (("DAY",), "by day, soft daylight falling through the windows", "in bright natural daylight"),
)  # fmt: skip


def split_heading(heading: str) -> tuple[str, str]:
    """``"INT. LIGHTHOUSE - NIGHT"`` → ``("LIGHTHOUSE", "NIGHT")``: the INT./EXT./EST./I/E prefix removed, the text
    after the LAST " - " (also "–"/"—") is the time of day, or "" when there is no dash."""
    rest = _PREFIX.sub("", heading.strip(), count=1)
    parts = _TIME_SPLIT.split(rest)
    if len(parts) >= 2:
        return " - ".join(parts[:-1]).strip(), parts[-1].strip()
    return rest.strip(" -–—"), ""


def setting_of(heading: str) -> str:
    """``"inside"``, ``"outside"``, ``"inside and outside"`` (INT./EXT.), or ``""`` when the heading says neither."""
    m = _PREFIX.match(heading.strip())
    if not m:
        return ""
    prefix = m.group(1).upper().replace(".", "")
    if prefix in ("INT",):
        return "inside"
    if prefix in ("EXT", "EST"):
        return "outside"
    return "inside and outside"


def light_for(setting: str, time_of_day: str) -> str:
    """Words about the light for a setting and a time of day; ``""`` when the time of day names no light (then the
    caller carries the previous scene's light over, for CONTINUOUS and friends)."""
    words = time_of_day.upper()
    for keys, inside, outside in _LIGHT:
        if any(re.search(rf"\b{re.escape(k)}\b", words) for k in keys):
            return outside if setting == "outside" else inside
    return ""


def place_noun(location: str, names: dict[str, str] | None = None) -> str:
    """``"LIGHTHOUSE"`` → ``"the lighthouse"``, ``"HOUSE - KITCHEN"`` → ``"the house, kitchen"``, ``"MARA'S
    KITCHEN"`` → ``"Mara's kitchen"`` (a character's name keeps its capital; ``names`` maps upper-case names to
    their spelling)."""
    names = names or {}
    parts = [p for p in _TIME_SPLIT.split(location.strip()) if p]
    if not parts:
        return ""

    def words(part: str) -> str:
        out = []
        for word in part.split():
            base = re.sub(r"['’]S$", "", word.upper())
            out.append(names[base] + word[len(base) :].lower() if base in names else word.lower())
        return " ".join(out)

    phrase = ", ".join(words(p) for p in parts)
    starts_with_name = phrase.split()[0][:1].isupper()
    return phrase if starts_with_name or _ARTICLE.match(phrase) else f"the {phrase}"
