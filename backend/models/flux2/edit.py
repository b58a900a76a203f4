"""Reference-guided generation / editing with FLUX.2: the model takes reference images natively (``image=[...]``).

One or more references (a character, a style, the picture to edit) are VAE-encoded and attended to by every
denoising step, each at its own position offset, which is how FLUX.2 keeps characters and styles consistent.
Works with ``Flux2KleinPipeline`` and ``Flux2Pipeline``. Callbacks as in :mod:`backend.models.flux2._common`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from diffusers import Flux2KleinPipeline, Flux2Pipeline

from backend.models.flux2._common import (
    MAX_REFERENCE_ASPECT,
    MIN_REFERENCE_SIDE,
    StageCallback,
    StepCallback,
    check_rgb,
    run_pipeline,
    to_pil_rgb,
    validate_common,
    validate_size,
)
from backend.models.flux2.results import ImageResult
from backend.models.flux2.text_to_image import check_generation_pipeline

__all__ = ["EditRequest", "edit_with_references"]


@dataclass(frozen=True)
class EditRequest:
    """``references``: uint8 ``(H, W, 3)`` RGB images, at least 64 px a side and at most 8:1. The pipeline resizes
    any above 1024x1024 pixels of area down to it and crops each to a multiple of 16 px. ``width``/``height``: the
    output size, positive multiples of 16."""

    prompt: str
    references: tuple[np.ndarray, ...]
    width: int = 1024
    height: int = 1024
    seed: int = 0
    num_inference_steps: int = 50
    guidance_scale: float = 4.0


def _validate_references(references: object) -> None:
    if not isinstance(references, (tuple, list)) or not references:
        raise ValueError("references must be a non-empty tuple of images (use text_to_image without references)")
    for index, reference in enumerate(references):
        check_rgb(reference, f"references[{index}]")
        height, width = reference.shape[:2]
        if min(height, width) < MIN_REFERENCE_SIDE:
            raise ValueError(
                f"references[{index}] is {width}x{height}; both sides must be at least {MIN_REFERENCE_SIDE} px"
            )
        if max(height, width) > MAX_REFERENCE_ASPECT * min(height, width):
            raise ValueError(
                f"references[{index}] is {width}x{height}; the aspect ratio may be at most {MAX_REFERENCE_ASPECT}:1"
            )


def edit_with_references(
    pipe: Flux2KleinPipeline | Flux2Pipeline,
    request: EditRequest,
    on_step: StepCallback | None = None,
    on_stage: StageCallback | None = None,
) -> ImageResult:
    """Generate one ``width`` x ``height`` image for ``request.prompt`` conditioned on ``request.references``."""
    check_generation_pipeline(pipe)
    validate_common(request.prompt, request.seed, request.num_inference_steps, request.guidance_scale)
    validate_size(pipe, request.width, request.height)
    _validate_references(request.references)
    image = run_pipeline(
        pipe,
        {
            "image": [to_pil_rgb(reference) for reference in request.references],
            "prompt": request.prompt,
            "width": request.width,
            "height": request.height,
            "num_inference_steps": request.num_inference_steps,
            "guidance_scale": float(request.guidance_scale),
        },
        request.seed,
        on_step,
        on_stage,
    )
    return ImageResult(image=image, seed=request.seed)
