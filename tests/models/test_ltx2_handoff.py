"""Smart Continue: chunk N+1 conditioned on chunk N's final latents (latent route) or decoded frames (pixel route)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from diffusers import LTX2Pipeline

from backend.models.ltx2 import TextToVideoRequest, load_ltx2_pipeline
from backend.models.ltx2.common import max_sequence_length
from backend.models.ltx2.handoff import (
    ChunkLatents,
    LatentHandoffPipeline,
    decode_frames,
    generate_chunk,
    handoff_variant,
    overlap_pixel_frames,
    to_vae_latents,
)

RATIO = 8  # the tiny VAE's temporal compression, the real one's
OVERLAP = 2


def _request(seed: int = 1234, prompt: str = "a red fox runs through snow") -> TextToVideoRequest:
    return TextToVideoRequest(
        prompt=prompt,
        negative_prompt="blurry",
        width=128,
        height=128,
        num_frames=33,  # 5 latent frames: an overlap of 2 leaves 3 new ones
        fps=24.0,
        seed=seed,
        num_inference_steps=3,
        guidance_scale=3.0,
    )


class Cancelled(Exception):
    pass


@pytest.fixture(scope="module")
def pipe(tiny_ltx2_dir: Path) -> LTX2Pipeline:
    return load_ltx2_pipeline(tiny_ltx2_dir, "cpu", torch.float32)


@pytest.fixture(scope="module")
def first(pipe: LTX2Pipeline) -> Any:
    return generate_chunk(pipe, _request(seed=1), None, OVERLAP)


class EncodeSpy:
    def __init__(self, pipe: LTX2Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        original = pipe.vae.encode

        def spy(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(pipe.vae, "encode", spy)


def test_variant_shares_modules(pipe: LTX2Pipeline) -> None:
    variant = handoff_variant(pipe)
    assert isinstance(variant, LatentHandoffPipeline)
    assert handoff_variant(pipe) is variant
    for name, module in pipe.components.items():
        assert getattr(variant, name) is module


def test_first_chunk_latents_are_the_pipelines_own(pipe: LTX2Pipeline, first: Any) -> None:
    assert first.result.frames.shape == (33, 128, 128, 3) and first.result.frames.dtype == np.uint8
    assert first.latents.video.shape == (1, 4, 5, 4, 4)
    # The same call with output_type="latent" returns exactly the captured latents (raw VAE space).
    variant = handoff_variant(pipe)
    request = _request(seed=1)
    video, audio = variant(
        prompt=request.prompt,
        negative_prompt=request.negative_prompt,
        width=128,
        height=128,
        num_frames=33,
        frame_rate=24.0,
        num_inference_steps=3,
        guidance_scale=3.0,
        generator=torch.Generator("cpu").manual_seed(1),
        output_type="latent",
        return_dict=False,
        max_sequence_length=max_sequence_length(pipe),
    )
    assert torch.equal(video, to_vae_latents(pipe, first.latents.video))
    audio_vae = pipe.audio_vae
    assert first.latents.audio.shape == audio.shape
    packed = variant._pack_audio_latents(first.latents.audio)
    raw = variant._denormalize_audio_latents(packed, audio_vae.latents_mean, audio_vae.latents_std)
    assert torch.equal(variant._unpack_audio_latents(raw, audio.shape[2], num_mel_bins=audio.shape[3]), audio)
    # And decoding the captured latents as the pipeline does gives back the returned frames exactly.
    assert np.array_equal(decode_frames(variant, first.latents.video), first.result.frames)


def test_latent_route_never_encodes_pixel_route_does(
    pipe: LTX2Pipeline, first: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = EncodeSpy(pipe, monkeypatch)
    generate_chunk(pipe, _request(seed=2), first.latents, OVERLAP, route="latent")
    assert spy.calls == 0
    generate_chunk(pipe, _request(seed=2), first.latents, OVERLAP, route="pixel")
    assert spy.calls >= 1


def test_latent_route_holds_the_overlap_exactly(pipe: LTX2Pipeline, first: Any) -> None:
    out = generate_chunk(pipe, _request(seed=2), first.latents, OVERLAP)
    assert torch.equal(out.latents.video[:, :, :OVERLAP], first.latents.video[:, :, -OVERLAP:])
    assert not torch.equal(out.latents.video[:, :, OVERLAP:], first.latents.video[:, :, : 5 - OVERLAP])
    assert handoff_variant(pipe)._handoff is None


def test_pixel_route_conditions_on_the_previous_frames(pipe: LTX2Pipeline, first: Any) -> None:
    out = generate_chunk(pipe, _request(seed=2), first.latents, OVERLAP, route="pixel")
    assert out.result.frames.shape == (33, 128, 128, 3)
    # Decode/encode round trip: the overlap is close to the kept latents only approximately (random tiny VAE).
    assert not torch.equal(out.latents.video[:, :, :OVERLAP], first.latents.video[:, :, -OVERLAP:])
    assert overlap_pixel_frames(OVERLAP, RATIO) == 9


def test_three_chunk_chain(pipe: LTX2Pipeline) -> None:
    stages: list[str] = []
    previous = None
    chunks = []
    for n in range(3):
        out = generate_chunk(pipe, _request(seed=10 + n), previous, OVERLAP, on_stage=stages.append)
        assert out.result.frames.shape == (33, 128, 128, 3) and out.result.frames.dtype == np.uint8
        assert out.result.audio is not None and out.result.audio.ndim == 2
        if previous is not None:
            assert torch.equal(out.latents.video[:, :, :OVERLAP], previous.video[:, :, -OVERLAP:])
        previous = out.latents
        chunks.append(out)
    assert stages == ["text_encoding", "denoising", "decoding"] * 3


@pytest.mark.parametrize("route", ["latent", "pixel"])
def test_deterministic_for_a_seed(pipe: LTX2Pipeline, first: Any, route: str) -> None:
    a = generate_chunk(pipe, _request(seed=7), first.latents, OVERLAP, route=route)
    b = generate_chunk(pipe, _request(seed=7), first.latents, OVERLAP, route=route)
    assert np.array_equal(a.result.frames, b.result.frames)
    assert torch.equal(a.latents.video, b.latents.video)
    assert torch.equal(a.latents.audio, b.latents.audio)
    c = generate_chunk(pipe, _request(seed=8), first.latents, OVERLAP, route=route)
    assert not torch.equal(a.latents.video, c.latents.video)


def test_on_step_raising_aborts(pipe: LTX2Pipeline, first: Any) -> None:
    steps: list[tuple[int, int]] = []
    forwards = 0

    def count(*_: object) -> None:
        nonlocal forwards
        forwards += 1

    def on_step(step: int, total: int) -> None:
        steps.append((step, total))
        if step == 1:
            raise Cancelled

    handle = pipe.transformer.register_forward_pre_hook(count)
    try:
        with pytest.raises(Cancelled):
            generate_chunk(pipe, _request(seed=3), first.latents, OVERLAP, on_step=on_step)
    finally:
        handle.remove()
    assert steps == [(1, 3)]
    full = forwards
    assert handoff_variant(pipe)._handoff is None
    forwards = 0
    handle = pipe.transformer.register_forward_pre_hook(count)
    try:
        generate_chunk(pipe, _request(seed=3), first.latents, OVERLAP)
    finally:
        handle.remove()
    assert full < forwards


def test_validation(pipe: LTX2Pipeline, first: Any) -> None:
    with pytest.raises(ValueError, match="route"):
        generate_chunk(pipe, _request(), first.latents, OVERLAP, route="pixels")  # type: ignore[arg-type]
    for bad in (0, 5, 6):
        with pytest.raises(ValueError, match="overlap_latent_frames"):
            generate_chunk(pipe, _request(), first.latents, bad)
    wrong = ChunkLatents(video=first.latents.video[..., :3], audio=None)
    with pytest.raises(ValueError, match="previous latents"):
        generate_chunk(pipe, _request(), wrong, OVERLAP)
