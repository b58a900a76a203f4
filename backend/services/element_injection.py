"""``@Trigger`` in a prompt → the element's description, with its reference images attached to the generation.

The first mention of an element becomes its description, later ones its name (a description repeated at every
mention would crowd the prompt). Triggers match whole words, case-insensitively, and are safe next to punctuation (``@Hero's``, ``@Hero,``). An ``@``
inside a word (``ana@example.com``) is not a trigger. A trigger with no element is reported, never silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from backend.db.tables import Element

# "@" not preceded by a word character (so e-mail addresses are skipped), then a name; the name ends at the first
# character that cannot be part of a trigger (so "@Hero's" and "@Hero," both match "@Hero").
TRIGGER = re.compile(r"(?<![\w@])@([A-Za-z][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class InjectionResult:
    prompt: str
    used: tuple[str, ...]  # triggers found, as the elements spell them
    unknown: tuple[str, ...]  # triggers with no element
    reference_asset_ids: tuple[str, ...] = field(default=())


def find_triggers(prompt: str) -> list[str]:
    return [f"@{m.group(1)}" for m in TRIGGER.finditer(prompt)]


def inject_elements_into_prompt(prompt: str, elements: Iterable[Element]) -> InjectionResult:
    by_trigger = {e.trigger.lower(): e for e in elements}
    used: list[str] = []
    unknown: list[str] = []
    references: list[str] = []

    def replace(match: re.Match[str]) -> str:
        element = by_trigger.get(f"@{match.group(1)}".lower())
        if element is None:
            unknown.append(match.group(0))
            return match.group(0)
        if element.trigger in used:
            return element.name  # described once: "Mara (40s, oilskin coat) climbs ... Mara says ..."
        used.append(element.trigger)
        references.extend(a for a in element.reference_asset_ids if a not in references)
        return element.description.strip() or element.name

    injected = TRIGGER.sub(replace, prompt)
    unique_unknown = tuple({u.lower(): u for u in reversed(unknown)}.values())[::-1]  # first spelling of each
    return InjectionResult(
        prompt=injected, used=tuple(used), unknown=unique_unknown, reference_asset_ids=tuple(references)
    )
