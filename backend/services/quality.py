"""A generation's quality preset, settled when the job is queued (docs/quality.md): which preset (the request's,
else the shot's, else the project's default), whether it fits the mode, and which distilled weights draft and
standard run on. Every refusal is a 422 that says what to change."""

from __future__ import annotations

import re
from typing import Any

from backend.db.tables import Project, Shot
from backend.errors import InvalidInput
from backend.models.loras.library import LoraFile, LoraLibrary
from backend.models.ltx2.presets import DRAFT_SIGMAS, schedule_length
from backend.schemas.jobs import GenerateRequest

__all__ = ["DISTILLED_LORA_REPO", "chosen_quality", "distilled_lora", "settle_quality"]

#: Where Lightricks publish the distilled LoRA of LTX-2 19 B (``ltx-2-19b-distilled-lora-384.safetensors``).
DISTILLED_LORA_REPO = "Lightricks/LTX-2"
_VIDEO_MODES = ("t2v", "i2v", "keyframes", "extend", "retake")


def chosen_quality(body: GenerateRequest, shot: Shot | None, project: Project) -> str | None:
    """The preset a video job runs: the request's, else the shot's, else the project's default; ``upscale`` (the
    older switch for the two-stage path) means standard. None for stills (FLUX.2 has no presets)."""
    if body.mode not in _VIDEO_MODES:
        if body.quality is not None:
            raise InvalidInput(f"quality is a preset of the video modes; {body.mode} makes a still: leave it out")
        return None
    if body.upscale:
        if body.quality not in (None, "standard"):
            raise InvalidInput(f"upscale is the two-stage path of quality standard, not {body.quality}: send one")
        return "standard"
    return body.quality or (shot.quality if shot is not None else None) or project.default_quality


def _normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower())


def distilled_lora(library: LoraLibrary | None) -> LoraFile | None:
    """The library's distilled LoRA of LTX-2 (a name with 'distilled-lora', as Lightricks' file has) that fits the
    video model in use; None without one."""
    if library is None:
        return None
    for entry in library.scan():
        if entry.info.family == "ltx2" and entry.info.fits and "distilled-lora" in _normal(entry.name):
            return entry
    return None


def _needs_distilled(quality: str) -> InvalidInput:
    return InvalidInput(
        f"{quality} runs LTX-2's distilled 8-step schedule, and the studio has no distilled weights: download the "
        f"distilled LoRA (ltx-2-19b-distilled-lora-384 from {DISTILLED_LORA_REPO}, Models page) or put it in the LoRA "
        "folder, or run the distilled checkpoint (MILIMO_LTX2_SOURCE, with MILIMO_LTX2_DISTILLED=true); or choose final"
    )


def settle_quality(
    request: dict[str, Any], quality: str | None, kind: str, library: LoraLibrary | None, *, explicit: bool = True
) -> None:
    """Write the preset into the job's request: ``quality``, the schedule it runs (draft: 8 steps, CFG 1), the
    distilled LoRA it applies (``request["loras"]`` gains it: at every step for a draft, in the refine only for
    standard), and ``schedule_length``. ``kind`` is the mode the job runs as (a shot with a storyboard frame runs
    text-to-video as image-to-video). ``explicit``: the request named the preset (not inherited from the shot or
    the project), so one the job cannot run is refused rather than replaced."""
    if quality is None:
        return
    base_is_distilled = library.base_is_distilled() if library is not None else False
    if quality == "standard" and (kind != "t2v" or request.get("control") or request.get("audio_asset_id")):
        if not explicit:
            # Inherited (the shot's or the project's preset): a job that runs one stage anyway (an extension, a retake,
            # image-to-video from a storyboard frame...) runs the full recipe (the distilled one on a distilled
            # checkpoint), and its result says why.
            fallback = "draft" if base_is_distilled else "final"
            quality, request["quality_note"] = (
                fallback,
                f"standard is two-stage text-to-video; this {kind} job ran {fallback}",
            )
        elif kind != "t2v":
            why = " (the shot starts from its storyboard frame)" if request.get("from_frame") else ""
            raise InvalidInput(
                f"standard is the two-stage path of text-to-video; this {kind} job{why} runs one stage: choose draft "
                "or final"
            )
        else:
            raise InvalidInput(
                "standard is the two-stage path of text-to-video without a control clip or a sound to follow: "
                "choose draft or final, or remove the control clip / sound"
            )
    if quality == "final" and base_is_distilled and not explicit:
        # The project's default is final; on the distilled checkpoint the shots that keep it run what it can run.
        quality, request["quality_note"] = "draft", "final needs the full weights; the distilled checkpoint ran a draft"
    if quality == "final" and base_is_distilled:
        raise InvalidInput(
            "final runs the full guidance recipe, and the LTX-2 weights in use are the distilled checkpoint "
            "(MILIMO_LTX2_DISTILLED): choose draft or standard, or run the full weights for final"
        )
    request["quality"] = quality
    if quality == "draft" or (quality == "standard" and base_is_distilled):
        # The distilled schedule: its own sigmas (presets.draft_kwargs), one pass per step. On a distilled checkpoint
        # standard's first stage runs it too (the checkpoint knows no other).
        request["num_inference_steps"], request["guidance_scale"] = len(DRAFT_SIGMAS), 1.0
        request["distilled_stage_1"] = quality == "standard"
    if quality in ("draft", "standard") and not base_is_distilled:
        entry = distilled_lora(library)
        if entry is None and quality == "draft":
            raise _needs_distilled(quality)
        if entry is not None and all(lora["id"] != entry.id for lora in request.get("loras") or []):
            lora = {"id": entry.id, "name": entry.name, "strength": 1.0, "distilled": True}
            request["loras"] = [
                *(request.get("loras") or []),
                lora if quality == "draft" else {**lora, "stage": "refine"},
            ]
        request["distilled"] = "lora" if entry is not None else None
    elif quality in ("draft", "standard"):
        request["distilled"] = "checkpoint"
    request["schedule_length"] = schedule_length(request)
