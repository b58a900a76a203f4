"""A generation's control clip (IC-LoRA control video), checked when the shot is saved and when the job is queued:
the clip exists in the project and is a video (or a shot with a take), the ranges lie inside the clip and the shot,
the mode can take it, and the IC-LoRA it runs through is in the library. Every refusal is a 422 that says what to fix;
the job gets plain JSON (project-relative media paths, never machine paths)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from backend.db.tables import Asset, Shot
from backend.errors import InvalidInput, NotFound
from backend.models.loras.library import LoraLibrary
from backend.schemas.control import ControlChoice
from backend.schemas.views import clip_frames
from backend.services.lookup import get_in_project
from backend.services.lora_choices import checked_lora, control_lora

CONTROL_MODES = ("t2v", "i2v", "keyframes")


def control_source(session: Session, project_id: str, control: dict[str, Any]) -> tuple[str, float | None]:
    """The clip a control names (its project-relative path) and its length in seconds (None: unknown)."""
    try:
        return _source(session, project_id, control)
    except NotFound as missing:  # deleted since it was chosen, or never in this project
        raise NotFound(f"the control clip: {missing}; choose another clip or remove the control") from None


def _source(session: Session, project_id: str, control: dict[str, Any]) -> tuple[str, float | None]:
    if control.get("asset_id"):
        asset = get_in_project(session, Asset, project_id, control["asset_id"])
        if asset.kind != "video":
            raise InvalidInput(f"control.asset_id must be a video; asset {asset.id} is {asset.kind}")
        return asset.path, asset.duration_s
    source = get_in_project(session, Shot, project_id, control["shot_id"])
    if not source.video_path:
        raise InvalidInput(f"shot {source.id} has no take yet to guide another shot: generate it first")
    return source.video_path, (clip_frames(source) or source.num_frames) / source.fps


def check_control(session: Session, project_id: str, control: dict[str, Any] | None) -> None:
    """What a shot may keep as its control: a clip of the project that exists, starting inside it."""
    if control is not None:
        control = ControlChoice.model_validate(control).model_dump()
        _, length = control_source(session, project_id, control)
        _check_start(control, length)


def _check_start(control: dict[str, Any], length: float | None) -> None:
    if length is not None and control["start_s"] >= length:
        raise InvalidInput(
            f"control.start_s is {control['start_s']:g} s but the control clip lasts {length:.2f} s: start inside it"
        )


def resolve_control(
    session: Session,
    library: LoraLibrary | None,
    project_id: str,
    mode: str,
    control: dict[str, Any] | None,
    request: dict[str, Any],
) -> dict[str, Any] | None:
    """What the job runs with (``request["control"]``), appending the IC-LoRA to ``request["loras"]``; None without
    a control clip."""
    if control is None:
        return None
    control = ControlChoice.model_validate(control).model_dump()  # a shot's saved control has only the fields set
    if mode not in CONTROL_MODES:
        raise InvalidInput(f"a control clip guides {', '.join(CONTROL_MODES)}, not {mode}")
    if request.get("upscale"):
        raise InvalidInput("upscale (two-stage) cannot take a control clip yet: turn off upscale or remove control")
    if request.get("audio_asset_id"):
        raise InvalidInput("a shot follows either a sound or a control clip: remove audio_asset_id or control")
    path, length = control_source(session, project_id, control)
    _check_start(control, length)
    shot_seconds = request["num_frames"] / float(request["fps"])
    first = control.get("from_s") or 0.0
    if first >= shot_seconds:
        raise InvalidInput(
            f"control.from_s is {first:g} s but the shot lasts {shot_seconds:.2f} s: guide a part inside it"
        )
    if library is None:
        raise InvalidInput("control video needs the LoRA library, which is not available here")
    entry = checked_lora(control_lora(library, control["kind"]), "ltx2", mode)
    factor = entry.info.reference_downscale
    if request["width"] % (32 * factor) or request["height"] % (32 * factor):
        raise InvalidInput(
            f"{entry.name} encodes its guide at 1/{factor} size, so the shot's width and height must be multiples "
            f"of {32 * factor} (it is {request['width']}x{request['height']})"
        )
    if all(chosen["id"] != entry.id for chosen in request["loras"]):
        request["loras"].append({"id": entry.id, "name": entry.name, "strength": 1.0, "control": control["kind"]})
    return {
        **{key: control.get(key) for key in ("asset_id", "shot_id", "kind", "strength", "start_s", "from_s", "to_s")},
        "video": path,
        "downscale": factor,
        "lora_id": entry.id,
    }
