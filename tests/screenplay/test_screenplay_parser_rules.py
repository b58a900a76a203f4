"""Parser rules of issue 15, one case each, written from the Fountain 1.1 spec: openers that are not title pages,
boneyard and notes that never join or eat the lines around them, indented Fountain, FDX script notes."""

import pytest

from backend.screenplay import detect_format, parse, parse_fdx, parse_fountain


def _kinds(script):
    return [(e.kind, e.text) for e in script.elements]


@pytest.mark.parametrize("opener", ["FADE IN:", "CUT TO:", "BLACK:"])
def test_an_opening_transition_is_not_a_title_page(opener):
    script = parse_fountain(f"{opener}\n\nINT. HOUSE - DAY\n\nMara waits.\n")
    assert script.title_page == {}
    assert script.elements[0].kind in ("transition", "action")
    assert script.elements[0].text == opener
    assert ("scene_heading", "INT. HOUSE - DAY") in _kinds(script)


def test_fade_in_right_above_the_first_heading():
    script = parse_fountain("FADE IN:\nINT. HOUSE - DAY\n\nMara waits.\n")
    assert _kinds(script)[:2] == [("transition", "FADE IN:"), ("scene_heading", "INT. HOUSE - DAY")]


def test_a_real_title_page_with_an_empty_key_is_still_a_title_page():
    script = parse_fountain("Title:\n    The Keeper\nAuthor: A. Writer\n\nINT. HOUSE - DAY\n\nGo.\n")
    assert script.title_page == {"title": "The Keeper", "author": "A. Writer"}


def test_a_heading_after_a_boneyard_stays_a_heading():
    text = "INT. HOUSE - DAY\n\nMara waits.\n/* an old scene\nINT. CELLAR - NIGHT\n*/\nINT. GARDEN - DAY\n\nTom digs.\n"
    assert _kinds(parse_fountain(text)) == [
        ("scene_heading", "INT. HOUSE - DAY"),
        ("action", "Mara waits."),
        ("scene_heading", "INT. GARDEN - DAY"),
        ("action", "Tom digs."),
    ]


def test_a_boneyard_does_not_join_the_action_around_it():
    script = parse_fountain("INT. A - DAY\n\nMara waits.\n/* cut */\nTom digs.\n")
    assert _kinds(script)[1:] == [("action", "Mara waits."), ("action", "Tom digs.")]


def test_a_boneyard_line_in_dialogue_keeps_the_dialogue():
    script = parse_fountain("INT. A - DAY\n\nMARA\nHello.\n/* cut */\nGoodbye.\n")
    assert _kinds(script)[1:] == [("character", "MARA"), ("dialogue", "Hello.\nGoodbye.")]


def test_an_inline_boneyard_leaves_the_rest_of_its_line():
    script = parse_fountain("INT. A - DAY\n\nMara /* slowly */ waits.\n")
    assert script.elements[1].text.split() == ["Mara", "waits."]


def test_a_note_with_an_empty_line_is_not_a_note():
    script = parse_fountain("INT. A - DAY\n\nTom digs. [[a note\n\nstill the note?]]\n\nMara waits.\n")
    assert [e.kind for e in script.elements] == ["scene_heading", "action", "action", "action"]
    assert script.elements[1].text == "Tom digs. [[a note"
    assert script.elements[3].text == "Mara waits."


def test_a_note_with_a_two_space_line_is_a_note():
    script = parse_fountain("INT. A - DAY\n\nTom digs. [[first\n  \nsecond]]\n\nMara waits.\n")
    assert _kinds(script)[1:] == [("action", "Tom digs."), ("note", "first\n\nsecond"), ("action", "Mara waits.")]


def test_a_note_on_its_own_line_before_a_heading():
    script = parse_fountain("INT. A - DAY\n\nTom digs.\n[[check the light]]\nINT. B - NIGHT\n\nGo.\n")
    assert _kinds(script) == [
        ("scene_heading", "INT. A - DAY"),
        ("action", "Tom digs."),
        ("note", "check the light"),
        ("scene_heading", "INT. B - NIGHT"),
        ("action", "Go."),
    ]


def test_a_cue_never_ends_with_a_colon():
    script = parse_fountain("INT. A - DAY\n\nINTERCUT:\nMara and Tom on the phone.\n")
    assert [e.kind for e in script.elements] == ["scene_heading", "action"]


INDENTED = """INT. LIGHTHOUSE - NIGHT

Rain lashes the windows.

            MARA
      (without turning)
      You're late again, Tomas.

            TOMAS
      The boat was slow.

            MARA
      Again.
"""


@pytest.mark.parametrize(
    "text",
    [
        INDENTED,
        "Title: The Keeper\n\n" + INDENTED.replace("            ", " " * 22).replace("      ", " " * 11),
        INDENTED.replace("            ", "\t\t\t").replace("      ", "\t\t"),
    ],
    ids=["centered", "title-page", "tabs"],
)
def test_indented_fountain_is_detected_and_read_with_its_characters(text):
    assert detect_format(text) == "fountain"
    script = parse(text)
    assert [e.name for e in script.of_kind("character")] == ["MARA", "TOMAS", "MARA"]
    assert script.of_kind("parenthetical")[0].text == "(without turning)"
    assert script.of_kind("dialogue")[0].text == "You're late again, Tomas."


FDX = """<?xml version="1.0" encoding="UTF-8"?>
<FinalDraft DocumentType="Script" Version="5">
<Content>
<Paragraph Type="Scene Heading"><Text>INT. A - DAY</Text></Paragraph>
<Paragraph Type="Action"><ScriptNote><Paragraph><Text>inline note</Text></Paragraph></ScriptNote><Text>Mara waits.</Text></Paragraph>
<Paragraph Type="Action"><Text>Tom enters.</Text></Paragraph>
</Content>
<ScriptNotes>
<ScriptNote Range="14,5"><Paragraph><Text>on Mara</Text></Paragraph></ScriptNote>
<ScriptNote Range="26,3"><Paragraph><Text>on Tom</Text></Paragraph><Paragraph><Text>second line</Text></Paragraph></ScriptNote>
<ScriptNote><Paragraph><Text>no range</Text></Paragraph></ScriptNote>
</ScriptNotes>
</FinalDraft>
"""


def test_fdx_script_notes_are_read_where_they_are():
    assert _kinds(parse_fdx(FDX)) == [
        ("scene_heading", "INT. A - DAY"),
        ("action", "Mara waits."),
        ("note", "inline note"),
        ("note", "on Mara"),
        ("action", "Tom enters."),
        ("note", "on Tom\nsecond line"),
        ("note", "no range"),
    ]
