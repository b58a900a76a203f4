"""An element's visual by its kind: a character sheet (front, three-quarter and profile views of one person, side by
side on a neutral background, in one image), a location plate (the empty place, wide), a prop sheet, a style frame.

The sheet names the element by its ``@Trigger``, so the usual injection (``element_injection``) puts its
description in and attaches every reference image it already has (FLUX.2 multi-reference): a second sheet keeps
the look of the first. What the user typed beyond the stock words ("character sheet of @Mara") is kept as detail.
"""

from __future__ import annotations

import re

from backend.db.tables import Element

#: The most reference images one FLUX.2 call takes here (``backend.models.flux2.concept_frame``'s bound too).
MAX_REFERENCE_IMAGES = 8

SHEETS = {
    "character": (
        "Character reference sheet of {subject}: the same person shown three times side by side in one image, "
        "front view, three-quarter view and profile view, full body, standing in a relaxed neutral pose, identical "
        "face, hair, build and clothing in every view, plain neutral grey studio background, even soft lighting, "
        "no text, no other people."
    ),
    "location": (
        "Location plate of {subject}: a wide establishing view of the place itself, empty of people, eye-level "
        "camera, natural even light, sharp detail from foreground to background, no text."
    ),
    "object": (
        "Prop reference sheet of {subject}: the same object shown from the front, at three-quarter and from the "
        "side, side by side in one image, plain neutral grey background, even studio lighting, no text."
    ),
    "style": (
        "Style reference frame in the style of {subject}: one representative cinematic scene that shows its "
        "palette, light, contrast and texture, no text."
    ),
}

# Words of the web app's stock prompts ("character sheet of @Mara, front view, neutral background"): the sheet says
# all of it already, so a prompt made only of them adds no detail.
_STOCK_WORDS = frozenset(
    "a an the of in character sheet front view neutral background establishing shot wide angle product still style "
    "location plate prop reference turnaround".split()
)


def _detail(element: Element, prompt: str) -> str:
    """``prompt`` without the element's own trigger, or "" when nothing but stock words is left."""
    trigger = re.escape(element.trigger)
    rest = re.sub(rf"(?<![\w@]){trigger}(?![A-Za-z0-9_])", " ", prompt, flags=re.IGNORECASE)
    rest = re.sub(r"\s+", " ", re.sub(r"\s+([,.;:])", r"\1", rest)).strip(" ,.;:-")
    words = re.findall(r"[A-Za-z']+", rest.lower())
    return "" if all(word in _STOCK_WORDS for word in words) else rest


def element_sheet_prompt(element: Element, prompt: str = "") -> str:
    """The prompt of ``element``'s visual, by its kind, with the user's own words (if any) as detail."""
    sheet = SHEETS.get(element.element_type, SHEETS["object"]).format(subject=element.trigger)
    detail = _detail(element, prompt)
    return f"{sheet} {detail}." if detail and not detail.endswith(".") else f"{sheet} {detail}".strip()
