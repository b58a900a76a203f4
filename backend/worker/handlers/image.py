"""Still modes on FLUX.2 — text-to-image, edit with reference images, in-painting — into the media bin."""

from __future__ import annotations

from typing import Any

from backend.worker.context import JobContext
from backend.worker.handlers.loras import model_with_loras
from backend.worker.handlers.outputs import asset_path, save_still


def run_image(ctx: JobContext) -> dict[str, Any]:
    from backend.media.images import load_mask, load_rgb

    request, mode = ctx.job.request, ctx.job.kind
    common = {
        "prompt": request["prompt"],
        "seed": request["seed"],
        "num_inference_steps": request["num_inference_steps"],
        "guidance_scale": request["guidance_scale"],
    }
    role = "inpaint" if mode == "inpaint" else "image"
    ctx.stage("loading_model")
    with model_with_loras(ctx, role) as pipeline:
        if mode == "t2i":
            from backend.models.flux2.text_to_image import TextToImageRequest, text_to_image

            result = text_to_image(
                pipeline,
                TextToImageRequest(**common, width=request["width"], height=request["height"]),
                on_step=ctx.step,
                on_stage=ctx.stage,
            )
        elif mode == "edit":
            from backend.models.flux2.edit import EditRequest, edit_with_references

            references = tuple(load_rgb(asset_path(ctx, a)) for a in request["reference_asset_ids"])
            result = edit_with_references(
                pipeline,
                EditRequest(**common, references=references, width=request["width"], height=request["height"]),
                on_step=ctx.step,
                on_stage=ctx.stage,
            )
        elif mode == "inpaint":
            from backend.media.composite import composite_over
            from backend.models.flux2.inpaint import InpaintRequest, inpaint

            original = load_rgb(asset_path(ctx, request["image_asset_id"]))
            mask = load_mask(asset_path(ctx, request["mask_asset_id"]))
            result = inpaint(
                pipeline,
                InpaintRequest(**common, image=original, mask=mask, strength=request["strength"]),
                on_step=ctx.step,
                on_stage=ctx.stage,
            )
            # The model's decoder shifts pixels far from the mask too: paste only the repainted area back.
            return save_still(ctx, composite_over(original, result.image, mask, ctx.settings.inpaint_feather_px), role)
        else:
            raise ValueError(f"not an image mode: {mode}")
    return save_still(ctx, result.image, role)
