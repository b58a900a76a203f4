"""A loaded pipeline → the numbers the planner needs (weights per component, the shape's reserve), and a plan carried
out on it: FP8 weights, streamed components, a chunked VAE decode, regional compilation. The manager calls these."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from backend.models.memory.activations import JobShape, activation_bytes, decoder_scale
from backend.models.memory.compiled import CompileTimer, compile_blocks, should_compile
from backend.models.memory.fp8 import block_classes, fp8_matmul_supported, quantize_fp8, select_fp8_layers
from backend.models.memory.planner import MemoryPlan, PlanInputs, Requested, plan_memory
from backend.models.memory.streaming import stream_module, tighten_vae
from backend.models.memory.weights import ComponentWeights, count_component, module_bytes

#: The families whose loads are planned, and the shape a load plans for when no job names one (the studio's
#: default shot; a still for FLUX.2).
DEFAULT_SHAPES = {"ltx2": JobShape(768, 512, 121), "flux2": JobShape(1024, 1024, 1)}


def components(handle: Any) -> dict[str, nn.Module]:
    found = getattr(handle, "components", None) or {}
    return {name: module for name, module in found.items() if isinstance(module, nn.Module)}


def dtype_name(dtype: torch.dtype) -> str:
    return {torch.bfloat16: "bf16", torch.float32: "fp32", torch.float16: "fp16"}.get(dtype, str(dtype))


@dataclass(frozen=True)
class PipelineWeights:
    transformer: ComponentWeights
    text_encoder: ComponentWeights | None
    other_bytes: int
    dtype: str


def count_pipeline(handle: Any) -> PipelineWeights:
    parts = components(handle)
    transformer = parts["transformer"]
    text = parts.get("text_encoder")
    counted = count_component(
        "transformer", transformer, block_classes(transformer), [layer for _, layer in select_fp8_layers(transformer)]
    )
    text_counted = (
        count_component("text_encoder", text, block_classes(text), [layer for _, layer in select_fp8_layers(text)])
        if text is not None
        else None
    )
    other = sum(module_bytes(m) for name, m in parts.items() if name not in ("transformer", "text_encoder"))
    dtype = next(transformer.parameters()).dtype
    return PipelineWeights(counted, text_counted, other, dtype_name(dtype))


def reserve_for(family: str, handle: Any, shape: JobShape, *, framewise_decode: bool = False) -> int:
    """The activation reserve of a job of ``shape`` on this pipeline (the profiles are bf16: float32 takes twice)."""
    parts = components(handle)
    vae = parts.get("vae")
    transformer = parts["transformer"]
    reserve = activation_bytes(
        family,
        shape,
        transformer.config,
        decoder_scale=decoder_scale(family, getattr(vae, "config", None)),
        framewise_decode=framewise_decode,
    )
    return reserve * max(next(transformer.parameters()).element_size(), 2) // 2


def plan_for(
    family: str,
    handle: Any,
    shape: JobShape,
    free_bytes: int,
    device: torch.device,
    requested: Requested,
    *,
    sam_bytes: int = 0,
    setting: str = "MILIMO_VIDEO_MEMORY_PLAN",
    weights: PipelineWeights | None = None,
) -> MemoryPlan:
    weights = weights or count_pipeline(handle)
    return plan_memory(
        PlanInputs(
            free_bytes=free_bytes,
            transformer=weights.transformer,
            text_encoder=weights.text_encoder,
            other_bytes=weights.other_bytes,
            activation_bytes=reserve_for(family, handle, shape),
            tight_activation_bytes=reserve_for(family, handle, shape, framewise_decode=True),
            fp8_matmul=fp8_matmul_supported(device),
            requested=requested,
            loaded_dtype=weights.dtype,
            sam_bytes=sam_bytes,
            setting=setting,
        )
    )


@dataclass
class Carried:
    """What carrying out a plan left: the modules that live on the card (the manager's residency moves them) and the
    compile timer, if compiled."""

    resident: list[nn.Module]
    streamed: list[str] = field(default_factory=list)
    compiled: CompileTimer | None = None
    host_arenas: list[Any] = field(default_factory=list)  # the streamed components' pinned host copies


def carry_out(
    handle: Any,
    plan: MemoryPlan,
    device: torch.device,
    *,
    data_dir: Path,
    compile_setting: str = "off",
    low_host_memory: bool = False,
) -> Carried:
    """Apply ``plan`` to the pipeline (weights still on the CPU, or partly on ``device`` after FP8 quantization)."""
    parts = components(handle)
    transformer, text = parts["transformer"], parts.get("text_encoder")
    streamed: list[str] = []
    arenas: list[Any] = []
    on_gpu = device if device.type == "cuda" else None  # quantize on the card: seconds, not minutes on the CPU
    if plan.name == "fp8":
        quantize_fp8(transformer, plan.fp8_mode or "weight_only", device=on_gpu)  # type: ignore[arg-type]
    if plan.name == "streamed":
        arenas.append(stream_module(transformer, device, level="block_level", low_cpu_mem_usage=low_host_memory))
        streamed.append("transformer")
    if text is not None and plan.text_encoder == "fp8":
        quantize_fp8(text, "weight_only", device=on_gpu)  # it runs once per job: storage, not matmul speed, matters
    if text is not None and plan.text_encoder == "streamed":
        arenas.append(stream_module(text, device, level="leaf_level", low_cpu_mem_usage=low_host_memory))
        streamed.append("text_encoder")
    if plan.tiled_decode and "vae" in parts:
        tighten_vae(parts["vae"])
    timer = None
    if should_compile(compile_setting, device, plan.name) and hasattr(transformer, "compile_repeated_blocks"):
        timer = compile_blocks(transformer, "transformer", data_dir)
    resident = [module for name, module in parts.items() if name not in streamed]
    return Carried(
        resident=resident, streamed=streamed, compiled=timer, host_arenas=[a for a in arenas if a is not None]
    )
