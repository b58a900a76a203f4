"""LoRA files read from their headers (issue 13): the key layouts people download are recognised for the tiny LTX-2 and
FLUX.2 models, with rank and trigger words; a file for another model size, for nothing we run, or not a safetensors
file at all is listed with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from safetensors.torch import save_file

from backend.models.loras.inspect import inspect_lora, linear_layers

RANK = 4


@pytest.fixture(scope="module")
def configs(tiny_models_root: Path) -> dict[str, Path]:
    return {family: tiny_models_root / family / "transformer" / "config.json" for family in ("ltx2", "flux2")}


def pair(name: str, in_features: int, out_features: int, rank: int = RANK) -> dict[str, torch.Tensor]:
    return {
        f"{name}.lora_A.weight": torch.randn(rank, in_features),
        f"{name}.lora_B.weight": torch.randn(out_features, rank),
    }


def layers_of(configs: dict[str, Path], family: str, *names: str) -> dict[str, tuple[int, int]]:
    model = linear_layers(family, str(configs[family]))
    return {name: model[name] for name in names}


LTX2_LAYERS = ("transformer_blocks.0.attn1.to_q", "transformer_blocks.0.attn1.to_v", "transformer_blocks.1.ff.net.2")


def write(path: Path, tensors: dict[str, torch.Tensor], metadata: dict[str, str] | None = None) -> Path:
    save_file(tensors, str(path), metadata=metadata)
    return path


@pytest.mark.parametrize("prefix", ["transformer.", "diffusion_model."], ids=["diffusers", "lightricks"])
def test_ltx2_loras_in_diffusers_and_lightricks_keys_fit_ltx2(tmp_path: Path, configs, prefix: str) -> None:
    tensors: dict[str, torch.Tensor] = {}
    for name, (fan_in, fan_out) in layers_of(configs, "ltx2", *LTX2_LAYERS).items():
        tensors |= pair(prefix + name, fan_in, fan_out)
    info = inspect_lora(write(tmp_path / "style.safetensors", tensors), configs)
    assert (info.family, info.fits, info.reason, info.rank, info.layers) == ("ltx2", True, None, RANK, 3)


def test_a_kohya_flux2_lora_fits_flux2(tmp_path: Path, configs) -> None:
    (proj_in, proj_out), (qkv_in, q_out) = layers_of(
        configs, "flux2", "transformer_blocks.0.attn.to_out.0", "transformer_blocks.0.attn.to_q"
    ).values()
    tensors = {
        "lora_unet_double_blocks_0_img_attn_proj.lora_down.weight": torch.randn(8, proj_in),
        "lora_unet_double_blocks_0_img_attn_proj.lora_up.weight": torch.randn(proj_out, 8),
        "lora_unet_double_blocks_0_img_attn_proj.alpha": torch.tensor(8.0),
        "lora_unet_double_blocks_0_img_attn_qkv.lora_down.weight": torch.randn(8, qkv_in),
        "lora_unet_double_blocks_0_img_attn_qkv.lora_up.weight": torch.randn(3 * q_out, 8),
        "lora_unet_double_blocks_0_img_attn_qkv.alpha": torch.tensor(4.0),
    }
    metadata = {"ss_tag_frequency": '{"set": {"mlmo_style": 40, "portrait": 3, "film grain": 12}}'}
    info = inspect_lora(write(tmp_path / "kohya.safetensors", tensors, metadata), configs)
    assert (info.family, info.fits, info.reason, info.rank, info.layers) == ("flux2", True, None, 8, 4)
    assert info.trigger_words == ["mlmo_style", "film grain", "portrait"]


def test_a_flux2_lora_in_diffusers_keys_fits_flux2_not_ltx2(tmp_path: Path, configs) -> None:
    tensors: dict[str, torch.Tensor] = {}
    names = ("single_transformer_blocks.0.attn.to_qkv_mlp_proj", "single_transformer_blocks.0.attn.to_out")
    for name, (fan_in, fan_out) in layers_of(configs, "flux2", *names).items():
        tensors |= pair("transformer." + name, fan_in, fan_out)
    metadata = {"modelspec.trigger_phrase": "hero_cam, anamorphic"}
    info = inspect_lora(write(tmp_path / "flux.safetensors", tensors, metadata), configs)
    assert (info.family, info.fits, info.rank) == ("flux2", True, RANK)
    assert info.trigger_words == ["hero_cam", "anamorphic"]


def test_a_lora_for_another_model_size_is_refused_with_the_layer(tmp_path: Path, configs) -> None:
    tensors: dict[str, torch.Tensor] = {}
    for name, (fan_in, fan_out) in layers_of(configs, "ltx2", *LTX2_LAYERS).items():
        tensors |= pair("transformer." + name, fan_in * 2, fan_out * 2)  # the 19 B model's layers are wider
    info = inspect_lora(write(tmp_path / "big.safetensors", tensors), configs)
    assert (info.family, info.fits) == ("ltx2", False)
    assert "3 layers have other sizes" in info.reason and "transformer_blocks.0.attn1.to_q" in info.reason


def test_layers_the_model_does_not_have_are_named(tmp_path: Path, configs) -> None:
    (fan_in, fan_out) = layers_of(configs, "ltx2", LTX2_LAYERS[0])[LTX2_LAYERS[0]]
    tensors = pair("transformer." + LTX2_LAYERS[0], fan_in, fan_out) | pair(
        "transformer.transformer_blocks.9.attn1.to_q", fan_in, fan_out
    )  # the tiny model has two blocks
    info = inspect_lora(write(tmp_path / "deeper.safetensors", tensors), configs)
    assert (info.family, info.fits) == ("ltx2", False)
    assert "1 of its 2 layers are not in the model (first: transformer_blocks.9.attn1.to_q)" in info.reason


def test_a_file_of_neither_family_and_a_file_that_is_not_safetensors(tmp_path: Path, configs) -> None:
    other = inspect_lora(write(tmp_path / "sdxl.safetensors", pair("unet.down_blocks.0.proj", 8, 8)), configs)
    assert (other.family, other.fits, other.reason) == (None, False, "its layers match neither LTX-2 nor FLUX.2")
    junk = tmp_path / "junk.safetensors"
    junk.write_bytes(b"\x00" * 64)
    refused = inspect_lora(junk, configs)
    assert (refused.family, refused.fits) == (None, False) and refused.reason.startswith("not a readable safetensors")


def test_without_the_model_config_names_decide_and_say_shapes_were_not_checked(tmp_path: Path, configs) -> None:
    tensors: dict[str, torch.Tensor] = {}
    for name, (fan_in, fan_out) in layers_of(configs, "ltx2", *LTX2_LAYERS).items():
        tensors |= pair("transformer." + name, fan_in, fan_out)
    info = inspect_lora(write(tmp_path / "style.safetensors", tensors), {"ltx2": None, "flux2": None})
    assert info.family in ("ltx2", "flux2")  # both have transformer_blocks.N: names alone cannot tell them apart
    assert "shapes not checked" in info.reason
