"""The rule-based breakdown: beats grouped into shots with a purpose (grouping, durations, framing), each shot's
prompt built from its context (place and light, @Triggers, framing, quoted dialogue with its delivery), and the
cast's descriptions read where the script introduces them."""

from __future__ import annotations

import pytest

from backend.screenplay import parse_fountain, propose_storyboard
from backend.screenplay.beats import scenes_of
from backend.screenplay.breakdown import MAX_SHOT_S, MIN_SHOT_S, plan_scene, strip_direction
from backend.screenplay.characters import cast_of, trigger_of


def shots_of(text: str, scene: int = 0) -> list[dict]:
    return propose_storyboard(parse_fountain(text))["scenes"][scene]["shots"]


def test_an_exchange_of_short_lines_is_one_shot_and_the_establishing_shot_shows_the_place() -> None:
    shots = shots_of(
        "INT. KITCHEN - NIGHT\n\nRain on the window.\n\nMARA\nYou're late.\n\nTOM\nI know.\n\nMARA\nSit.\n"
    )
    assert [s["framing"] for s in shots] == ["wide", "over-the-shoulder"]
    assert shots[1]["text"] == "Mara: You're late.\nTom: I know.\nMara: Sit."
    assert shots[1]["characters"] == ["Mara", "Tom"]


def test_a_shot_direction_a_newcomer_after_dialogue_and_an_insert_start_new_shots() -> None:
    shots = shots_of(
        "INT. KITCHEN - NIGHT\n\nMARA sits.\n\nMARA\nWhere is he?\n\nTOM enters, soaked.\n\nTOM\nSorry.\n\n"
        "CLOSE ON the letter in her hand.\n\nA key on the table.\n"
    )
    assert [s["framing"] for s in shots] == ["wide", "close-up", "medium", "close-up", "insert"]
    assert shots[2]["characters"] == ["Tom"] and shots[2]["text"] == "TOM enters, soaked.\nTom: Sorry."
    assert shots[3]["prompt"].startswith("A close-up of the letter in her hand inside the kitchen.")
    assert shots[4]["prompt"].startswith("An insert shot inside the kitchen. A key on the table.")


@pytest.mark.parametrize(
    ("direction", "framing"),
    [
        ("CLOSE ON the logbook.", "close-up"),
        ("CLOSE-UP: her hands.", "close-up"),
        ("EXTREME CLOSE UP on his eye.", "close-up"),
        ("INSERT - the map.", "insert"),
        ("WIDE SHOT of the bay.", "wide"),
        ("ANGLE ON the door.", "medium"),
        ("MARA'S POV: the boat.", "point-of-view"),
        ("TWO-SHOT: they stare.", "two-shot"),
    ],
)
def test_directions_set_the_framing_and_leave_the_action(direction: str, framing: str) -> None:
    found, rest = strip_direction(direction)
    assert found == framing
    assert rest and rest[0].isupper() and not rest.startswith(("ON ", "On "))


def test_durations_from_words_spoken_and_action_within_two_and_ten_seconds() -> None:
    # 10 spoken words at 2.5 a second + half a second of breath.
    [_, line] = shots_of("INT. A - DAY\n\nJo waits.\n\nJO\nOne two three four five six seven eight nine ten.\n")
    assert line["duration_s"] == 4.5
    [short] = shots_of("INT. A - DAY\n\nA door.\n")
    assert short["duration_s"] == MIN_SHOT_S  # two words are not a shot of 0.6 s
    speech = " ".join(f"Sentence number {n} goes here." for n in range(20))  # 100 words: 40 s of speech
    shots = shots_of(f"INT. A - DAY\n\nJo waits.\n\nJO\n{speech}\n")
    spoken = shots[1:]
    assert len(spoken) >= 4 and all(MIN_SHOT_S <= s["duration_s"] <= MAX_SHOT_S for s in spoken)
    # Split at sentence ends only: the speech is all there, verbatim, in order.
    quoted = " ".join(s["prompt"].split('"')[1] for s in spoken)
    assert quoted == speech


def test_prompts_quote_dialogue_with_its_delivery_and_never_speak_the_parenthetical() -> None:
    [_, talk] = shots_of("INT. A - NIGHT\n\nMARA waits.\n\nMARA\n(whispering)\nCome in.\n(beat)\nQuickly.\n")
    assert '@Mara says, whispering: "Come in." Then: "Quickly."' in talk["prompt"]
    assert "(whispering)" not in talk["prompt"] and "beat" not in talk["prompt"]


def test_voice_over_off_screen_and_singing_are_said_so() -> None:
    shots = shots_of(
        "INT. A - NIGHT\n\nMARA waits.\n\nMARA (V.O.)\nI knew.\n\nTOM (O.S.)\nOpen up!\n\nMARA\n~Row, row, row.\n"
    )
    prompt = " ".join(s["prompt"] for s in shots)
    assert 'In voice-over, @Mara says: "I knew."' in prompt
    assert '@Tom, off-screen, says: "Open up!"' in prompt
    assert '@Mara sings: "Row, row, row."' in prompt


@pytest.mark.parametrize(
    ("heading", "place", "light"),
    [
        ("INT. LIGHTHOUSE - NIGHT", "inside the lighthouse", "At night, lit by warm practical lamps"),
        ("EXT. PIER - DAWN", "outdoors at the pier", "At dawn, pale cool light"),
        ("EXT. FIELD - MAGIC HOUR", "outdoors at the field", "At golden hour"),
        ("INT./EXT. CAR - MOVING - DAY", "in and around the car, moving", "By day"),
        ("INT. MARA'S KITCHEN - MORNING", "inside Mara's kitchen", "In the morning"),
    ],
)
def test_the_heading_becomes_place_and_light(heading: str, place: str, light: str) -> None:
    [shot] = shots_of(f"{heading}\n\nMARA\nHello.\n")
    assert place in shot["prompt"] and light in shot["prompt"]
    assert heading not in shot["prompt"]


def test_continuous_carries_the_time_of_day_over() -> None:
    board = propose_storyboard(
        parse_fountain(
            "INT. HOUSE - NIGHT\n\nA lamp.\n\nEXT. GARDEN - CONTINUOUS\n\nWind.\n\nINT. HOUSE - LATER\n\nA cup.\n"
        )
    )
    garden, later = board["scenes"][1]["shots"][0], board["scenes"][2]["shots"][0]
    assert garden["prompt"].endswith("At night under cool moonlight, deep blue shadows.")
    assert later["prompt"].endswith("At night, lit by warm practical lamps against deep shadow.")


def test_names_in_action_become_triggers_any_case_and_introductions_drop_what_the_element_says() -> None:
    script = (
        "INT. A - DAY\n\nMARA (40s, weathered oilskin coat) climbs. TOMAS, a young fisherman, waits at the top.\n\n"
        "Mara's lantern swings. WILL is here; I will wait.\n\nMARA\nHi.\n\nTOMAS\nHey.\n\nWILL\nYo.\n"
    )
    board = propose_storyboard(parse_fountain(script))
    first = board["scenes"][0]["shots"][0]["prompt"]
    assert "@Mara climbs. @Tomas waits at the top." in first
    assert "40s" not in first and "fisherman" not in first  # the element's description says it, once
    second = " ".join(s["prompt"] for s in board["scenes"][0]["shots"])
    assert "@Mara's lantern swings" in second
    assert "I will wait" in second  # "will" is not WILL
    described = {e["name"]: e["description"] for e in board["elements"] if e["type"] == "character"}
    assert described == {
        "Mara": "Mara (40s, weathered oilskin coat)",
        "Tomas": "Tomas (a young fisherman)",
        "Will": "",
    }


def test_dual_dialogue_is_one_two_shot_spoken_at_once() -> None:
    [_, pair] = shots_of("INT. A - DAY\n\nThey stare.\n\nMARA\nNo!\n\nTOM ^\nYes!\n")
    assert pair["framing"] == "two-shot"
    assert '@Mara and @Tom speak at the same time. @Mara says: "No!" @Tom says: "Yes!"' in pair["prompt"]


def test_every_beat_lands_in_exactly_one_shot_in_order() -> None:
    script = parse_fountain(
        "INT. A - DAY\n\nOne.\n\nMARA\nTwo.\n\nThree happens.\n\nTOM\nFour.\n\nINSERT the clock.\n\nMARA\nFive.\n"
    )
    cast = cast_of(script)
    [scene] = scenes_of(script, cast)
    planned = plan_scene(scene)
    assert [b.text for shot in planned for b in shot.beats] == [b.text for b in scene.beats]
    assert [s.first_beat for s in planned] == sorted({s.first_beat for s in planned})
    assert trigger_of("Dr. O'Brien") == "@DrOBrien"


def test_a_place_is_described_by_the_action_that_opens_its_first_scene() -> None:
    board = propose_storyboard(
        parse_fountain(
            "INT. LIGHTHOUSE - NIGHT\n\nA narrow stone tower, its great lamp dark. Rain.\n\nMARA\nHello?\n\n"
            "EXT. PIER - DAY\n\nMARA runs along the pier.\n\nINT. LIGHTHOUSE - DAY\n\nSun through dust.\n\n"
            "EXT. CLIFF - DUSK\n\nCLOSE ON a rope.\n"
        )
    )
    places = {e["name"]: e["description"] for e in board["elements"] if e["type"] == "location"}
    assert places == {
        "Lighthouse": "A narrow stone tower, its great lamp dark.",  # the first scene there, its first sentence
        "Pier": "",  # the opening action is about Mara, not the place
        "Cliff": "",  # a shot direction is not a description
    }
