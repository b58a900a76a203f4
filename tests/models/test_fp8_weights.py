"""FP8 weights through torchao on the CPU: the scaled round trip and its error bounds, which layers the studio gives FP8
(on the tiny LTX-2, FLUX.2 and Gemma 3 models, real classes), and the bytes it saves. The FP8 matmul path needs a
card of compute capability 8.9+: bench/gpu_memory.py measures it on the H200."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from backend.models.ltx2 import TextToVideoRequest, load_ltx2_pipeline, text_to_video
from backend.models.memory.fp8 import (
    block_classes,
    dequantized,
    fp8_layer_count,
    is_fp8_weight,
    quantize_fp8,
    select_fp8_layers,
)
from backend.models.memory.parking import QuantizedResidency, flat_tensors
from backend.models.memory.weights import count_component, module_bytes
from backend.models.residency import Residency
from backend.models.tiny.ltx2 import TEXT_MAX_SEQUENCE_LENGTH

E4M3_MAX = 448.0  # the largest float8_e4m3fn value


def _linear(spread: float, seed: int = 0) -> nn.Linear:
    torch.manual_seed(seed)
    layer = nn.Linear(256, 512)
    with torch.no_grad():
        layer.weight.normal_(0, spread)
    return layer


def _relative(value: torch.Tensor, reference: torch.Tensor) -> float:
    return float((value - reference).norm() / reference.norm())


@pytest.mark.parametrize("spread", [0.002, 0.02, 0.1])
def test_scaled_fp8_round_trips_within_e4m3_rounding_whatever_the_spread(spread: float) -> None:
    layer = _linear(spread)
    original = layer.weight.detach().clone()
    assert quantize_fp8(nn.Sequential(layer), "weight_only", classes=("Sequential",)) == 1
    assert is_fp8_weight(layer.weight) and layer.weight.qdata.dtype == torch.float8_e4m3fn
    restored = dequantized(layer.weight).float()
    # One scale per output row maps the row's largest weight to 448: each weight is rounded to 3 mantissa bits
    # (at most 2^-4 of itself), or to the subnormal spacing 2^-9 of the scale near zero (at most half of it).
    scale = original.abs().amax(dim=1, keepdim=True) / E4M3_MAX
    bound = torch.maximum(original.abs() * 2**-4, scale * 2**-10) * (1 + 1e-3)
    assert bool(((restored - original).abs() <= bound).all())
    assert 0.015 < _relative(restored, original) < 0.03  # rounded (not a no-op), and no worse than e4m3 allows


def test_an_unscaled_fp8_cast_would_lose_small_weights() -> None:
    """Why the scale: a plain cast (what layerwise casting stores) puts a 0.002-spread layer in e4m3's subnormals."""
    original = _linear(0.002).weight.detach()
    plain = original.to(torch.float8_e4m3fn).float()
    assert _relative(plain, original) > 0.2


def test_the_studio_gives_fp8_to_the_linears_of_ltx2s_blocks_only(tiny_ltx2_dir: Path) -> None:
    pipe = load_ltx2_pipeline(tiny_ltx2_dir, "cpu", torch.float32)
    transformer = pipe.transformer
    chosen = dict(select_fp8_layers(transformer))
    assert block_classes(transformer) == ("LTX2VideoTransformerBlock",)
    assert chosen and all(name.startswith("transformer_blocks.") for name in chosen)
    # Every Linear of a block whose sides suit the FP8 matmul is chosen; the tiny model's 8-wide audio ones are not.
    in_blocks = {
        name: m
        for name, m in transformer.named_modules()
        if name.startswith("transformer_blocks.") and isinstance(m, nn.Linear)
    }
    fits = {name for name, m in in_blocks.items() if m.in_features % 16 == 0 and m.out_features % 16 == 0}
    assert set(chosen) == fits and len(fits) < len(in_blocks)
    outside = [name for name, m in transformer.named_modules() if isinstance(m, nn.Linear) and name not in in_blocks]
    for name in ("proj_in", "proj_out", "time_embed.linear", "caption_projection.linear_1", "audio_proj_out"):
        assert name in outside and name not in chosen  # in/out projections, modulation, caption projection: bf16


def test_the_19b_transformer_keeps_only_its_26_small_outside_linears_unquantized() -> None:
    from diffusers import LTX2VideoTransformer3DModel

    with torch.device("meta"):
        transformer = LTX2VideoTransformer3DModel()
    chosen = dict(select_fp8_layers(transformer))
    linears = {name for name, m in transformer.named_modules() if isinstance(m, nn.Linear)}
    assert len(chosen) == 1344 and len(linears - set(chosen)) == 26
    kept = sum(dict(transformer.named_modules())[name].weight.numel() for name in linears - set(chosen))
    assert kept < 0.02 * sum(p.numel() for p in transformer.parameters())


def test_text_encoders_and_flux2_get_fp8_in_their_repeated_blocks(tiny_ltx2_dir: Path, tiny_flux2_dir: Path) -> None:
    from backend.models.flux2.loader import load_flux2_pipeline

    gemma = load_ltx2_pipeline(tiny_ltx2_dir, "cpu", torch.float32).text_encoder  # Gemma3ForConditionalGeneration
    names = [name for name, _ in select_fp8_layers(gemma)]
    assert names and all(".language_model.layers." in name for name in names)  # not the vision tower, not lm_head
    flux = load_flux2_pipeline(tiny_flux2_dir, "cpu", torch.float32)
    names = [name for name, _ in select_fp8_layers(flux.transformer)]
    assert names and all(name.split(".")[0] in ("transformer_blocks", "single_transformer_blocks") for name in names)
    text_names = [name for name, _ in select_fp8_layers(flux.text_encoder)]  # Qwen3: its decoder layers
    assert text_names and all(".layers." in name for name in text_names)


def test_fp8_saves_the_bytes_counted_and_generates_close_to_the_original(tiny_ltx2_dir: Path) -> None:
    request = TextToVideoRequest(
        prompt="a lighthouse at dusk", width=64, height=64, num_frames=9, seed=5, num_inference_steps=2
    )
    kwargs = {"max_sequence_length": TEXT_MAX_SEQUENCE_LENGTH}
    pipe = load_ltx2_pipeline(tiny_ltx2_dir, "cpu", torch.float32)
    reference = text_to_video(pipe, request, pipeline_kwargs=kwargs)
    transformer = pipe.transformer
    layers = [m for _, m in select_fp8_layers(transformer)]
    counted = count_component("transformer", transformer, block_classes(transformer), layers)
    count = quantize_fp8(transformer, "weight_only")
    assert count == len(layers) == fp8_layer_count(transformer)
    assert module_bytes(transformer) == counted.fp8_bytes < counted.loaded_bytes
    fp8 = text_to_video(pipe, request, pipeline_kwargs=kwargs)
    difference = np.abs(fp8.frames.astype(np.int16) - reference.frames.astype(np.int16))
    assert difference.mean() < 4.0  # levels of 255: the same clip, within FP8's few per cent on the transformer
    assert fp8.frames.shape == reference.frames.shape


def test_fp8_matmuls_are_refused_without_an_fp8_card() -> None:
    with pytest.raises(ValueError, match="compute capability 8.9"):
        quantize_fp8(nn.Sequential(_linear(0.02)), "rowwise", classes=("Sequential",))


def test_parking_counts_an_fp8_model_at_its_real_size(tiny_ltx2_dir: Path) -> None:
    transformer = load_ltx2_pipeline(tiny_ltx2_dir, "cpu", torch.float32).transformer
    quantize_fp8(transformer, "weight_only")
    residency = QuantizedResidency([transformer], torch.device("cpu"))
    assert residency.nbytes == module_bytes(transformer)
    # The plain Residency would count each FP8 weight at its nominal dtype (float32 here: four times its payload).
    assert Residency([transformer], torch.device("cpu")).nbytes > residency.nbytes
    entries = list(flat_tensors([transformer]))
    payloads = [storage for key, _, storage, inner in entries if inner == "qdata"]
    assert len(payloads) == fp8_layer_count(transformer)
    assert all(p.dtype == torch.float8_e4m3fn for p in payloads)
    residency.park(pin=True)  # on the CPU a no-op, as for plain models
    residency.to_device()
    assert residency.on_device
