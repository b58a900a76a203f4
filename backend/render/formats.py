"""Output formats and what this FFmpeg build (PyAV's) can write."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import av

RenderFormat = Literal["h264", "prores", "dnxhr"]


@dataclass(frozen=True)
class Format:
    name: str
    container: str  # FFmpeg muxer
    ext: str
    codec: str
    pix_fmt: str
    options: dict[str, str] = field(default_factory=dict)
    audio_codec: str = "aac"
    label: str = ""


FORMATS: dict[str, Format] = {
    # Plays in every browser; CRF 18 "veryfast" as the generated clips (backend/media/video_writer.py).
    "h264": Format(
        "h264",
        "mp4",
        "mp4",
        "libx264",
        "yuv420p",
        {"crf": "18", "preset": "veryfast"},
        "aac",
        "H.264 High + AAC in MP4",
    ),
    # ProRes 422 HQ (profile 3), 10-bit 4:2:2, uncompressed 16-bit PCM: the usual editing/mastering intermediate.
    "prores": Format(
        "prores", "mov", "mov", "prores_ks", "yuv422p10le", {"profile": "3"}, "pcm_s16le", "ProRes 422 HQ + PCM in MOV"
    ),
    # DNxHR HQ, 8-bit 4:2:2, PCM: Avid's intermediate. Resolution-independent, but FFmpeg needs at least 256×120.
    "dnxhr": Format(
        "dnxhr", "mov", "mov", "dnxhd", "yuv422p", {"profile": "dnxhr_hq"}, "pcm_s16le", "DNxHR HQ + PCM in MOV"
    ),
}

DNXHR_MIN = (256, 120)


def _has_encoder(name: str) -> bool:
    try:
        av.codec.Codec(name, "w")
    except Exception:  # noqa: BLE001 - PyAV raises different errors for an unknown codec across versions
        return False
    return True


def unavailable_reason(name: str, width: int, height: int) -> str | None:
    """Why ``name`` cannot be written at ``width``×``height`` here, or None when it can."""
    fmt = FORMATS.get(name)
    if fmt is None:
        return f"unknown format {name!r}: use one of {', '.join(FORMATS)}"
    for codec in (fmt.codec, fmt.audio_codec):
        if not _has_encoder(codec):
            return f"{fmt.label} is not available: this FFmpeg build has no {codec} encoder; render as h264"
    if name == "dnxhr" and (width < DNXHR_MIN[0] or height < DNXHR_MIN[1]):
        return (
            f"DNxHR cannot encode {width}×{height}: FFmpeg's DNxHR encoder needs at least "
            f"{DNXHR_MIN[0]}×{DNXHR_MIN[1]}; render as prores or h264"
        )
    if fmt.pix_fmt.startswith("yuv42") and (width % 2 or height % 2):
        return f"{fmt.label} needs an even width and height, not {width}×{height}"
    return None
