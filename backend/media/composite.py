"""Paste a repainted image back over its original through a feathered mask, so nothing outside it changes."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter


def feathered_alpha(mask: np.ndarray, feather_px: int) -> np.ndarray:
    """float32 ``(H, W)`` in 0..1 from a uint8 mask (at least 128 = repaint): 1 inside, a soft ramp across the edge,
    and exactly 0 farther than ``feather_px`` pixels from the mask, so those pixels stay the original's."""
    hard = Image.fromarray(np.where(mask >= 128, 255, 0).astype(np.uint8), mode="L")
    if feather_px <= 0:
        return np.asarray(hard, dtype=np.float32) / 255
    # A Gaussian of sigma feather/3 has all but ~0.1 % of its ramp within the feather on each side of the edge; the
    # dilated mask then cuts the remaining tail, so "outside the feather" means untouched, not nearly so.
    soft = np.asarray(hard.filter(ImageFilter.GaussianBlur(feather_px / 3)), dtype=np.float32) / 255
    reach = np.asarray(hard.filter(ImageFilter.MaxFilter(2 * feather_px + 1))) > 0
    return np.where(reach, soft, 0.0).astype(np.float32)


def composite_over(original: np.ndarray, repainted: np.ndarray, mask: np.ndarray, feather_px: int) -> np.ndarray:
    """uint8 ``(H, W, 3)``: ``repainted`` where the mask is, ``original`` elsewhere, blended across a feathered edge
    ``feather_px`` wide (as an image editor pastes a selection). Pixels the alpha leaves at 0 are copied, not
    re-rounded."""
    if original.shape != repainted.shape or original.shape[:2] != mask.shape:
        raise ValueError(
            f"composite: original {original.shape}, repainted {repainted.shape} and mask {mask.shape} must match"
        )
    alpha = feathered_alpha(mask, feather_px)[..., None]
    blended = original.astype(np.float32) * (1 - alpha) + repainted.astype(np.float32) * alpha
    out = np.clip(np.rint(blended), 0, 255).astype(np.uint8)
    return np.where(alpha > 0, out, original)
