"""Screenplay import through the API: parse (nothing saved), commit (all or nothing), re-import keeps work."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import make_project, wait_job

SCRIPT = """Title: The Lighthouse

INT. LIGHTHOUSE - NIGHT

The lamp turns. MARA (60s, grey braid) climbs the stairs.

MARA
(out of breath)
Someone has to keep it burning.

EXT. PIER - DAWN

JONAS waits at the end of the pier.

JONAS (V.O.)
She never came down.
"""


def test_parse_commit_and_reimport(client: TestClient) -> None:
    project = make_project(client)
    base = f"/projects/{project['id']}/storyboard"
    parsed = client.post(f"{base}/parse", json={"text": SCRIPT})
    assert parsed.status_code == 200, parsed.text
    board = parsed.json()
    assert board["format"] == "fountain" and board["title"] == "The Lighthouse"
    assert [(s["heading"], s["location"], s["time_of_day"]) for s in board["scenes"]] == [
        ("INT. LIGHTHOUSE - NIGHT", "LIGHTHOUSE", "NIGHT"),
        ("EXT. PIER - DAWN", "PIER", "DAWN"),
    ]
    assert board["breakdown"] == "rules"
    speech = board["scenes"][0]["shots"][1]
    assert speech["characters"] == ["Mara"] and speech["framing"] == "close-up"
    assert speech["source"] == ["MARA", "(out of breath)", "Someone has to keep it burning."]
    assert '@Mara says, out of breath: "Someone has to keep it burning."' in speech["prompt"]
    elements = {e["name"]: e for e in board["elements"]}
    assert elements["Mara"] == {"name": "Mara", "type": "character", "description": "Mara (60s, grey braid)"}
    assert elements["Pier"]["type"] == "location"
    assert client.get(f"/projects/{project['id']}").json()["shots"] == []  # parse saves nothing

    committed = client.post(f"{base}/commit", json={"scenes": board["scenes"], "elements": board["elements"]})
    assert committed.status_code == 200, committed.text
    assert committed.json()["shots_created"] == 4 and committed.json()["scenes_created"] == 2
    state = client.get(f"/projects/{project['id']}").json()
    shots = state["shots"]
    assert [s["index"] for s in shots] == [0, 1, 2, 3]
    assert all((s["num_frames"] - 1) % 8 == 0 for s in shots)
    # The shots are laid end to end on the timeline, as clips (the shot rows no longer carry a placement).
    clips = sorted(state["clips"], key=lambda c: c["start_frame"])
    assert [c["shot_id"] for c in clips] == [s["id"] for s in shots]
    assert [c["start_frame"] for c in clips] == [0, *[sum(x["num_frames"] for x in shots[:i]) for i in (1, 2, 3)]]
    assert {e["trigger"] for e in state["elements"]} >= {"@Mara", "@Jonas", "@Lighthouse"}
    # Shots take the built prompts; the script's description of Mara is her element's.
    assert [s["prompt"] for s in shots] == [s["prompt"] for scene in board["scenes"] for s in scene["shots"]]
    mara = next(e for e in state["elements"] if e["name"] == "Mara")
    assert mara["description"] == "Mara (60s, grey braid)"

    # Generate the first shot, then re-import a revision: that shot is kept with its clip, a changed beat is new.
    first = shots[0]
    job = client.post(
        "/generate/advanced",
        json={
            "project_id": project["id"],
            "shot_id": first["id"],
            "mode": "t2v",
            "num_frames": 9,
            "num_inference_steps": 2,
        },
    )
    done = wait_job(client, job.json()["job_id"])
    assert done["status"] == "completed", done["error"]
    assert "Mara (60s, grey braid) climbs the stairs" in done["request"]["prompt"]  # @Mara injected
    # The user rewrites the second shot's prompt; a re-import keeps it (the shot is matched by its script lines).
    second = shots[1]
    edited = client.patch(
        f"/projects/{project['id']}/shots/{second['id']}",
        json={"prompt": "my own prompt", "version": second["version"]},
    )
    assert edited.status_code == 200, edited.text
    revised = SCRIPT.replace("JONAS waits at the end of the pier.", "JONAS runs along the pier.")
    again = client.post(f"{base}/parse", json={"text": revised}).json()
    result = client.post(f"{base}/commit", json={"scenes": again["scenes"], "elements": again["elements"]}).json()
    assert (result["shots_kept"], result["shots_created"], result["shots_removed"]) == (3, 1, 1)
    kept = client.get(f"/projects/{project['id']}/shots/{first['id']}").json()
    assert kept["video_url"] is not None and kept["index"] == 0
    assert client.get(f"/projects/{project['id']}/shots/{second['id']}").json()["prompt"] == "my own prompt"


def test_built_prompts_name_the_elements_that_exist(client: TestClient) -> None:
    """An element already called Mara, with a trigger of its own: new shots' prompts use that trigger, and her
    description, written by the user, is not overwritten by the script's."""
    project = make_project(client)
    own = client.post(
        f"/projects/{project['id']}/elements",
        json={"name": "Mara", "trigger": "Keeper", "description": "a lighthouse keeper in a red coat"},
    )
    assert own.status_code == 201, own.text
    base = f"/projects/{project['id']}/storyboard"
    board = client.post(f"{base}/parse", json={"text": SCRIPT}).json()
    assert client.post(f"{base}/commit", json=board).status_code == 200
    state = client.get(f"/projects/{project['id']}").json()
    prompts = " ".join(s["prompt"] for s in state["shots"])
    assert "@Keeper" in prompts and "@Mara" not in prompts
    mara = next(e for e in state["elements"] if e["name"] == "Mara")
    assert (mara["trigger"], mara["description"]) == ("@Keeper", "a lighthouse keeper in a red coat")


def test_bad_scripts_and_all_or_nothing(client: TestClient) -> None:
    project = make_project(client)
    base = f"/projects/{project['id']}/storyboard"
    empty = client.post(f"{base}/parse", json={"text": "   \n"})
    assert empty.status_code == 422 and "empty" in empty.json()["detail"]
    broken = client.post(f"{base}/parse", json={"text": "<FinalDraft><Content><Paragraph>", "format": "fdx"})
    assert broken.status_code == 422 and broken.json()["line"] is not None
    # A commit with one invalid shot saves nothing at all.
    bad = {
        "scenes": [{"heading": "INT. A - DAY", "shots": [{"text": "ok"}, {"text": "x", "duration_s": -1}]}],
        "elements": [],
    }
    assert client.post(f"{base}/commit", json=bad).status_code == 422
    assert client.get(f"/projects/{project['id']}").json()["scenes"] == []
    assert client.post(f"/projects/{'0' * 32}/storyboard/parse", json={"text": SCRIPT}).status_code == 404
