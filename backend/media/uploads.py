"""Upload validation by content: a file is accepted only if a real decoder reads it.

The client's file name and content type are never trusted; the stored name is chosen by the server from the
detected format. Images are read with Pillow; video and audio with PyAV (FFmpeg), decoding one frame so that a
file with a valid header but garbage data is refused too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
from PIL import Image, UnidentifiedImageError

# Pillow format → (extension, mime type)
_IMAGE_FORMATS = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
    "BMP": ("bmp", "image/bmp"),
    "TIFF": ("tiff", "image/tiff"),
    "GIF": ("gif", "image/gif"),
}
# PyAV demuxer names (first of the comma list) → (extension, video mime, audio mime)
_AV_FORMATS = {
    "mov": ("mp4", "video/mp4", "audio/mp4"),
    "matroska": ("webm", "video/webm", "audio/webm"),
    "avi": ("avi", "video/x-msvideo", None),
    "wav": ("wav", None, "audio/wav"),
    "mp3": ("mp3", None, "audio/mpeg"),
    "ogg": ("ogg", "video/ogg", "audio/ogg"),
    "flac": ("flac", None, "audio/flac"),
    "aac": ("aac", None, "audio/aac"),
}
Image.MAX_IMAGE_PIXELS = 100_000_000  # refuse decompression bombs


class NotMedia(ValueError):
    """The bytes are not an image, video or audio file we can read."""


@dataclass(frozen=True)
class MediaInfo:
    kind: str  # image | video | audio
    extension: str
    mime_type: str
    width: int | None = None
    height: int | None = None
    duration_s: float | None = None
    has_audio: bool | None = None  # video: whether it has a sound track; audio: True


def inspect_upload(path: Path) -> MediaInfo:
    info = _as_image(path)
    if info is None:
        info = _as_audio_or_video(path)
    if info is None:
        raise NotMedia(
            "the file is not an image (PNG, JPEG, WebP, BMP, TIFF, GIF), video (MP4/MOV, WebM/MKV, AVI, "
            "Ogg) or audio (WAV, MP3, AAC, FLAC, Ogg) that can be decoded"
        )
    return info


def _as_image(path: Path) -> MediaInfo | None:
    try:
        with Image.open(path) as image:
            fmt = image.format or ""
            width, height = image.size
            image.load()  # a full decode: truncated or corrupt data fails here
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        return None
    if fmt not in _IMAGE_FORMATS:
        return None
    extension, mime = _IMAGE_FORMATS[fmt]
    return MediaInfo("image", extension, mime, width=width, height=height)


def _as_audio_or_video(path: Path) -> MediaInfo | None:
    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            demuxer = container.format.name.split(",")[0]
            if demuxer not in _AV_FORMATS:
                return None
            extension, video_mime, audio_mime = _AV_FORMATS[demuxer]
            duration = container.duration / av.time_base if container.duration else None
            if container.streams.video and video_mime:
                stream = container.streams.video[0]
                frame = next(container.decode(stream), None)
                if frame is None:
                    return None
                return MediaInfo(
                    "video",
                    extension,
                    video_mime,
                    frame.width,
                    frame.height,
                    duration,
                    has_audio=bool(container.streams.audio),
                )
            if container.streams.audio and audio_mime:
                frame = next(container.decode(container.streams.audio[0]), None)
                if frame is None:
                    return None
                return MediaInfo(
                    "audio", "m4a" if extension == "mp4" else extension, audio_mime, duration_s=duration, has_audio=True
                )
    except (av.error.FFmpegError, StopIteration, ValueError, OSError, UnicodeDecodeError):
        return None
    return None
