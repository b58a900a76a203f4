"""Mode-specific checks of a generation request against the project (assets exist, belong to it, fit together).

Each check raises :class:`InvalidInput` (422) or :class:`NotFound` (404) with a message that says what to fix, and
returns the fields the job will need, in plain JSON (asset ids, never paths: paths are resolved by the handler).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from backend.db.tables import Asset, Element, Shot
from backend.errors import InvalidInput
from backend.media.windows import RETAKE_MAX_FRAMES
from backend.schemas.jobs import GenerateRequest
from backend.schemas.views import clip_frames
from backend.services.lookup import get_in_project
from backend.services.shots import check_sound

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
    return {**extra, **_sound_inputs(session, body, request), **_mode_inputs(session, body, shot, request)}


SOUND_MODES = ("t2v", "i2v", "keyframes")
MAX_FRAMES = 505  # NumFrames' bound: what one generation may be asked for


def _sound_inputs(session: Session, body: GenerateRequest, request: dict[str, Any]) -> dict[str, Any]:
    """Audio-to-video: the sound exists in the project and is audio; the clip may take its length."""
    asking = body.audio_asset_id is not None
    sound_id = request.get("audio_asset_id")
    if body.mode not in SOUND_MODES:
        if asking:
            raise InvalidInput(
                f"audio_asset_id (generate the picture to a sound) is for t2v and i2v, not {body.mode}"
                + (": a retake keeps or regenerates the take's own sound" if body.mode == "retake" else "")
            )
        return {"audio_asset_id": None, "duration_from_audio": False}  # a shot's sound is not for this mode
    if sound_id is None:
        return {"audio_asset_id": None, "duration_from_audio": False}
    if body.upscale:
        raise InvalidInput("upscale (two-stage) cannot follow a sound: turn off upscale or remove audio_asset_id")
    asset = check_sound(session, body.project_id, sound_id)
    follow = bool(request.get("duration_from_audio"))
    extra: dict[str, Any] = {"audio_asset_id": asset.id, "duration_from_audio": follow}
    if follow:
        if not asset.duration_s:
            raise InvalidInput(f"the length of audio asset {asset.id} is unknown: set num_frames instead")
        fps = float(request["fps"])
        frames = 1 + max(1, -(-(round(asset.duration_s * fps) - 1) // 8)) * 8  # 8k+1 covering the sound
        if frames > MAX_FRAMES:
            raise InvalidInput(
                f"the sound lasts {asset.duration_s:.1f} s; one generation makes at most {(MAX_FRAMES - 1) / fps:.1f} s "
                f"at {fps:g} fps: trim the audio or turn off duration_from_audio"
            )
        extra["num_frames"] = frames
    return extra


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

    if mode == "retake":
        return _retake_inputs(body, shot)

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


def _retake_inputs(body: GenerateRequest, shot: Shot | None) -> dict[str, Any]:
    if shot is None or not shot.video_path:
        raise InvalidInput("this shot has no take to retake yet: generate the shot first")
    if body.start_frame is None or body.end_frame is None:
        raise InvalidInput("mode retake needs start_frame and end_frame: the frames of the take to regenerate")
    frames = clip_frames(shot) or shot.num_frames
    if not 0 <= body.start_frame <= body.end_frame < frames:
        raise InvalidInput(
            f"the range {body.start_frame}..{body.end_frame} must lie inside the current take (frames 0 to "
            f"{frames - 1}, start before end)"
        )
    if not (body.regenerate_video or body.regenerate_audio):
        raise InvalidInput(
            "a retake regenerates the picture, the sound or both: set regenerate_video or regenerate_audio"
        )
    if body.end_frame - body.start_frame + 1 > RETAKE_MAX_FRAMES:
        raise InvalidInput(
            f"a retake regenerates at most {RETAKE_MAX_FRAMES} frames at once; the range has "
            f"{body.end_frame - body.start_frame + 1}: retake it in parts"
        )
    return {
        "start_frame": body.start_frame,
        "end_frame": body.end_frame,
        "regenerate_video": body.regenerate_video,
        "regenerate_audio": body.regenerate_audio,
        "source_video": shot.video_path,
        "source_frames": frames,
    }
