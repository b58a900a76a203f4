"""GPU benchmark (the lent H200, `device` tool): the memory plans of the full-size LTX-2 19B transformer at
768×512×121 with sound (random weights built on the meta device and materialised on the GPU).

One process, in this order (each item is timed, recorded in ``$OUT/gpu_memory.json`` as it finishes, and skipped
once ``--budget`` seconds have passed):

1. the same random weights in fp32, one CFG forward (batch 2) as the reference; then cast to bf16 in place;
2. bf16 resident: seconds per forward (median), peak VRAM, relative L2 error against fp32 (end to end, and per layer
   for five Linears on the inputs they saw);
3. the activation table: the transformer's peak above its weights for a few resolutions × frame counts (batch 2);
4. FP8 weight-only (torchao ``Float8WeightOnlyConfig``) and FP8 row-wise dynamic (``Float8DynamicActivation
   Float8WeightConfig(PerRow())``) of the studio's layer selection, each a copy of the bf16 model: speed, peak, error
   against bf16 and fp32; row-wise also parked to pinned host memory and back (``QuantizedResidency``), and with
   regional compilation (``compile_repeated_blocks(fullgraph=True)``: cold compile time, warm forward);
5. streamed (``stream_module``: diffusers' group offloading, block level, CUDA stream, pinned host arena) under a
   simulated 24 GB card (``set_per_process_memory_fraction``), with the pipeline's other parts (VAEs, connectors,
   vocoder: 5.5 GB) held as a block of memory beside it; and FP8 row-wise compiled resident under a simulated 32 GB
   card, the same way;
6. the video VAE's decode peak at 768×512×121: tiled (the studio's default) and tiled + frame-wise (streamed plans).

    python bench/gpu_memory.py            # full size, one H200 (about 5 minutes)
    python bench/gpu_memory.py --small    # a CPU smoke run of the same code at toy sizes (FP8 row-wise skipped)
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import os
import statistics
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from backend.models.memory.activations import JobShape, tokens
from backend.models.memory.fp8 import fp8_matmul_supported, quantize_fp8
from backend.models.memory.parking import QuantizedResidency
from backend.models.memory.streaming import stream_module, tighten_vae
from backend.models.memory.weights import module_bytes

GiB = 2**30
#: --small: the same architecture, 2 blocks of a narrow width (a CPU smoke run in seconds).
SMALL = {
    "num_layers": 2,
    "num_attention_heads": 4,
    "cross_attention_dim": 512,
    "audio_num_attention_heads": 4,
    "audio_cross_attention_dim": 256,
}
T0 = time.perf_counter()
PER_LAYER = (
    "transformer_blocks.0.attn1.to_q",
    "transformer_blocks.12.audio_attn1.to_v",
    "transformer_blocks.24.ff.net.0.proj",
    "transformer_blocks.36.video_to_audio_attn.to_k",
    "transformer_blocks.47.ff.net.2",
)
#: VAEs, connectors and vocoder of the LTX-2 pipeline in bf16 (counted on the meta device, tests/models/
#: test_memory_planner.py): resident in every plan, so the simulated cards hold them too.
OTHER_PARTS_BYTES = 5_525_592_522


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
        self.results: dict[str, Any] = {"device": torch.cuda.get_device_name() if self.cuda else "cpu"}
        os.makedirs(args.out, exist_ok=True)

    @property
    def cuda(self) -> bool:
        return torch.cuda.is_available()

    def left(self) -> float:
        return self.args.budget - (time.perf_counter() - T0)

    def record(self, key: str, value: Any) -> None:
        self.results[key] = value
        print(f"[{time.perf_counter() - T0:6.1f}s] {key}: {json.dumps(value, default=str)}", flush=True)
        with open(os.path.join(self.args.out, "gpu_memory.json"), "w") as handle:
            json.dump(self.results, handle, indent=1, default=str)

    def item(self, key: str, needs: float, fn: Callable[[], Any]) -> Any:
        if self.left() < needs:
            self.record(key, {"skipped": f"{self.left():.0f} s left, needs ~{needs:.0f} s"})
            return None
        try:
            return fn()
        except Exception as error:  # noqa: BLE001 - one failed item must not end the run
            traceback.print_exc()
            self.record(key, {"error": f"{type(error).__name__}: {str(error)[:400]}"})
            return None
        finally:
            gc.collect()
            if self.cuda:
                torch.cuda.empty_cache()

    def sync(self) -> None:
        if self.cuda:
            torch.cuda.synchronize()

    def allocated(self) -> int:
        return torch.cuda.memory_allocated() if self.cuda else 0

    def reset_peak(self) -> None:
        if self.cuda:
            torch.cuda.reset_peak_memory_stats()

    def peak(self) -> int:
        return torch.cuda.max_memory_allocated() if self.cuda else 0

    def timed(self, fn: Callable[[], Any], reps: int) -> tuple[float, Any]:
        out = fn()  # warm-up (kernels, cuDNN plans, allocator)
        times = []
        for _ in range(reps):
            self.sync()
            started = time.perf_counter()
            out = fn()
            self.sync()
            times.append(time.perf_counter() - started)
        return statistics.median(times), out


# ------------------------------------------------------------------------------------------------ model and inputs


def build_fp32(bench: Bench) -> torch.nn.Module:
    from diffusers import LTX2VideoTransformer3DModel

    with torch.device("meta"):
        model = LTX2VideoTransformer3DModel(**(SMALL if bench.args.small else {}))
    model = model.to_empty(device=bench.device)
    generator = torch.Generator(bench.device).manual_seed(0)
    with torch.no_grad():
        for tensor in [*model.parameters(), *model.buffers()]:
            if tensor.is_floating_point():
                tensor.normal_(0, 0.02, generator=generator)
    return model.eval()


def make_inputs(model: torch.nn.Module, shape: JobShape, device: torch.device, dtype: torch.dtype) -> dict[str, Any]:
    """The transformer's keyword arguments for one CFG forward (batch 2) of ``shape``, as LTX2Pipeline builds them."""
    config = model.config
    time_factor, space_factor, _ = config.vae_scale_factors
    frames = (shape.frames - 1) // time_factor + 1
    height, width = shape.height // space_factor, shape.width // space_factor
    audio_frames = round(shape.frames / 24.0 * config.audio_sampling_rate / config.audio_hop_length / 4)
    text = 1024
    generator = torch.Generator(device).manual_seed(1)
    batch = shape.batch

    def noise(*size: int) -> torch.Tensor:
        return torch.randn(*size, generator=generator, device=device).to(dtype)

    video_coords = model.rope.prepare_video_coords(batch, frames, height, width, device, fps=24.0)
    audio_coords = model.audio_rope.prepare_audio_coords(batch, audio_frames, device)
    timestep = torch.full((batch,), 900.0, device=device)
    mask = torch.ones(batch, text, device=device, dtype=torch.int64)
    return {
        "hidden_states": noise(batch, frames * height * width, config.in_channels),
        "audio_hidden_states": noise(batch, audio_frames, config.audio_in_channels),
        "encoder_hidden_states": noise(batch, text, config.caption_channels),
        "audio_encoder_hidden_states": noise(batch, text, config.caption_channels),
        "timestep": timestep,
        "sigma": timestep,
        "encoder_attention_mask": mask,
        "audio_encoder_attention_mask": mask,
        "num_frames": frames,
        "height": height,
        "width": width,
        "fps": 24.0,
        "audio_num_frames": audio_frames,
        "video_coords": video_coords,
        "audio_coords": audio_coords,
        "use_cross_timestep": True,
        "return_dict": False,
    }


def as_dtype(inputs: dict[str, Any], dtype: torch.dtype) -> dict[str, Any]:
    return {
        k: v.to(dtype) if isinstance(v, torch.Tensor) and v.is_floating_point() and "coords" not in k else v
        for k, v in inputs.items()
    }


def forward(model: torch.nn.Module, inputs: dict[str, Any]) -> tuple[torch.Tensor, torch.Tensor]:
    with torch.inference_mode():
        video, audio = model(**inputs)
    return video, audio


def rel_l2(value: torch.Tensor, reference: torch.Tensor) -> float:
    value, reference = value.double(), reference.double()
    return float((value - reference).norm() / reference.norm())


def errors(out: tuple[torch.Tensor, torch.Tensor], ref: tuple[torch.Tensor, torch.Tensor]) -> dict[str, float]:
    return {"video": round(rel_l2(out[0], ref[0]), 5), "audio": round(rel_l2(out[1], ref[1]), 5)}


def finite(out: tuple[torch.Tensor, torch.Tensor]) -> bool:
    return bool(torch.isfinite(out[0]).all() and torch.isfinite(out[1]).all())


# ------------------------------------------------------------------------------------------------------- the run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="toy sizes, for a CPU smoke run")
    parser.add_argument("--out", default=os.environ.get("OUT", "bench/results"))
    parser.add_argument("--budget", type=float, default=440.0, help="seconds; later items are skipped past it")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    bench = Bench(args)
    torch.backends.cuda.matmul.allow_tf32 = False  # a true fp32 reference
    torch.backends.cudnn.allow_tf32 = False
    shot = JobShape(256, 256, 25) if args.small else JobShape(768, 512, 121)
    reps = args.reps

    started = time.perf_counter()
    model = build_fp32(bench)
    bench.record(
        "model", {"parameters": sum(p.numel() for p in model.parameters()), "seconds": time.perf_counter() - started}
    )
    inputs = make_inputs(model, shot, bench.device, torch.bfloat16)
    bench.record("shape", {"shape": shot.__dict__, "tokens": tokens("ltx2", shot, model.config)})

    # 1. fp32 reference; the fp32 weights of the per-layer Linears are kept for their own reference.
    layers = {name: module for name, module in model.named_modules() if name in PER_LAYER}
    fp32_layers = {name: (m.weight.detach().clone(), m.bias.detach().clone()) for name, m in layers.items()}
    ref32 = forward(model, as_dtype(inputs, torch.float32))
    bench.record("fp32", {"finite": finite(ref32)})
    model.to(torch.bfloat16)
    gc.collect()
    if bench.cuda:
        torch.cuda.empty_cache()

    # 2. bf16 resident; the per-layer inputs are captured on this forward.
    seen: dict[str, torch.Tensor] = {}
    hooks = [
        m.register_forward_pre_hook(lambda mod, a, name=name: seen.setdefault(name, a[0].detach().clone()))
        for name, m in layers.items()
    ]
    out16 = forward(model, inputs)
    for hook in hooks:
        hook.remove()
    weights16 = bench.allocated()

    def bf16() -> None:
        bench.reset_peak()
        seconds, _ = bench.timed(lambda: forward(model, inputs), reps)
        per_layer = {}
        for name, module in layers.items():
            x = seen[name]
            w32, b32 = fp32_layers[name]
            with torch.inference_mode():
                y32 = torch.nn.functional.linear(x.float(), w32, b32)
                per_layer[name] = round(rel_l2(module(x), y32), 5)
        bench.record(
            "bf16_resident",
            {
                "forward_s": round(seconds, 4),
                "weights_gib": round(module_bytes(model) / GiB, 2),
                "peak_gib": round(bench.peak() / GiB, 2),
                "error_vs_fp32": errors(out16, ref32),
                "per_layer_vs_fp32": per_layer,
            },
        )

    bench.item("bf16_resident", 20, bf16)

    # 3. The activation table (bf16): peak above the weights, one CFG forward per shape.
    def table() -> None:
        shapes = (
            [JobShape(128, 128, 9), JobShape(256, 256, 25)]
            if args.small
            else [
                JobShape(512, 320, 49),
                JobShape(768, 512, 121),
                JobShape(768, 512, 241),
                JobShape(1024, 576, 121),
                JobShape(1280, 704, 121),
            ]
        )
        rows = []
        for shape in shapes:
            if bench.left() < 30:
                break
            shaped = make_inputs(model, shape, bench.device, torch.bfloat16)
            gc.collect()
            base = bench.allocated()
            bench.reset_peak()
            bench.sync()
            began = time.perf_counter()
            forward(model, shaped)
            bench.sync()
            n = tokens("ltx2", shape, model.config)
            above = bench.peak() - base
            rows.append(
                {
                    "width": shape.width,
                    "height": shape.height,
                    "frames": shape.frames,
                    "tokens": n,
                    "peak_above_weights_gib": round(above / GiB, 3),
                    "bytes_per_token_per_sample": round(above / n / shape.batch),
                    "first_forward_s": round(time.perf_counter() - began, 3),
                }
            )
            del shaped
        bench.record("activation_table", rows)

    bench.item("activation_table", 40, table)

    # 4. FP8 copies of the bf16 model.
    def quantized(mode: str) -> torch.nn.Module:
        clone = copy.deepcopy(model)
        began = time.perf_counter()
        count = quantize_fp8(clone, mode, device=bench.device if bench.cuda else None)  # type: ignore[arg-type]
        bench.sync()
        bench.record(f"fp8_{mode}_quantize", {"layers": count, "seconds": round(time.perf_counter() - began, 2)})
        return clone

    def measure(key: str, clone: torch.nn.Module) -> tuple[torch.Tensor, torch.Tensor]:
        gc.collect()
        bench.reset_peak()
        seconds, out = bench.timed(lambda: forward(clone, inputs), reps)
        per_layer = {}
        modules = dict(clone.named_modules())
        for name in seen:
            x = seen[name]
            with torch.inference_mode():
                per_layer[name] = round(rel_l2(modules[name](x), layers[name](x)), 5)
        bench.record(
            key,
            {
                "forward_s": round(seconds, 4),
                "weights_gib": round(module_bytes(clone) / GiB, 2),
                "peak_gib_without_bf16_copy": round((bench.peak() - weights16) / GiB, 2),
                "error_vs_bf16": errors(out, out16),
                "error_vs_fp32": errors(out, ref32),
                "per_layer_vs_bf16": per_layer,
                "finite": finite(out),
            },
        )
        return out

    def weight_only() -> None:
        clone = quantized("weight_only")
        measure("fp8_weight_only", clone)
        del clone

    bench.item("fp8_weight_only", 40, weight_only)

    rowwise_model: dict[str, torch.nn.Module] = {}

    def rowwise() -> None:
        if not fp8_matmul_supported(bench.device):
            bench.record("fp8_rowwise", {"skipped": "no FP8 matmuls on this device"})
            return
        clone = quantized("rowwise")
        before = measure("fp8_rowwise", clone)
        # Parked to pinned host memory and back: the studio's swap path for an FP8 model.
        residency = QuantizedResidency([clone], bench.device)
        began = time.perf_counter()
        residency.park(pin=True)
        parked = time.perf_counter() - began
        began = time.perf_counter()
        residency.to_device()
        back = time.perf_counter() - began
        began = time.perf_counter()
        residency.park(pin=True)
        parked_again = time.perf_counter() - began
        began = time.perf_counter()
        residency.to_device()
        back_again = time.perf_counter() - began
        after = forward(clone, inputs)
        bench.record(
            "fp8_rowwise_park",
            {
                "gib": round(residency.nbytes / GiB, 2),
                "first_park_s": round(parked, 2),
                "to_card_s": round(back, 3),
                "park_again_s": round(parked_again, 3),
                "to_card_again_s": round(back_again, 3),
                "same_output": bool(torch.equal(after[0], before[0]) and torch.equal(after[1], before[1])),
            },
        )
        residency.release()
        rowwise_model["eager"] = clone

    bench.item("fp8_rowwise", 60, rowwise)

    def compiled() -> None:
        clone = rowwise_model.get("eager")
        if clone is None or not bench.cuda:
            bench.record("fp8_rowwise_compiled", {"skipped": "no row-wise model"})
            return
        from backend.models.memory.compiled import keep_cache_in

        keep_cache_in(Path(tempfile.gettempdir()) / "milimo-bench-compile")  # not under $OUT: thousands of files
        clone.compile_repeated_blocks(fullgraph=True)
        bench.sync()
        began = time.perf_counter()
        forward(clone, inputs)
        bench.sync()
        cold = time.perf_counter() - began
        bench.record("fp8_rowwise_compile_cold_s", round(cold, 1))
        measure("fp8_rowwise_compiled", clone)

    bench.item("fp8_rowwise_compiled", 120, compiled)

    # 5. Simulated cards. The bf16 model goes to a pinned host arena and streams; the FP8 model stays resident.
    total = torch.cuda.get_device_properties(0).total_memory if bench.cuda else 0

    def simulated(
        key: str, card_gib: float, run: torch.nn.Module, reference: tuple[torch.Tensor, torch.Tensor]
    ) -> None:
        gc.collect()
        torch.cuda.empty_cache()
        torch.cuda.set_per_process_memory_fraction(card_gib * GiB / total)
        other = torch.empty(OTHER_PARTS_BYTES, dtype=torch.uint8, device=bench.device)
        try:
            base = bench.allocated()
            bench.reset_peak()
            seconds, out = bench.timed(lambda: forward(run, inputs), reps)
            bench.record(
                key,
                {
                    "card_gib": card_gib,
                    "forward_s": round(seconds, 4),
                    "peak_gib_with_other_parts": round(bench.peak() / GiB, 2),
                    "on_card_before_gib": round(base / GiB, 2),
                    "error_vs_bf16": errors(out, out16),
                    "max_abs_diff_vs_bf16": float((out[0].float() - out16[0].float()).abs().max()),
                },
            )
        finally:
            del other
            torch.cuda.set_per_process_memory_fraction(1.0)

    streamed_arena: dict[str, Any] = {}

    def stream() -> None:
        began = time.perf_counter()
        arena = stream_module(model, bench.device, level="block_level")
        streamed_arena["arena"] = arena
        first = next(model.parameters())
        bench.record(
            "streamed_setup",
            {
                "seconds": round(time.perf_counter() - began, 1),
                "host_gib": round(arena.nbytes / GiB, 2) if arena is not None else None,
                "weights_seen_as_pinned": bool(first.data.is_pinned()) if first.device.type == "cpu" else None,
            },
        )

    if bench.cuda:
        bench.item("streamed_setup", 40, stream)
        fp8 = rowwise_model.get("eager")
        if fp8 is not None:
            bench.item("fp8_resident_32gb", 20, lambda: simulated("fp8_resident_32gb", 32, fp8, out16))
        rowwise_model.clear()
        del fp8
        torch._dynamo.reset()  # compiled code must not keep the FP8 model on the card
        if "arena" in streamed_arena:
            bench.item("streamed_24gb", 40, lambda: simulated("streamed_24gb", 24, model, out16))

    # 6. The VAE's decode peak at the shot's size (random weights: the memory, not the pixels, is the point).
    def decode() -> None:
        from diffusers import AutoencoderKLLTX2Video

        # The 2.0 checkpoint's layout (bench/gpu_models.py): 32x in space, 8x in time.
        from gpu_models import LTX2_VIDEO_VAE, randomize

        with torch.device("meta"):
            vae = AutoencoderKLLTX2Video(**LTX2_VIDEO_VAE)
        vae = randomize(vae, bench.device, torch.bfloat16)
        latents = torch.randn(
            1, 128, (shot.frames - 1) // 8 + 1, shot.height // 32, shot.width // 32, device=bench.device
        )
        latents = latents.to(torch.bfloat16)
        rows = {}
        for label in ("tiled", "tiled_framewise"):
            vae.enable_tiling()
            if label == "tiled_framewise":
                tighten_vae(vae)
            gc.collect()
            base = bench.allocated()
            bench.reset_peak()
            bench.sync()
            began = time.perf_counter()
            with torch.inference_mode():
                frames = vae.decode(latents, return_dict=False)[0]
            bench.sync()
            above = bench.peak() - base
            pixel_frames = shot.frames * min(shot.height, 512) * min(shot.width, 512)
            rows[label] = {
                "seconds": round(time.perf_counter() - began, 2),
                "peak_above_weights_gib": round(above / GiB, 3),
                "bytes_per_tile_pixel_frame": round(above / pixel_frames, 1),
                "output": list(frames.shape),
            }
            del frames
        bench.record("vae_decode", {"weights_gib": round(module_bytes(vae) / GiB, 2), **rows})

    if bench.cuda:  # the full-size VAE on two CPU cores would take minutes
        bench.item("vae_decode", 40, decode)
    print_table(bench.results)


def print_table(results: dict[str, Any]) -> None:
    print("\n| variant | s / forward | peak GiB | error vs bf16 (video / audio) |")
    print("|---|---|---|---|")
    for key in (
        "bf16_resident",
        "fp8_weight_only",
        "fp8_rowwise",
        "fp8_rowwise_compiled",
        "streamed_24gb",
        "fp8_resident_32gb",
    ):
        row = results.get(key) or {}
        if "forward_s" not in row:
            print(f"| {key} | {row} | | |")
            continue
        error = row.get("error_vs_bf16", row.get("error_vs_fp32"))
        peak = next(
            (row[k] for k in ("peak_gib", "peak_gib_without_bf16_copy", "peak_gib_with_other_parts") if k in row), None
        )
        print(f"| {key} | {row['forward_s']} | {peak} | {error} |")


if __name__ == "__main__":
    main()
