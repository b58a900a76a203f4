"""Text -> image with FLUX.2 (``Flux2KleinPipeline`` or ``Flux2Pipeline``), with step progress and cancellation.

Callbacks as described in :mod:`backend.models.flux2._common` (the same contract as LTX-2's text_to_video).
"""

from __future__ import annotations

from dataclasses import dataclass

from diffusers import Flux2KleinPipeline, Flux2Pipeline

from backend.models.flux2._common import (
    StageCallback,
    StepCallback,
    run_pipeline,
    validate_common,
    validate_size,
)
from backend.models.flux2.results import ImageResult

__all__ = ["TextToImageRequest", "text_to_image"]


@dataclass(frozen=True)
class TextToImageRequest:
    """What to generate. ``width`` and ``height`` are in pixels, positive multiples of 16.

    ``guidance_scale``: classifier-free guidance for the Klein base models (on when > 1; ignored by step-distilled
    Klein), the guidance embedding's value for FLUX.2 [dev].
    """

    prompt: str
    width: int = 1024
    height: int = 1024
    seed: int = 0
    num_inference_steps: int = 50
    guidance_scale: float = 4.0


def check_generation_pipeline(pipe: object) -> None:
    if not isinstance(pipe, (Flux2KleinPipeline, Flux2Pipeline)):
        raise TypeError(f"expected a Flux2KleinPipeline or Flux2Pipeline, got {type(pipe).__name__}")


def text_to_image(
    pipe: Flux2KleinPipeline | Flux2Pipeline,
    request: TextToImageRequest,
    on_step: StepCallback | None = None,
    on_stage: StageCallback | None = None,
) -> ImageResult:
    """Generate one image for ``request``. The seed drives a ``torch.Generator`` on the pipeline's execution device,
    so a seed reproduces the same image on the same kind of device."""
    check_generation_pipeline(pipe)
    validate_common(request.prompt, request.seed, request.num_inference_steps, request.guidance_scale)
    validate_size(pipe, request.width, request.height)
    image = run_pipeline(
        pipe,
        {
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
