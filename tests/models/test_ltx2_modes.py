"""Image->video, the conditioning timeline and two-stage upscale on the tiny LTX-2 model (real diffusers classes)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from diffusers import (
    LTX2ConditionPipeline,
    LTX2ImageToVideoPipeline,
    LTX2LatentUpsamplePipeline,
    LTX2Pipeline,
)
from diffusers.pipelines.ltx2 import LTX2VideoCondition
from diffusers.pipelines.ltx2.utils import apply_image_conditioning_crf, resolve_default_image_crf
from PIL import Image

from backend.models.ltx2 import TextToVideoRequest, load_ltx2_pipeline, text_to_video
from backend.models.ltx2.common import fit_frames
from backend.models.ltx2.image_to_video import ImageToVideoRequest, fit_image, image_to_video
from backend.models.ltx2.keyframes import (
    ConditionedRequest,
    ConditioningInput,
    effective_pixel_frame,
    generate_with_conditioning,
    latent_index_to_pixel_frame,
    pixel_frame_to_latent_index,
)
from backend.models.ltx2.upscale import (
    PLAIN_REFINE_KWARGS,
    REFINE_SIGMAS,
    load_ltx2_latent_upsampler,
    upscale_latents_then_refine,
)
from backend.models.ltx2.variants import condition_variant, image_to_video_variant
from backend.models.tiny import MARKER_FILENAME, is_test_model
from backend.models.tiny.ltx2 import TEXT_MAX_SEQUENCE_LENGTH
from backend.models.tiny.ltx2_upsampler import build_tiny_ltx2_upsampler

FIELDS: dict[str, Any] = {
    "prompt": "a red fox runs through snow",
    "negative_prompt": "blurry",
    "width": 128,  # 4x4 latent pixels; a multiple of 64, so the two-stage upscale runs at this size too
    "height": 128,
    "num_frames": 33,  # 5 latent frames: 0, then 1-8, 9-16, 17-24, 25-32
    "fps": 24.0,
    "seed": 1234,
    "num_inference_steps": 3,
    "guidance_scale": 3.0,
}
RATIO = 8  # the tiny VAE's temporal compression, the real one's


class Cancelled(Exception):
    pass


@pytest.fixture(scope="module")
def pipe(tiny_ltx2_dir: Path) -> LTX2Pipeline:
    return load_ltx2_pipeline(tiny_ltx2_dir, "cpu", torch.float32)


@pytest.fixture(scope="module")
def upsampler_dir(tiny_ltx2_upsampler_dir: Path) -> Path:
    return tiny_ltx2_upsampler_dir


def _image(seed: int, height: int = 128, width: int = 128) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)


def _direct_kwargs() -> dict[str, Any]:
    return {
        "prompt": FIELDS["prompt"],
        "negative_prompt": FIELDS["negative_prompt"],
        "width": FIELDS["width"],
        "height": FIELDS["height"],
        "num_frames": FIELDS["num_frames"],
        "frame_rate": FIELDS["fps"],
        "num_inference_steps": FIELDS["num_inference_steps"],
        "guidance_scale": FIELDS["guidance_scale"],
        "generator": torch.Generator("cpu").manual_seed(FIELDS["seed"]),
        "max_sequence_length": TEXT_MAX_SEQUENCE_LENGTH,
        "output_type": "np",
        "return_dict": False,
    }


def _uint8(video: Any) -> np.ndarray:
    return (np.asarray(video)[0] * 255).round().astype(np.uint8)


class DecoderInputs:
    """Records the (denormalized) latents each VAE decode receives."""

    def __init__(self, pipe: LTX2Pipeline) -> None:
        self.latents: list[torch.Tensor] = []
        self._handle = pipe.vae.decoder.register_forward_pre_hook(
            lambda _m, args: self.latents.append(args[0].detach().clone())
        )

    def close(self) -> None:
        self._handle.remove()


class ForwardCounter:
    def __init__(self, pipe: LTX2Pipeline) -> None:
        self.calls = 0
        self._handle = pipe.transformer.register_forward_pre_hook(self._count)

    def _count(self, *_: object) -> None:
        self.calls += 1

    def close(self) -> None:
        self._handle.remove()


def _image_latent(pipe: LTX2Pipeline, image: np.ndarray) -> torch.Tensor:
    """The raw VAE latent ``(C, H, W)`` the pipelines condition on: H.264 re-compressed at the model CRF, encoded."""
    recompressed = apply_image_conditioning_crf(image, resolve_default_image_crf(pipe.text_encoder))
    pixels = torch.from_numpy(recompressed).permute(2, 0, 1)[None, :, None].float() / 127.5 - 1.0
    with torch.no_grad():
        return pipe.vae.encode(pixels).latent_dist.mode()[0, :, 0]


# --- variants -------------------------------------------------------------------------------------------------


def test_variants_share_the_base_modules_and_are_cached(tiny_ltx2_dir: Path, pipe: LTX2Pipeline) -> None:
    i2v = image_to_video_variant(pipe)
    cond = condition_variant(pipe)
    assert type(i2v) is LTX2ImageToVideoPipeline and type(cond) is LTX2ConditionPipeline
    for variant in (i2v, cond):
        for name, module in pipe.components.items():
            assert getattr(variant, name) is module, name
        assert variant.vae.use_tiling  # a module flag, so the loader's setting carries over
    assert image_to_video_variant(pipe) is i2v and condition_variant(pipe) is cond
    assert cond.audio_scheduler is None  # per call deep copy of the shared scheduler, as LTX2Pipeline does

    other = LTX2Pipeline.from_pretrained(tiny_ltx2_dir, dtype=torch.float32)
    assert image_to_video_variant(other) is not i2v
    assert image_to_video_variant(other).transformer is other.transformer
    # Replacing a base component invalidates the cached variant instead of running stale modules.
    before = condition_variant(other)
    other.scheduler = type(other.scheduler).from_config(other.scheduler.config)
    after = condition_variant(other)
    assert after is not before and after.scheduler is other.scheduler


# --- image -> video -------------------------------------------------------------------------------------------


def test_image_to_video_equals_a_direct_pipeline_call(tiny_ltx2_dir: Path, pipe: LTX2Pipeline) -> None:
    image = _image(1)
    result = image_to_video(pipe, ImageToVideoRequest(**FIELDS, image=image))

    direct = LTX2ImageToVideoPipeline.from_pretrained(tiny_ltx2_dir, dtype=torch.float32)
    video, audio = direct(image=Image.fromarray(image), **_direct_kwargs())

    assert result.frames.dtype == np.uint8 and result.frames.shape == (33, 128, 128, 3)
    np.testing.assert_array_equal(result.frames, _uint8(video))
    np.testing.assert_array_equal(result.audio, audio[0].numpy())
    assert result.fps == 24.0


def test_image_to_video_holds_the_image_latent_at_frame_zero(pipe: LTX2Pipeline) -> None:
    """Frame 0's latent is the image's VAE latent exactly; t2v's is not. (Pixels can't show it: the tiny VAE has
    random weights, so decode(encode(image)) looks nothing like the image, and neither does any output.)"""
    image = _image(2)
    target = _image_latent(pipe, image)
    spy = DecoderInputs(pipe)
    try:
        image_to_video(pipe, ImageToVideoRequest(**FIELDS, image=image))
        text_to_video(pipe, TextToVideoRequest(**FIELDS))
    finally:
        spy.close()
    i2v_latents, t2v_latents = spy.latents
    assert float((i2v_latents[0, :, 0] - target).abs().max()) < 1e-4
    assert float((t2v_latents[0, :, 0] - target).abs().mean()) > 0.3
    # Only frame 0 is pinned; later latent frames are generated.
    assert float((i2v_latents[0, :, 1] - target).abs().mean()) > 0.3


def test_fit_image_center_crops_to_aspect_then_resizes() -> None:
    red, green, blue = (255, 0, 0), (0, 255, 0), (0, 0, 255)
    wide = np.zeros((64, 128, 3), np.uint8)
    wide[:, :32], wide[:, 32:96], wide[:, 96:] = red, green, blue
    assert (fit_image(wide, 64, 64) == green).all()  # the sides are cropped off, nothing squeezed in
    tall = np.zeros((256, 64, 3), np.uint8)
    tall[:96], tall[96:160], tall[160:] = red, green, blue
    out = fit_image(tall, 64, 32)  # 2:1 target from a 1:4 image keeps the middle 32 rows, doubled
    assert out.shape == (32, 64, 3) and (out == green).all()
    odd = fit_image(_image(3, 50, 100), 64, 32)
    assert odd.shape == (32, 64, 3) and odd.dtype == np.uint8
    same = _image(4, 64, 64)
    assert fit_image(same, 64, 64) is same  # right-sized input is passed through untouched
    with pytest.raises(ValueError):
        fit_image(same.astype(np.float32), 64, 64)
    with pytest.raises(ValueError):
        fit_image(same[None], 64, 64)


def test_image_of_another_size_goes_through_the_fit_policy(pipe: LTX2Pipeline) -> None:
    big = _image(5, 192, 320)
    a = image_to_video(pipe, ImageToVideoRequest(**FIELDS, image=big))
    b = image_to_video(pipe, ImageToVideoRequest(**FIELDS, image=fit_image(big, 128, 128)))
    np.testing.assert_array_equal(a.frames, b.frames)
    # ...and the image matters: the whole image squeezed to 128x128 (not the policy's crop) gives another clip.
    squeezed = np.asarray(Image.fromarray(big).resize((128, 128), Image.Resampling.BICUBIC))
    c = image_to_video(pipe, ImageToVideoRequest(**FIELDS, image=squeezed))
    assert np.abs(a.frames.astype(int) - c.frames.astype(int)).mean() > 1


# --- conditioning timeline ------------------------------------------------------------------------------------


def test_latent_index_mapping() -> None:
    # LTX-2 proper (ratio 8): latent 0 = frame 0; latent L >= 1 = frames 8(L-1)+1 .. 8L.
    expected = {0: 0, 1: 1, 2: 1, 8: 1, 9: 2, 16: 2, 17: 3, 113: 15, 120: 15}
    assert {k: pixel_frame_to_latent_index(k, 8) for k in expected} == expected
    assert [latent_index_to_pixel_frame(i, 8) for i in range(4)] == [0, 1, 9, 17]
    assert effective_pixel_frame(120, 8) == 113  # the last frame of a 121-frame clip lands 7 frames early
    assert effective_pixel_frame(0, 8) == 0 and effective_pixel_frame(9, 8) == 9
    # Ratio 2, 9 frames = 5 latent frames: the last frame maps to the last latent frame (the rules hold for any r).
    assert [pixel_frame_to_latent_index(k, 2) for k in range(9)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert [effective_pixel_frame(k, 2) for k in range(9)] == [0, 1, 1, 3, 3, 5, 5, 7, 7]
    for ratio in (1, 2, 4, 8):
        for k in range(60):
            latent = pixel_frame_to_latent_index(k, ratio)
            first = latent_index_to_pixel_frame(latent, ratio)
            assert first <= k and (latent == 0 or k <= latent * ratio)  # k lies inside its latent's block
    with pytest.raises(ValueError):
        pixel_frame_to_latent_index(-1, 8)


def test_conditioning_equals_a_direct_pipeline_call(tiny_ltx2_dir: Path, pipe: LTX2Pipeline) -> None:
    first, last = _image(6), _image(7)
    clip = np.stack([_image(10 + i) for i in range(9)])  # 1 + 8 frames: two latent frames
    items = (
        ConditioningInput(first[None], pixel_frame=0, strength=1.0),
        ConditioningInput(clip, pixel_frame=9, strength=0.5),
        ConditioningInput(last[None], pixel_frame=32, strength=0.8),  # the last frame
    )
    variant = condition_variant(pipe)
    placed: list[int] = []
    original = variant._prepare_keyframe_coords

    def spy(*args: Any, **kwargs: Any) -> torch.Tensor:
        placed.append(kwargs["pixel_frame_idx"])
        return original(*args, **kwargs)

    variant._prepare_keyframe_coords = spy  # instance attribute: only this cached variant is affected
    try:
        result = generate_with_conditioning(pipe, ConditionedRequest(**FIELDS, items=items))
    finally:
        del variant._prepare_keyframe_coords

    direct = LTX2ConditionPipeline.from_pretrained(tiny_ltx2_dir, dtype=torch.float32)
    conditions = [
        LTX2VideoCondition(frames=first, index=0, strength=1.0),
        LTX2VideoCondition(frames=clip, index=2, strength=0.5),
        LTX2VideoCondition(frames=last, index=4, strength=0.8),
    ]
    video, audio = direct(conditions=conditions, **_direct_kwargs())

    assert result.frames.shape == (33, 128, 128, 3)
    np.testing.assert_array_equal(result.frames, _uint8(video))
    np.testing.assert_array_equal(result.audio, audio[0].numpy())
    # The pipeline placed the keyframes where effective_pixel_frame says (frame 32 lands on 25 with ratio 8).
    assert placed == [9, 25] == [effective_pixel_frame(9, RATIO), effective_pixel_frame(32, RATIO)]


def test_strength_controls_how_firmly_frame_zero_is_held(pipe: LTX2Pipeline) -> None:
    image = _image(8)
    target = _image_latent(pipe, image)
    spy = DecoderInputs(pipe)
    try:
        for strength in (1.0, 0.5, 0.0):
            item = ConditioningInput(image[None], pixel_frame=0, strength=strength)
            generate_with_conditioning(pipe, ConditionedRequest(**FIELDS, items=(item,)))
        generate_with_conditioning(pipe, ConditionedRequest(**FIELDS))  # no conditioning at all
    finally:
        spy.close()
    distance = [float((latents[0, :, 0] - target).abs().mean()) for latents in spy.latents]
    full, half, zero, none = distance
    assert full < 1e-5  # strength 1: the image's latent, exactly
    assert full < half < zero  # in between: pulled part of the way
    assert zero > 0.3 and none > 0.3  # strength 0 is as free as no conditioning
    assert half < 0.6 * none


def test_a_later_keyframe_conditions_softly(pipe: LTX2Pipeline) -> None:
    """A keyframe at frame > 0 is appended as extra tokens the model attends to; its own latent frame is not
    overwritten. It changes the clip, but only a trained model makes that frame look like the keyframe."""
    image = _image(9)
    target = _image_latent(pipe, image)
    spy = DecoderInputs(pipe)
    try:
        outputs = [
            generate_with_conditioning(
                pipe, ConditionedRequest(**FIELDS, items=(ConditioningInput(image[None], 32, strength),))
            )
            for strength in (1.0, 0.0)
        ]
        outputs.append(generate_with_conditioning(pipe, ConditionedRequest(**FIELDS)))
    finally:
        spy.close()
    keyed, zero, free = outputs
    assert not np.array_equal(keyed.frames, free.frames)
    assert not np.array_equal(keyed.frames, zero.frames)
    assert float((spy.latents[0][0, :, 4] - target).abs().mean()) > 0.3  # not pinned in the tiny model


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ((ConditioningInput(_image(0)[None], pixel_frame=33),), "outside the clip"),
        ((ConditioningInput(_image(0)[None], pixel_frame=-1),), "outside the clip"),
        ((ConditioningInput(_image(0)[None], strength=1.5),), "strength"),
        ((ConditioningInput(_image(0)[None], strength=-0.1),), "strength"),
        ((ConditioningInput(_image(0)[None], strength=math.nan),), "strength"),
        ((ConditioningInput(_image(0)[None].astype(np.float32)),), "uint8"),
        ((ConditioningInput(np.zeros((1, 64, 64, 4), np.uint8)),), "uint8"),
        ((ConditioningInput(np.zeros((3, 64, 64, 3), np.uint8), pixel_frame=1),), "1 \\+ a multiple of 8"),
        ((ConditioningInput(np.zeros((9, 64, 64, 3), np.uint8), pixel_frame=2),), "latent frame boundary"),
        ((ConditioningInput(np.zeros((9, 64, 64, 3), np.uint8), pixel_frame=25),), "past the end"),
        ((ConditioningInput(_image(0)[None], 25), ConditioningInput(_image(1)[None], 32)), "same latent frame"),
        ((ConditioningInput(_image(0)[None], 0), ConditioningInput(_image(1)[None], 0)), "same latent frame"),
        (("not an item",), "ConditioningInput"),
    ],
)
def test_invalid_timelines_are_rejected_before_running(pipe: LTX2Pipeline, items: tuple, message: str) -> None:
    counter = ForwardCounter(pipe)
    try:
        with pytest.raises(ValueError, match=message):
            generate_with_conditioning(pipe, ConditionedRequest(**FIELDS, items=items))
    finally:
        counter.close()
    assert counter.calls == 0


def test_items_of_another_size_are_fitted_and_any_number_works(pipe: LTX2Pipeline) -> None:
    big = _image(20, 160, 240)
    frames = (0, 1, 9, 17, 32)  # one item on each of the 5 latent frames
    items = tuple(ConditioningInput(big[None], k, 0.9) for k in frames)
    fitted = tuple(ConditioningInput(fit_frames(big, 128, 128)[None], k, 0.9) for k in frames)
    a = generate_with_conditioning(pipe, ConditionedRequest(**FIELDS, items=items))
    b = generate_with_conditioning(pipe, ConditionedRequest(**FIELDS, items=fitted))
    np.testing.assert_array_equal(a.frames, b.frames)


def test_bad_requests_are_rejected_in_every_mode(pipe: LTX2Pipeline, upsampler_dir: Path) -> None:
    upsampler = load_ltx2_latent_upsampler(upsampler_dir, "cpu", torch.float32)
    bad = {**FIELDS, "num_frames": 10}
    with pytest.raises(ValueError):
        image_to_video(pipe, ImageToVideoRequest(**bad, image=_image(0)))
    with pytest.raises(ValueError):
        image_to_video(pipe, ImageToVideoRequest(**FIELDS, image=_image(0).astype(np.int64)))
    with pytest.raises(ValueError):
        image_to_video(pipe, ImageToVideoRequest(**FIELDS, image=_image(0)), pipeline_kwargs={"image": None})
    with pytest.raises(ValueError):
        generate_with_conditioning(pipe, ConditionedRequest(**bad))
    with pytest.raises(ValueError):
        generate_with_conditioning(pipe, ConditionedRequest(**FIELDS), pipeline_kwargs={"conditions": []})
    with pytest.raises(ValueError, match="multiple of 64"):
        upscale_latents_then_refine(pipe, upsampler, TextToVideoRequest(**{**FIELDS, "width": 96}))
    with pytest.raises(ValueError):
        upscale_latents_then_refine(pipe, upsampler, TextToVideoRequest(**FIELDS), refine_kwargs={"latents": None})
    with pytest.raises(ValueError):
        upscale_latents_then_refine(pipe, upsampler, TextToVideoRequest(**FIELDS), refine_sigmas=[0.5, 0.7])


# --- progress and cancellation --------------------------------------------------------------------------------


def _run_mode(mode: str, pipe: LTX2Pipeline, upsampler: Any, **callbacks: Any) -> Any:
    if mode == "i2v":
        return image_to_video(pipe, ImageToVideoRequest(**FIELDS, image=_image(30)), **callbacks)
    if mode == "cond":
        items = (ConditioningInput(_image(31)[None], 0), ConditioningInput(_image(32)[None], 32, 0.7))
        return generate_with_conditioning(pipe, ConditionedRequest(**FIELDS, items=items), **callbacks)
    return upscale_latents_then_refine(pipe, upsampler, TextToVideoRequest(**FIELDS), **callbacks)


@pytest.mark.parametrize("mode", ["i2v", "cond", "upscale"])
def test_progress_and_raising_in_on_step_aborts(pipe: LTX2Pipeline, upsampler_dir: Path, mode: str) -> None:
    upsampler = load_ltx2_latent_upsampler(upsampler_dir, "cpu", torch.float32)
    events: list[object] = []
    calls_after_step: list[int] = []  # cumulative transformer calls when each step's callback ran
    counter = ForwardCounter(pipe)

    def record(step: int, total: int) -> None:
        events.append((step, total))
        calls_after_step.append(counter.calls)

    try:
        full = _run_mode(mode, pipe, upsampler, on_step=record, on_stage=events.append)
        if mode == "upscale":
            total = 3 + len(REFINE_SIGMAS)
            assert events == [
                "text_encoding", "denoising", (1, total), (2, total), (3, total),
                "upsampling", "refining", (4, total), (5, total), (6, total), "decoding",
            ]  # fmt: skip
            stop_at = 4  # inside the refine stage
        else:
            assert events == ["text_encoding", "denoising", (1, 3), (2, 3), (3, 3), "decoding"]
            stop_at = 2

        counter.calls = 0
        steps: list[int] = []
        stages: list[str] = []

        def on_step(step: int, total: int) -> None:
            steps.append(step)
            if step == stop_at:
                raise Cancelled

        with pytest.raises(Cancelled):
            _run_mode(mode, pipe, upsampler, on_step=on_step, on_stage=stages.append)
    finally:
        counter.close()
    assert steps == list(range(1, stop_at + 1))
    assert counter.calls == calls_after_step[stop_at - 1] < calls_after_step[-1]  # nothing ran after that step
    assert "decoding" not in stages
    again = _run_mode(mode, pipe, upsampler)  # the shared modules are left reusable
    np.testing.assert_array_equal(again.frames, full.frames)


# --- two-stage upscale ----------------------------------------------------------------------------------------


def test_tiny_upsampler_is_deterministic_and_marked(tmp_path: Path) -> None:
    def files(folder: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}

    a = files(build_tiny_ltx2_upsampler(tmp_path / "a", seed=3))
    b = files(build_tiny_ltx2_upsampler(tmp_path / "b", seed=3))
    c = files(build_tiny_ltx2_upsampler(tmp_path / "c", seed=4))
    assert a == b and a["diffusion_pytorch_model.safetensors"] != c["diffusion_pytorch_model.safetensors"]
    assert json.loads(a[MARKER_FILENAME])["architecture"] == "ltx2_latent_upsampler"
    assert is_test_model(tmp_path / "a")
    with pytest.raises(FileExistsError):
        build_tiny_ltx2_upsampler(tmp_path / "a")
    with pytest.raises(FileNotFoundError):
        load_ltx2_latent_upsampler(tmp_path / "missing", "cpu", torch.float32)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "c"]


def test_upscale_equals_the_direct_diffusers_composition(
    tiny_ltx2_dir: Path, upsampler_dir: Path, pipe: LTX2Pipeline
) -> None:
    from diffusers.pipelines.ltx2 import LTX2LatentUpsamplerModel

    upsampler = load_ltx2_latent_upsampler(upsampler_dir, "cpu", torch.float32)
    spy = DecoderInputs(pipe)
    try:
        result = upscale_latents_then_refine(pipe, upsampler, TextToVideoRequest(**FIELDS))
    finally:
        spy.close()
    assert result.frames.shape == (33, 128, 128, 3) and result.frames.dtype == np.uint8
    assert spy.latents[0].shape[-2:] == (4, 4)  # decoded at full size (128 / 32)

    direct = LTX2Pipeline.from_pretrained(tiny_ltx2_dir, dtype=torch.float32)
    direct_up = LTX2LatentUpsamplerModel.from_pretrained(upsampler_dir, dtype=torch.float32)
    stage1 = {**_direct_kwargs(), "width": 64, "height": 64, "output_type": "latent"}
    video_latents, audio_latents = direct(**stage1)
    assert video_latents.shape[-2:] == (2, 2)  # stage 1 really ran at half size
    upsampled = LTX2LatentUpsamplePipeline(vae=direct.vae, latent_upsampler=direct_up)(
        latents=video_latents, height=64, width=64, output_type="latent", return_dict=False
    )[0]
    assert upsampled.shape[-2:] == (4, 4)
    stage2 = {
        **_direct_kwargs(),
        **PLAIN_REFINE_KWARGS,
        "latents": upsampled,
        "audio_latents": audio_latents,
        "sigmas": list(REFINE_SIGMAS),
        "noise_scale": REFINE_SIGMAS[0],
        "num_inference_steps": len(REFINE_SIGMAS),
    }
    video, audio = direct(**stage2)
    np.testing.assert_array_equal(result.frames, _uint8(video))
    np.testing.assert_array_equal(result.audio, audio[0].numpy())
    # And it is not just a plain full-size text-to-video run.
    assert not np.array_equal(result.frames, text_to_video(pipe, TextToVideoRequest(**FIELDS)).frames)
