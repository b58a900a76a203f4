"""Segmentation through the SAM 3 service: cut masks from a project image, grab shot frames to work on, track an
object through a shot's clip (a job), and keep what tracking found per shot."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from backend.db.tables import Asset, Job, Shot, ShotMask
from backend.errors import InvalidInput
from backend.events.bus import EventBus
from backend.events.studio import publish_job
from backend.media.masks import BadMask, decode_png_mask, write_mask_png
from backend.sam_client.client import NOT_RUNNING, SamClient, SegmentationUnavailable
from backend.schemas.segmentation import SegmentMask, SegmentRequest, SegmentResponse, TrackRequest
from backend.schemas.views import clip_frames
from backend.services.job_queue import MAX_PENDING_JOBS, ensure_room
from backend.services.lookup import get_in_project, get_project
from backend.storage.paths import ProjectStorage, media_url

SCRATCH_MASKS = "workspace/masks"
SCRATCH_MAX_AGE_S = 24 * 3600  # masks a click produced and nobody kept are scratch: swept after a day


def _image_asset(session: Session, project_id: str, asset_id: str) -> Asset:
    asset = get_in_project(session, Asset, project_id, asset_id)
    if asset.kind != "image" or not asset.width or not asset.height:
        raise InvalidInput(f"asset {asset_id} is {asset.kind}, not an image: segment an image (grab a frame first)")
    return asset


def check_prompt_fits(body: SegmentRequest | TrackRequest, width: int, height: int) -> None:
    """Clicks and boxes must lie on the image: say which one does not, and the image's size."""
    for n, (x, y, _label) in enumerate(body.points):
        if not (0 <= x < width and 0 <= y < height):
            raise InvalidInput(f"points[{n}] = ({x:g}, {y:g}) is outside the {width}x{height} image")
    for n, (x0, y0, x1, y1) in enumerate(body.boxes):
        if x1 > width or y1 > height:
            raise InvalidInput(f"boxes[{n}] = {[x0, y0, x1, y1]} reaches outside the {width}x{height} image")


SWEEP_EVERY_S = 600  # a sweep lists the whole folder: not on every click
_last_sweep: dict[Path, float] = {}


def _sweep_scratch(folder: Path) -> None:
    now = time.time()
    if now - _last_sweep.get(folder, 0.0) < SWEEP_EVERY_S:
        return
    _last_sweep[folder] = now
    cutoff = now - SCRATCH_MAX_AGE_S
    for old in folder.glob("*.png"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except FileNotFoundError:
            pass


def segment_asset(
    session: Session, storage: ProjectStorage, sam: SamClient, project_id: str, body: SegmentRequest
) -> SegmentResponse:
    get_project(session, project_id)
    image = _image_asset(session, project_id, body.asset_id)
    check_prompt_fits(body, image.width, image.height)
    path = storage.absolute(project_id, image.path)
    prompt = {**body.service_prompt(), "threshold": body.threshold, "max_masks": body.max_masks}
    answer = sam.segment(path.read_bytes(), path.name, prompt)
    width, height = int(answer["width"]), int(answer["height"])
    if (width, height) != (image.width, image.height):
        raise SegmentationUnavailable(
            f"the segmentation service answered for a {width}x{height} image, but the asset is "
            f"{image.width}x{image.height}"
        )
    folder = storage.resolve_media_path(project_id, SCRATCH_MASKS)
    folder.mkdir(parents=True, exist_ok=True)
    _sweep_scratch(folder)
    masks = []
    for n, item in enumerate(answer["masks"]):
        try:
            pixels = decode_png_mask(item["png"], width, height)
        except BadMask as error:
            raise SegmentationUnavailable(f"the segmentation service sent a broken mask {n}: {error}") from None
        name = uuid.uuid4().hex
        relative = f"{SCRATCH_MASKS}/{name}.png"
        asset_id = None
        if body.keep_as_assets:
            relative = f"assets/masks/{name}.png"
        target = storage.absolute(project_id, relative)
        write_mask_png(target, pixels)
        if body.keep_as_assets:
            asset = Asset(
                id=name,
                project_id=project_id,
                kind="image",
                path=relative,
                original_name=f"mask of {image.original_name or image.id}"[:255],
                mime_type="image/png",
                size_bytes=target.stat().st_size,
                width=width,
                height=height,
                origin="mask",
                source_shot_id=image.source_shot_id,
                source_frame=image.source_frame,
            )
            session.add(asset)
            asset_id = name
        masks.append(
            SegmentMask(
                score=float(item["score"]),
                box=[int(v) for v in item["box"]],
                area=int(pixels.sum()),
                mask_url=media_url(project_id, relative) or "",
                asset_id=asset_id,
            )
        )
    session.commit()
    return SegmentResponse(
        width=width,
        height=height,
        model=str(answer.get("model", "")),
        test_model=bool(answer.get("test_model")),
        masks=masks,
    )


def grab_frame(session: Session, storage: ProjectStorage, project_id: str, shot_id: str, frame: int) -> Asset:
    """Frame ``frame`` of the shot's current clip, saved as a PNG asset that remembers where it came from."""
    from backend.media.video_reader import read_video_frame

    shot = get_in_project(session, Shot, project_id, shot_id)
    if not shot.video_path:
        raise InvalidInput(f"shot {shot_id} has no clip yet: generate it first, then pick a frame")
    pixels = read_video_frame(storage.absolute(project_id, shot.video_path), frame)
    if pixels is None:
        frames = clip_frames(shot) or 0
        raise InvalidInput(f"frame {frame} is outside the clip (frames 0 to {frames - 1})")
    already = _grabbed_before(session, storage, shot, frame, pixels)
    if already is not None:
        return already  # Fix frame opened again on the same frame: no second copy in the media bin
    name = uuid.uuid4().hex
    relative = f"assets/frames/{name}.png"
    target = storage.absolute(project_id, relative)
    from backend.media.images import write_png

    write_png(target, pixels)
    asset = Asset(
        id=name,
        project_id=project_id,
        kind="image",
        path=relative,
        original_name=f"shot {shot.index + 1} frame {frame}.png",
        mime_type="image/png",
        size_bytes=target.stat().st_size,
        width=int(pixels.shape[1]),
        height=int(pixels.shape[0]),
        origin="frame",
        source_shot_id=shot.id,
        source_frame=frame,
    )
    session.add(asset)
    session.commit()
    return asset


def _grabbed_before(session: Session, storage: ProjectStorage, shot: Shot, frame: int, pixels: Any) -> Asset | None:
    """The frame asset already grabbed from this shot at this frame with these very pixels (PNG is lossless, so the
    same take gives the same array; a new take at that frame does not), if one is still there."""
    import numpy as np

    from backend.media.images import load_rgb

    candidates = session.exec(
        select(Asset).where(
            Asset.project_id == shot.project_id,
            Asset.origin == "frame",
            Asset.source_shot_id == shot.id,
            Asset.source_frame == frame,
        )
    ).all()
    for asset in candidates:
        path = storage.absolute(shot.project_id, asset.path)
        if path.is_file() and np.array_equal(load_rgb(path), pixels):
            return asset
    return None


def _describe(body: TrackRequest) -> str:
    if body.text:
        return f"“{body.text}” on frame {body.frame}"
    parts = [f"{len(body.points)} click{'s' * (len(body.points) != 1)}"] if body.points else []
    parts += [f"{len(body.boxes)} box{'es' * (len(body.boxes) != 1)}"] if body.boxes else []
    return f"{' + '.join(parts)} on frame {body.frame}"


def submit_track(  # noqa: PLR0913 - the route's inputs, as in services.generation
    session: Session,
    bus: EventBus,
    sam: SamClient,
    project_id: str,
    shot_id: str,
    body: TrackRequest,
    wake_worker,  # noqa: ANN001 - a plain callable, as in services.generation
    max_pending: int = MAX_PENDING_JOBS,
) -> Job:
    shot = get_in_project(session, Shot, project_id, shot_id)
    if not shot.video_path:
        raise InvalidInput(f"shot {shot_id} has no clip yet: generate it first, then track an object through it")
    frames = clip_frames(shot) or 0
    if body.frame >= frames:
        raise InvalidInput(f"frame {body.frame} is outside the clip (frames 0 to {frames - 1})")
    check_prompt_fits(body, shot.width, shot.height)
    health = sam.health()
    if not health.running:
        raise SegmentationUnavailable(
            NOT_RUNNING
            if health.status == "down"
            else f"segmentation service is not ready ({health.status}): {health.detail}"
        )
    ensure_room(session, project_id, max_pending)
    job = Job(
        project_id=project_id,
        shot_id=shot.id,
        kind="track",
        request={
            "frame": body.frame,
            "prompt": body.service_prompt(),
            "label": _describe(body),
            "video_path": shot.video_path,
            "fps": shot.fps,
        },
    )
    session.add(job)
    session.commit()
    publish_job(bus, "job.queued", job)
    wake_worker()
    return job


def list_masks(session: Session, project_id: str, shot_id: str | None = None) -> list[ShotMask]:
    get_project(session, project_id)
    query = select(ShotMask).where(ShotMask.project_id == project_id)
    if shot_id is not None:
        get_in_project(session, Shot, project_id, shot_id)
        query = query.where(ShotMask.shot_id == shot_id)
    return list(session.exec(query.order_by(col(ShotMask.created_at))).all())


def delete_mask(session: Session, storage: ProjectStorage, project_id: str, mask_id: str) -> None:
    mask = get_in_project(session, ShotMask, project_id, mask_id)
    files = [mask.data_path, mask.preview_path, mask.thumbnail_path]
    session.delete(mask)
    session.commit()  # the row first: a failed commit must not leave a row whose files are gone
    for relative in files:
        if relative:
            storage.absolute(project_id, relative).unlink(missing_ok=True)
