"""A generation's LoRAs and camera move, checked against the library when the job is queued: each LoRA exists, is of
the family the mode runs (LTX-2 for video, FLUX.2 for stills) and fits the model; a camera move has its
camera-control LoRA in the library. Every refusal is a 422 that names the file and what to do."""

from __future__ import annotations

import re
from typing import Any

from backend.errors import InvalidInput
from backend.models.catalog import CONTROL_KINDS, UNION_CONTROL_REPO, camera_repo, control_repo
from backend.models.loras.library import LoraFile, LoraLibrary

FAMILY_OF_MODE = {
    "t2v": "ltx2",
    "i2v": "ltx2",
    "keyframes": "ltx2",
    "extend": "ltx2",
    "retake": "ltx2",
    "t2i": "flux2",
    "edit": "flux2",
}
FAMILY_NAME = {"ltx2": "LTX-2", "flux2": "FLUX.2"}


def _normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower())


def camera_lora(library: LoraLibrary, move: str) -> LoraFile:
    wanted = f"camera-control-{move.replace('_', '-')}"
    for entry in library.scan():
        if wanted in _normal(entry.name) and entry.info.family == "ltx2":
            return entry
    raise InvalidInput(
        f"camera {move} needs its camera-control LoRA, and none is in the library: download "
        f"{camera_repo(move)} (Models page) or put its .safetensors (a name with '{wanted}') in {library.own}"
    )


def control_lora(library: LoraLibrary, kind: str) -> LoraFile:
    """The IC-LoRA a control clip of ``kind`` goes through: the one trained for that kind when the library has it,
    else the union control LoRA (which is also what a raw clip, a restyle, runs on)."""
    entries = [e for e in library.scan() if e.info.family == "ltx2" and "ic-lora" in _normal(e.name)]
    for wanted in (f"{kind}-control", "union-control"):
        for entry in entries:
            if wanted in _normal(entry.name):
                return entry
    also = f" (or {control_repo(kind)})" if kind in CONTROL_KINDS else ""
    raise InvalidInput(
        f"a {kind} control clip needs the IC-LoRA for control video, and none is in the library: download "
        f"{UNION_CONTROL_REPO}{also} (Models page) or put its .safetensors (a name with 'ic-lora' and "
        f"'union-control') in {library.own}"
    )


def checked_lora(entry: LoraFile, family: str, mode: str) -> LoraFile:
    """``entry`` if it is of ``family`` and fits its model; a 422 naming the file otherwise."""
    info = entry.info
    if info.family != family:
        what = f"a {FAMILY_NAME[info.family]} LoRA" if info.family else "not a LoRA of LTX-2 or FLUX.2"
        raise InvalidInput(f"LoRA {entry.name} is {what}; a {mode} job runs {FAMILY_NAME[family]}")
    if not info.fits:
        raise InvalidInput(f"LoRA {entry.name} does not fit the {FAMILY_NAME[family]} model: {info.reason}")
    return entry


def resolve_loras(
    library: LoraLibrary | None, mode: str, choices: list[dict[str, Any]], camera: str | None
) -> list[dict[str, Any]]:
    """What the job applies: ``[{id, name, strength}]`` (the camera move's LoRA last, at strength 1, with ``camera``)."""
    if not choices and camera is None:
        return []
    family = FAMILY_OF_MODE.get(mode)
    if family is None:
        raise InvalidInput(f"LoRAs and camera moves are for {', '.join(FAMILY_OF_MODE)}, not {mode}")
    if camera is not None and family != "ltx2":
        raise InvalidInput(f"a camera move is for video modes, not {mode}")
    if library is None:
        raise InvalidInput("LoRAs are not available here")
    ids = [c["id"] for c in choices]
    if len(set(ids)) != len(ids):
        raise InvalidInput("a LoRA is listed twice: give each once, with one strength")
    entries = {e.id: e for e in library.scan()}
    resolved = []
    for choice in choices:
        entry = entries.get(choice["id"])
        if entry is None:
            raise InvalidInput(f"no LoRA {choice['id']!r} in the library (GET /loras lists them)")
        checked_lora(entry, family, mode)
        resolved.append({"id": entry.id, "name": entry.name, "strength": float(choice["strength"])})
    if camera is not None:
        entry = checked_lora(camera_lora(library, camera), family, mode)
        if entry.id not in ids:
            resolved.append({"id": entry.id, "name": entry.name, "strength": 1.0, "camera": camera})
    return resolved
