"""Image -> video (+ audio) with diffusers' ``LTX2ImageToVideoPipeline``, sharing the loaded ``LTX2Pipeline``.

The image becomes the clip's first frame: the pipeline VAE-encodes it into latent frame 0 and keeps that latent
clean (conditioning mask 1) through every step; the rest of the clip is denoised from noise around it. Because the
VAE round trip is lossy (and diffusers first re-compresses the image with H.264, see below), frame 0 of the output
is the VAE's reconstruction of the image, not the image's exact pixels.

Size policy: an image whose size differs from ``width x height`` is center-cropped to that aspect, then resized
with Lanczos (:func:`fit_image`); an image of exactly that size goes in untouched.

H.264 re-compression: diffusers re-encodes the conditioning image at the CRF the model was trained with (33 for
LTX-2.0/2.3, 18 for 2.5; chosen from the text encoder's type) before encoding it. That is kept as the default;
pass ``pipeline_kwargs={"image_crf": 0}`` to skip it.

Progress and cancellation are exactly as in :mod:`backend.models.ltx2.text_to_video`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from diffusers import LTX2Pipeline
from PIL import Image

from backend.models.ltx2.common import (
    StageCallback,
    StepCallback,
    fit_frames,
    run_video_pipeline,
    validate_request,
)
from backend.models.ltx2.text_to_video import TextToVideoRequest, VideoResult
from backend.models.ltx2.variants import image_to_video_variant

__all__ = ["ImageToVideoRequest", "fit_image", "image_to_video"]


@dataclass(frozen=True, eq=False)
class ImageToVideoRequest(TextToVideoRequest):
    """A :class:`TextToVideoRequest` plus the first frame: ``image`` is uint8 RGB ``(H, W, 3)``, any size
    (keyword-only, since the inherited fields have defaults). Compared by identity (it holds an array)."""

    image: np.ndarray = field(kw_only=True)


def fit_image(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """The image the pipeline gets: uint8 ``(height, width, 3)``, center-cropped to aspect then resized."""
    image = np.asarray(image)
    if image.ndim != 3:
        raise ValueError(f"image must be uint8 (H, W, 3), got shape {image.shape}")
    return fit_frames(image, width, height)


def image_to_video(
    pipe: LTX2Pipeline,
    request: ImageToVideoRequest,
    on_step: StepCallback | None = None,
    on_stage: StageCallback | None = None,
    *,
    pipeline_kwargs: Mapping[str, Any] | None = None,
) -> VideoResult:
    """Generate a clip that starts from ``request.image``; returns frames (uint8) and audio like ``text_to_video``.

    ``pipeline_kwargs`` go to ``LTX2ImageToVideoPipeline.__call__`` verbatim (``image_crf``, ``stg_scale``,
    ``noise_scale``...), except for the arguments the request sets. The same guidance-default pitfalls as
    text-to-video apply (``guidance_scale=1`` alone does not turn guidance off).
    """
    pipeline_kwargs = dict(pipeline_kwargs or {})
    validate_request(pipe, request, pipeline_kwargs)
    image = fit_image(request.image, request.width, request.height)
    variant = image_to_video_variant(pipe)
    # PIL: what diffusers' H.264 re-compression path expects
    return run_video_pipeline(variant, pipe, request, on_step, on_stage, pipeline_kwargs, image=Image.fromarray(image))
