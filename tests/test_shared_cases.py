"""The rules written in both languages, driven by one table of cases each (tests/cases/*.json): the web app's Vitest
suite reads the same files (web-app/src/test/sharedCases.test.ts), so the two sides cannot drift apart without a
failing test on one of them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from backend.db.tables import Asset, Shot, Track
from backend.errors import InvalidInput, NotFound
from backend.schemas.jobs import GenerateRequest
from backend.services.generation_inputs import mode_inputs
from backend.services.timeline_rules import (
    Placement,
    check_bounds,
    check_fades,
    check_fits,
    check_no_overlap,
    check_unlocked,
)

CASES = Path(__file__).parent / "cases"
TIMELINE = json.loads((CASES / "timeline_rules.json").read_text())
GENERATION = json.loads((CASES / "generation_inputs.json").read_text())
PROJECT = "p"


# --- timeline invariants ------------------------------------------------------------------------------------------


def _source(source_id: str, spec: dict[str, Any], fps: float) -> Shot | Asset:
    if spec["kind"] == "shot":
        return Shot(id=source_id, project_id=PROJECT, num_frames=spec["frames"], fps=fps)
    duration = None if spec["frames"] is None else spec["frames"] / fps
    return Asset(id=source_id, project_id=PROJECT, kind=spec["kind"], path=f"{source_id}.bin", duration_s=duration)


def _timeline_outcome(case: dict[str, Any]) -> dict[str, Any] | str:
    """Run the server's checks over the case's timeline, in the order a batch runs them: changed clips on locked
    tracks, then each clip (fits its track, within its source, fades within it), then overlaps per track."""
    fps = TIMELINE["fps"]
    tracks = {
        t["id"]: Track(id=t["id"], project_id=PROJECT, kind=t["kind"], name=t["name"], locked=t["locked"])
        for t in case["tracks"]
    }
    sources = {sid: _source(sid, spec, fps) for sid, spec in TIMELINE["sources"].items()}
    clips = []
    for c in case["clips"]:
        is_shot = TIMELINE["sources"][c["source"]]["kind"] == "shot"
        clips.append(
            Placement(
                id=c["id"],
                track_id=c["track_id"],
                shot_id=c["source"] if is_shot else None,
                asset_id=None if is_shot else c["source"],
                start_frame=c["start_frame"],
                source_in=c["source_in"],
                duration=c["duration"],
                version=1,
                fade_in=c["fade_in"],
                fade_out=c["fade_out"],
            )
        )
    by_id = {c.id: c for c in clips}
    checks: list[tuple[str, Any]] = [
        ("locked", lambda cid=cid: check_unlocked(tracks[by_id[cid].track_id], cid, "change"))
        for cid in case["changed"]
    ]
    for clip in clips:
        source = sources[clip.source_id]
        checks += [
            ("fits", lambda clip=clip, source=source: check_fits(tracks[clip.track_id], source, clip.id)),
            ("bounds", lambda clip=clip, source=source: check_bounds(clip, source, fps)),
            ("fades", lambda clip=clip: check_fades(clip)),
        ]
    for track in tracks.values():
        checks.append(
            ("overlap", lambda track=track: check_no_overlap(track, [c for c in clips if c.track_id == track.id]))
        )
    for code, check in checks:
        try:
            check()
        except InvalidInput as refusal:
            return {
                "error": code,
                "clips": refusal.extra.get("clips") if hasattr(refusal, "extra") else None,
                "message": str(refusal),
            }
    return "ok"


@pytest.mark.parametrize("case", TIMELINE["cases"], ids=[c["name"] for c in TIMELINE["cases"]])
def test_timeline_rules_case(case: dict[str, Any]) -> None:
    outcome = _timeline_outcome(case)
    if case["expect"] == "ok":
        assert outcome == "ok"
        return
    assert outcome != "ok", f"expected a refusal ({case['expect']['error']}), the server's checks passed"
    assert outcome["error"] == case["expect"]["error"], outcome["message"]
    for clip_id in case["expect"]["clips"]:
        assert clip_id in outcome["message"]


def test_timeline_cases_cover_every_rule() -> None:
    codes = {c["expect"]["error"] for c in TIMELINE["cases"] if c["expect"] != "ok"}
    assert codes == {"locked", "fits", "bounds", "fades", "overlap"}
    assert any(c["expect"] == "ok" for c in TIMELINE["cases"])


# --- generation inputs --------------------------------------------------------------------------------------------


class _Session:
    """What the checks ask of the database: one row by table and id (the project's assets)."""

    def __init__(self, assets: dict[str, Asset]) -> None:
        self.assets = assets

    def get(self, table: type, row_id: str) -> Any:
        return self.assets.get(row_id) if table is Asset else None


#: The words each refusal code is said with on the server (its own messages and the schema's validation).
SERVER_WORDS = {
    "missing_image": "needs image_asset_id",
    "wrong_kind": "must be image",
    "unknown_asset": "does not exist in project",
    "missing_conditioning": "needs conditioning items",
    "frame_range": "frame",
    "strength_range": "strength",
    "too_many": "at most",
    "missing_references": "reference_asset_ids",
    "missing_mask": "mask_asset_id",
    "mask_size": "must be the same size",
}


def _generation_outcome(request: dict[str, Any]) -> tuple[str, str]:
    assets = {
        a["id"]: Asset(
            id=a["id"], project_id=PROJECT, kind=a["kind"], path=f"{a['id']}.bin", width=a["width"], height=a["height"]
        )
        for a in GENERATION["assets"]
    }
    num_frames = GENERATION["num_frames"]
    try:
        body = GenerateRequest(
            project_id=PROJECT, shot_id="s", prompt=GENERATION["prompt"], num_frames=num_frames, **request
        )
        mode_inputs(_Session(assets), body, None, {"width": 64, "height": 64, "num_frames": num_frames})  # type: ignore[arg-type]
    except ValidationError as refusal:
        return "refused", json.dumps(refusal.errors(include_url=False, include_input=False), default=str)
    except (InvalidInput, NotFound) as refusal:
        return "refused", str(refusal)
    return "ok", ""


@pytest.mark.parametrize("case", GENERATION["cases"], ids=[c["name"] for c in GENERATION["cases"]])
def test_generation_inputs_case(case: dict[str, Any]) -> None:
    outcome, message = _generation_outcome(case["request"])
    if case["expect"] == "ok":
        assert outcome == "ok", message
    else:
        assert outcome == "refused", f"expected {case['expect']}, the server accepted it"
        assert SERVER_WORDS[case["expect"]] in message, message


def test_generation_cases_cover_every_refusal() -> None:
    codes = {c["expect"] for c in GENERATION["cases"] if c["expect"] != "ok"}
    assert codes == set(SERVER_WORDS)
