"""propose_storyboard: the exact API contract on small scripts."""

from pathlib import Path

import pytest

from backend.screenplay import parse, parse_fountain, propose_storyboard
from backend.screenplay.storyboard import estimate_duration, split_heading

CORPUS = Path(__file__).parent / "corpus"


def test_small_script_storyboard_exact():
    board = propose_storyboard(parse((CORPUS / "small.fountain").read_text()))
    assert board == {
        "scenes": [
            {
                "heading": "INT. LIGHTHOUSE - NIGHT",
                "location": "LIGHTHOUSE",
                "time_of_day": "NIGHT",
                "synopsis": "Mara finds the logbook.",
                "shots": [
                    {
                        "text": "Rain lashes the windows. MARA climbs the spiral stairs, lantern in hand.",
                        "characters": ["MARA"],
                        "duration_s": 1.0,
                    },
                    {"text": "MARA: (whispering) Someone has been here.", "characters": ["MARA"], "duration_s": 2.1},
                    {"text": "TOM: Nobody comes up here.", "characters": ["TOM"], "duration_s": 2.1},
                ],
            },
            {
                "heading": "EXT. CLIFF - DAWN",
                "location": "CLIFF",
                "time_of_day": "DAWN",
                "synopsis": "",
                "shots": [
                    {"text": "TOM and MARA stand at the edge.", "characters": ["TOM", "MARA"], "duration_s": 1.0},
                    {"text": "MARA: Look.\nTOM: I see it.", "characters": ["MARA", "TOM"], "duration_s": 1.7},
                ],
            },
        ],
        "elements": [
            {"name": "MARA", "type": "character"},
            {"name": "TOM", "type": "character"},
            {"name": "LIGHTHOUSE", "type": "location"},
            {"name": "CLIFF", "type": "location"},
        ],
    }


def test_fdx_and_fountain_of_the_same_scene_agree_on_elements():
    board = propose_storyboard(parse((CORPUS / "sample.fdx").read_text()))
    assert board["elements"] == [
        {"name": "MARA", "type": "character"},
        {"name": "TOM", "type": "character"},
        {"name": "LIGHTHOUSE", "type": "location"},
        {"name": "CLIFF", "type": "location"},
    ]
    shots = board["scenes"][0]["shots"]
    assert shots[-1] == {
        "text": "TOM: Nobody comes up here.\nMARA: Somebody did.",
        "characters": ["TOM", "MARA"],
        "duration_s": 2.1,
    }
    assert board["scenes"][1]["shots"] == []  # centered text and lyrics outside dialogue are not beats


def test_plain_script_storyboard():
    board = propose_storyboard(parse((CORPUS / "plain.txt").read_text()))
    assert [s["heading"] for s in board["scenes"]] == ["INT. DINER - NIGHT", "EXT. PARKING LOT - CONTINUOUS"]
    assert [(s["text"], s["characters"]) for s in board["scenes"][0]["shots"]] == [
        ("A neon sign flickers. JANE sits alone in a booth, stirring cold coffee.", ["JANE"]),
        ("JANE: (to herself) He's late. He's always late.", ["JANE"]),
        ("WAITER: More coffee?", ["WAITER"]),
        ("JANE: No. Thanks.", ["JANE"]),
        ("The door opens. The WAITER looks up.", ["WAITER"]),
    ]
    assert board["scenes"][1]["time_of_day"] == "CONTINUOUS"


def test_implicit_scene_and_emphasis_and_extension_free_names():
    script = parse_fountain("A *dark* room. JOE waits.\n\nJOE (V.O.)\nWhere **is** everyone?\n")
    board = propose_storyboard(script)
    assert board == {
        "scenes": [
            {
                "heading": "",
                "location": "",
                "time_of_day": "",
                "synopsis": "",
                "shots": [
                    {"text": "A dark room. JOE waits.", "characters": ["JOE"], "duration_s": 1.0},
                    {"text": "JOE: Where is everyone?", "characters": ["JOE"], "duration_s": 1.7},
                ],
            }
        ],
        "elements": [{"name": "JOE", "type": "character"}],
    }


def test_known_characters_only_whole_caps_words():
    script = parse_fountain(
        "INT. A - DAY\n\nANN sees ANNABEL and Bob. BOB waves at the TV.\n\nBOB\nHi.\n\nANNABEL\nHey.\n"
    )
    shots = propose_storyboard(script)["scenes"][0]["shots"]
    assert shots[0]["characters"] == ["ANNABEL", "BOB"]


def test_notes_sections_transitions_are_not_beats_and_repeated_locations_dedupe():
    script = parse_fountain(
        "# Act\n\nINT. HOUSE - KITCHEN - NIGHT\n\n[[note]]\n\nBOB\nHi. [[aside]]\n\nCUT TO:\n\n"
        "INT. HOUSE - KITCHEN - DAY\n\n= later synopsis\n\nBob eats.\n"
    )
    board = propose_storyboard(script)
    assert [(s["location"], s["time_of_day"], s["synopsis"], len(s["shots"])) for s in board["scenes"]] == [
        ("HOUSE - KITCHEN", "NIGHT", "", 1),
        ("HOUSE - KITCHEN", "DAY", "later synopsis", 1),
    ]
    assert board["elements"] == [{"name": "BOB", "type": "character"}, {"name": "HOUSE - KITCHEN", "type": "location"}]


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


def test_duration_rules():
    assert estimate_duration("dialogue", 10) == 4.5  # 10 / 2.5 + 0.5
    assert estimate_duration("dialogue", 0) == 1.0  # clamped up
    assert estimate_duration("dialogue", 100) == 12.0  # clamped down
    assert estimate_duration("action", 36) == 3.0  # 36 / 12
    assert estimate_duration("action", 5) == 1.0
    assert estimate_duration("action", 500) == 12.0
