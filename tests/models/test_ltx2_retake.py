"""Retake and audio-to-video on the tiny LTX-2: what the transformer sees at every step and what reaches the decoders.

Hooks on the real modules record the tokens and timesteps of each transformer call and the latents the video and
audio decoders get, so the tests check the mechanism itself: kept latent frames and kept sound enter every step clean
at timestep 0 and leave the loop exactly as the source encoded, the range is denoised anew, and the sound a clip is
made to changes its picture.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from diffusers import LTX2Pipeline
from diffusers.pipelines.ltx2 import LTX2VideoCondition

from backend.models.ltx2 import TextToVideoRequest, load_ltx2_pipeline
from backend.models.ltx2.audio_latents import audio_latent_frames, encode_audio, log_mel
from backend.models.ltx2.masked import kept_latents_variant
from backend.models.ltx2.retake import (
    AudioToVideoRequest,
    RetakeRequest,
    audio_to_video,
    regenerated_audio_frames,
    regenerated_latent_frames,
    retake,
)
from backend.models.ltx2.text_to_video import text_to_video

BASE = {
    "prompt": "a lighthouse in a storm",
    "width": 128,
    "height": 128,
    "num_frames": 65,  # 9 latent frames: 0, then 1-8, 9-16, ..., 57-64
    "fps": 24.0,
    "seed": 7,
    "num_inference_steps": 3,
    "guidance_scale": 3.0,
}
RATIO = 8  # the tiny VAE's temporal compression, the real one's
TOKENS_PER_FRAME = 4 * 4  # 128x128 pixels over the tiny VAE's 32x
SECONDS = 65 / 24
# Frames 20..44 lie in latent frames 3..6 (frames 17..48); 0-2 and 7-8 are kept.
START, END = 20, 44


@pytest.fixture(scope="module")
def pipe(tiny_ltx2_dir: Path) -> LTX2Pipeline:
    return load_ltx2_pipeline(tiny_ltx2_dir, "cpu", torch.float32)


@pytest.fixture(scope="module")
def take(pipe: LTX2Pipeline) -> Any:
    return text_to_video(pipe, TextToVideoRequest(**BASE))


class Recorder:
    """Every transformer call's video/audio tokens and timesteps, and the decoders' inputs."""

    def __init__(self, pipe: LTX2Pipeline) -> None:
        self.calls: list[dict[str, torch.Tensor]] = []
        self.video_z: torch.Tensor | None = None
        self.audio_z: torch.Tensor | None = None
        self._hooks = [
            pipe.transformer.register_forward_pre_hook(self._transformer, with_kwargs=True),
            pipe.vae.decoder.register_forward_pre_hook(self._video),
            pipe.audio_vae.decoder.register_forward_pre_hook(self._audio),
        ]

    def _transformer(self, _module: Any, _args: Any, kwargs: dict[str, Any]) -> None:
        keys = ("hidden_states", "audio_hidden_states", "timestep", "audio_timestep")
        self.calls.append({k: kwargs[k].detach().clone() for k in keys})

    def _video(self, _module: Any, args: Any) -> None:
        self.video_z = args[0].detach().clone()

    def _audio(self, _module: Any, args: Any) -> None:
        self.audio_z = args[0].detach().clone()

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc: object) -> None:
        for hook in self._hooks:
            hook.remove()


def encoded(pipe: LTX2Pipeline, frames: np.ndarray) -> torch.Tensor:
    """The source's raw VAE latents, as the condition pipeline encodes a clip condition."""
    variant = kept_latents_variant(pipe)
    condition = [LTX2VideoCondition(frames=frames, index=0, strength=1.0)]
    pixels = variant.preprocess_conditions(condition, BASE["width"], BASE["height"], frames.shape[0])[0][0]
    with torch.no_grad():
        return pipe.vae.encode(pixels).latent_dist.mode()


def test_the_range_maps_to_the_latent_frames_that_hold_it() -> None:
    assert regenerated_latent_frames(6, 11, 17, 2).nonzero().flatten().tolist() == [3, 4, 5, 6]
    assert regenerated_latent_frames(0, 0, 17, 2).nonzero().flatten().tolist() == [0]
    assert regenerated_latent_frames(START, END, 65, RATIO).nonzero().flatten().tolist() == [3, 4, 5, 6]
    # LTX-2 (r = 8), 2 s from frame 48 of a 121-frame shot: latent frames 6..12 (frames 41..96)
    assert regenerated_latent_frames(48, 95, 121, 8).nonzero().flatten().tolist() == list(range(6, 13))


def test_retake_keeps_the_other_latent_frames_clean_at_every_step(pipe: LTX2Pipeline, take: Any) -> None:
    source = encoded(pipe, take.frames)
    with Recorder(pipe) as seen:
        result = retake(
            pipe,
            RetakeRequest(
                **{**BASE, "seed": 99}, source_frames=take.frames, start=START, end=END, regenerate_audio=False
            ),
        )
    assert result.frames.shape == take.frames.shape
    kept_frames = [0, 1, 2, 7, 8]
    reopened = slice(3 * TOKENS_PER_FRAME, 7 * TOKENS_PER_FRAME)
    for call in seen.calls:  # CFG doubles the batch; every row has the same per-token timesteps
        timestep = call["timestep"]
        assert timestep.shape[-1] == 9 * TOKENS_PER_FRAME
        for f in kept_frames:
            assert (timestep[:, f * TOKENS_PER_FRAME : (f + 1) * TOKENS_PER_FRAME] == 0).all()
        assert (timestep[:, reopened] > 0).all()
    assert seen.video_z is not None
    for f in kept_frames:  # leave the loop as the source encoded (normalize/denormalize round trip only)
        torch.testing.assert_close(seen.video_z[:, :, f], source[:, :, f], rtol=1e-4, atol=1e-4)
    for f in (3, 4, 5, 6):
        assert (seen.video_z[:, :, f] - source[:, :, f]).abs().mean() > 0.1


def test_a_sound_only_retake_keeps_every_latent_frame(pipe: LTX2Pipeline, take: Any) -> None:
    source = encoded(pipe, take.frames)
    with Recorder(pipe) as seen:
        retake(pipe, RetakeRequest(**BASE, source_frames=take.frames, start=2, end=9, regenerate_video=False))
    assert all((call["timestep"] == 0).all() for call in seen.calls)
    torch.testing.assert_close(seen.video_z, source, rtol=1e-4, atol=1e-4)


def test_audio_retake_reopens_only_the_ranges_time(pipe: LTX2Pipeline, take: Any) -> None:
    variant = kept_latents_variant(pipe)
    seconds = SECONDS
    clean = encode_audio(variant, take.audio, int(variant.audio_sampling_rate), seconds)
    reopened = regenerated_audio_frames(variant, START, END, 65, 24.0)
    assert reopened.shape[0] == audio_latent_frames(variant, seconds) == clean.shape[2]
    assert 0 < int(reopened.sum()) < reopened.shape[0]
    with Recorder(pipe) as seen:
        retake(
            pipe,
            RetakeRequest(
                **{**BASE, "seed": 5},
                source_frames=take.frames,
                source_audio=take.audio,
                start=START,
                end=END,
                regenerate_video=False,
            ),
        )
    assert seen.audio_z is not None and seen.audio_z.shape == clean.shape
    kept = ~reopened
    torch.testing.assert_close(seen.audio_z[:, :, kept], clean[:, :, kept], rtol=1e-4, atol=1e-4)
    assert (seen.audio_z[:, :, reopened] - clean[:, :, reopened]).abs().mean() > 0.1


def test_audio_to_video_holds_the_sound_still_and_the_picture_follows_it(pipe: LTX2Pipeline) -> None:
    variant = kept_latents_variant(pipe)
    rate = int(variant.audio_sampling_rate)
    t = np.arange(round(SECONDS * rate)) / rate
    tone = np.stack([0.5 * np.sin(2 * np.pi * 440 * t)] * 2).astype(np.float32)
    clean = encode_audio(variant, tone, rate, SECONDS)
    with Recorder(pipe) as seen:
        first = audio_to_video(pipe, AudioToVideoRequest(**BASE, audio=tone))
    assert first.frames.shape == (65, 128, 128, 3)
    for call in seen.calls:
        assert (call["audio_timestep"] == 0).all()  # the sound is heard clean at every step
    normalized = seen.calls[0]["audio_hidden_states"][0]
    for call in seen.calls:  # never stepped: every row of every call (CFG, STG, modality passes) is the same
        assert all(torch.equal(row, normalized) for row in call["audio_hidden_states"])
    torch.testing.assert_close(seen.audio_z, clean, rtol=1e-4, atol=1e-4)
    # The same seed and prompt to another sound (a low hum): another picture. Were the sound ignored, the two would
    # be bit-identical (same noise, same prompt); the tiny model's random audio-to-video attention moves it a little.
    hum = np.stack([0.05 * np.sin(2 * np.pi * 110 * t)] * 2).astype(np.float32)
    second = audio_to_video(pipe, AudioToVideoRequest(**BASE, audio=hum))
    assert np.abs(first.frames.astype(int) - second.frames.astype(int)).mean() > 0.1


def test_the_log_mel_front_end_puts_a_tone_in_its_band() -> None:
    rate, hop, bins = 16000, 160, 64
    t = np.arange(rate) / rate
    tone = np.stack([np.sin(2 * np.pi * 1000 * t), np.sin(2 * np.pi * 3000 * t)]).astype(np.float32)
    mel = log_mel(tone, rate, hop, bins)
    assert mel.shape == (1, 2, 1 + rate // hop, bins)
    from transformers.audio_utils import hertz_to_mel, mel_to_hertz

    edges = mel_to_hertz(np.linspace(hertz_to_mel(0.0, "slaney"), hertz_to_mel(8000.0, "slaney"), bins + 2), "slaney")
    for channel, hz in ((0, 1000), (1, 3000)):
        band = int(mel[0, channel, 10:-10].mean(0).argmax())
        assert edges[band] <= hz <= edges[band + 2], (hz, edges[band], edges[band + 2])


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"start": 5, "end": 65}, "inside the clip"),
        ({"start": 9, "end": 3}, "inside the clip"),
        ({"regenerate_video": False, "regenerate_audio": False}, "neither"),
        ({"source_frames": np.zeros((9, 64, 64, 3), np.uint8)}, "has 9 frames"),
        ({"source_frames": np.zeros((65, 128, 128), np.uint8)}, "uint8 (F, H, W, 3)"),
    ],
)
def test_retake_refuses_bad_input_before_running(pipe: LTX2Pipeline, take: Any, change: dict, words: str) -> None:
    fields = {"source_frames": take.frames, "start": 2, "end": 5, **change}
    with Recorder(pipe) as seen, pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
        retake(pipe, RetakeRequest(**BASE, **fields))
    assert seen.calls == []


def test_audio_must_be_at_the_vaes_rate(pipe: LTX2Pipeline) -> None:
    with pytest.raises(ValueError, match="16000 Hz"):
        encode_audio(kept_latents_variant(pipe), np.zeros((2, 100), np.float32), 48000, 0.5)
