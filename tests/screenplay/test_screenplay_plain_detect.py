"""Plain-text screenplays, format detection and the parse() entry point."""

from pathlib import Path

import pytest

from backend.screenplay import ScreenplayError, detect_format, parse, parse_plain
from backend.screenplay.model import NO_SCENE_HEADING_WARNING

CORPUS = Path(__file__).parent / "corpus"


def test_plain_text_script():
    script = parse_plain((CORPUS / "plain.txt").read_text())
    assert [(e.kind, e.text, e.line) for e in script.elements] == [
        ("transition", "FADE IN:", 3),
        ("scene_heading", "INT. DINER - NIGHT", 5),
        ("action", "A neon sign flickers. JANE sits alone in a booth,\nstirring cold coffee.", 7),
        ("character", "JANE", 10),
        ("parenthetical", "(to herself)", 11),
        ("dialogue", "He's late. He's always late.", 12),
        ("character", "WAITER (O.S.)", 14),
        ("dialogue", "More coffee?", 15),
        ("character", "JANE", 17),
        ("dialogue", "No. Thanks.", 18),
        ("action", "The door opens. The WAITER looks up.", 21),
        ("transition", "CUT TO:", 23),
        ("scene_heading", "EXT. PARKING LOT - CONTINUOUS", 25),
        ("action", "Rain.", 27),
    ]
    assert not any(e.forced for e in script.elements)
    assert script.title_page == {} and script.warnings == []


def test_plain_text_markup_is_not_interpreted_and_form_feed_breaks_page():
    text = (
        "INT. ROOM - DAY\n\n# not a section [[not a note]]\n\f\n"
        "                         BOB\n          = not a synopsis\n"
    )
    script = parse_plain(text)
    assert [(e.kind, e.text) for e in script.elements] == [
        ("scene_heading", "INT. ROOM - DAY"),
        ("action", "# not a section [[not a note]]"),
        ("page_break", ""),
        ("character", "BOB"),
        ("dialogue", "= not a synopsis"),
    ]


def test_flush_left_plain_text_is_read_as_fountain():
    script = parse_plain("INT. ROOM - DAY\n\nBOB\nHi.\n")
    assert [e.kind for e in script.elements] == ["scene_heading", "character", "dialogue"]


def test_detect_format():
    assert detect_format((CORPUS / "sample.fdx").read_text()) == "fdx"
    assert detect_format((CORPUS / "malformed.fdx").read_text()) == "fdx"
    assert detect_format("\ufeff  <FinalDraft><Content/></FinalDraft>") == "fdx"
    assert detect_format((CORPUS / "full.fountain").read_text()) == "fountain"
    assert detect_format((CORPUS / "small.fountain").read_text()) == "fountain"
    assert detect_format((CORPUS / "plain.txt").read_text()) == "text"


@pytest.mark.parametrize(
    ("name", "first_kind"),
    [("full.fountain", "section"), ("sample.fdx", "scene_heading"), ("plain.txt", "transition")],
)
def test_parse_dispatches(name, first_kind):
    assert parse((CORPUS / name).read_text()).elements[0].kind == first_kind


def test_parse_with_explicit_format():
    text = (CORPUS / "plain.txt").read_text()
    as_fountain = parse(text, format="fountain")
    assert as_fountain.elements != parse(text).elements
    with pytest.raises(ValueError, match="unknown screenplay format"):
        parse(text, format="docx")  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", " ", "\n\n\t  \n", (CORPUS / "empty.fountain").read_text()])
@pytest.mark.parametrize("fmt", [None, "fountain", "fdx", "text"])
def test_parse_empty(text, fmt):
    with pytest.raises(ScreenplayError) as info:
        parse(text, format=fmt)
    assert info.value.message == "the script is empty"
    assert info.value.line is None


def test_parse_no_heading_is_one_implicit_scene_with_warning():
    script = parse((CORPUS / "noheading.fountain").read_text())
    assert script.warnings == [NO_SCENE_HEADING_WARNING]
    assert len(script.elements) == 3


def test_malformed_fdx_through_parse():
    with pytest.raises(ScreenplayError) as info:
        parse((CORPUS / "malformed.fdx").read_text())
    assert info.value.line == 8
