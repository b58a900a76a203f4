"""What a LoRA file is, from its safetensors header alone: tensor names, shapes and metadata are read, the weights are
not (a rank-64 LoRA of the 19 B LTX-2 transformer is gigabytes).

The key styles people download (diffusers/PEFT ``transformer.…lora_A``, Lightricks' and ai-toolkit's
``diffusion_model.…``, kohya's ``lora_unet_…lora_down``) are brought to diffusers' names by diffusers' own LoRA
loaders, run on shape-only ("meta") tensors — only the few scalars some conversions read (kohya's ``alpha``) are read
for real. The converted names and shapes are then checked against the family's transformer, built empty from its
config, so a file that fits nothing, or fits the family but another model size, is refused with the reason before any
model is touched.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

FAMILIES = ("ltx2", "flux2")
SMALL = 64  # tensors with at most this many elements (alphas, scales) are read; the rest stay shape-only
PREFIX = "transformer."
OTHER_COMPONENTS = {"ltx2": ("connectors.",), "flux2": ()}  # adapted by diffusers too; not shape-checked here


@dataclass(frozen=True)
class LoraInfo:
    family: str | None  # ltx2 | flux2 | None (fits neither)
    fits: bool
    reason: str | None  # why it does not fit (None when it does)
    rank: int | None
    layers: int  # adapted layers
    trigger_words: list[str] = field(default_factory=list)
    # An IC-LoRA's training scale of its reference clip ("reference_downscale_factor" in its metadata, as Lightricks'
    # trainer writes it; "ref0.5" in a file name means 2): the control clip is encoded that much smaller.
    reference_downscale: int = 1


def read_header(path: Path) -> tuple[dict[str, tuple[int, ...]], dict[str, str]]:
    """Tensor shapes and the metadata of a safetensors file, without its weights."""
    from safetensors import safe_open

    with safe_open(str(path), framework="pt", device="cpu") as handle:
        shapes = {key: tuple(handle.get_slice(key).get_shape()) for key in handle.keys()}  # noqa: SIM118
        return shapes, dict(handle.metadata() or {})


def _shape_only(path: Path, shapes: dict[str, tuple[int, ...]]) -> dict[str, Any]:
    import math

    import torch
    from safetensors import safe_open

    tensors: dict[str, Any] = {}
    with safe_open(str(path), framework="pt", device="cpu") as handle:
        for key, shape in shapes.items():
            small = math.prod(shape) <= SMALL
            tensors[key] = handle.get_tensor(key) if small else torch.empty(shape, device="meta")
    return tensors


def converted(family: str, tensors: dict[str, Any]) -> dict[str, tuple[int, ...]] | None:
    """The file's tensors (shape-only, from ``_shape_only``) under diffusers' names for ``family`` (name → shape);
    None when its loader refuses them."""
    from diffusers.loaders.lora_pipeline import Flux2LoraLoaderMixin, LTX2LoraLoaderMixin

    loader = {"ltx2": LTX2LoraLoaderMixin, "flux2": Flux2LoraLoaderMixin}[family]
    try:
        state = loader.lora_state_dict(dict(tensors))  # a copy: conversions pop the keys they convert
    except Exception:  # noqa: BLE001 - a file in another family's layout can fail any step of a conversion
        return None
    state = state[0] if isinstance(state, tuple) else state
    return {key: tuple(value.shape) for key, value in state.items()}


@lru_cache(maxsize=8)
def linear_layers(family: str, config_file: str) -> dict[str, tuple[int, int]]:
    """The family's transformer built empty from ``config_file``: each linear layer's (in, out) features."""
    import torch
    from diffusers import Flux2Transformer2DModel, LTX2VideoTransformer3DModel

    model_class = {"ltx2": LTX2VideoTransformer3DModel, "flux2": Flux2Transformer2DModel}[family]
    config = json.loads(Path(config_file).read_text())
    # torch's device context is per thread; accelerate's init_empty_weights patches nn.Module for every thread, and
    # a model the worker loads meanwhile would come out empty.
    with torch.device("meta"):
        model = model_class.from_config(config)
    return {
        name: (module.in_features, module.out_features)
        for name, module in model.named_modules()
        if isinstance(module, torch.nn.Linear)
    }


def _pairs(state: dict[str, tuple[int, ...]], family: str) -> tuple[dict[str, tuple[tuple, tuple]], list[str]]:
    """Adapted transformer layers (name → (A shape, B shape)) and the names of whatever else the file holds."""
    layers: dict[str, dict[str, tuple[int, ...]]] = {}
    other: list[str] = []
    for key, shape in state.items():
        for part in ("lora_A", "lora_B"):
            marker = f".{part}.weight"
            if key.startswith(PREFIX) and key.endswith(marker):
                layers.setdefault(key[len(PREFIX) : -len(marker)], {})[part] = shape
                break
        else:
            if not key.startswith(OTHER_COMPONENTS[family]) and not key.endswith((".alpha", ".lora_magnitude_vector")):
                other.append(key)
    complete = {name: (p["lora_A"], p["lora_B"]) for name, p in layers.items() if len(p) == 2}
    other += [f"{PREFIX}{name} (half of a pair)" for name, p in layers.items() if len(p) != 2]
    return complete, other


def _check(family: str, state: dict[str, tuple[int, ...]], config_file: Path | None) -> tuple[int, LoraInfo]:
    """How well the file matches ``family``: the number of its layers the model has, and the verdict."""
    pairs, other = _pairs(state, family)
    rank = max((a[0] for a, _ in pairs.values()), default=None)
    if not pairs:
        return 0, LoraInfo(None, False, "no LoRA layers of a transformer", None, 0)
    if config_file is None:
        return 1, LoraInfo(
            family, not other, "shapes not checked: the model's config is not on this machine", rank, len(pairs)
        )
    model = linear_layers(family, str(config_file))
    known = [name for name in pairs if name in model]
    missing = [name for name in pairs if name not in model]
    wrong = [
        f"{name} ({a[1]}→{b[0]} in the file, {model[name][0]}→{model[name][1]} in the model)"
        for name, (a, b) in pairs.items()
        if name in model and (a[1], b[0]) != model[name]
    ]
    reasons = []
    if missing:
        reasons.append(f"{len(missing)} of its {len(pairs)} layers are not in the model (first: {missing[0]})")
    if wrong:
        reasons.append(f"{len(wrong)} layers have other sizes, made for another model size? (first: {wrong[0]})")
    if other:
        reasons.append(f"it holds tensors this studio does not apply (first: {other[0]})")
    info = LoraInfo(family, not reasons, "; ".join(reasons) or None, rank, len(pairs))
    return len(known), info


def trigger_words(metadata: dict[str, str]) -> list[str]:
    """Trigger words from the metadata trainers write: ``modelspec.trigger_phrase``, ``trigger_words``/``trigger_word``,
    else kohya's most frequent training tags (``ss_tag_frequency``)."""
    for key in ("modelspec.trigger_phrase", "trigger_words", "trigger_word", "ss_activation_text"):
        if metadata.get(key, "").strip():
            return [w.strip() for w in metadata[key].split(",") if w.strip()]
    try:
        frequency = json.loads(metadata.get("ss_tag_frequency", "{}"))
    except json.JSONDecodeError:
        return []
    counts: dict[str, int] = {}
    for tags in frequency.values() if isinstance(frequency, dict) else []:
        for tag, count in tags.items() if isinstance(tags, dict) else []:
            counts[tag.strip()] = counts.get(tag.strip(), 0) + int(count)
    return [tag for tag, _ in sorted(counts.items(), key=lambda kv: -kv[1])[:3] if tag]


def inspect_lora(path: Path, configs: dict[str, Path | None]) -> LoraInfo:
    """Which family ``path`` fits and why not if it fits none; ``configs``: each family's transformer config.json."""
    try:
        shapes, metadata = read_header(path)
    except Exception as error:  # noqa: BLE001 - any unreadable file is listed with the reason
        return LoraInfo(None, False, f"not a readable safetensors file ({error})", None, 0)
    words = trigger_words(metadata)
    tensors = _shape_only(path, shapes)
    best: tuple[int, LoraInfo] | None = None
    for family in FAMILIES:
        state = converted(family, tensors)
        if state is None:
            continue
        score, info = _check(family, state, configs.get(family))
        if score and (best is None or (info.fits, score) > (best[1].fits, best[0])):
            best = (score, info)
    if best is None:
        return LoraInfo(None, False, "its layers match neither LTX-2 nor FLUX.2", None, 0, words)
    info = best[1]
    return LoraInfo(
        info.family, info.fits, info.reason, info.rank, info.layers, words, reference_downscale(path, metadata)
    )


def reference_downscale(path: Path, metadata: dict[str, str]) -> int:
    """How much smaller than the shot an IC-LoRA wants its reference clip: its metadata, else ``refX`` in its name."""
    try:
        factor = float(metadata.get("reference_downscale_factor", "nan"))
    except ValueError:
        factor = float("nan")
    if not factor == factor:  # NaN: not in the metadata
        named = re.search(r"ref(0?\.\d+|1(?:\.0)?)(?![\d.])", path.stem.lower())
        factor = 1 / float(named.group(1)) if named else 1.0
    return max(1, min(8, round(factor)))
