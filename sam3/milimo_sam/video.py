"""Read every frame of an uploaded clip with PyAV, validating it by decoding it."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np

from milimo_sam.schemas import BadRequest


@dataclass(frozen=True)
class Clip:
    frames: list[np.ndarray]  # H×W×3 uint8 RGB, in display order
    fps: float

    @property
    def width(self) -> int:
        return int(self.frames[0].shape[1])

    @property
    def height(self) -> int:
        return int(self.frames[0].shape[0])


def read_clip(data: bytes, max_frames: int, max_side: int) -> Clip:
    """Decode the first video stream. 415 if undecodable or without video; 422 if too long or too large."""
    import av

    if not data:
        raise BadRequest(422, "video is empty")
    frames: list[np.ndarray] = []
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            if not container.streams.video:
                raise BadRequest(415, "the file has no video stream")
            stream = container.streams.video[0]
            rate = stream.average_rate or stream.base_rate or stream.guessed_rate
            fps = float(rate) if rate else 0.0
            for frame in container.decode(stream):
                if len(frames) == max_frames:
                    raise BadRequest(422, f"the clip has more than {max_frames} frames; send at most {max_frames}")
                if max(frame.width, frame.height) > max_side:
                    raise BadRequest(
                        422,
                        f"frames are {frame.width}×{frame.height} pixels; the longest side must be at most {max_side}",
                    )
                frames.append(frame.to_ndarray(format="rgb24"))
    except BadRequest:
        raise
    except Exception as error:  # noqa: BLE001 - any demuxer/decoder failure is the client's file
        raise BadRequest(415, f"could not decode the video: {error}") from None
    if not frames:
        raise BadRequest(415, "the video has no decodable frames")
    return Clip(frames=frames, fps=fps)
