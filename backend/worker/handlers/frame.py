"""Storyboard concept frames on FLUX.2: ``candidates`` stills of one shot, composed with its elements' reference
images, saved as project assets (``origin="concept"``, ``source_shot_id``) for the user to pick from."""

from __future__ import annotations

from typing import Any

from backend.db.engine import session_scope
from backend.db.tables import Shot, utcnow
from backend.events.studio import publish_shot
from backend.worker.context import JobContext
from backend.worker.handlers.outputs import asset_path, save_still


def _pick_first(ctx: JobContext, asset_id: str, replace: bool) -> bool:
    """``auto_pick``: a shot that has no frame yet takes the first candidate; with ``replace`` (a batch asked to
    regenerate frames) even one that has a frame. A server-side change of a field the user also edits, so its
    version moves: an open editor must not overwrite it silently."""
    with session_scope(ctx.engine) as session:
        shot = session.get(Shot, ctx.job.shot_id)
        if shot is None or (shot.frame_asset_id is not None and not replace):
            return False
        shot.frame_asset_id = asset_id
        shot.version += 1
        shot.updated_at = utcnow()
        session.add(shot)
    publish_shot(ctx.bus, shot)
    return True


def run_frame(ctx: JobContext) -> dict[str, Any]:
    from backend.media.images import load_rgb
    from backend.models.flux2.concept_frame import ConceptFrameRequest, concept_frames

    request = ctx.job.request
    references = tuple(load_rgb(asset_path(ctx, a)) for a in request["reference_asset_ids"])
    ctx.stage("loading_model")
    with ctx.models.use("image") as pipeline:
        results = concept_frames(
            pipeline,
            ConceptFrameRequest(
                prompt=request["prompt"],
                references=references,
                candidates=int(request["candidates"]),
                width=request["width"],
                height=request["height"],
                seed=request["seed"],
                num_inference_steps=request["num_inference_steps"],
                guidance_scale=request["guidance_scale"],
            ),
            on_step=ctx.step,
            on_stage=ctx.stage,
            on_candidate=ctx.chunk,
        )
    saved = [
        save_still(ctx, result.image, "image", origin="concept", source_shot_id=ctx.job.shot_id, update_shot=False)
        for result in results
    ]
    asset_ids = [s["asset_id"] for s in saved]
    picked = (
        bool(request.get("auto_pick"))
        and ctx.job.shot_id is not None
        and _pick_first(ctx, asset_ids[0], bool(request.get("replace_frame")))
    )
    return {
        "asset_ids": asset_ids,
        "image_urls": [s["image_url"] for s in saved],
        "seeds": [r.seed for r in results],
        "references": len(references),
        "shot_id": ctx.job.shot_id,
        "picked": asset_ids[0] if picked else None,
        "width": saved[0]["width"],
        "height": saved[0]["height"],
        "test_model": saved[0]["test_model"],
    }
