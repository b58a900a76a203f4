"""MP4/thumbnail writing and probing with PyAV, on synthetic smooth content (so codec loss stays small)."""

from __future__ import annotations

import struct
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from backend.media.video_reader import probe_media, read_video_frames
from backend.media.video_writer import fps_to_fraction, write_mp4, write_thumbnail


def gradient_clip(num_frames: int, height: int, width: int) -> np.ndarray:
    """Smooth colour ramps drifting a few pixels per frame: easy for H.264, still clearly time-varying."""
    t = np.arange(num_frames, dtype=np.float32)[:, None, None]
    y = np.arange(height, dtype=np.float32)[None, :, None]
    x = np.arange(width, dtype=np.float32)[None, None, :]
    red = 40 + 170 * (x + 2 * t) / (width + 2 * num_frames)
    green = 30 + 190 * y / height + 0 * t
    blue = 128 + 60 * np.sin((x + y) / 40 + t / 8)
    return np.clip(np.stack(np.broadcast_arrays(red, green, blue), axis=-1), 0, 255).round().astype(np.uint8)


def tone(seconds: float, sample_rate: int, channels: int = 2) -> np.ndarray:
    n = round(seconds * sample_rate)
    wave = 0.3 * np.sin(2 * np.pi * 440 * np.arange(n) / sample_rate)
    return np.repeat(wave[None, :], channels, axis=0).astype(np.float32)


def top_level_boxes(path: Path) -> list[str]:
    data, boxes, offset = path.read_bytes(), [], 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8 : offset + 16])[0]
        boxes.append(kind.decode("latin-1"))
        if size == 0:
            break
        offset += size
    return boxes


def test_round_trip_keeps_frames_rate_codecs_and_sync(tmp_path: Path) -> None:
    frames = gradient_clip(25, 96, 128)
    audio = tone(25 / 24, 24000)  # LTX-2's vocoder rate
    audio[1] *= 0.5  # the right channel at half level: a swap or a down-mix shows
    out = tmp_path / "clip.mp4"
    write_mp4(out, frames, 24, audio, 24000)

    info = probe_media(out)
    assert info["frame_count"] == 25
    assert info["fps"] == pytest.approx(24.0)
    assert (info["width"], info["height"]) == (128, 96)
    assert (info["video_codec"], info["pix_fmt"]) == ("h264", "yuv420p")
    assert info["has_audio"] and info["audio_codec"] == "aac"
    assert (info["audio_sample_rate"], info["audio_channels"]) == (24000, 2)
    assert info["duration"] == pytest.approx(25 / 24, abs=1e-3)
    assert abs(info["audio_duration"] - info["duration"]) <= 1 / 24

    decoded = read_video_frames(out)
    assert decoded.shape == frames.shape and decoded.dtype == np.uint8
    assert np.abs(decoded.astype(np.int16) - frames.astype(np.int16)).mean() < 12
    # The sound, decoded: the same samples at the same place (AAC's priming is trimmed by the edit list; a shift of
    # one sample already makes the mean error 0.016), within AAC's loss, then at most one frame of padding.
    with av.open(str(out)) as container:
        sound = np.concatenate([f.to_ndarray() for f in container.decode(audio=0)], axis=1)
    assert sound.dtype == np.float32 and sound.shape[0] == 2
    assert audio.shape[1] <= sound.shape[1] <= audio.shape[1] + 1024
    error = np.abs(sound[:, : audio.shape[1]] - audio)
    assert (error.mean(axis=1) < 0.008).all() and error.max() < 0.15, (error.mean(axis=1), error.max())
    # +faststart: the index comes before the media data, so browsers can play while downloading.
    boxes = top_level_boxes(out)
    assert boxes.index("moov") < boxes.index("mdat")


@pytest.mark.parametrize(
    ("fps", "expected"),
    [
        (23.976, Fraction(24000, 1001)),
        (29.97, Fraction(30000, 1001)),
        (59.94, Fraction(60000, 1001)),
        (24.0, Fraction(24)),
        (12.5, Fraction(25, 2)),
        (25, Fraction(25)),
    ],
)
def test_fps_to_fraction(fps: float, expected: Fraction) -> None:
    assert fps_to_fraction(fps) == expected


def test_ntsc_rate_keeps_exact_frame_count(tmp_path: Path) -> None:
    out = tmp_path / "ntsc.mp4"
    write_mp4(out, gradient_clip(17, 64, 64), 23.976)
    info = probe_media(out)
    assert info["frame_count"] == 17
    assert info["fps"] == pytest.approx(24000 / 1001, rel=1e-6)
    assert not info["has_audio"] and info["audio_duration"] is None


def test_odd_sizes_are_padded_by_edge_replication(tmp_path: Path) -> None:
    frames = gradient_clip(5, 64, 66)[:, :63, :65]  # a non-contiguous view, as slicing produces
    out = tmp_path / "odd.mp4"
    write_mp4(out, frames, 24)
    decoded = read_video_frames(out)
    assert decoded.shape == (5, 64, 66, 3)
    assert np.abs(decoded[:, :63, :65].astype(np.int16) - frames).mean() < 12


def test_mono_and_uncommon_sample_rates(tmp_path: Path) -> None:
    frames = gradient_clip(24, 64, 64)
    mono = tmp_path / "mono.mp4"
    write_mp4(mono, frames, 24, tone(1.0, 16000, channels=1), 16000)
    info = probe_media(mono)
    assert (info["audio_channels"], info["audio_sample_rate"]) == (1, 16000)

    odd_rate = tmp_path / "resampled.mp4"  # 22 kHz is not an AAC rate: resampled to 48 kHz
    write_mp4(odd_rate, frames, 24, tone(1.0, 22000), 22000)
    info = probe_media(odd_rate)
    assert info["audio_sample_rate"] == 48000
    assert info["audio_duration"] == pytest.approx(1.0, abs=1 / 24)


def test_writes_are_atomic_and_leave_nothing_behind(tmp_path: Path) -> None:
    out = tmp_path / "clip.mp4"
    write_mp4(out, gradient_clip(3, 32, 32), 24)
    first = out.read_bytes()
    with pytest.raises(ValueError):
        write_mp4(out, np.zeros((0, 32, 32, 3), np.uint8), 24)  # rejected before touching the disk
    with pytest.raises(ValueError):
        write_mp4(out, gradient_clip(3, 32, 32), 24, np.zeros((3, 100), np.float32), 24000)  # 3 channels
    assert out.read_bytes() == first
    write_mp4(out, gradient_clip(4, 32, 32), 24)  # replacing an existing file
    assert probe_media(out)["frame_count"] == 4
    assert [p.name for p in tmp_path.iterdir()] == ["clip.mp4"]
    assert out.stat().st_mode & 0o777 == 0o644


def test_thumbnail_is_a_small_jpeg_keeping_aspect(tmp_path: Path) -> None:
    frame = gradient_clip(1, 512, 768)[0]
    out = tmp_path / "thumbs" / "t.jpg"
    write_thumbnail(out, frame)
    with Image.open(out) as image:
        assert image.format == "JPEG" and image.size == (320, 213)
        small = np.asarray(image.convert("RGB").resize((768, 512)), dtype=np.int16)
    assert np.abs(small - frame).mean() < 12

    tiny = tmp_path / "tiny.jpg"
    write_thumbnail(tiny, frame[:64, :64], max_size=320)  # never upscaled
    with Image.open(tiny) as image:
        assert image.size == (64, 64)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thumbs", "tiny.jpg"]


def test_probe_rejects_non_media(tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"definitely not a video" * 10)
    with pytest.raises(av.error.InvalidDataError):
        probe_media(junk)


def test_colours_survive_because_the_stream_is_bt709_and_tagged(tmp_path: Path) -> None:
    frames = np.zeros((4, 64, 64, 3), np.uint8)
    frames[:, :32, :32] = (220, 30, 30)
    frames[:, :32, 32:] = (30, 200, 40)
    frames[:, 32:, :32] = (40, 40, 210)
    frames[:, 32:, 32:] = (200, 200, 60)
    out = tmp_path / "colours.mp4"
    write_mp4(out, frames, 24)
    with av.open(str(out)) as container:
        first = next(container.decode(video=0))
        assert (int(first.colorspace), int(first.color_range)) == (1, 1)  # BT.709, limited ("MPEG") range
    centres = read_video_frames(out)[:, 16::32, 16::32].astype(np.int16)
    assert np.abs(centres - frames[:, 16::32, 16::32]).max() <= 6


def test_full_length_clip_is_interleaved_and_complete(tmp_path: Path) -> None:
    # 121 frames (LTX-2's default length) outlasts libx264's lookahead, so packets reach the muxer while frames
    # are still going in: the case that breaks if frames are stamped with the muxer's time base.
    out = tmp_path / "av.mp4"
    write_mp4(out, gradient_clip(121, 64, 64), 24, tone(121 / 24, 24000), 24000)
    info = probe_media(out)
    assert info["frame_count"] == 121
    assert abs(info["audio_duration"] - info["duration"]) <= 1 / 24
    with av.open(str(out)) as container:
        kinds = [packet.stream.type for packet in container.demux() if packet.size]
    first_audio, last_video = kinds.index("audio"), len(kinds) - 1 - kinds[::-1].index("video")
    assert first_audio < last_video  # not all video first and all audio after
