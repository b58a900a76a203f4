"""The cast of a script: who speaks (every character cue), how each is spelled and triggered (``MARA`` → ``Mara``,
``@Mara``), where they are mentioned in action, and what the script says they look like.

- A mention in action matches case-insensitively (``MARA``, ``Mara``) as a whole word, possessives included
  (``Mara's``), but it must start with a capital: a speaker called WILL or HOPE is not found in "I will" or "hope".
- The description is read where the script introduces the character: the first action paragraph that names them in
  capitals, from the parenthetical right after the name and/or the phrase set off by commas after it
  (``MARA (40s, weathered oilskin coat)``, ``TOMAS, a young fisherman, ...``). It is kept as ``Mara (40s, weathered
  oilskin coat)`` so that, injected in place of ``@Mara`` in a prompt, the sentence around it still reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Script, strip_emphasis

__all__ = ["Cast", "cast_of", "display_name", "trigger_of"]

_PARENTHETICAL = re.compile(r"\s*\(([^()]{1,200})\)")
_SENTENCE_END = re.compile(r"[.!?;:](?:\s|$)")
_VERB_LIKE = re.compile(r"^[a-z][a-z'’]*s$")  # "waits", "climbs": where an introduction's phrases end


def display_name(name: str) -> str:
    """``MARA`` → ``Mara``, ``DR. O'BRIEN`` → ``Dr. O'Brien``; a name written in mixed case keeps its spelling."""
    return name.title() if name == name.upper() else name


def trigger_of(name: str) -> str:
    """``@Mara`` for ``Mara`` (letters, digits and underscores of the name, as the studio's element triggers)."""
    word = re.sub(r"[^A-Za-z0-9_]+", "", name.title()) or "Element"
    return "@" + (word if word[0].isalpha() else "E" + word)


@dataclass(slots=True)
class Cast:
    """``names``: upper-case name → display name, in order of first cue."""

    names: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)  # display name → "Mara (40s, ...)"
    _pattern: re.Pattern[str] | None = None

    def __post_init__(self) -> None:
        if self.names:
            alternatives = "|".join(re.escape(k) for k in sorted(self.names, key=len, reverse=True))
            self._pattern = re.compile(rf"(?<![\w@])({alternatives})(?!\w)", re.I)

    def mentions(self, text: str) -> list[re.Match[str]]:
        """Every mention of a cast member in ``text`` (see the module docstring for what counts)."""
        if self._pattern is None:
            return []
        return [m for m in self._pattern.finditer(text) if m.group(1)[0].isupper()]

    def in_text(self, text: str) -> list[str]:
        """The display names mentioned in ``text``, in order of first mention."""
        out: list[str] = []
        for m in self.mentions(text):
            name = self.names[m.group(1).upper()]
            if name not in out:
                out.append(name)
        return out

    def name_of(self, upper: str) -> str:
        return self.names.get(upper.upper(), display_name(upper))


def cast_of(script: Script) -> Cast:
    """The cast: every cue's name, then the descriptions their introductions give."""
    names: dict[str, str] = {}
    for el in script.elements:
        if el.kind == "character" and el.name:
            names.setdefault(el.name.upper(), display_name(el.name))
    cast = Cast(names=names)
    introduced: set[str] = set()
    for el in script.elements:
        if el.kind != "action":
            continue
        text = strip_emphasis(el.text).replace("\n", " ")
        for m in cast.mentions(text):
            upper = m.group(1).upper()
            if upper in introduced or m.group(1) != upper:
                continue  # only the first mention in capitals introduces a character
            introduced.add(upper)
            described = _description_after(text, m.end())
            if described:
                cast.descriptions[names[upper]] = f"{names[upper]} ({described})"
    return cast


def intro_span(text: str, end: int) -> int:
    """The end of a character's introduction after a name ending at ``end``: its parenthetical and the phrases set
    off by commas before the predicate (``MARA (40s), a keeper,`` → up to the last comma), or ``end`` when there is
    none."""
    m = _PARENTHETICAL.match(text, end)
    at = m.end() if m else end
    phrases = _appositives(text, at)
    if phrases:
        at = phrases[-1][1]
    return at


def _appositives(text: str, end: int) -> list[tuple[str, int]]:
    """``, a young fisherman, waits ...`` after a name → ``[("a young fisherman", end of its comma)]``: the comma
    phrases up to the first one that starts with a verb (a lower-case word ending in -s: waits, climbs, enters) or
    ends the sentence; nothing when the name is not followed by a comma or no predicate follows the phrases."""
    if text[end : end + 1] != ",":
        return []
    stop = _SENTENCE_END.search(text, end)
    limit = stop.start() if stop else len(text)
    found: list[tuple[str, int]] = []
    at = end + 1
    while True:
        comma = text.find(",", at, limit)
        if comma < 0:
            return []  # no predicate after the phrases: it is a list, not an introduction
        phrase = " ".join(text[at:comma].split())
        first = phrase.split()[0] if phrase else ""
        if not phrase or _VERB_LIKE.match(first):
            return found
        found.append((phrase, comma + 1))
        at = comma + 1
        if _VERB_LIKE.match(text[at:limit].split()[0] if text[at:limit].split() else ""):
            return found


def _description_after(text: str, end: int) -> str:
    """What follows a name at its introduction: its parenthetical, and the comma phrases before the predicate."""
    parts: list[str] = []
    m = _PARENTHETICAL.match(text, end)
    if m:
        parts.append(" ".join(m.group(1).split()))
        end = m.end()
    parts.extend(phrase for phrase, _ in _appositives(text, end))
    return ", ".join(parts)
