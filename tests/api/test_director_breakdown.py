"""``POST /projects/{id}/storyboard/breakdown``: the director (the tiny Gemma 3, under JSON-schema constrained
decoding) breaks a scene or a treatment into shots; an answer that does not keep the script is asked again, then
refused, and nothing is saved."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from backend.api.app import create_app
from backend.config import Settings
from backend.screenplay import parse
from backend.screenplay.beats import scenes_of
from backend.screenplay.characters import cast_of
from backend.services import director_breakdown
from tests.api.conftest import make_project
from tests.sqlite_only import sqlite_only  # noqa: F401 - the database_url fixture: SQLite only (see the module)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """Small answers (the tiny model fills every string to its limit): prompts of 100 characters, 3 shots a scene,
    2 scenes a treatment."""
    small = settings.model_copy(
        update={"director_prompt_chars": 100, "director_max_shots": 3, "director_max_scenes": 2}
    )
    with TestClient(create_app(small, start_worker=False), base_url="http://127.0.0.1") as test_client:
        yield test_client


SILENT = """INT. LIGHTHOUSE - NIGHT

Rain hammers the glass. MARA (40s, oilskin coat) climbs the spiral stairs.

EXT. PIER - DAWN

Waves break over the pier. Mara watches the boats.
"""

TALKING = """INT. LIGHTHOUSE - NIGHT

MARA climbs the stairs.

MARA
You're late again, Tomas.

TOMAS
The boat wouldn't start.

MARA
Come inside.

TOMAS
The storm won't wait.

MARA
Nothing waits for us.
"""


def ask(client: TestClient, project_id: str, **body: object) -> dict:
    response = client.post(f"/projects/{project_id}/storyboard/breakdown", json={"max_new_tokens": 4000, **body})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_scene_without_dialogue_is_broken_down_by_the_director(client: TestClient) -> None:
    project = make_project(client)
    board = ask(client, project["id"], text=SILENT, scene_index=0)
    assert board["breakdown"] == "director"
    assert any("TEST MODEL" in w for w in board["warnings"])
    lighthouse, pier = board["scenes"]
    assert lighthouse["heading"] == "INT. LIGHTHOUSE - NIGHT"  # headings stay the script's
    assert 1 <= len(lighthouse["shots"]) <= 3
    for shot in lighthouse["shots"]:
        # The schema held: a framing of the list, 2-10 s, a prompt, cast names only.
        assert shot["framing"] in (
            "wide",
            "medium",
            "close-up",
            "over-the-shoulder",
            "two-shot",
            "insert",
            "point-of-view",
        )
        assert 2 <= shot["duration_s"] <= 10 and len(shot["prompt"]) >= 20
        assert set(shot["characters"]) <= {"Mara"}
    # The scene not asked for keeps the rule-based breakdown (its built prompt).
    rules = client.post(f"/projects/{project['id']}/storyboard/parse", json={"text": SILENT}).json()
    assert pier["shots"] == rules["scenes"][1]["shots"]
    assert [e["name"] for e in board["elements"]] == [e["name"] for e in rules["elements"]]
    # The same seed gives the same breakdown; nothing was saved.
    assert ask(client, project["id"], text=SILENT, scene_index=0)["scenes"] == board["scenes"]
    assert client.get(f"/projects/{project['id']}").json()["shots"] == []
    # The proposal commits like a parsed one.
    assert client.post(f"/projects/{project['id']}/storyboard/commit", json=board).status_code == 200
    prompts = [s["prompt"] for s in client.get(f"/projects/{project['id']}").json()["shots"]]
    assert prompts[: len(lighthouse["shots"])] == [s["prompt"] for s in lighthouse["shots"]]


def test_an_answer_that_drops_or_reorders_dialogue_is_asked_again_then_refused(client: TestClient) -> None:
    """The tiny model picks lines at random: five lines, each once and in order, is what it does not manage, so
    every attempt is refused and the request with it; nothing is saved."""
    project = make_project(client)
    calls: list[int] = []
    real = director_breakdown._scene_problem

    def counting(shots, brief):  # noqa: ANN001, ANN202 - a spy on the real check
        calls.append(1)
        return real(shots, brief)

    director_breakdown._scene_problem = counting
    try:
        response = client.post(
            f"/projects/{project['id']}/storyboard/breakdown", json={"text": TALKING, "max_new_tokens": 4000}
        )
    finally:
        director_breakdown._scene_problem = real
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert "refused 3 times" in detail and "nothing was changed" in detail
    assert "line" in detail or "order" in detail
    assert len(calls) == director_breakdown.ATTEMPTS
    assert client.get(f"/projects/{project['id']}").json()["shots"] == []


def test_the_check_takes_only_every_line_once_in_order_and_known_triggers() -> None:
    """The rule an answer must pass, on hand-written answers (what a real director could send)."""
    from backend.models.gemma.breakdown import SceneBrief

    brief = SceneBrief("INT. A - DAY", "...", ("Hi.", "Hello.", "Bye."), (("Mara", "@Mara"), ("Tomas", "@Tomas")))
    prompt = "A medium shot of @Mara and @Tomas in the kitchen, morning light."
    good = [{"prompt": prompt, "lines": ["Hi.", "Hello."]}, {"prompt": prompt, "lines": ["Bye."]}]
    assert director_breakdown._scene_problem(good, brief) is None
    dropped = [{"prompt": prompt, "lines": ["Hi.", "Bye."]}]
    assert "left out" in director_breakdown._scene_problem(dropped, brief)
    swapped = [{"prompt": prompt, "lines": ["Hello.", "Hi.", "Bye."]}]
    assert "order" in director_breakdown._scene_problem(swapped, brief)
    stranger = [{"prompt": prompt + " @Bob waves.", "lines": ["Hi.", "Hello.", "Bye."]}]
    assert "@Bob" in director_breakdown._scene_problem(stranger, brief)


def test_dialogue_is_quoted_verbatim_with_its_delivery() -> None:
    """The director picks lines; the studio writes them, as the rules do."""
    script = parse("INT. A - DAY\n\nMARA\n(quietly)\nCome in.\n\nTOMAS\nThanks.\n")
    [scene] = scenes_of(script, cast_of(script))
    speeches = [(s, ln) for beat in scene.beats for s in beat.speeches for ln in s.lines]
    from backend.screenplay.characters import trigger_of

    shots = director_breakdown._scene_shots(
        [
            {
                "prompt": "A two-shot in a doorway.",
                "framing": "two-shot",
                "duration_s": 3.04,
                "lines": ["Come in.", "Thanks."],
            }
        ],
        speeches,
        trigger_of,
    )
    assert shots[0]["prompt"] == 'A two-shot in a doorway. @Mara says, quietly: "Come in." @Tomas says: "Thanks."'
    assert shots[0]["duration_s"] == 3.0 and shots[0]["source"] == ["Come in.", "Thanks."]


def test_a_free_form_treatment_becomes_scenes_and_shots(client: TestClient) -> None:
    project = make_project(client)
    treatment = "A lighthouse keeper finds a stranger's boat at dawn. She hides it before the storm comes."
    board = ask(client, project["id"], text=treatment)
    assert board["breakdown"] == "director" and 1 <= len(board["scenes"]) <= 2
    for scene in board["scenes"]:
        assert scene["heading"] and scene["shots"]
        for shot in scene["shots"]:
            assert 2 <= shot["duration_s"] <= 10 and shot["framing"]
    # Every trigger in a prompt names an element the commit will create.
    names = {e["name"] for e in board["elements"]}
    assert all(set(s["characters"]) <= names for sc in board["scenes"] for s in sc["shots"])
    assert client.post(f"/projects/{project['id']}/storyboard/commit", json=board).status_code == 200


def test_without_a_director_the_rules_answer_and_say_so(settings: Settings) -> None:
    with TestClient(
        create_app(settings.model_copy(update={"director_source": "none"}), start_worker=False),
        base_url="http://127.0.0.1",
    ) as client:
        project = make_project(client)
        board = ask(client, project["id"], text=TALKING)
        assert board["breakdown"] == "rules"
        assert any("No director model" in w for w in board["warnings"])
        rules = client.post(f"/projects/{project['id']}/storyboard/parse", json={"text": TALKING}).json()
        assert board["scenes"] == rules["scenes"]


def test_bad_requests_are_refused_with_what_to_fix(client: TestClient) -> None:
    project = make_project(client)
    url = f"/projects/{project['id']}/storyboard/breakdown"
    far = client.post(url, json={"text": SILENT, "scene_index": 5})
    assert far.status_code == 422 and "the script has 2 scenes" in far.json()["detail"]
    assert client.post(url, json={"text": ""}).status_code == 422
    short = client.post(url, json={"text": SILENT, "scene_index": 0, "max_new_tokens": 64})
    assert short.status_code == 422 and "before its JSON was complete" in short.json()["detail"]
    assert client.post(f"/projects/{'0' * 32}/storyboard/breakdown", json={"text": SILENT}).status_code == 404
