"""FP8 weights through torchao: which Linear layers take them, weight-only FP8 storage (any CUDA card, and the CPU)
and FP8 matmuls with row-wise scales (dynamic activation + weight; cards of compute capability 8.9 and up).

Layer selection: only the Linears inside a model's repeated blocks (diffusers' ``_repeated_blocks``: the 48
``LTX2VideoTransformerBlock`` of LTX-2, FLUX.2's double and single stream blocks; a text encoder's decoder layers).
They hold over 98 % of the weights (LTX-2 19B: 18.53 of 18.88 B parameters). Everything outside them stays in the
model's own dtype, on purpose:

* ``proj_in`` / ``proj_out`` (and the audio ones): they map to and from the latent space, so their error lands in
  the predicted velocity unaveraged, and they are tiny (0.5 M parameters);
* the timestep / AdaLN modulation (``time_embed``, ``av_cross_attn_*``, FLUX.2's ``*_modulation``, ``norm_out``):
  each produces the scale, shift and gate of every block, so an error there is multiplied through all 48 blocks;
  they run on one token per sample, so FP8 would save no time;
* caption projections, embedders, norms and embeddings (not Linears, or run once on a few tokens);
* any Linear whose sides are not multiples of 16 (``torch._scaled_mm``'s requirement; on real models none).

Both modes keep one float32 scale per output row, so a layer of small weights keeps its precision (a plain cast to
``float8_e4m3fn``, as diffusers' layerwise casting does, loses 28 % of a layer whose weights have a 0.002 spread: the
subnormal range; torchao's scaled FP8 stays at 2.6 % whatever the spread, see tests/models/test_fp8_weights.py).
"""

from __future__ import annotations

from typing import Literal

import torch
from torch import nn

from backend.models.memory.weights import blocks_of

Fp8Mode = Literal["weight_only", "rowwise"]

#: torch._scaled_mm (what torchao's FP8 matmul calls) needs both sides of the weight to be multiples of 16.
_MATMUL_MULTIPLE = 16


def block_classes(module: nn.Module) -> tuple[str, ...]:
    """The class names of ``module``'s repeated blocks: diffusers declares them for regional compilation; a
    transformers text model's decoder layers are the ``*DecoderLayer`` of its ``_no_split_modules``."""
    repeated = getattr(module, "_repeated_blocks", None)
    if repeated:
        return tuple(repeated)
    names = getattr(module, "_no_split_modules", None) or ()
    return tuple(name for name in names if name.endswith("DecoderLayer"))


def select_fp8_layers(module: nn.Module, classes: tuple[str, ...] | None = None) -> list[tuple[str, nn.Linear]]:
    """The Linears FP8 covers: inside the repeated blocks, with sides that are multiples of 16 (names are full)."""
    classes = block_classes(module) if classes is None else classes
    chosen_ids = set()
    for block in blocks_of(module, classes):
        for sub in block.modules():
            if isinstance(sub, nn.Linear) and _fits_matmul(sub):
                chosen_ids.add(id(sub))
    return [(name, sub) for name, sub in module.named_modules() if id(sub) in chosen_ids]


def _fits_matmul(layer: nn.Linear) -> bool:
    return layer.in_features % _MATMUL_MULTIPLE == 0 and layer.out_features % _MATMUL_MULTIPLE == 0


def fp8_matmul_supported(device: torch.device) -> bool:
    """FP8 tensor-core matmuls: Ada (8.9), Hopper (9.0), Blackwell (10.x, 12.x). Older cards store FP8 only."""
    if device.type != "cuda" or not torch.cuda.is_available():
        return False
    return torch.cuda.get_device_capability(device) >= (8, 9)


def _config(mode: Fp8Mode) -> object:
    from torchao.quantization import Float8DynamicActivationFloat8WeightConfig, Float8WeightOnlyConfig, PerRow

    # set_inductor_config=False: torchao would otherwise switch on inductor's coordinate-descent tuning for the whole
    # process, which lengthens every cold compile (ours are cached, docs/memory.md) for no measured gain here.
    if mode == "weight_only":
        return Float8WeightOnlyConfig(set_inductor_config=False)
    return Float8DynamicActivationFloat8WeightConfig(granularity=PerRow(), set_inductor_config=False)


def quantize_fp8(
    module: nn.Module, mode: Fp8Mode, device: torch.device | str | None = None, classes: tuple[str, ...] | None = None
) -> int:
    """Give the selected Linears of ``module`` FP8 weights, in place; returns how many.

    ``device``: where each layer is quantized and then stays (the GPU: a 19 B model quantizes in seconds there and
    never needs its bf16 weights on the card all at once); None quantizes where the weights are.
    """
    from torchao.quantization import quantize_

    if mode == "rowwise" and not fp8_matmul_supported(torch.device(device) if device is not None else _where(module)):
        raise ValueError("FP8 matmuls need a CUDA card of compute capability 8.9 or newer (Ada, Hopper, Blackwell)")
    chosen = {id(layer) for _, layer in select_fp8_layers(module, classes)}
    if not chosen:
        return 0
    quantize_(module, _config(mode), filter_fn=lambda sub, _name: id(sub) in chosen, device=device)
    return len(chosen)


def _where(module: nn.Module) -> torch.device:
    return next((p.device for p in module.parameters()), torch.device("cpu"))


def is_fp8_weight(tensor: object) -> bool:
    """A torchao FP8 weight (its payload is ``qdata``, float8_e4m3fn, with a ``scale`` per row)."""
    qdata = getattr(tensor, "qdata", None)
    return qdata is not None and qdata.dtype == torch.float8_e4m3fn


def fp8_layer_count(module: nn.Module) -> int:
    return sum(1 for sub in module.modules() if isinstance(sub, nn.Linear) and is_fp8_weight(sub.weight))


def dequantized(tensor: torch.Tensor) -> torch.Tensor:
    """The weight an FP8 tensor stands for, in its nominal dtype (a plain tensor is returned as it is)."""
    return tensor.dequantize() if is_fp8_weight(tensor) else tensor
