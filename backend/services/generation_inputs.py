"""Mode-specific checks of a generation request against the project (assets exist, belong to it, fit together).

Each check raises :class:`InvalidInput` (422) or :class:`NotFound` (404) with a message that says what to fix, and
returns the fields the job will need, in plain JSON (asset ids, never paths: paths are resolved by the handler).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from backend.db.tables import Asset, Element, Shot
from backend.errors import InvalidInput
from backend.schemas.jobs import GenerateRequest
from backend.services.lookup import get_in_project

DEFAULT_INPAINT_STRENGTH = 0.9


def _asset(session: Session, project_id: str, asset_id: str, kinds: tuple[str, ...], role: str) -> Asset:
    asset = get_in_project(session, Asset, project_id, asset_id)
    if asset.kind not in kinds:
        raise InvalidInput(f"{role} must be {' or '.join(kinds)}; asset {asset_id} is {asset.kind}")
    return asset


def mode_inputs(session: Session, body: GenerateRequest, shot: Shot | None, request: dict[str, Any]) -> dict[str, Any]:
    pid, mode = body.project_id, body.mode
    extra: dict[str, Any] = {}
    if body.element_id is not None:
        if mode not in ("t2i", "edit"):
            raise InvalidInput("element_id (attach the result to an element) is for the image modes t2i and edit")
        extra["element_id"] = get_in_project(session, Element, pid, body.element_id).id
    return {**extra, **_mode_inputs(session, body, shot, request)}


def _mode_inputs(session: Session, body: GenerateRequest, shot: Shot | None, request: dict[str, Any]) -> dict[str, Any]:
    pid, mode = body.project_id, body.mode
    if body.upscale:
        if mode != "t2v":
            raise InvalidInput("upscale (two-stage latent upscale) is available for mode t2v only")
        if request["width"] % 64 or request["height"] % 64:
            raise InvalidInput(
                f"upscale generates at half size first, so width and height must be multiples of 64 "
                f"(got {request['width']}x{request['height']})"
            )
    if mode == "extend":
        if body.extend_seconds is None:
            raise InvalidInput("mode extend needs extend_seconds: how many seconds of video to add")
        if shot is None or not shot.video_path:
            raise InvalidInput("this shot has no clip to extend yet: generate the shot first")
        return {
            "extend_seconds": body.extend_seconds,
            "instruction": (body.instruction or "").strip(),
            "overlap_seconds": body.overlap_seconds,
            "extend_result": body.extend_result,
            "lock_prompt": body.lock_prompt,
            "handoff": body.handoff,
            "base_video": shot.video_path,
        }

    if mode == "i2v":
        if not body.image_asset_id:
            raise InvalidInput("mode i2v needs image_asset_id: the image the clip starts from")
        _asset(session, pid, body.image_asset_id, ("image",), "image_asset_id")
        return {"image_asset_id": body.image_asset_id}

    if mode == "keyframes":
        items = (
            [i.model_dump() for i in body.conditioning]
            if body.conditioning is not None
            else list(shot.conditioning if shot else [])
        )
        if not items:
            raise InvalidInput("mode keyframes needs conditioning items: [{asset_id, frame, strength}, ...]")
        for n, item in enumerate(items):
            _asset(session, pid, item["asset_id"], ("image", "video"), f"conditioning[{n}].asset_id")
            if not 0 <= item["frame"] < request["num_frames"]:
                raise InvalidInput(
                    f"conditioning[{n}].frame is {item['frame']}, outside the clip (frames 0 to "
                    f"{request['num_frames'] - 1})"
                )
        return {"conditioning": items}

    if mode == "edit":
        if not body.reference_asset_ids:
            raise InvalidInput("mode edit needs reference_asset_ids: one or more reference images")
        for n, asset_id in enumerate(body.reference_asset_ids):
            _asset(session, pid, asset_id, ("image",), f"reference_asset_ids[{n}]")
        return {"reference_asset_ids": list(body.reference_asset_ids)}

    if mode == "inpaint":
        if not body.image_asset_id or not body.mask_asset_id:
            raise InvalidInput("mode inpaint needs image_asset_id (the picture) and mask_asset_id (white = repaint)")
        image = _asset(session, pid, body.image_asset_id, ("image",), "image_asset_id")
        mask = _asset(session, pid, body.mask_asset_id, ("image",), "mask_asset_id")
        if (mask.width, mask.height) != (image.width, image.height):
            raise InvalidInput(
                f"the mask is {mask.width}x{mask.height} but the image is {image.width}x{image.height}; "
                "they must be the same size"
            )
        strength = body.strength if body.strength is not None else DEFAULT_INPAINT_STRENGTH
        # A frame grabbed from a shot stays tied to it, so the repaired frame can go back into that shot.
        source = (
            {"source_shot_id": image.source_shot_id, "source_frame": image.source_frame} if image.source_shot_id else {}
        )
        return {
            "image_asset_id": image.id,
            "mask_asset_id": mask.id,
            "strength": strength,
            "width": image.width,
            "height": image.height,
            **source,
        }

    return {}
