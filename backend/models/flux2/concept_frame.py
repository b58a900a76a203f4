"""Concept frames for a storyboard: candidate stills of one shot with FLUX.2, composed from the shot's prompt and the
reference images of every element in it (FLUX.2's multi-reference editing, ``image=[...]``), so the characters and
places look like their elements.

Each candidate is its own pipeline call with seed ``seed + i``, so one candidate is reproduced by its seed alone.
References are bounded to :data:`MAX_REFERENCE_IMAGES` (each adds a full set of image tokens to every denoising
step, and diffusers sets no limit of its own) and made acceptable to the pipeline
(at least 64 px a side and at most 8:1, padded on a neutral grey rather than refused): a thumbnail-sized character
sheet still counts. Without references it is plain text-to-image. ``on_candidate(index, count)`` announces each
candidate before its call (a chained job's ``chunk``); ``on_step(step, total)`` counts that call's steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from diffusers import Flux2KleinPipeline, Flux2Pipeline

from backend.models.flux2._common import (
    MAX_REFERENCE_ASPECT,
    MIN_REFERENCE_SIDE,
    StageCallback,
    StepCallback,
    check_rgb,
    validate_common,
    validate_size,
)
from backend.models.flux2.edit import EditRequest, edit_with_references
from backend.models.flux2.results import ImageResult
from backend.models.flux2.text_to_image import TextToImageRequest, check_generation_pipeline, text_to_image

__all__ = ["MAX_CANDIDATES", "MAX_REFERENCE_IMAGES", "ConceptFrameRequest", "concept_frames", "fit_reference"]

MAX_REFERENCE_IMAGES = 8
MAX_CANDIDATES = 4
NEUTRAL_GREY = 128

CandidateCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class ConceptFrameRequest:
    """``references``: uint8 ``(H, W, 3)`` RGB images in order of importance (only the first
    :data:`MAX_REFERENCE_IMAGES` are used); ``candidates``: 1 to :data:`MAX_CANDIDATES` images; ``width``/``height``
    the frame's size (the shot's), positive multiples of 16."""

    prompt: str
    references: tuple[np.ndarray, ...] = ()
    candidates: int = 1
    width: int = 1024
    height: int = 1024
    seed: int = 0
    num_inference_steps: int = 28
    guidance_scale: float = 4.0


def fit_reference(image: np.ndarray) -> np.ndarray:
    """``image`` padded (centred, neutral grey) so that both sides are at least 64 px and the aspect is at most 8:1,
    as the pipelines require; an image that already fits is returned as is."""
    check_rgb(image, "reference")
    height, width = image.shape[:2]
    target_h = max(height, MIN_REFERENCE_SIDE, -(-width // MAX_REFERENCE_ASPECT))
    target_w = max(width, MIN_REFERENCE_SIDE, -(-target_h // MAX_REFERENCE_ASPECT))
    if (target_h, target_w) == (height, width):
        return image
    out = np.full((target_h, target_w, 3), NEUTRAL_GREY, dtype=np.uint8)
    top, left = (target_h - height) // 2, (target_w - width) // 2
    out[top : top + height, left : left + width] = image
    return out


def concept_frames(
    pipe: Flux2KleinPipeline | Flux2Pipeline,
    request: ConceptFrameRequest,
    on_step: StepCallback | None = None,
    on_stage: StageCallback | None = None,
    on_candidate: CandidateCallback | None = None,
) -> tuple[ImageResult, ...]:
    """``request.candidates`` images for the shot, each conditioned on the same (bounded) references."""
    check_generation_pipeline(pipe)
    validate_common(request.prompt, request.seed, request.num_inference_steps, request.guidance_scale)
    validate_size(pipe, request.width, request.height)
    if not isinstance(request.candidates, int) or not 1 <= request.candidates <= MAX_CANDIDATES:
        raise ValueError(f"candidates must be 1 to {MAX_CANDIDATES}, got {request.candidates!r}")
    if request.seed + request.candidates > 2**64:
        raise ValueError("seed + candidates must stay below 2**64")
    references = tuple(fit_reference(r) for r in request.references[:MAX_REFERENCE_IMAGES])
    count = request.candidates
    results: list[ImageResult] = []
    for index in range(count):
        if on_candidate is not None:
            on_candidate(index, count)

        common = {
            "prompt": request.prompt,
            "width": request.width,
            "height": request.height,
            "seed": request.seed + index,
            "num_inference_steps": request.num_inference_steps,
            "guidance_scale": request.guidance_scale,
        }
        if references:
            result = edit_with_references(pipe, EditRequest(**common, references=references), on_step, on_stage)
        else:
            result = text_to_image(pipe, TextToImageRequest(**common), on_step, on_stage)
        results.append(result)
    return tuple(results)
