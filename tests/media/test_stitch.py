"""Stitching Smart Continue chunks: exact frame bookkeeping at the seams, seamless audio, validation.

Synthetic chunks carry their identity in the pixels: each frame shows its *global* frame index (8 bits) and the
number of the chunk it came from (2 bits) as black/white 32×32 blocks, which survive H.264 exactly. Their audio is a
tone with phase continuous in global time, so a correct cut at the right sample is seamless.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from backend.media.stitch import Chunk, load_chunk, stitch, stitch_to_file

FPS = 24
SR = 24000
BLOCK = 32
BITS = 10  # 8 for the global frame index, 2 for the chunk number
HEIGHT, WIDTH = 2 * BLOCK, 5 * BLOCK


def coded_frames(start: int, count: int, chunk_id: int) -> np.ndarray:
    """Frames for global indices ``start .. start+count-1``, each tagged with ``chunk_id``."""
    frames = np.zeros((count, HEIGHT, WIDTH, 3), np.uint8)
    for i in range(count):
        value = (start + i) | (chunk_id << 8)
        for bit in range(BITS):
            if value >> bit & 1:
                row, col = divmod(bit, 5)
                frames[i, row * BLOCK : (row + 1) * BLOCK, col * BLOCK : (col + 1) * BLOCK] = 255
    return frames


def decode_tags(frames: np.ndarray) -> list[tuple[int, int]]:
    """``(global index, chunk id)`` read back from each frame's blocks."""
    tags = []
    for frame in frames:
        gray = frame.astype(np.float32).mean(axis=-1)
        value = 0
        for bit in range(BITS):
            row, col = divmod(bit, 5)
            block = gray[row * BLOCK + 4 : (row + 1) * BLOCK - 4, col * BLOCK + 4 : (col + 1) * BLOCK - 4]
            value |= int(block.mean() > 128) << bit
        tags.append((value & 0xFF, value >> 8))
    return tags


def tone(start_sample: int, count: int, sample_rate: int = SR, freq: float = 440.0, phase: float = 0.0) -> np.ndarray:
    t = (start_sample + np.arange(count)) / sample_rate
    wave = 0.3 * np.sin(2 * np.pi * freq * t + phase)
    return np.stack([wave, wave * 0.8]).astype(np.float32)


def make_chain(lengths: list[int], overlap: int, fps: float = FPS, sample_rate: int = SR) -> list[Chunk]:
    """Chunks of a continuous shot: chunk k starts ``overlap`` frames before chunk k-1 ends, audio included."""
    rate = Fraction(fps).limit_denominator(1001)
    chunks, start = [], 0
    for k, count in enumerate(lengths):
        a0 = round(Fraction(start) / rate * sample_rate)
        a1 = round(Fraction(start + count) / rate * sample_rate)
        chunks.append(Chunk(coded_frames(start, count, k), tone(a0, a1 - a0, sample_rate), sample_rate, fps))
        start += count - overlap
    return chunks


def decode_file(path: Path) -> tuple[np.ndarray, list[int], list[int], list[int], np.ndarray, int]:
    """Independently of the code under test: frames, video packet dts, video frame pts, audio frame pts, audio."""
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        packet_dts = [p.dts for p in container.demux(video) if p.size > 0]
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        decoded = list(container.decode(video))
        frames = np.stack([f.to_ndarray(format="rgb24") for f in decoded])
        frame_pts = [f.pts for f in decoded]
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        sample_rate = stream.codec_context.sample_rate
        audio_frames = list(container.decode(stream))
        audio_pts = [f.pts for f in audio_frames]
        audio = np.concatenate([f.to_ndarray() for f in audio_frames], axis=1)
    return frames, packet_dts, frame_pts, audio_pts, audio, sample_rate


def max_jump(signal: np.ndarray) -> float:
    return float(np.abs(np.diff(signal)).max())


def test_three_chunks_to_file_round_trip(tmp_path: Path) -> None:
    lengths, overlap = [25, 25, 25], 8
    chunks = make_chain(lengths, overlap)
    out, thumb = tmp_path / "shot.mp4", tmp_path / "shot.jpg"
    stitch_to_file(chunks, overlap, out, thumb)

    frames, packet_dts, frame_pts, audio_pts, audio, sample_rate = decode_file(out)
    expected = sum(lengths) - 2 * overlap
    assert frames.shape == (expected, HEIGHT, WIDTH, 3)

    # Frame k shows global index k; the overlap frames come from the earlier chunk (kept whole), then the next.
    tags = decode_tags(frames)
    assert [index for index, _ in tags] == list(range(expected))
    assert [chunk for _, chunk in tags] == [0] * 25 + [1] * (25 - overlap) + [2] * (25 - overlap)

    assert all(b > a for a, b in zip(packet_dts, packet_dts[1:]))
    assert all(b > a for a, b in zip(frame_pts, frame_pts[1:]))
    assert all(b > a for a, b in zip(audio_pts, audio_pts[1:]))

    # Audio lasts as long as the video, within one frame.
    assert sample_rate == SR
    assert abs(audio.shape[1] / sample_rate - expected / FPS) <= 1 / FPS

    # No click at either seam: the biggest step near a seam is like the biggest step anywhere in the first chunk.
    reference = max_jump(audio[0, 2000 : 25 * SR // FPS - 2000])
    for seam_frame in (25, 25 + 25 - overlap):
        seam = seam_frame * SR // FPS
        window = audio[0, seam - overlap * SR // FPS - 500 : seam + 500]
        assert max_jump(window) < 1.6 * reference, seam_frame

    with Image.open(thumb) as image:
        assert image.format == "JPEG" and image.size == (WIDTH, HEIGHT)


def test_in_memory_lengths_are_exact_for_non_integer_samples_per_frame() -> None:
    fps, sample_rate, overlap = 30000 / 1001, 44100, 5
    chunks = make_chain([17, 13, 21], overlap, fps, sample_rate)
    result = stitch(chunks, overlap)
    assert result.frames.shape[0] == 17 + 13 + 21 - 2 * overlap
    assert result.audio is not None and result.audio.dtype == np.float32
    assert result.audio.shape == (2, round(Fraction(result.frames.shape[0]) * 1001 / 30000 * sample_rate))
    assert result.audio_sample_rate == sample_rate and result.fps == fps
    # Identical overlap content + cut at the exact sample: with a linear crossfade the tone is reproduced exactly.
    linear = stitch(chunks, overlap, crossfade_curve="linear")
    assert linear.audio is not None
    np.testing.assert_allclose(linear.audio, tone(0, linear.audio.shape[1], sample_rate), atol=1e-5)


def test_crossfade_removes_the_click_between_unrelated_takes() -> None:
    """The later chunk's tone is a quarter-period off (a different 'take'): a hard cut clicks, the crossfade does not."""
    overlap = 6
    chunks = make_chain([24, 24], overlap)
    samples = chunks[1].audio.shape[1]
    start = (24 - overlap) * SR // FPS
    chunks[1].audio = tone(start, samples, phase=np.pi / 2)
    seam = 24 * SR // FPS

    hard = stitch(chunks, overlap, audio_crossfade_s=0)
    assert hard.audio is not None
    assert abs(hard.audio[0, seam] - hard.audio[0, seam - 1]) > 0.2  # the click the crossfade exists to remove

    smooth = stitch(chunks, overlap)  # default: equal-power over the whole overlap (250 ms)
    assert smooth.audio is not None
    reference = max_jump(chunks[0].audio[0])
    assert max_jump(smooth.audio[0]) <= reference * 1.05
    # Outside the overlap the chunks are untouched: chunk 0 before it, chunk 1 (from its cut on) after.
    fade = overlap * SR // FPS
    np.testing.assert_array_equal(smooth.audio[:, : seam - fade], chunks[0].audio[:, : seam - fade])
    np.testing.assert_array_equal(smooth.audio[:, seam:], chunks[1].audio[:, fade:])

    short = stitch(chunks, overlap, audio_crossfade_s=0.05)  # shorter fade, ending at the cut
    assert short.audio is not None
    np.testing.assert_array_equal(short.audio[:, : seam - 1200], chunks[0].audio[:, : seam - 1200])
    assert max_jump(short.audio[0]) < 0.2
    capped = stitch(chunks, overlap, audio_crossfade_s=10.0)  # capped to the overlap
    np.testing.assert_array_equal(capped.audio, smooth.audio)


def test_chunk_audio_is_fitted_to_its_video() -> None:
    chunks = make_chain([24, 24], 4)
    chunks[0].audio = np.concatenate([chunks[0].audio, np.zeros((2, 700), np.float32)], axis=1)  # too long
    chunks[1].audio = chunks[1].audio[:, :-300]  # a few hundred samples short (< one frame)
    result = stitch(chunks, 4)
    assert result.audio is not None and result.audio.shape[1] == 44 * SR // FPS

    chunks[1].audio = chunks[1].audio[:, :-2000]  # now more than a frame short
    with pytest.raises(ValueError, match="audio and video do not match"):
        stitch(chunks, 4)


def test_single_chunk_zero_overlap_and_silent_chunks() -> None:
    (only,) = make_chain([10], 0)
    assert np.array_equal(stitch([only], 3).frames, only.frames)

    chunks = make_chain([10, 10], 0)
    result = stitch(chunks, 0)
    assert [i for i, _ in decode_tags(result.frames)] == list(range(20))

    silent = [Chunk(c.frames, None, 0, c.fps) for c in make_chain([10, 10], 2)]
    result = stitch(silent, 2)
    assert result.audio is None and result.frames.shape[0] == 18


def test_load_chunk_round_trip(tmp_path: Path) -> None:
    (chunk,) = make_chain([24], 0)
    path = tmp_path / "chunk.mp4"
    stitch_to_file([chunk], 0, path)
    loaded = load_chunk(path)
    assert loaded.frames.shape == chunk.frames.shape and loaded.frames.dtype == np.uint8
    assert [i for i, _ in decode_tags(loaded.frames)] == list(range(24))
    assert loaded.fps == pytest.approx(FPS) and loaded.audio_sample_rate == SR
    assert loaded.audio is not None and loaded.audio.dtype == np.float32 and loaded.audio.shape[0] == 2
    assert abs(loaded.audio.shape[1] - SR) <= SR // FPS
    # Sample 0 lines up with frame 0: the decoded tone matches the original in phase (AAC is lossy, so loosely).
    n = min(loaded.audio.shape[1], chunk.audio.shape[1]) - 200
    assert np.corrcoef(loaded.audio[0, 200:n], chunk.audio[0, 200:n])[0, 1] > 0.99


def _chunk(frames: int = 10, size: tuple[int, int] = (HEIGHT, WIDTH), fps: float = FPS, sr: int = SR, channels=2):
    audio = None if channels == 0 else np.zeros((channels, round(frames / fps * sr)), np.float32)
    return Chunk(np.zeros((frames, *size, 3), np.uint8), audio, sr, fps)


@pytest.mark.parametrize(
    ("chunks", "overlap", "message"),
    [
        ([], 0, "at least one chunk"),
        ([_chunk(), _chunk()], -1, ">= 0"),
        ([_chunk(), _chunk(frames=4)], 4, "smaller than its frame count"),
        ([_chunk(frames=3), _chunk()], 3, "smaller than its frame count"),
        ([_chunk(), _chunk(size=(HEIGHT, WIDTH + 32))], 2, "frame size"),
        ([_chunk(), _chunk(fps=25)], 2, "fps"),
        ([_chunk(), _chunk(sr=48000)], 2, "sample rate"),
        ([_chunk(), _chunk(channels=1)], 2, "channel"),
        ([_chunk(), _chunk(channels=0)], 2, "audio"),
    ],
)
def test_validation_errors(chunks: list[Chunk], overlap: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        stitch(chunks, overlap)


def test_type_and_argument_errors() -> None:
    with pytest.raises(TypeError, match="uint8"):
        stitch([Chunk(np.zeros((4, 8, 8, 3), np.float32), None, 0, FPS)], 0)
    with pytest.raises(ValueError, match="audio_crossfade_s"):
        stitch([_chunk(), _chunk()], 2, audio_crossfade_s=-1)
    with pytest.raises(ValueError, match="crossfade_curve"):
        stitch([_chunk(), _chunk()], 2, crossfade_curve="cubic")  # type: ignore[arg-type]
