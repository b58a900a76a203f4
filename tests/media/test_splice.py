"""Splicing a regenerated range into its take, the window a retake generates, and audio resampling."""

from __future__ import annotations

import numpy as np
import pytest

from backend.media.audio import resample
from backend.media.splice import splice_range
from backend.media.stitch import Chunk
from backend.media.windows import RETAKE_CONTEXT_FRAMES, retake_window

FPS, RATE = 24.0, 48000


def clip(frames: int, value: int, audio: float | None, rate: int = RATE, channels: int = 2) -> Chunk:
    """Frame k has every pixel at ``value + k``; the sound is a constant ``audio`` (per channel: audio, audio/2)."""
    pictures = (np.arange(frames)[:, None, None, None] + value + np.zeros((1, 4, 4, 3))).astype(np.uint8)
    sound = None
    if audio is not None:
        sound = np.full((channels, round(frames / FPS * rate)), audio, np.float32)
        if channels == 2:
            sound[1] /= 2
    return Chunk(frames=pictures, audio=sound, audio_sample_rate=rate, fps=FPS)


def test_only_the_range_changes_picture_and_sound() -> None:
    source, new = clip(17, 0, 0.5), clip(17, 100, -0.25)
    out = splice_range(source, new, 6, 11)
    assert (out.frames[:6] == source.frames[:6]).all() and (out.frames[12:] == source.frames[12:]).all()
    assert (out.frames[6:12] == new.frames[6:12]).all()
    first, stop, fade = round(6 / FPS * RATE), round(12 / FPS * RATE), round(0.01 * RATE)
    assert out.audio.shape == source.audio.shape
    assert (out.audio[:, :first] == source.audio[:, :first]).all()  # bit for bit
    assert (out.audio[:, stop:] == source.audio[:, stop:]).all()
    assert np.allclose(out.audio[:, first + fade : stop - fade], new.audio[:, first + fade : stop - fade])
    # the fades run inside the range, from the kept level to the new one and back
    assert out.audio[0, first] == pytest.approx(0.5) and out.audio[0, stop - 1] == pytest.approx(0.5, abs=0.01)
    assert out.audio[0, first + fade // 2] == pytest.approx((0.5 - 0.25) / 2, abs=0.01)
    assert np.allclose(out.audio[1], out.audio[0] / 2)  # channels stay apart


def test_picture_only_and_sound_only() -> None:
    source, new = clip(17, 0, 0.5), clip(17, 100, -0.25)
    picture = splice_range(source, new, 2, 4, audio=False)
    assert (picture.audio == source.audio).all() and (picture.frames[2:5] == new.frames[2:5]).all()
    sound = splice_range(source, new, 2, 4, video=False)
    assert (sound.frames == source.frames).all() and sound.audio[0, round(3 / FPS * RATE)] == pytest.approx(-0.25)


def test_a_window_is_placed_by_its_offset_and_other_rates_are_resampled() -> None:
    source = clip(300, 0, 0.5)
    window = clip(49, 50, -0.25, rate=16000)  # generated for source frames 40..88, at the model's rate
    out = splice_range(source, window, 60, 70, offset=40)
    assert (out.frames[60:71] == window.frames[20:31]).all()
    assert (out.frames[:60] == source.frames[:60]).all() and (out.frames[71:] == source.frames[71:]).all()
    assert out.audio_sample_rate == RATE and out.audio[0, round(65 / FPS * RATE)] == pytest.approx(-0.25, abs=1e-3)


def test_a_take_without_sound_gets_silence_around_the_new_sound() -> None:
    out = splice_range(clip(17, 0, None), clip(17, 100, 0.3, rate=16000, channels=1), 6, 11)
    assert out.audio.shape == (2, round(17 / FPS * 16000)) and out.audio_sample_rate == 16000
    assert (out.audio[:, :1000] == 0).all() and out.audio[:, 5000] == pytest.approx([0.3, 0.3])


@pytest.mark.parametrize(
    ("start", "end", "offset", "words"),
    [(5, 17, 0, "outside the take"), (8, 4, 0, "outside the take"), (2, 5, 3, "must cover"), (2, 16, 0, None)],
)
def test_bad_ranges_are_refused(start: int, end: int, offset: int, words: str | None) -> None:
    source, new = clip(17, 0, 0.5), clip(15 if words is None else 17, 100, 0.1)
    with pytest.raises(ValueError, match=words or "must cover"):
        splice_range(source, new, start, end, offset=offset)


def test_the_retake_window() -> None:
    # 2 s in the middle of a 5 s shot: the range and 1 s of context on each side, 8k+1 long (97 frames, not 121)
    offset, length = retake_window(121, 48, 95, 8)
    assert (offset, length) == (24, 97) and offset + length - 1 == 120
    assert retake_window(121, 0, 10, 8) == (0, 41)  # at the start: no context before it
    assert retake_window(121, 110, 120, 8) == (80, 41)  # at the end: the window moves back, no padding
    assert retake_window(30, 2, 20, 8) == (0, 33)  # a take shorter than the window: padded past its end
    offset, length = retake_window(600, 300, 347, 8)  # a long take
    assert (offset, (length - 1) % 8) == (300 - RETAKE_CONTEXT_FRAMES, 0)
    assert offset + length - 1 >= 347 + RETAKE_CONTEXT_FRAMES and length <= 257
    offset, length = retake_window(600, 100, 350, 8)  # the range fills the window: it still covers it
    assert offset <= 100 and offset + length > 350 and length == 257
    for total, start, end in ((121, 0, 120), (17, 6, 11), (600, 590, 599), (257, 0, 0)):
        offset, length = retake_window(total, start, end, 8)
        assert offset <= start and end < offset + length and (length - 1) % 8 == 0
    with pytest.raises(ValueError, match="at most 257 frames"):
        retake_window(600, 0, 300, 8)


def test_resample_keeps_pitch_length_and_channels() -> None:
    t = np.arange(48000) / 48000
    tone = np.stack([np.sin(2 * np.pi * 440 * t), 0.5 * np.sin(2 * np.pi * 440 * t)]).astype(np.float32)
    low = resample(tone, 48000, 16000)
    assert low.shape == (2, 16000)
    spectrum = np.abs(np.fft.rfft(low[0]))
    assert int(spectrum.argmax()) == 440  # 1 s of audio: bin n is n Hz
    assert np.abs(low[1, 1000:-1000]).max() == pytest.approx(0.5 * np.abs(low[0, 1000:-1000]).max(), rel=0.02)
    assert resample(tone, 48000, 48000) is tone
