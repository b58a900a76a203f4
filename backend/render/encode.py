"""Write rendered frames and the mix, one frame at a time, into a temporary file that becomes the output only when
everything is written (a cancelled or failed render leaves no file)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
from av.video.reformatter import ColorRange, Colorspace, VideoReformatter

from backend.media.atomic import atomic_target
from backend.media.video_writer import fps_to_fraction
from backend.render.formats import FORMATS

SAMPLE_RATE = 48000
_BT709 = 1


class Encoder:
    """Frames in order (``write(rgb)``, uint8 ``(H, W, 3)`` at the output size), the mix alongside them."""

    def __init__(
        self, container: Any, fmt_name: str, width: int, height: int, fps: float, audio: np.ndarray | None
    ) -> None:
        fmt = FORMATS[fmt_name]
        self._container, self._fmt = container, fmt
        self._rate = fps_to_fraction(fps)
        self._time_base = 1 / self._rate  # kept: the muxer replaces the stream's own once the header is written
        video = container.add_stream(fmt.codec, rate=self._rate)
        video.width, video.height, video.pix_fmt = width, height, fmt.pix_fmt
        video.time_base = self._time_base
        video.options = dict(fmt.options)
        if fmt.codec != "libx264":  # libx264 threads on its own; ProRes/DNxHR encode slices in parallel when asked
            video.thread_type = "AUTO"
        ctx = video.codec_context
        ctx.colorspace = ctx.color_primaries = ctx.color_trc = _BT709
        ctx.color_range = int(ColorRange.MPEG)
        self._video = video
        self._reformatter = VideoReformatter()  # one conversion context for the whole render, not one per frame
        self._audio = audio
        self._audio_stream = None
        if audio is not None:
            stream = container.add_stream(fmt.audio_codec, rate=SAMPLE_RATE)
            stream.layout = "stereo"
            stream.time_base = Fraction(1, SAMPLE_RATE)
            self._audio_stream = stream
        self._audio_sent = 0
        self.frames = 0

    def write(self, rgb: np.ndarray) -> None:
        frame = self._reformatter.reformat(
            av.VideoFrame.from_ndarray(rgb, format="rgb24"),
            format=self._fmt.pix_fmt,
            dst_colorspace=Colorspace.ITU709,
            dst_color_range=ColorRange.MPEG,
        )
        frame.pts = self.frames
        frame.time_base = self._time_base
        self._container.mux(self._video.encode(frame))
        self.frames += 1
        if self._audio is not None:  # interleaved: the sound of each frame goes in with it
            until = min(self._audio.shape[1], round(self.frames / self._rate * SAMPLE_RATE))
            self._send_audio(until)

    def _send_audio(self, stop: int) -> None:
        if self._audio is None or self._audio_stream is None or stop <= self._audio_sent:
            return
        chunk = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(self._audio[:, self._audio_sent : stop]), format="fltp", layout="stereo"
        )
        chunk.sample_rate = SAMPLE_RATE
        chunk.pts = self._audio_sent
        chunk.time_base = Fraction(1, SAMPLE_RATE)
        self._container.mux(self._audio_stream.encode(chunk))
        self._audio_sent = stop

    def finish(self) -> None:
        if self._audio is not None and self._audio_stream is not None:
            self._send_audio(self._audio.shape[1])
            self._container.mux(self._audio_stream.encode(None))
        self._container.mux(self._video.encode(None))


@contextmanager
def open_encoder(
    path: Path, fmt_name: str, width: int, height: int, fps: float, audio: np.ndarray | None
) -> Iterator[Encoder]:
    """An encoder writing to a hidden temporary file beside ``path``, moved over ``path`` when the block ends
    normally; any exception (a cancel included) deletes it."""
    fmt = FORMATS[fmt_name]
    options = {"movflags": "+faststart"}
    with atomic_target(path, f".{fmt.ext}") as tmp:
        with av.open(str(tmp), mode="w", format=fmt.container, options=options) as container:
            encoder = Encoder(container, fmt_name, width, height, fps, audio)
            yield encoder
            encoder.finish()
