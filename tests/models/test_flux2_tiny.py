"""The tiny FLUX.2 Klein test model and the FLUX.2 adapters, on real (tiny) diffusers components, no mocks."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from diffusers import Flux2KleinInpaintPipeline, Flux2KleinPipeline, Flux2Pipeline
from PIL import Image

from backend.models.flux2 import (
    EditRequest,
    ImageResult,
    InpaintRequest,
    TextToImageRequest,
    edit_with_references,
    inpaint,
    inpaint_variant,
    load_flux2_pipeline,
    pipeline_class_for,
    text_encoder_out_layers,
    text_to_image,
)
from backend.models.flux2._common import stacked_text_layers
from backend.models.tiny import MARKER_FILENAME, is_test_model
from backend.models.tiny.flux2 import TEXT_MAX_SEQUENCE_LENGTH, build_tiny_flux2

# What a direct pipeline call needs for the tiny model: its transformer takes 3 x 16 channels of text features, from
# 3 of the tiny Qwen3's 4 layers (the real Klein stacks layers 9, 18 and 27 of 36).
TINY_TEXT_LAYERS = (1, 2, 3)


def _picture(height: int, width: int, seed: int) -> np.ndarray:
    """A smooth, deterministic test picture (gradients plus a disc), uint8 RGB."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    rng = np.random.default_rng(seed)
    cy, cx = rng.uniform(0.3, 0.7, size=2) * (height, width)
    disc = ((y - cy) ** 2 + (x - cx) ** 2 < (min(height, width) / 4) ** 2).astype(np.float32)
    rgb = np.stack([x / width, y / height, 0.3 + 0.6 * disc], axis=-1)
    return (rgb * 255).round().astype(np.uint8)


IMAGE = _picture(64, 64, seed=1)
HALF_MASK = np.zeros((64, 64), np.uint8)
HALF_MASK[:, 32:] = 255  # repaint the right half

T2I = TextToImageRequest(
    prompt="a lighthouse at dusk", width=64, height=64, seed=1234, num_inference_steps=3, guidance_scale=4.0
)
EDIT = EditRequest(
    prompt="the same character, waving",
    references=(_picture(64, 64, seed=2), _picture(96, 64, seed=3)),
    width=64,
    height=64,
    seed=99,
    num_inference_steps=3,
    guidance_scale=4.0,
)
INPAINT = InpaintRequest(
    prompt="a red door",
    image=IMAGE,
    mask=HALF_MASK,
    strength=0.75,
    seed=7,
    num_inference_steps=4,
    guidance_scale=4.0,
)


class Cancelled(Exception):
    pass


@pytest.fixture(scope="module")
def pipe(tiny_flux2_dir: Path) -> Flux2KleinPipeline:
    return load_flux2_pipeline(tiny_flux2_dir, "cpu", torch.float32)


@pytest.fixture(scope="module")
def direct(tiny_flux2_dir: Path) -> Flux2KleinPipeline:
    """A separately loaded pipeline (no loader, hence no VAE tiling), used the way diffusers documents it."""
    loaded = Flux2KleinPipeline.from_pretrained(tiny_flux2_dir, dtype=torch.float32)
    loaded.set_progress_bar_config(disable=True)
    return loaded


def _direct_kwargs(seed: int) -> dict[str, Any]:
    return {
        "generator": torch.Generator("cpu").manual_seed(seed),
        "max_sequence_length": TEXT_MAX_SEQUENCE_LENGTH,
        "text_encoder_out_layers": TINY_TEXT_LAYERS,
    }


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the builder ------------------------------------------------------------------------------------------------


def test_build_is_deterministic_and_marked(tmp_path: Path) -> None:
    first = _files(build_tiny_flux2(tmp_path / "a", seed=7))
    second = _files(build_tiny_flux2(tmp_path / "b", seed=7))
    other_seed = _files(build_tiny_flux2(tmp_path / "c", seed=8))

    weights = [name for name in first if name.endswith(".safetensors")]
    assert sorted(weights) == [
        "text_encoder/model.safetensors",
        "transformer/diffusion_pytorch_model.safetensors",
        "vae/diffusion_pytorch_model.safetensors",
    ]
    assert first == second  # every file, weights included, byte for byte
    assert all(first[name] != other_seed[name] for name in weights)
    assert json.loads(first["model_index.json"])["_class_name"] == "Flux2KleinPipeline"
    assert sum(len(data) for data in first.values()) < 1_000_000

    marker = json.loads(first[MARKER_FILENAME])
    note = "tiny random weights; output is noise"
    assert marker == {"test_model": True, "note": note, "seed": 7, "architecture": "flux2_klein"}
    assert is_test_model(tmp_path / "a")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "c"]  # no staging folders left behind


def test_build_refuses_to_clobber_unless_asked(tmp_path: Path) -> None:
    target = build_tiny_flux2(tmp_path / "m", seed=0)
    with pytest.raises(FileExistsError):
        build_tiny_flux2(target, seed=1)
    build_tiny_flux2(target, seed=1, overwrite=True)
    assert json.loads((target / MARKER_FILENAME).read_text())["seed"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["m"]


def test_folder_loads_offline_with_the_real_classes(tiny_flux2_dir: Path, pipe: Flux2KleinPipeline) -> None:
    expected = {
        "transformer": "Flux2Transformer2DModel",
        "vae": "AutoencoderKLFlux2",
        "scheduler": "FlowMatchEulerDiscreteScheduler",
        "text_encoder": "Qwen3ForCausalLM",
        "tokenizer": "Qwen2Tokenizer",  # transformers 5: Qwen2TokenizerFast is this class
    }
    direct = Flux2KleinPipeline.from_pretrained(tiny_flux2_dir, dtype=torch.float32)
    for loaded in (direct, pipe):
        assert type(loaded) is Flux2KleinPipeline
        assert {name: type(getattr(loaded, name)).__name__ for name in expected} == expected
    from transformers import Qwen2TokenizerFast

    assert isinstance(pipe.tokenizer, Qwen2TokenizerFast)
    assert pipe.vae.use_tiling  # the loader turns it on; below the tile size it changes nothing (direct-call tests)
    assert pipe.tokenizer.model_max_length == TEXT_MAX_SEQUENCE_LENGTH
    assert pipe.config.is_distilled is False
    assert text_encoder_out_layers(pipe) == TINY_TEXT_LAYERS


def test_offline_tokenizer_round_trips_any_text_through_its_chat_template(pipe: Flux2KleinPipeline) -> None:
    prompt = "Ünïcode, emoji 🦊 and 猫 — all bytes"
    text = pipe.tokenizer.apply_chat_template(
        [{"role": "user", "content": prompt}], tokenize=False, add_generation_prompt=True, enable_thinking=False
    )
    assert text == f"<|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n"
    ids = pipe.tokenizer(text)["input_ids"]
    assert pipe.tokenizer.decode(ids) == text
    assert ids.count(pipe.tokenizer.convert_tokens_to_ids("<|im_start|>")) == 2  # special tokens stay single ids


# --- the loader ---------------------------------------------------------------------------------------------------


def test_loader_rejects_missing_local_folders(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="model_index.json"):
        load_flux2_pipeline(tmp_path / "nope", "cpu", torch.float32)
    with pytest.raises(FileNotFoundError):
        load_flux2_pipeline(str(tmp_path), "cpu", torch.float32)  # a folder, but not a pipeline


def test_pipeline_class_comes_from_model_index() -> None:
    assert pipeline_class_for({"_class_name": "Flux2Pipeline"}) is Flux2Pipeline
    assert pipeline_class_for({"_class_name": "Flux2KleinPipeline"}) is Flux2KleinPipeline
    assert pipeline_class_for({"_class_name": "Flux2KleinInpaintPipeline"}) is Flux2KleinPipeline
    assert pipeline_class_for({}) is Flux2KleinPipeline
    with pytest.raises(ValueError, match="not a FLUX.2 pipeline"):
        pipeline_class_for({"_class_name": "LTX2Pipeline"})


def test_text_layers_follow_the_configs_and_match_the_real_defaults() -> None:
    # FLUX.2 [klein] 4B / 9B (Qwen3-4B / Qwen3-8B, 36 layers) and FLUX.2 [dev] (Mistral Small 3.1, 40 layers).
    klein4 = stacked_text_layers(Flux2KleinPipeline, num_layers=36, text_hidden_size=2560, joint_attention_dim=7680)
    klein9 = stacked_text_layers(Flux2KleinPipeline, num_layers=36, text_hidden_size=4096, joint_attention_dim=12288)
    dev = stacked_text_layers(Flux2Pipeline, num_layers=40, text_hidden_size=5120, joint_attention_dim=15360)
    assert klein4 == klein9 == (9, 18, 27)
    assert dev == (10, 20, 30)
    # Where the pipeline default does not fit, the layers are spread the same way (i * L // (k + 1)).
    assert stacked_text_layers(Flux2KleinPipeline, num_layers=20, text_hidden_size=8, joint_attention_dim=24) == (
        5,
        10,
        15,
    )
    assert stacked_text_layers(Flux2KleinPipeline, num_layers=4, text_hidden_size=16, joint_attention_dim=48) == (
        1,
        2,
        3,
    )
    assert stacked_text_layers(Flux2KleinPipeline, num_layers=2, text_hidden_size=16, joint_attention_dim=16) == (1,)
    with pytest.raises(ValueError):
        stacked_text_layers(Flux2KleinPipeline, num_layers=36, text_hidden_size=2560, joint_attention_dim=7000)


def test_inpaint_variant_shares_modules_and_keeps_is_distilled(pipe: Flux2KleinPipeline) -> None:
    variant = inpaint_variant(pipe)
    assert type(variant) is Flux2KleinInpaintPipeline
    for name in ("transformer", "vae", "text_encoder", "tokenizer", "scheduler"):
        assert getattr(variant, name) is getattr(pipe, name)
    assert inpaint_variant(variant) is variant
    assert variant.config.is_distilled is False

    distilled = Flux2KleinPipeline(**pipe.components, is_distilled=True)
    assert inpaint_variant(distilled).config.is_distilled is True  # pipe.components alone would drop it


def test_inpainting_is_refused_for_flux2_dev(pipe: Flux2KleinPipeline) -> None:
    # A real Flux2Pipeline object (dev's text encoder is not needed to reach the check).
    dev = Flux2Pipeline(
        scheduler=pipe.scheduler, vae=pipe.vae, text_encoder=None, tokenizer=None, transformer=pipe.transformer
    )
    with pytest.raises(ValueError, match="in-painting needs FLUX.2 Klein weights"):
        inpaint_variant(dev)
    with pytest.raises(ValueError, match="in-painting needs FLUX.2 Klein weights"):
        inpaint(dev, INPAINT)


# --- each adapter equals a direct diffusers call ----------------------------------------------------------------


def test_text_to_image_equals_a_direct_pipeline_call(pipe: Flux2KleinPipeline, direct: Flux2KleinPipeline) -> None:
    result = text_to_image(pipe, T2I)
    expected = direct(
        prompt=T2I.prompt,
        width=T2I.width,
        height=T2I.height,
        num_inference_steps=T2I.num_inference_steps,
        guidance_scale=T2I.guidance_scale,
        **_direct_kwargs(T2I.seed),
    ).images[0]

    assert isinstance(result, ImageResult) and result.seed == T2I.seed
    assert result.image.dtype == np.uint8 and result.image.shape == (64, 64, 3)
    np.testing.assert_array_equal(result.image, np.asarray(expected))
    assert result.image.std() > 1  # noise, but the whole path really ran


def test_edit_equals_a_direct_pipeline_call(pipe: Flux2KleinPipeline, direct: Flux2KleinPipeline) -> None:
    result = edit_with_references(pipe, EDIT)
    expected = direct(
        image=[Image.fromarray(reference) for reference in EDIT.references],
        prompt=EDIT.prompt,
        width=EDIT.width,
        height=EDIT.height,
        num_inference_steps=EDIT.num_inference_steps,
        guidance_scale=EDIT.guidance_scale,
        **_direct_kwargs(EDIT.seed),
    ).images[0]

    assert result.image.shape == (64, 64, 3) and result.seed == EDIT.seed
    np.testing.assert_array_equal(result.image, np.asarray(expected))
    # The references really condition the result: same prompt and seed without them gives another image.
    plain = text_to_image(
        pipe, TextToImageRequest(EDIT.prompt, EDIT.width, EDIT.height, EDIT.seed, EDIT.num_inference_steps, 4.0)
    )
    assert not np.array_equal(result.image, plain.image)
    one_reference = edit_with_references(pipe, EditRequest(**{**EDIT.__dict__, "references": EDIT.references[:1]}))
    assert not np.array_equal(result.image, one_reference.image)


def test_inpaint_equals_a_direct_pipeline_call(pipe: Flux2KleinPipeline, direct: Flux2KleinPipeline) -> None:
    result = inpaint(pipe, INPAINT)
    expected = Flux2KleinInpaintPipeline(**direct.components)(
        image=Image.fromarray(INPAINT.image),
        mask_image=Image.fromarray(INPAINT.mask),
        prompt=INPAINT.prompt,
        strength=INPAINT.strength,
        num_inference_steps=INPAINT.num_inference_steps,
        guidance_scale=INPAINT.guidance_scale,
        **_direct_kwargs(INPAINT.seed),
    ).images[0]

    assert result.image.shape == IMAGE.shape and result.seed == INPAINT.seed
    np.testing.assert_array_equal(result.image, np.asarray(expected))
    # Handing the adapter the in-painting pipeline itself gives the same image.
    np.testing.assert_array_equal(inpaint(inpaint_variant(pipe), INPAINT).image, result.image)


def test_same_seed_same_image_and_other_seed_differs(pipe: Flux2KleinPipeline) -> None:
    a = text_to_image(pipe, T2I)
    b = text_to_image(pipe, T2I)
    c = text_to_image(pipe, TextToImageRequest(**{**T2I.__dict__, "seed": T2I.seed + 1}))
    np.testing.assert_array_equal(a.image, b.image)
    assert not np.array_equal(a.image, c.image)


# --- what in-painting really does -------------------------------------------------------------------------------


def _vae_round_trip(pipe: Flux2KleinPipeline, image: np.ndarray) -> np.ndarray:
    """encode (distribution mode) -> decode with the pipeline's own VAE and image processor."""
    pixels = pipe.image_processor.preprocess(Image.fromarray(image), height=image.shape[0], width=image.shape[1])
    with torch.no_grad():
        latents = pipe.vae.encode(pixels).latent_dist.mode()
        decoded = pipe.vae.decode(latents).sample
    return np.asarray(pipe.image_processor.postprocess(decoded, output_type="pil")[0])


def test_all_zero_mask_returns_the_vae_round_trip_of_the_input(pipe: Flux2KleinPipeline) -> None:
    keep_all = InpaintRequest(**{**INPAINT.__dict__, "mask": np.zeros((64, 64), np.uint8)})
    a = inpaint(pipe, keep_all)
    b = inpaint(pipe, InpaintRequest(**{**keep_all.__dict__, "seed": 8, "prompt": "something else"}))
    # Nothing is repainted: the prompt and the seed have no effect at all...
    np.testing.assert_array_equal(a.image, b.image)
    # ...and the output is the input encoded and decoded (not the input itself: nothing is pasted back in pixel
    # space, and this random VAE is far from lossless). The pipeline normalises the latents with the VAE's batch
    # norm statistics and back, which can move a value by one rounding step.
    round_trip = _vae_round_trip(pipe, IMAGE)
    assert np.abs(a.image.astype(int) - round_trip.astype(int)).max() <= 1


def test_full_mask_repaints_everything_and_half_mask_keeps_the_unmasked_latents(
    pipe: Flux2KleinPipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = InpaintRequest(**{**INPAINT.__dict__, "mask": np.full((64, 64), 255, np.uint8), "strength": 1.0})
    a, b = inpaint(pipe, full), inpaint(pipe, InpaintRequest(**{**full.__dict__, "seed": 8}))
    assert not np.array_equal(a.image, b.image)  # the seed now matters everywhere
    # With strength 1 and nothing kept, the input only enters as the reference image: unlike the zero mask,
    # the result is not the round trip.
    assert np.abs(a.image.astype(int) - _vae_round_trip(pipe, IMAGE).astype(int)).mean() > 5

    # In latent space the blend is exact: with the right half masked, the left half's latents are the input's.
    # Through our adapter: the latents are the ones its VAE decode receives (the variant shares the VAE).
    decoded: list[torch.Tensor] = []
    real_decode = pipe.vae.decode

    def spy(latents: torch.Tensor, *args: Any, **kwargs: Any) -> Any:
        decoded.append(latents.detach().clone())
        return real_decode(latents, *args, **kwargs)

    monkeypatch.setattr(pipe.vae, "decode", spy)

    def latents(mask: np.ndarray, seed: int) -> torch.Tensor:
        inpaint(pipe, InpaintRequest(**{**INPAINT.__dict__, "mask": mask, "seed": seed}))
        return decoded.pop()

    kept = latents(np.zeros((64, 64), np.uint8), seed=1)
    half = latents(HALF_MASK, seed=2)
    width = kept.shape[-1]
    torch.testing.assert_close(half[..., : width // 2], kept[..., : width // 2], rtol=0, atol=0)
    assert not torch.equal(half[..., width // 2 :], kept[..., width // 2 :])


# --- progress and cancellation ----------------------------------------------------------------------------------

Runner = Callable[..., ImageResult]
MODES: list[tuple[str, Runner, Any, int]] = [
    ("text_to_image", text_to_image, T2I, T2I.num_inference_steps),
    ("edit", edit_with_references, EDIT, EDIT.num_inference_steps),
    # In-painting runs only the last ceil(steps * strength) steps of the schedule: 3 of 4 here.
    ("inpaint", inpaint, INPAINT, math.ceil(INPAINT.num_inference_steps * INPAINT.strength)),
]


@pytest.mark.parametrize(("mode", "run", "request_", "steps"), MODES, ids=[m[0] for m in MODES])
def test_progress_reports_stages_and_steps_in_order(
    pipe: Flux2KleinPipeline, mode: str, run: Runner, request_: Any, steps: int
) -> None:
    events: list[object] = []
    run(pipe, request_, on_step=lambda s, t: events.append((s, t)), on_stage=events.append)
    assert events == ["text_encoding", "denoising", *[(s, steps) for s in range(1, steps + 1)], "decoding"]


@pytest.mark.parametrize(("mode", "run", "request_", "steps"), MODES, ids=[m[0] for m in MODES])
def test_raising_in_on_step_cancels_right_after_that_step(
    pipe: Flux2KleinPipeline, mode: str, run: Runner, request_: Any, steps: int
) -> None:
    forward_calls = 0

    def count(*_: object) -> None:
        nonlocal forward_calls
        forward_calls += 1

    decodes = 0

    def count_decode(*_: object) -> None:
        nonlocal decodes
        decodes += 1

    handles = [
        pipe.transformer.register_forward_pre_hook(count),
        pipe.vae.decoder.register_forward_pre_hook(count_decode),
    ]
    try:
        full = run(pipe, request_)
        calls_per_step = forward_calls // steps
        assert calls_per_step == 2  # guidance 4 > 1 on a non-distilled Klein: conditional + unconditional
        assert decodes == 1

        forward_calls = decodes = 0
        seen: list[int] = []
        stages: list[str] = []

        def on_step(step: int, total: int) -> None:
            seen.append(step)
            if step == 2:
                raise Cancelled

        with pytest.raises(Cancelled):
            run(pipe, request_, on_step=on_step, on_stage=stages.append)
    finally:
        for handle in handles:
            handle.remove()

    assert seen == [1, 2]
    assert forward_calls == 2 * calls_per_step  # no transformer call after the raising step
    assert decodes == 0  # nothing decoded for a cancelled job
    assert stages == ["text_encoding", "denoising"]
    # The pipeline is left reusable: the next job gets exactly what an uninterrupted run gives.
    np.testing.assert_array_equal(run(pipe, request_).image, full.image)


# --- validation ----------------------------------------------------------------------------------------------------


def test_mask_size_mismatch_is_rejected(pipe: Flux2KleinPipeline) -> None:
    bad = InpaintRequest(**{**INPAINT.__dict__, "mask": np.zeros((64, 48), np.uint8)})
    with pytest.raises(ValueError, match=r"mask size 48x64 does not match image size 64x64"):
        inpaint(pipe, bad)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("width", 40),
        ("height", 0),
        ("num_inference_steps", 0),
        ("guidance_scale", float("nan")),
        ("seed", -1),
        ("prompt", None),
    ],
)
def test_invalid_text_to_image_requests_are_rejected(pipe: Flux2KleinPipeline, field: str, value: object) -> None:
    with pytest.raises(ValueError):
        text_to_image(pipe, TextToImageRequest(**{**T2I.__dict__, field: value}))


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("references", (), "non-empty"),
        ("references", (np.zeros((32, 64, 3), np.uint8),), "at least 64"),
        ("references", (np.zeros((64, 640, 3), np.uint8),), "aspect ratio"),
        ("references", (np.zeros((64, 64, 4), np.uint8),), r"\(H, W, 3\)"),
        ("references", (np.zeros((64, 64, 3), np.float32),), "uint8"),
        ("width", 72, "multiples of 16"),
    ],
)
def test_invalid_edit_requests_are_rejected(pipe: Flux2KleinPipeline, field: str, value: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        edit_with_references(pipe, EditRequest(**{**EDIT.__dict__, field: value}))


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("image", np.zeros((72, 64, 3), np.uint8), "multiples of 16"),
        ("image", np.zeros((64, 64), np.uint8), r"\(H, W, 3\)"),
        ("mask", np.zeros((64, 64, 1), np.uint8), r"mask must be a uint8 array of shape \(H, W\)"),
        ("mask", np.zeros((64, 64), np.float32), "mask must be a uint8"),
        ("strength", 0.0, "strength"),
        ("strength", 1.5, "strength"),
        ("num_inference_steps", 0, "num_inference_steps"),
    ],
)
def test_invalid_inpaint_requests_are_rejected(pipe: Flux2KleinPipeline, field: str, value: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        inpaint(pipe, InpaintRequest(**{**INPAINT.__dict__, field: value}))


def test_generation_adapters_refuse_the_inpainting_pipeline(pipe: Flux2KleinPipeline) -> None:
    with pytest.raises(TypeError):
        text_to_image(inpaint_variant(pipe), T2I)
