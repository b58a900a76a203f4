"""Decode an uploaded image, checking what it is by decoding it (never by its name or declared type)."""

from __future__ import annotations

import io
import warnings

from PIL import Image

from milimo_sam.schemas import BadRequest

ACCEPTED_FORMATS = ("PNG", "JPEG", "WEBP")


def decode_image(data: bytes, max_side: int) -> Image.Image:
    """The upload as an RGB image. 415 if it is not a decodable PNG/JPEG/WebP, 422 if a side exceeds ``max_side``."""
    if not data:
        raise BadRequest(422, "image is empty")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image_format = image.format
            width, height = image.size  # read from the header, before any pixel is decoded
            if image_format not in ACCEPTED_FORMATS:
                raise BadRequest(415, f"image must be PNG, JPEG or WebP, got {image_format or 'an unknown format'}")
            if max(width, height) > max_side:
                raise BadRequest(422, f"image is {width}×{height} pixels; its longest side must be at most {max_side}")
            image.load()
    except BadRequest:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise BadRequest(422, "image has too many pixels") from None
    except Exception as error:  # noqa: BLE001 - any decoder failure is the client's file
        raise BadRequest(415, f"could not decode the image as PNG, JPEG or WebP: {error}") from None
    return image.convert("RGB")
