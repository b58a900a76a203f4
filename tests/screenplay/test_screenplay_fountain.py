"""Fountain parser: every element kind, title page, notes/boneyard, forced elements, dual dialogue, performance."""

import time
from pathlib import Path

import pytest

from backend.screenplay import ScreenplayError, parse_fountain, strip_emphasis
from backend.screenplay.model import NO_SCENE_HEADING_WARNING

CORPUS = Path(__file__).parent / "corpus"


def _full():
    return parse_fountain((CORPUS / "full.fountain").read_text())


def _summary(script):
    return [(e.kind, e.text, e.line) for e in script.elements]


def test_title_page_keys_and_multiline_values():
    tp = _full().title_page
    assert tp == {
        "title": "_**BRICK & STEEL**_\n_**FULL RETIRED**_",
        "credit": "Written by",
        "author": "Stu Maschwitz",
        "source": "Story by KTM",
        "draft date": "1/20/2012",
        "contact": "Next Level Productions\n1588 Mission Dr.\nSolvang, CA 93463",
    }
    assert strip_emphasis(tp["title"]) == "BRICK & STEEL\nFULL RETIRED"


def test_full_corpus_elements_in_order_with_lines():
    assert _summary(_full()) == [
        ("section", "ACT ONE", 13),
        ("section", "The Yard", 15),
        ("synopsis", "Brick meets Steel at the junkyard.", 17),
        ("transition", "FADE IN:", 19),
        ("scene_heading", "EXT. BRICK'S PATIO - DAY", 21),
        (
            "action",
            "A gorgeous day.  The sun is shining.\nBut BRICK BRADDOCK, retired police detective, is sitting quietly.",
            23,
        ),
        ("note", "Check the weather.", 23),
        ("character", "STEEL (O.S.)", 29),
        ("dialogue", "Beer's ready!", 30),
        ("character", "BRICK", 32),
        ("parenthetical", "(without looking up)", 33),
        ("dialogue", "Are they cold?", 34),
        ("character", "STEEL (CONT'D)", 36),
        ("dialogue", "Does a bear crap in the woods?\n\nI mean it.", 37),
        ("transition", "CUT TO:", 41),
        ("scene_heading", "SNIPER SCOPE POV", 43),
        ("action", "BOOM. A shot rings out.", 45),
        ("character", "McCLANE", 47),
        ("dialogue", "Yippee ki-yay!", 48),
        ("character", "BRICK", 50),
        ("dialogue", "Screw retirement.", 51),
        ("character", "STEEL", 53),
        ("dialogue", "Screw retirement.", 54),
        ("transition", "SMASH CUT TO BLACK.", 56),
        ("centered", "THE END", 58),
        ("lyrics", "Willy Wonka! Willy Wonka! The amazing chocolatier!", 60),
        ("note", "A\nmulti-line\nnote.", 62),
        ("page_break", "", 66),
        ("scene_heading", "INT./EXT. CAR - NIGHT", 68),
        ("scene_heading", "I/E. TRUCK - CONTINUOUS", 70),
        ("scene_heading", "EST. CITY SKYLINE - DAWN", 72),
        ("transition", "FADE OUT.", 74),
    ]
    assert _full().warnings == []


def test_scene_numbers_and_forced_heading():
    heads = _full().of_kind("scene_heading")
    assert [(h.scene_number, h.forced) for h in heads] == [
        ("1", False),
        ("2A", True),
        (None, False),
        (None, False),
        (None, False),
    ]


def test_character_extensions_forced_and_dual():
    cues = _full().of_kind("character")
    assert [(c.name, c.extensions, c.forced, c.dual) for c in cues] == [
        ("STEEL", ("O.S.",), False, False),
        ("BRICK", (), False, False),
        ("STEEL", ("CONT'D",), False, False),
        ("McCLANE", (), True, False),
        ("BRICK", (), False, True),
        ("STEEL", (), False, True),
    ]
    assert cues[0].extension == "O.S."
    multi = parse_fountain("INT. A - DAY\n\nBOB (V.O.) (CONT'D)\nHi.\n").of_kind("character")[0]
    assert multi.extensions == ("V.O.", "CONT'D") and multi.extension == "V.O. CONT'D"


def test_forced_action_and_transition_flags():
    script = _full()
    assert [a.forced for a in script.of_kind("action")] == [False, True]
    assert [t.forced for t in script.of_kind("transition")] == [False, False, True, False]


def test_boneyard_removed_entirely_and_notes_removed_from_text():
    script = _full()
    everything = "\n".join(e.text for e in script.elements)
    assert "second draft" not in everything and "whole paragraph" not in everything
    assert "[[" not in everything.replace("Check the weather.", "")
    assert not any("Check the weather" in e.text for e in script.elements if e.kind != "note")


def test_inline_boneyard_and_note_inside_dialogue_keep_the_block():
    text = "INT. A - DAY\n\nBOB\nHello /* cut */there.\n[[note between lines]]\nStill talking.\n"
    script = parse_fountain(text)
    assert _summary(script) == [
        ("scene_heading", "INT. A - DAY", 1),
        ("character", "BOB", 3),
        ("dialogue", "Hello there.\nStill talking.", 4),
        ("note", "note between lines", 5),
    ]


def test_unterminated_boneyard_runs_to_end_with_warning():
    script = parse_fountain("INT. A - DAY\n\nKept.\n\n/* never closed\n\nGone.\n")
    assert _summary(script) == [("scene_heading", "INT. A - DAY", 1), ("action", "Kept.", 3)]
    assert script.warnings == ["line 5: unterminated boneyard /* runs to the end of the script"]


def test_character_needs_blank_line_before_and_dialogue_after():
    script = parse_fountain("INT. A - DAY\n\nShe looks up.\nBOB\n\nBOB\n\nBOB\nHi.\n")
    assert _summary(script) == [
        ("scene_heading", "INT. A - DAY", 1),
        ("action", "She looks up.\nBOB", 3),
        ("action", "BOB", 6),
        ("character", "BOB", 8),
        ("dialogue", "Hi.", 9),
    ]


def test_heading_needs_blank_line_before_and_dots_are_not_forced():
    script = parse_fountain("INT. A - DAY\n\nShe says\nint. this is not a heading\n\n...and then.\n")
    assert _summary(script) == [
        ("scene_heading", "INT. A - DAY", 1),
        ("action", "She says\nint. this is not a heading", 3),
        ("action", "...and then.", 6),
    ]


def test_lowercase_scene_heading_and_transition_rules():
    script = parse_fountain("ext. park - day\n\nHe runs.\n\nDISSOLVE TO:\n\nNot a transition TO:\n")
    assert _summary(script) == [
        ("scene_heading", "ext. park - day", 1),
        ("action", "He runs.", 3),
        ("transition", "DISSOLVE TO:", 5),
        ("action", "Not a transition TO:", 7),
    ]


def test_sections_depth_and_page_break_variants():
    script = parse_fountain("# Act\n\n### Deep\n\n====\n\n= syn\n")
    assert [(e.kind, e.text, e.depth) for e in script.elements] == [
        ("section", "Act", 1),
        ("section", "Deep", 3),
        ("page_break", "", None),
        ("synopsis", "syn", None),
    ]


def test_emphasis_left_in_text_and_strip_helper():
    script = parse_fountain("INT. A - DAY\n\nHe is *very* **bold** and _under_ \\*not\\*.\n")
    action = script.of_kind("action")[0]
    assert action.text == "He is *very* **bold** and _under_ \\*not\\*."
    assert strip_emphasis(action.text) == "He is very bold and under *not*."


def test_crlf_and_bom_and_lyrics_in_dialogue():
    script = parse_fountain("\ufeffINT. A - DAY\r\n\r\nBOB\r\n~La la la\r\n")
    assert _summary(script) == [
        ("scene_heading", "INT. A - DAY", 1),
        ("character", "BOB", 3),
        ("lyrics", "La la la", 4),
    ]


def test_no_title_page_when_first_line_is_not_a_key():
    script = parse_fountain("EXT. BEACH: NORTH - DAY\n\nWaves.\n")
    assert script.title_page == {}
    assert script.elements[0].kind == "scene_heading"


def test_no_heading_warns_but_parses():
    script = parse_fountain((CORPUS / "noheading.fountain").read_text())
    assert script.warnings == [NO_SCENE_HEADING_WARNING]
    assert [e.kind for e in script.elements] == ["action", "character", "dialogue"]


@pytest.mark.parametrize("text", ["", "   \n\t\n", (CORPUS / "empty.fountain").read_text()])
def test_empty_input(text):
    with pytest.raises(ScreenplayError) as info:
        parse_fountain(text)
    assert info.value.message == "the script is empty" and info.value.line is None


SCENE = """INT. LIGHTHOUSE - NIGHT #{n}#
= The keeper climbs.

Rain lashes the windows. MARA climbs the spiral stairs, [[check lantern]] lantern in hand.
The light turns overhead.

MARA (V.O.)
(whispering)
Someone has been here.
I can *feel* it.

TOM ^
Nobody comes up here.

/* an alternative take
that was cut */

> CUT TO:

"""


def test_120_page_feature_parses_and_reports_its_time():
    text = "Title: Perf\nAuthor: Bench\n\n" + "".join(SCENE.replace("{n}", str(i)) for i in range(320))
    assert text.count("\n") > 6000
    parse_fountain(text)  # warm-up
    start = time.perf_counter()
    script = parse_fountain(text)
    # Its speed is reported, not asserted: wall-clock bounds fail on a busy CI machine.
    print(f"\n120-page Fountain parse: {(time.perf_counter() - start) * 1000:.0f} ms")
    assert len(script.of_kind("scene_heading")) == 320
    assert len(script.of_kind("note")) == 320
    assert script.of_kind("scene_heading")[-1].scene_number == "319"
    assert script.of_kind("scene_heading")[-1].line == 3 + 319 * SCENE.count("\n") + 1
