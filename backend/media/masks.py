"""Mask data as the SAM service sends it (base64 PNG, mode L, 0/255) and as the studio keeps it."""

from __future__ import annotations

import base64
import binascii
import io
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from backend.media.atomic import atomic_target


class BadMask(ValueError):
    """The service sent something that is not a mask of the expected size."""


def decode_png_mask(data: str, width: int, height: int) -> np.ndarray:
    """bool ``(height, width)``; raises :class:`BadMask` unless it is a PNG of exactly that size."""
    try:
        with Image.open(io.BytesIO(base64.b64decode(data, validate=True))) as image:
            if image.format != "PNG" or image.size != (width, height):
                raise BadMask(f"expected a {width}x{height} PNG mask, got {image.format} {image.size}")
            return np.asarray(image.convert("L")) >= 128
    except (binascii.Error, UnidentifiedImageError, OSError) as error:
        raise BadMask(f"not a PNG mask: {error}") from None


def write_mask_png(path: Path, mask: np.ndarray) -> None:
    from backend.media.images import write_png

    write_png(path, np.where(mask, 255, 0).astype(np.uint8))


def save_mask_stack(path: Path, masks: np.ndarray) -> None:
    """(frames, height, width) bools, bit-packed along the width: exact, and ~1/8 of a byte per pixel before zip."""
    with atomic_target(path, ".npz") as partial, partial.open("wb") as out:  # nothing left behind on failure
        np.savez_compressed(out, masks=np.packbits(masks, axis=-1), shape=np.asarray(masks.shape))


def load_mask_stack(path: Path) -> np.ndarray:
    with np.load(path) as data:
        frames, height, width = (int(n) for n in data["shape"])
        return np.unpackbits(data["masks"], axis=-1, count=width).astype(bool).reshape(frames, height, width)


def tint(frames: np.ndarray, masks: np.ndarray, color: tuple[int, int, int] = (255, 48, 48)) -> np.ndarray:
    """The clip with the masked pixels blended half-way to ``color`` (the preview the editor shows)."""
    out = frames.astype(np.float32)
    out[masks] = out[masks] * 0.5 + np.asarray(color, np.float32) * 0.5
    return out.round().astype(np.uint8)
