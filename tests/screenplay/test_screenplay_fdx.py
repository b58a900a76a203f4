"""Final Draft XML parsing, including dual dialogue, title page, malformed XML and refused DTD/entities."""

from pathlib import Path

import pytest

from backend.screenplay import ScreenplayError, parse_fdx

CORPUS = Path(__file__).parent / "corpus"


def test_sample_fdx_elements():
    script = parse_fdx((CORPUS / "sample.fdx").read_text())
    assert [(e.kind, e.text, e.line) for e in script.elements] == [
        ("scene_heading", "INT. LIGHTHOUSE - NIGHT", 4),
        ("action", "Rain lashes the windows. MARA climbs.", 7),
        ("character", "MARA (V.O.)", 10),
        ("parenthetical", "(whispering)", 13),
        ("dialogue", "Someone has been here & left.", 16),
        ("character", "TOM", 21),
        ("dialogue", "Nobody comes up here.", 22),
        ("character", "MARA", 23),
        ("dialogue", "Somebody did.", 24),
        ("transition", "CUT TO:", 27),
        ("page_break", "", 30),
        ("scene_heading", "EXT. CLIFF - DAWN", 30),
        ("centered", "THE END", 33),
        ("lyrics", "La la la", 36),
    ]
    cues = script.of_kind("character")
    assert [(c.name, c.extensions, c.dual) for c in cues] == [
        ("MARA", ("V.O.",), False),
        ("TOM", (), True),
        ("MARA", (), True),
    ]
    assert script.of_kind("scene_heading")[0].scene_number == "1"
    assert script.warnings == []


def test_sample_fdx_title_page():
    script = parse_fdx((CORPUS / "sample.fdx").read_text())
    assert script.title_page == {
        "title": "The Keeper",
        "credit": "Written by",
        "author": "A. Writer",
        "contact": "writer@example.com",
    }


def test_malformed_fdx_reports_line():
    with pytest.raises(ScreenplayError) as info:
        parse_fdx((CORPUS / "malformed.fdx").read_text())
    assert info.value.line == 8
    assert "mismatched tag" in info.value.message
    assert str(info.value).startswith("line 8: ")


def test_truncated_fdx_reports_line():
    with pytest.raises(ScreenplayError) as info:
        parse_fdx('<?xml version="1.0"?>\n<FinalDraft>\n<Content>\n<Paragraph Type="Action">')
    assert info.value.line == 4


def test_dtd_and_entities_refused():
    with pytest.raises(ScreenplayError) as info:
        parse_fdx((CORPUS / "entities.fdx").read_text())
    assert info.value.line == 2
    assert "not allowed" in info.value.message


def test_undeclared_entity_is_an_error():
    with pytest.raises(ScreenplayError) as info:
        parse_fdx("<FinalDraft><Content>\n<Paragraph><Text>&xxe;</Text></Paragraph></Content></FinalDraft>")
    assert info.value.line == 2


def test_wrong_root_and_missing_content():
    with pytest.raises(ScreenplayError, match="root element is <html>"):
        parse_fdx("<html><body/></html>")
    with pytest.raises(ScreenplayError, match="no <Content>"):
        parse_fdx("<FinalDraft></FinalDraft>")


def test_unknown_type_and_no_heading_warnings():
    script = parse_fdx('<FinalDraft><Content><Paragraph Type="Weird"><Text>x</Text></Paragraph></Content></FinalDraft>')
    assert [(e.kind, e.text) for e in script.elements] == [("action", "x")]
    assert script.warnings == [
        "line 1: unknown paragraph type 'Weird' read as action",
        "no scene heading found: the script is treated as one implicit scene",
    ]


def test_encoding_declaration_of_decoded_text_is_ignored():
    text = '<?xml version="1.0" encoding="ISO-8859-1"?><FinalDraft><Content><Paragraph Type="Action"><Text>Café</Text></Paragraph></Content></FinalDraft>'
    assert parse_fdx(text).elements[0].text == "Café"


def test_empty_fdx():
    with pytest.raises(ScreenplayError, match="the script is empty"):
        parse_fdx("  \n ")


def test_nested_dual_dialogue_is_ignored_with_warning():
    inner = "<Paragraph><DualDialogue><Paragraph Type='Character'><Text>X</Text></Paragraph></DualDialogue></Paragraph>"
    text = (
        "<FinalDraft><Content><Paragraph><DualDialogue>"
        + inner * 2
        + "<Paragraph Type='Character'><Text>BOB</Text></Paragraph>"
        + "</DualDialogue></Paragraph></Content></FinalDraft>"
    )
    script = parse_fdx(text)
    assert [(e.kind, e.text, e.dual) for e in script.elements] == [("character", "BOB", True)]
    assert script.warnings[:2] == ["line 1: nested DualDialogue ignored"] * 2
