"""Still images: read uploads as RGB arrays or masks, write PNG results atomically."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from backend.media.atomic import atomic_target


def load_rgb(path: Path) -> np.ndarray:
    """uint8 (H, W, 3), honouring the EXIF orientation a camera wrote."""
    with Image.open(path) as image:
        return np.asarray(ImageOps.exif_transpose(image).convert("RGB"))


def load_mask(path: Path) -> np.ndarray:
    """uint8 (H, W), 255 where the image is to be repainted. Transparent pixels of an RGBA mask count as 0."""
    with Image.open(path) as image:
        image = ImageOps.exif_transpose(image)
        if image.mode in ("RGBA", "LA"):
            alpha = np.asarray(image.getchannel("A"))
            return np.where(alpha > 0, np.asarray(image.convert("L")), 0).astype(np.uint8)
        return np.asarray(image.convert("L"))


def write_png(path: Path, image: np.ndarray) -> None:
    with atomic_target(path, ".png") as partial:  # a failed write (a full disk) leaves nothing behind
        Image.fromarray(image).save(partial, format="PNG")
