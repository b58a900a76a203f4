"""Mask encoding for the wire: a binary mask becomes a base64 PNG (mode L, 0/255) the size of the input image."""

from __future__ import annotations

import base64
import io

import numpy as np
from PIL import Image


def encode_png(mask: np.ndarray) -> str:
    """Base64 of a PNG, mode L, 255 where ``mask`` is set and 0 elsewhere; same height and width as ``mask``."""
    image = Image.fromarray(np.where(np.asarray(mask, dtype=bool), 255, 0).astype(np.uint8), mode="L")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def decode_png(data: str) -> np.ndarray:
    """The boolean mask in a string from :func:`encode_png` (used by clients and tests)."""
    with Image.open(io.BytesIO(base64.b64decode(data))) as image:
        return np.asarray(image.convert("L")) > 127


def mask_box(mask: np.ndarray) -> list[int] | None:
    """Tight box ``[x0, y0, x1, y1]`` around the set pixels, in pixels, x1/y1 exclusive; ``None`` for an empty mask."""
    mask = np.asarray(mask, dtype=bool)
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(mask.any(axis=0))
    return [int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1]
