"""Filmstrips and waveform peaks on real files written with PyAV."""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from backend.media.filmstrip import NotVideo, filmstrip_jpeg
from backend.media.peaks import NoAudio, audio_peaks
from backend.media.video_writer import write_mp4


def flat_frames(levels: list[int], height: int = 64, width: int = 96) -> np.ndarray:
    """One flat grey frame per level: every frame is recognisable in the sprite by its brightness."""
    return np.stack([np.full((height, width, 3), level, np.uint8) for level in levels])


def write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    """Mono float samples in [-1, 1] as 16-bit PCM WAV (lossless: the peaks are exact to 1/32768)."""
    with av.open(str(path), "w", format="wav") as container:
        stream = container.add_stream("pcm_s16le", rate=rate)
        stream.layout = "mono"
        pcm = np.round(samples * 32767).astype(np.int16)[None, :]
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = rate, 0, Fraction(1, rate)
        container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


def sine(seconds: float, rate: int, amplitude: float, hz: float = 440.0) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def test_filmstrip_samples_evenly_and_is_count_times_the_frame_width(tmp_path: Path) -> None:
    levels = [12 * i for i in range(20)]
    clip = tmp_path / "grey.mp4"
    write_mp4(clip, flat_frames(levels), fps=24)
    sprite = Image.open(io.BytesIO(filmstrip_jpeg(clip, count=4, height=32)))
    assert sprite.format == "JPEG" and sprite.size == (4 * 48, 32)  # 96x64 at 32 px high: 48 px per frame
    tiles = np.asarray(sprite.convert("L"), np.float32).reshape(32, 4, 48).mean(axis=(0, 2))
    # Frame i of 4 is the middle of the i-th quarter of 20 frames: frames 2, 7, 12, 17.
    assert np.allclose(tiles, [levels[2], levels[7], levels[12], levels[17]], atol=4), tiles


def test_filmstrip_of_a_short_clip_repeats_frames_and_refuses_audio(tmp_path: Path) -> None:
    clip = tmp_path / "short.mp4"
    write_mp4(clip, flat_frames([40, 200]), fps=24)
    sprite = Image.open(io.BytesIO(filmstrip_jpeg(clip, count=5, height=16)))
    assert sprite.size == (5 * 24, 16)
    wav = tmp_path / "tone.wav"
    write_wav(wav, sine(0.2, 8000, 0.5), 8000)
    with pytest.raises(NotVideo):
        filmstrip_jpeg(wav, count=2, height=16)


def test_peaks_follow_a_known_sine_and_silence_pattern(tmp_path: Path) -> None:
    rate = 8000
    wav = tmp_path / "pattern.wav"
    write_wav(wav, np.concatenate([sine(1, rate, 0.5), np.zeros(rate, np.float32), sine(1, rate, 0.9)]), rate)
    result = audio_peaks(wav, per_second=10)
    assert result.duration_s == pytest.approx(3.0) and result.per_second == 10
    peaks = np.array(result.peaks)
    assert peaks.shape == (30,)
    assert np.allclose(peaks[:10], 0.5, atol=0.01)  # 440 Hz: every 0.1 s slice holds a crest
    assert np.all(peaks[10:20] == 0.0)
    assert np.allclose(peaks[20:], 0.9, atol=0.01)
    # A partial last slice is kept; per_second above the old one resamples the same audio.
    assert len(audio_peaks(wav, per_second=3).peaks) == 9
    assert len(audio_peaks(wav, per_second=1000).peaks) == 3000


def test_peaks_of_a_video_with_sound_and_of_one_without(tmp_path: Path) -> None:
    rate = 16000
    sound = np.stack([sine(1, rate, 0.6), np.zeros(rate, np.float32)])  # loud left, silent right: max across channels
    with_sound = tmp_path / "with_sound.mp4"
    write_mp4(with_sound, flat_frames([100] * 24), fps=24, audio=sound, audio_sample_rate=rate)
    peaks = np.array(audio_peaks(with_sound, per_second=4).peaks)
    assert 4 <= len(peaks) <= 5  # AAC adds a little priming/padding
    assert np.allclose(peaks[:4], 0.6, atol=0.08)
    silent = tmp_path / "silent.mp4"
    write_mp4(silent, flat_frames([100] * 4), fps=24)
    with pytest.raises(NoAudio, match="no audio stream"):
        audio_peaks(silent, per_second=10)
