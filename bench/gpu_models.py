"""GPU benchmark (run on the lent H100 with the `device` tool): full-size LTX-2 and FLUX.2 with random weights.

Prints a table of
* seconds per LTX-2 denoising step at 768×512×121 through our path (``text_to_video`` with the job system's
  progress/cancel callback publishing real events to a real SQLite event bus) and through a bare diffusers
  ``LTX2Pipeline.__call__`` in the same run; per-step time is (T(n2) − T(n1)) / (n2 − n1), so text encoding and
  VAE decoding cancel out;
* peak VRAM of the generation;
* swapping the 18.9 B LTX-2 transformer (+ VAE, connectors, vocoder) out and the 32 B FLUX.2 transformer in, and
  back, with our ``Residency`` (pinned host buffers kept between swaps), next to the naive ``module.to()`` through
  pageable memory, a load from safetensors on local disk, and the PCIe floor (bytes ÷ measured pinned H2D bandwidth).

Everything except the text encoder has the real architecture and size; the Gemma 3 text encoder keeps the real
hidden size (3840) but only 2 layers (it runs once per generation and does not affect step time). Weights are random:
this measures speed and memory, not quality.

    python bench/gpu_models.py                 # full size (needs an 80 GB GPU and ~110 GB of host RAM)
    python bench/gpu_models.py --small         # a CPU smoke run of the same code at toy sizes
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
import time
from pathlib import Path

import torch

GiB = 2**30


def sync() -> None:
    if torch.cuda.is_available():
        torch.cuda.synchronize()


def randomize(module: torch.nn.Module, device: torch.device, dtype: torch.dtype) -> torch.nn.Module:
    """Materialise a meta-built module on ``device`` with random weights (fast: no CPU init)."""
    module = module.to(dtype).to_empty(device=device)  # cast on meta first: never materialise float32 copies
    with torch.no_grad():
        for tensor in [*module.parameters(), *module.buffers()]:
            if tensor.is_floating_point():
                tensor.normal_(0, 0.02)
    return module.eval()


#: LTX-2's video VAE (the 2.0 checkpoint's layout, as diffusers' conversion script writes it): 32x in space, 8x in
#: time, and an encoder that matches (diffusers' default config compresses 64x/16x, and the earlier
#: ``spatio_temporal_scaling`` patch of it decoded right but could not encode a clip).
LTX2_VIDEO_VAE = {
    "block_out_channels": (256, 512, 1024, 2048),
    "decoder_block_out_channels": (256, 512, 1024),
    "layers_per_block": (4, 6, 6, 2, 2),
    "decoder_layers_per_block": (5, 5, 5, 5),
    "spatio_temporal_scaling": (True, True, True, True),
    "decoder_spatio_temporal_scaling": (True, True, True),
    "decoder_inject_noise": (False, False, False, False),
    "downsample_type": ("spatial", "temporal", "spatiotemporal", "spatiotemporal"),
    "upsample_residual": (True, True, True),
    "upsample_factor": (2, 2, 2),
    "timestep_conditioning": False,
    "patch_size": 4,
    "patch_size_t": 1,
    "encoder_causal": True,
    "decoder_causal": False,
    "encoder_spatial_padding_mode": "zeros",
    "decoder_spatial_padding_mode": "reflect",
    "spatial_compression_ratio": 32,  # stated, as in the checkpoint: derived from the blocks it would read 64 / 16
    "temporal_compression_ratio": 8,
}


def build_pipeline(tmp: Path, layers: int | None, device: torch.device, dtype: torch.dtype):  # noqa: ANN201
    from diffusers import AutoencoderKLLTX2Audio, AutoencoderKLLTX2Video, LTX2Pipeline, LTX2VideoTransformer3DModel
    from diffusers.pipelines.ltx2 import LTX2TextConnectors
    from diffusers.pipelines.ltx2.vocoder import LTX2Vocoder
    from transformers import Gemma3ForConditionalGeneration

    from backend.models.tiny.ltx2 import build_tiny_ltx2

    tiny = LTX2Pipeline.from_pretrained(build_tiny_ltx2(tmp / "tiny-ltx2"), dtype=dtype)
    text_config = tiny.text_encoder.config
    text_config.text_config.update(
        {
            "hidden_size": 3840,
            "intermediate_size": 15360,
            "num_attention_heads": 16,
            "num_key_value_heads": 8,
            "head_dim": 256,
            "query_pre_attn_scalar": 256,
            "max_position_embeddings": 2048,
            "sliding_window": 1024,
        }
    )
    with torch.device("meta"):
        transformer = LTX2VideoTransformer3DModel(**({"num_layers": layers} if layers else {}))
        vae = AutoencoderKLLTX2Video(**LTX2_VIDEO_VAE)
        audio_vae = AutoencoderKLLTX2Audio()
        vocoder = LTX2Vocoder()
        connectors = LTX2TextConnectors(text_proj_in_factor=text_config.text_config.num_hidden_layers + 1)
        text_encoder = Gemma3ForConditionalGeneration(text_config)
    parts = {
        name: randomize(m, device, dtype)
        for name, m in dict(
            transformer=transformer,
            vae=vae,
            audio_vae=audio_vae,
            vocoder=vocoder,
            connectors=connectors,
            text_encoder=text_encoder,
        ).items()
    }
    tokenizer = tiny.tokenizer
    tokenizer.model_max_length = 1024  # prompts are padded to the real model's sequence length
    pipe = LTX2Pipeline(scheduler=tiny.scheduler, tokenizer=tokenizer, **parts)
    pipe.set_progress_bar_config(disable=True)
    pipe.vae.enable_tiling()
    return pipe


def job_step_callback(tmp: Path):  # noqa: ANN201
    """The job system's real per-step callback: throttled DB progress, an SSE event per step, cancel check."""
    from backend.config import Settings
    from backend.db.engine import make_engine, session_scope
    from backend.db.migrate import upgrade_database
    from backend.db.tables import Job, Project
    from backend.events.bus import EventBus
    from backend.models.manager import ModelManager
    from backend.storage.paths import ProjectStorage
    from backend.worker.context import JobContext

    settings = Settings(data_dir=tmp / "data")
    upgrade_database(settings.database)
    engine = make_engine(settings.database)
    with session_scope(engine) as session:
        project = Project(name="bench")
        session.add(project)
        session.flush()
        job = Job(project_id=project.id, kind="t2v", status="running")
        session.add(job)
    import threading

    context = JobContext(
        job=job,
        settings=settings,
        engine=engine,
        bus=EventBus(engine, 5000),
        storage=ProjectStorage(settings.projects_dir),
        models=ModelManager(settings),
        cancel_flags=set(),
        cancel_lock=threading.Lock(),
    )
    return context.step, context.stage


def time_generation(pipe, args, steps: int, ours: bool, callbacks) -> float:  # noqa: ANN001
    from backend.models.ltx2.text_to_video import TextToVideoRequest, text_to_video

    request = TextToVideoRequest(
        prompt="a lighthouse on a cliff at dusk, waves, gulls",
        negative_prompt="",
        width=args.width,
        height=args.height,
        num_frames=args.frames,
        fps=24.0,
        seed=1,
        num_inference_steps=steps,
        guidance_scale=4.0,
    )
    sync()
    started = time.perf_counter()
    if ours:
        text_to_video(pipe, request, on_step=callbacks[0], on_stage=callbacks[1])
    else:
        pipe(
            prompt=request.prompt,
            negative_prompt="",
            width=request.width,
            height=request.height,
            num_frames=request.num_frames,
            frame_rate=24.0,
            num_inference_steps=steps,
            guidance_scale=4.0,
            generator=torch.Generator(pipe._execution_device).manual_seed(1),
            output_type="np",
            return_dict=False,
            max_sequence_length=pipe.tokenizer.model_max_length,
        )
    sync()
    return time.perf_counter() - started


def time_generations(pipe, args, tmp: Path, device: torch.device) -> list[tuple[str, str]]:  # noqa: ANN001
    callbacks = job_step_callback(tmp)
    n1, n2 = args.steps
    time_generation(pipe, args, 1, False, callbacks)  # warm-up (kernels, allocator)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats()
    results: dict[bool, list[float]] = {}
    for ours in (False, True, False, True):
        t1 = time_generation(pipe, args, n1, ours, callbacks)
        t2 = time_generation(pipe, args, n2, ours, callbacks)
        results.setdefault(ours, []).append((t2 - t1) / (n2 - n1))
        print(f"{'ours' if ours else 'bare'}: {n1} steps {t1:.2f} s, {n2} steps {t2:.2f} s", flush=True)
    bare, mine = min(results[False]), min(results[True])
    peak = torch.cuda.max_memory_allocated() / GiB if device.type == "cuda" else float("nan")
    size = f"{args.width}×{args.height}×{args.frames}"
    return [
        (f"LTX-2 step at {size} (diffusers' default guidance recipe), bare diffusers", f"{bare:.3f} s"),
        (f"LTX-2 step at {size}, our path (job callbacks + SQLite events)", f"{mine:.3f} s"),
        ("our overhead per step", f"{(mine / bare - 1) * 100:+.1f} %"),
        ("peak VRAM during generation (bf16, tiled VAE decode)", f"{peak:.1f} GiB"),
    ]


def pinned_bandwidth(device: torch.device) -> float:
    if device.type != "cuda":
        return float("nan")
    host = torch.empty(4 * GiB, dtype=torch.uint8, pin_memory=True)
    dev = torch.empty_like(host, device=device)
    dev.copy_(host, non_blocking=True)
    sync()
    times = []
    for _ in range(3):
        started = time.perf_counter()
        dev.copy_(host, non_blocking=True)
        sync()
        times.append(time.perf_counter() - started)
    del host, dev
    return 4 * GiB / min(times)


def timed(fn) -> float:  # noqa: ANN001
    sync()
    started = time.perf_counter()
    fn()
    sync()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="toy sizes, for a CPU smoke run")
    parser.add_argument("--steps", type=int, nargs=2, default=(2, 6))
    parser.add_argument("--skip-swap", action="store_true")
    parser.add_argument("--skip-generation", action="store_true")
    args = parser.parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
    layers = 1 if args.small else None
    args.width, args.height, args.frames = (256, 256, 9) if args.small else (768, 512, 121)
    rows: list[tuple[str, str]] = []
    tmp = Path(tempfile.mkdtemp(prefix="milimo-gpu-bench-"))

    started = time.perf_counter()
    pipe = build_pipeline(tmp, layers, device, dtype)
    transformer_params = sum(p.numel() for p in pipe.transformer.parameters())
    print(
        f"built LTX-2 pipeline ({transformer_params / 1e9:.2f} B transformer) in {time.perf_counter() - started:.1f} s",
        flush=True,
    )

    if not args.skip_generation:
        rows += time_generations(pipe, args, tmp, device)

    if not args.skip_swap:
        from diffusers import Flux2Transformer2DModel

        from backend.models.residency import Residency

        ltx_modules = [m for m in pipe.components.values() if isinstance(m, torch.nn.Module)]
        ltx = Residency(ltx_modules, device)
        gc.collect()
        if device.type == "cuda":
            torch.cuda.empty_cache()
        first_park = timed(lambda: ltx.park(pin=True))
        with torch.device("meta"):
            flux_meta = Flux2Transformer2DModel(**({"num_layers": 1, "num_single_layers": 1} if args.small else {}))
        flux_module = randomize(flux_meta, device, dtype)
        del flux_meta  # the same module object: keep only one name, so releasing it really frees its host copy
        flux = Residency([flux_module], device)
        flux_first_park = timed(lambda: flux.park(pin=True))
        print(
            f"LTX-2 {ltx.nbytes / GiB:.1f} GiB, FLUX.2 {flux.nbytes / GiB:.1f} GiB; first parks (pinned alloc + "
            f"copy) {first_park:.1f} s / {flux_first_park:.1f} s",
            flush=True,
        )
        swaps = []
        for _ in range(2):
            ltx_in = timed(ltx.to_device)
            ltx_out = timed(lambda: ltx.park(pin=True))
            flux_in = timed(flux.to_device)
            flux_out = timed(lambda: flux.park(pin=True))
            swaps.append((ltx_in, ltx_out, flux_in, flux_out))
        ltx_in, ltx_out, flux_in, flux_out = (min(s[i] for s in swaps) for i in range(4))
        bandwidth = pinned_bandwidth(device)
        rows += [
            ("pinned host→GPU bandwidth (4 GiB copy)", f"{bandwidth / 1e9:.1f} GB/s"),
            (f"LTX-2 out ({ltx.nbytes / GiB:.1f} GiB), pinned buffers kept", f"{ltx_out:.3f} s"),
            (
                f"FLUX.2 in ({flux.nbytes / GiB:.1f} GiB) from pinned",
                f"{flux_in:.2f} s (floor {flux.nbytes / bandwidth:.2f} s)",
            ),
            ("FLUX.2 out, pinned buffers kept", f"{flux_out:.3f} s"),
            ("LTX-2 back in from pinned", f"{ltx_in:.2f} s (floor {ltx.nbytes / bandwidth:.2f} s)"),
            ("swap LTX-2 → FLUX.2 → LTX-2, total", f"{ltx_out + flux_in + flux_out + ltx_in:.2f} s"),
            (
                "first park, one-time pinned allocation (LTX-2 / FLUX.2)",
                f"{first_park:.1f} s / {flux_first_park:.1f} s",
            ),
        ]

        # Baselines: pageable memory and disk, for the LTX-2 transformer alone.
        transformer = pipe.transformer
        t_bytes = sum(t.numel() * t.element_size() for t in transformer.state_dict().values())
        flux.release()
        del flux_module, flux
        gc.collect()
        ltx.to_device()
        pageable_out = timed(lambda: transformer.to("cpu"))
        pageable_in = timed(lambda: transformer.to(device))
        from safetensors.torch import load_file, save_file

        path = tmp / "transformer.safetensors"
        save_file({k: v.contiguous() for k, v in transformer.state_dict().items()}, str(path))
        os.sync()
        from_disk = timed(lambda: load_file(str(path), device=str(device)))
        rows += [
            (f"LTX-2 transformer ({t_bytes / GiB:.1f} GiB) .to('cpu') pageable", f"{pageable_out:.2f} s"),
            ("LTX-2 transformer .to(device) from pageable", f"{pageable_in:.2f} s"),
            ("LTX-2 transformer from safetensors on local disk", f"{from_disk:.2f} s (page cache may be warm)"),
        ]

    name = torch.cuda.get_device_name() if device.type == "cuda" else "CPU"
    print(f"\nMilimo Video model benchmark — {name}, {dtype}, random weights\n")
    print("| measure | value |\n|---|---|")
    for label, value in rows:
        print(f"| {label} | {value} |")


if __name__ == "__main__":
    main()
