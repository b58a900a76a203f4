"""In-painting with FLUX.2 Klein (``Flux2KleinInpaintPipeline``), with step progress and cancellation.

How the pipeline behaves (diffusers 0.42), which the tests pin down:

* The output has the input image's size. The mask is binarized at 50 % (128 of 255) and downsampled to the latent
  grid; 255 means "repaint".
* Denoising starts from the input's latents noised to ``strength`` (1.0 = pure noise in the masked area) and runs
  the last ``ceil(num_inference_steps * strength)`` steps of the schedule (diffusers' arithmetic, in floats), at
  least 1 for any ``strength > 0``; ``on_step``'s ``total`` is that count.
* After every step the unmasked latents are reset to the (re-noised) input latents, and after the last step to the
  clean input latents. The blend happens in latent space (mask bilinearly downsampled to the 2x2-packed latent
  grid) and nothing is pasted back in pixel space: unmasked latents come out exactly as encoded, but the decoder
  (convolutions and a global attention block) lets the repainted area shift the unmasked pixels slightly. With an
  all-zero mask the output is the VAE round trip of the input, whatever the prompt and seed; a caller that needs
  untouched pixels outside the mask must composite them back itself.
* The unmasked input is also given to the transformer as a reference image, so the repainted area can match it.

Callbacks as in :mod:`backend.models.flux2._common`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from diffusers import Flux2KleinInpaintPipeline, Flux2KleinPipeline
from PIL import Image

from backend.models.flux2._common import (
    MAX_CONDITION_AREA,
    StageCallback,
    StepCallback,
    check_rgb,
    run_pipeline,
    size_multiple,
    to_pil_rgb,
    validate_common,
)
from backend.models.flux2.loader import inpaint_variant
from backend.models.flux2.results import ImageResult

__all__ = ["InpaintRequest", "inpaint"]


@dataclass(frozen=True)
class InpaintRequest:
    """``image``: uint8 ``(H, W, 3)`` RGB, sides multiples of 16, at most 1024x1024 pixels of area (the pipeline
    would silently resize a larger one). ``mask``: uint8 ``(H, W)``, 255 = repaint, 0 = keep. ``strength`` in
    (0, 1]: how far the masked area may move from the input."""

    prompt: str
    image: np.ndarray
    mask: np.ndarray
    strength: float = 1.0
    seed: int = 0
    num_inference_steps: int = 50
    guidance_scale: float = 4.0


def _validate(pipe: Flux2KleinInpaintPipeline, request: InpaintRequest) -> None:
    validate_common(request.prompt, request.seed, request.num_inference_steps, request.guidance_scale)
    image = check_rgb(request.image, "image")
    height, width = image.shape[:2]
    multiple = size_multiple(pipe)
    if height % multiple or width % multiple or height == 0 or width == 0:
        raise ValueError(f"image sides must be positive multiples of {multiple}, got {width}x{height}")
    if height * width > MAX_CONDITION_AREA:
        raise ValueError(f"image is {width}x{height}; in-painting takes at most {MAX_CONDITION_AREA} pixels of area")
    mask = request.mask
    if not isinstance(mask, np.ndarray) or mask.dtype != np.uint8 or mask.ndim != 2:
        shape = getattr(mask, "shape", None)
        dtype = getattr(mask, "dtype", type(mask).__name__)
        raise ValueError(f"mask must be a uint8 array of shape (H, W), got {dtype} {shape}")
    if mask.shape != (height, width):
        raise ValueError(
            f"mask size {mask.shape[1]}x{mask.shape[0]} does not match image size {width}x{height} (width x height)"
        )
    strength = request.strength
    if not isinstance(strength, (int, float)) or not 0 < strength <= 1:
        raise ValueError(f"strength must be in (0, 1], got {strength!r}")


def inpaint(
    pipe: Flux2KleinPipeline | Flux2KleinInpaintPipeline,
    request: InpaintRequest,
    on_step: StepCallback | None = None,
    on_stage: StageCallback | None = None,
) -> ImageResult:
    """Repaint the masked part of ``request.image``. ``pipe`` is the loaded Klein pipeline (its in-painting variant
    is made on the same modules, see :func:`inpaint_variant`) or an in-painting pipeline; FLUX.2 [dev] raises
    ``ValueError``."""
    inpainter = inpaint_variant(pipe)
    _validate(inpainter, request)
    image = run_pipeline(
        inpainter,
        {
            "image": to_pil_rgb(request.image),
            "mask_image": Image.fromarray(np.ascontiguousarray(request.mask), mode="L"),
            "prompt": request.prompt,
            "strength": float(request.strength),
            "num_inference_steps": request.num_inference_steps,
            "guidance_scale": float(request.guidance_scale),
        },
        request.seed,
        on_step,
        on_stage,
    )
    return ImageResult(image=image, seed=request.seed)
