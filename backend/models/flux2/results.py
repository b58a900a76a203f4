"""What every FLUX.2 adapter returns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["ImageResult", "image_to_uint8"]


@dataclass(frozen=True)
class ImageResult:
    """One generated image: ``image`` is uint8 ``(H, W, 3)`` RGB; ``seed`` is the seed that produced it."""

    image: np.ndarray
    seed: int


def image_to_uint8(image: np.ndarray) -> np.ndarray:
    """A float image in [0, 1] -> uint8, rounding exactly as diffusers' own ``numpy_to_pil`` does."""
    return (np.asarray(image) * 255).round().astype(np.uint8)
