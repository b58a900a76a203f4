"""propose_storyboard: the exact API contract on small scripts (scenes, shots with built prompts, notes,
transitions, elements with the script's descriptions)."""

from pathlib import Path

import pytest

from backend.screenplay import parse, parse_fountain, propose_storyboard
from backend.screenplay.place import split_heading

CORPUS = Path(__file__).parent / "corpus"
NIGHT_INSIDE = "At night, lit by warm practical lamps against deep shadow."


def test_small_script_storyboard_exact():
    board = propose_storyboard(parse((CORPUS / "small.fountain").read_text()))
    assert board["breakdown"] == "rules"
    lighthouse, cliff = board["scenes"]
    assert {k: lighthouse[k] for k in ("heading", "location", "time_of_day", "synopsis", "notes", "transitions")} == {
        "heading": "INT. LIGHTHOUSE - NIGHT",
        "location": "LIGHTHOUSE",
        "time_of_day": "NIGHT",
        "synopsis": "Mara finds the logbook.",
        "notes": [],
        "transitions": [],
    }
    assert lighthouse["shots"] == [
        {
            "text": "Rain lashes the windows. MARA climbs the spiral stairs, lantern in hand.",
            "prompt": "A wide establishing shot inside the lighthouse. Rain lashes the windows. @Mara climbs the spiral "
            "stairs, lantern in hand. The camera holds steady, taking in the whole space. " + NIGHT_INSIDE,
            "framing": "wide",
            "source": ["Rain lashes the windows. MARA climbs the spiral stairs, lantern in hand."],
            "characters": ["Mara"],
            "duration_s": 3.4,  # 12 words of action at 3.5 a second
        },
        {
            # Two short lines of an exchange are one shot, not two.
            "text": "Mara: (whispering) Someone has been here.\nTom: Nobody comes up here.",
            "prompt": "An over-the-shoulder shot of @Mara and @Tom inside the lighthouse. In voice-over, @Mara says, "
            'whispering: "Someone has been here." @Tom says: "Nobody comes up here." The camera looks past one '
            "shoulder at the other face. " + NIGHT_INSIDE,
            "framing": "over-the-shoulder",
            "source": ["MARA (V.O.)", "(whispering)", "Someone has been here.", "TOM", "Nobody comes up here."],
            "characters": ["Mara", "Tom"],
            "duration_s": 4.2,  # 7 words spoken at 2.5 a second, plus half a second of breath per speech
        },
    ]
    assert [s["framing"] for s in cliff["shots"]] == ["wide", "two-shot"]  # the dual pair is a two-shot
    assert cliff["shots"][1]["prompt"].startswith("A two-shot of @Mara and @Tom outdoors at the cliff. @Mara and @Tom")
    assert cliff["shots"][1]["prompt"].endswith("At dawn, pale cool light with a soft glow on the horizon.")
    assert board["elements"] == [
        {"name": "Mara", "type": "character", "description": ""},
        {"name": "Tom", "type": "character", "description": ""},
        {"name": "Lighthouse", "type": "location", "description": ""},
        {"name": "Cliff", "type": "location", "description": ""},
    ]


def test_fdx_and_fountain_of_the_same_scene_agree_on_elements():
    board = propose_storyboard(parse((CORPUS / "sample.fdx").read_text()))
    assert [e["name"] for e in board["elements"]] == ["Mara", "Tom", "Lighthouse", "Cliff"]
    last = board["scenes"][0]["shots"][-1]
    assert last["text"].endswith("Tom: Nobody comes up here.\nMara: Somebody did.")
    assert last["characters"] == ["Mara", "Tom"]
    assert board["scenes"][0]["transitions"] == [{"text": "CUT TO:", "at_shot": 2}]
    assert board["scenes"][1]["shots"] == []  # centered text and lyrics outside dialogue are not beats


def test_plain_script_storyboard():
    board = propose_storyboard(parse((CORPUS / "plain.txt").read_text()))
    assert [s["heading"] for s in board["scenes"]] == ["INT. DINER - NIGHT", "EXT. PARKING LOT - CONTINUOUS"]
    diner = board["scenes"][0]
    assert diner["shots"][0]["source"] == ["A neon sign flickers. JANE sits alone in a booth,", "stirring cold coffee."]
    assert '@Waiter, off-screen, says: "More coffee?"' in diner["shots"][1]["prompt"]
    assert diner["transitions"][0] == {"text": "FADE IN:", "at_shot": 0}
    # CONTINUOUS has no light of its own: the night carries over, lit as an exterior.
    lot = board["scenes"][1]
    assert lot["time_of_day"] == "CONTINUOUS"
    assert lot["shots"][0]["prompt"].endswith("At night under cool moonlight, deep blue shadows.")


def test_implicit_scene_emphasis_and_extension_free_names():
    board = propose_storyboard(parse_fountain("A *dark* room. JOE waits.\n\nJOE (V.O.)\nWhere **is** everyone?\n"))
    [scene] = board["scenes"]
    assert (scene["heading"], scene["location"], scene["time_of_day"]) == ("", "", "")
    assert [s["text"] for s in scene["shots"]] == ["A dark room. JOE waits.", "Joe: Where is everyone?"]
    assert scene["shots"][1]["prompt"].startswith('A close-up of @Joe. In voice-over, @Joe says: "Where is everyone?"')
    assert board["elements"] == [{"name": "Joe", "type": "character", "description": ""}]


def test_notes_and_transitions_are_listed_where_they_stand_and_locations_dedupe():
    script = parse_fountain(
        "# Act\n\nINT. HOUSE - KITCHEN - NIGHT\n\n[[note one]]\n\nBOB\nHi. [[aside]]\n\nCUT TO:\n\n"
        "INT. HOUSE - KITCHEN - DAY\n\n= later synopsis\n\nBob eats.\n"
    )
    board = propose_storyboard(script)
    night, day = board["scenes"]
    assert [(s["location"], s["time_of_day"], s["synopsis"], len(s["shots"])) for s in board["scenes"]] == [
        ("HOUSE - KITCHEN", "NIGHT", "", 1),
        ("HOUSE - KITCHEN", "DAY", "later synopsis", 1),
    ]
    assert night["notes"] == [{"text": "note one", "at_shot": 0}, {"text": "aside", "at_shot": 0}]
    assert night["transitions"] == [{"text": "CUT TO:", "at_shot": 1}]
    assert day["notes"] == [] and day["transitions"] == []
    assert "Hi." in night["shots"][0]["prompt"] and "aside" not in night["shots"][0]["prompt"]
    assert [e["name"] for e in board["elements"]] == ["Bob", "House - Kitchen"]


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("INT. LIGHTHOUSE - NIGHT", ("LIGHTHOUSE", "NIGHT")),
        ("EXT. CLIFF – DAWN", ("CLIFF", "DAWN")),
        ("INT./EXT. CAR - MOVING - NIGHT", ("CAR - MOVING", "NIGHT")),
        ("I/E TRUCK - DAY", ("TRUCK", "DAY")),
        ("EST. CITY", ("CITY", "")),
        ("SNIPER SCOPE POV", ("SNIPER SCOPE POV", "")),
    ],
)
def test_split_heading(heading, expected):
    assert split_heading(heading) == expected
