"""@Trigger injection edge cases."""

from __future__ import annotations

from backend.db.tables import Element
from backend.services.element_injection import find_triggers, inject_elements_into_prompt

HERO = Element(
    project_id="p",
    name="Hero",
    trigger="@Hero",
    description="a tall sailor in a yellow coat",
    reference_asset_ids=["a1", "a2"],
)
PIER = Element(
    project_id="p", name="Pier", trigger="@Pier", description="an old wooden pier", reference_asset_ids=["a2"]
)


def test_whole_words_any_case_and_punctuation() -> None:
    result = inject_elements_into_prompt("@hero's boots on @Pier, then @HERO runs.", [HERO, PIER])
    # The first mention is described, later ones are named: the description is not repeated.
    assert result.prompt == "a tall sailor in a yellow coat's boots on an old wooden pier, then Hero runs."
    assert result.used == ("@Hero", "@Pier") and result.unknown == ()
    assert result.reference_asset_ids == ("a1", "a2")  # each image once, in order of first use


def test_a_longer_name_is_not_a_shorter_trigger_and_emails_are_not_triggers() -> None:
    result = inject_elements_into_prompt("@Heroine meets ana@example.com and @Hero", [HERO])
    assert result.unknown == ("@Heroine",)
    assert "ana@example.com" in result.prompt and result.prompt.endswith("a yellow coat")
    assert find_triggers("mail me@x.org @@Hero @_x") == []


def test_unknown_triggers_are_reported_once_and_left_in_place() -> None:
    result = inject_elements_into_prompt("@Ghost and @ghost walk", [HERO])
    assert result.unknown == ("@Ghost",)  # once, as first spelled
    assert result.prompt == "@Ghost and @ghost walk" and result.used == ()
