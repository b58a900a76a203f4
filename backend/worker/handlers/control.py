"""A shot guided by a control clip (IC-LoRA): the guide is derived from the clip (edges, depth, pose or as it is),
kept in the media bin so the user can see what guided the shot, then the shot is generated following it."""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np

from backend.db.engine import session_scope
from backend.db.tables import Asset
from backend.storage.paths import media_url
from backend.worker.context import JobContext

ESTIMATOR_ROLE = {"depth": "depth", "pose": "pose"}


def derive(ctx: JobContext) -> np.ndarray:
    """The guide frames at the shot's rate: read from the control clip at ``start_s``, then turned into its kind."""
    from backend.media.video_reader import read_frames_at
    from backend.models.control.guides import derive_guide
    from backend.models.ltx2.common import fit_frames

    request = ctx.job.request
    control = request["control"]
    ctx.stage("preparing_control")
    path = ctx.storage.absolute(ctx.job.project_id, control["video"])
    if not path.is_file():
        raise ValueError("the control clip was deleted after the job was queued")
    frames = read_frames_at(path, float(control["start_s"]), float(request["fps"]), int(request["num_frames"]))
    # At the shot's size before deriving: what the model sees, and a 4K clip's depth is not estimated at 4K.
    frames = fit_frames(frames, int(request["width"]), int(request["height"]))
    role = ESTIMATOR_ROLE.get(control["kind"])
    if role is None:
        return derive_guide(control["kind"], frames)
    with ctx.models.use(role) as estimator:
        return derive_guide(control["kind"], frames, estimator)


def keep_guide(ctx: JobContext, guide: np.ndarray) -> dict[str, Any]:
    """The guide as a video of the media bin (origin ``control``), tied to the job and its shot; the web app picks it
    up when the job completes (its result names it)."""
    from backend.media.video_writer import write_mp4

    project_id, fps = ctx.job.project_id, float(ctx.job.request["fps"])
    name = f"{ctx.job.shot_id or 'shot'}_{ctx.job.request['control']['kind']}_{uuid.uuid4().hex[:8]}"
    rel = f"generated/control/{name}.mp4"
    target = ctx.storage.absolute(project_id, rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_mp4(target, guide, fps, None, 0)
    with session_scope(ctx.engine) as session:
        asset = Asset(
            project_id=project_id,
            kind="video",
            path=rel,
            original_name=f"control-{ctx.job.request['control']['kind']}.mp4",
            mime_type="video/mp4",
            size_bytes=target.stat().st_size,
            width=int(guide.shape[2]),
            height=int(guide.shape[1]),
            duration_s=len(guide) / fps,
            has_audio=False,
            origin="control",
            job_id=ctx.job.id,
            source_shot_id=ctx.job.shot_id,
        )
        session.add(asset)
        session.flush()
        asset_id = asset.id
    kind = ctx.job.request["control"]["kind"]
    return {"control_asset_id": asset_id, "control_url": media_url(project_id, rel), "control_kind": kind}


def guided_frames(ctx: JobContext) -> tuple[int, int] | None:
    """The pixel frames of the shot that follow the guide, from the control's seconds (None: all of them)."""
    control, request = ctx.job.request["control"], ctx.job.request
    if control.get("from_s") is None and control.get("to_s") is None:
        return None
    fps, frames = float(request["fps"]), int(request["num_frames"])
    first = round((control.get("from_s") or 0.0) * fps)
    stop = frames if control.get("to_s") is None else min(frames, max(first + 1, round(control["to_s"] * fps)))
    return first, stop
