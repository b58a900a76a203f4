"""Follow an object through a shot's clip with the SAM 3 service; keep the per-frame masks and a tinted preview."""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np

from backend.db.engine import session_scope
from backend.db.tables import Project, ShotMask
from backend.media.masks import decode_png_mask, save_mask_stack, tint
from backend.sam_client.client import SamClient
from backend.schemas.views import shot_mask_view
from backend.storage.paths import media_url
from backend.worker.context import JobCancelled, JobContext


def run_track(ctx: JobContext) -> dict[str, Any]:
    from backend.media.video_reader import read_video_frames
    from backend.media.video_writer import write_mp4, write_thumbnail

    request, project_id = ctx.job.request, ctx.job.project_id
    clip = ctx.storage.absolute(project_id, request["video_path"])
    if not clip.is_file():
        raise ValueError("the shot's clip was deleted after tracking was asked for: generate the shot again")
    ctx.stage("tracking")
    client = SamClient(ctx.settings)
    try:
        # One request: the service cannot report per-frame progress over it, nor stop half-way (cancel applies
        # once the answer is in, before anything is saved).
        answer = client.track(clip.read_bytes(), clip.name, {**request["prompt"], "frame": request["frame"]})
    finally:
        client.close()
    ctx.check_cancelled()
    ctx.stage("saving")
    frames = read_video_frames(clip)
    count, height, width = frames.shape[0], frames.shape[1], frames.shape[2]
    if (int(answer["width"]), int(answer["height"]), int(answer["num_frames"])) != (width, height, count):
        raise ValueError(
            f"the segmentation service tracked a {answer['width']}x{answer['height']} clip of "
            f"{answer['num_frames']} frames, but the shot's clip is {width}x{height}, {count} frames"
        )
    with session_scope(ctx.engine) as session:
        if session.get(Project, project_id) is None:
            raise JobCancelled()
    saved = []
    for obj in answer["objects"]:
        masks = np.zeros((count, height, width), dtype=bool)
        for item in obj["frames"]:
            if 0 <= int(item["frame"]) < count:
                masks[int(item["frame"])] = decode_png_mask(item["png"], width, height)
        mask_id = uuid.uuid4().hex
        data_rel, preview_rel = f"generated/masks/{mask_id}.npz", f"generated/masks/{mask_id}.mp4"
        thumb_rel = f"thumbnails/mask_{mask_id}.jpg"
        save_mask_stack(ctx.storage.absolute(project_id, data_rel), masks)
        preview = tint(frames, masks)
        write_mp4(ctx.storage.absolute(project_id, preview_rel), preview, float(request["fps"]))
        write_thumbnail(ctx.storage.absolute(project_id, thumb_rel), preview[request["frame"]])
        row = ShotMask(
            id=mask_id,
            project_id=project_id,
            shot_id=ctx.job.shot_id or "",
            job_id=ctx.job.id,
            label=request["label"],
            prompt={**request["prompt"], "frame": request["frame"]},
            object_id=int(obj["object_id"]),
            video_path=request["video_path"],
            num_frames=count,
            width=width,
            height=height,
            frames_with_object=int(masks.any(axis=(1, 2)).sum()),
            data_path=data_rel,
            preview_path=preview_rel,
            thumbnail_path=thumb_rel,
        )
        with session_scope(ctx.engine) as session:
            session.add(row)
            session.flush()
            view = shot_mask_view(row).model_dump(mode="json")
        ctx.bus.publish("mask.created", {"shot_id": ctx.job.shot_id, "mask": view}, project_id)
        saved.append(view)
    return {
        "masks": saved,
        "mask_ids": [m["id"] for m in saved],
        "preview_url": saved[0]["preview_url"] if saved else None,
        "found": bool(saved),
        "test_model": bool(answer.get("test_model")),
        "clip_url": media_url(project_id, request["video_path"]),
    }
