"""GPU benchmark (the lent H200, `device` tool): the quality presets against bare diffusers at 768×512×121 with sound,
full-size LTX-2 with random weights, in the same run.

Rows (seconds per step from the wall time at two step counts, ``(T(n2) − T(n1)) / (n2 − n1)``, so text encoding and
decoding cancel; "fixed" is the rest; "at N" is fixed + N steps, the preset's real schedule length):

* bare diffusers ``LTX2Pipeline`` with its default recipe (CFG, STG at block 28, modality guidance: three transformer
  calls a step), the reference;
* ours, **final**: the same schedule and scales through ``text_to_video`` with the studio's guidance arguments (the STG
  pass skipped: LTX-2 19 B's blocks do not perturb attention, so it recomputes the conditional prediction);
* ours, **draft**: the distilled 8-sigma schedule, one pass a step, request → playable MP4 (``write_mp4``) timed as a
  whole; on the distilled checkpoint (no LoRA), and with a rank-384 distilled LoRA on every linear layer of the blocks
  through the studio's LoRA path (the size of Lightricks' ``ltx-2-19b-distilled-lora-384``);
* with ``--part compiled``: the same after regional compilation (``compile_repeated_blocks``, one block compiled for all
  48; the first call's extra time is the cold compile), and **standard** (half size with guidance, 2× latent upsample,
  3-step refine at full size).

The error columns compare final latents after 4 steps, same seed and inputs: ours against bare (relative L2), next to
what bf16 and fp32 differ by on one forward of a 4-layer transformer of the same width (the scale of "numerically the
same"). The floor is the dense matmul + attention FLOPs of one batch-1 forward (194 TFLOP at this size, counted with
FlopCounterMode on 2026-12-02) at the measured 785 TFLOP/s, times the passes a step runs.

    python bench/gpu_presets.py --part eager       # one H200, about 5 minutes
    python bench/gpu_presets.py --part compiled    # one H200, about 5 minutes
    python bench/gpu_presets.py --small            # a CPU smoke run of the same code at toy sizes
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import torch
from gpu_loras import write_lora
from gpu_models import GiB, build_pipeline, randomize, sync

from backend.media.video_writer import write_mp4
from backend.models.loras.apply import Applied, LoraCache, loras_applied
from backend.models.ltx2.common import TextToVideoRequest
from backend.models.ltx2.guidance import guidance_kwargs
from backend.models.ltx2.presets import DRAFT_SIGMAS, sigmas_as_given
from backend.models.ltx2.text_to_video import text_to_video
from backend.models.ltx2.upscale import upscale_latents_then_refine

FORWARD_FLOOR_S = 194e12 / 785e12  # one batch-1 forward of the 19 B transformer at 768×512×121 + sound


def timed(run: Callable[[int], object], steps: int, device: torch.device) -> tuple[float, float]:
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats()
    sync()
    began = time.perf_counter()
    run(steps)
    sync()
    peak = torch.cuda.max_memory_allocated() / GiB if device.type == "cuda" else float("nan")
    return time.perf_counter() - began, peak


def rel_l2(a: torch.Tensor, b: torch.Tensor) -> float:
    a, b = a.float(), b.float()
    return float((a - b).norm() / b.norm())


def bf16_vs_fp32(device: torch.device, small: bool) -> float:
    """What bf16 and fp32 differ by on one forward of a narrow-but-real LTX-2 transformer (4 layers, full width)."""
    from diffusers import LTX2VideoTransformer3DModel

    layers = 1 if small else 4
    with torch.device("meta"):
        model = LTX2VideoTransformer3DModel(num_layers=layers)
    fp32 = randomize(model, device, torch.float32)
    torch.manual_seed(0)
    f, h, w = (2, 4, 4) if small else (16, 16, 24)
    video = torch.randn(1, f * h * w, 128, device=device)
    audio = torch.randn(1, 126, 128, device=device)
    text = torch.randn(1, 128, 3840, device=device) * 0.1
    mask = torch.ones(1, 128, device=device)
    t = torch.full((1,), 500.0, device=device)

    def forward(m: torch.nn.Module, dtype: torch.dtype) -> torch.Tensor:
        out = m(
            hidden_states=video.to(dtype),
            audio_hidden_states=audio.to(dtype),
            encoder_hidden_states=text.to(dtype),
            audio_encoder_hidden_states=text.to(dtype),
            timestep=t,
            encoder_attention_mask=mask,
            audio_encoder_attention_mask=mask,
            num_frames=f,
            height=h,
            width=w,
            fps=24.0,
            audio_num_frames=126,
            return_dict=False,
        )
        return out[0].float()

    with torch.inference_mode():
        reference = forward(fp32, torch.float32)
        half = forward(fp32.to(torch.bfloat16), torch.bfloat16)
    del fp32
    return rel_l2(half, reference)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="toy sizes, for a CPU smoke run")
    parser.add_argument("--tiny", action="store_true", help="with --small: the tiny test pipeline (the code path only)")
    parser.add_argument("--part", choices=("eager", "compiled", "standard", "lora-compiled"), default="eager")
    parser.add_argument("--steps", type=int, nargs=2, default=(2, 4))
    args = parser.parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
    width, height, frames = (256, 256, 9) if args.small else (768, 512, 121)
    tmp = Path(tempfile.mkdtemp(prefix="milimo-presets-bench-"))
    built = time.perf_counter()
    if args.tiny:
        from diffusers import LTX2Pipeline

        from backend.models.tiny.ltx2 import build_tiny_ltx2

        pipe = LTX2Pipeline.from_pretrained(build_tiny_ltx2(tmp / "tiny"), dtype=dtype)
        width, height = 128, 128
    else:
        pipe = build_pipeline(tmp, 1 if args.small else None, device, dtype)
    print(f"built the pipeline in {time.perf_counter() - built:.1f} s", flush=True)
    seq = {"max_sequence_length": pipe.tokenizer.model_max_length}
    fields = {
        "prompt": "a lighthouse keeper climbs the spiral stairs at dusk, waves below",
        "width": width,
        "height": height,
        "num_frames": frames,
        "fps": 24.0,
        "seed": 1,
        "guidance_scale": 4.0,
    }
    final_kwargs = {**guidance_kwargs(pipe, {"quality": "final"}), **seq}
    draft_kwargs = {**guidance_kwargs(pipe, {"quality": "draft"}), **seq}
    assert final_kwargs.get("stg_scale") == 0.0, "this transformer perturbs attention: the STG pass is not skipped"

    def bare(steps: int, output: str = "np") -> object:
        return pipe(
            prompt=fields["prompt"],
            width=width,
            height=height,
            num_frames=frames,
            frame_rate=24.0,
            num_inference_steps=steps,
            guidance_scale=4.0,
            generator=torch.Generator(device).manual_seed(1),
            output_type=output,
            return_dict=False,
            **seq,
        )

    def ours_final(steps: int) -> object:
        return text_to_video(
            pipe, TextToVideoRequest(**fields, num_inference_steps=steps), pipeline_kwargs=final_kwargs
        )

    def ours_draft_to_file(steps: int) -> object:
        """Request → MP4: the draft's schedule (``steps`` of its 8 sigmas), decode, H.264 + AAC on disk."""
        request = TextToVideoRequest(**{**fields, "guidance_scale": 1.0}, num_inference_steps=steps)
        with sigmas_as_given(pipe):
            video = text_to_video(pipe, request, pipeline_kwargs={**draft_kwargs, "sigmas": list(DRAFT_SIGMAS[:steps])})
        write_mp4(tmp / "draft.mp4", video.frames, video.fps, video.audio, video.audio_sample_rate)
        return video

    rows: list[tuple[str, float, float, int, float, int]] = []  # name, s/step, fixed, schedule, peak, passes

    whole: list[tuple[str, float, float]] = []  # name, seconds, peak: a preset's whole schedule, request → file

    def measure(name: str, run: Callable[[int], object], schedule: int, passes: int, warm: bool = True) -> None:
        n1, n2 = args.steps
        if warm:
            first, _ = timed(run, 1, device)
            print(f"{name}: first call (1 step) {first:.2f} s", flush=True)
        t1, _ = timed(run, n1, device)
        t2, peak = timed(run, n2, device)
        step = (t2 - t1) / (n2 - n1)
        rows.append((name, step, t1 - n1 * step, schedule, peak, passes))
        print(f"{name}: {n1} steps {t1:.2f} s, {n2} steps {t2:.2f} s, peak {peak:.1f} GiB", flush=True)
        if schedule <= 8:  # a draft: time its whole schedule too, request → MP4 on disk
            seconds, peak = timed(run, schedule, device)
            whole.append((name, seconds, peak))
            print(f"{name}: all {schedule} steps, request → file {seconds:.2f} s", flush=True)

    if args.part == "eager":
        measure("bare diffusers, default recipe (CFG + STG + modality)", bare, 40, 4)
        measure("ours final (STG pass skipped)", ours_final, 40, 3)
        measure("ours draft, request → MP4 (distilled checkpoint)", ours_draft_to_file, 8, 1)
        rank = 8 if args.small else 384
        lora = tmp / "ltx-2-19b-distilled-lora-384.safetensors"
        began = time.perf_counter()
        count, nbytes = write_lora(pipe.transformer, rank, lora, dtype)
        print(
            f"rank-{rank} LoRA: {count} layers, {nbytes / GiB:.2f} GiB, written in {time.perf_counter() - began:.1f} s"
        )
        cache = LoraCache()
        with loras_applied(pipe, [Applied("distilled", lora, 1.0)], cache):
            measure(f"ours draft + rank-{rank} distilled LoRA (unfused), request → MP4", ours_draft_to_file, 8, 1)
        with torch.inference_mode():
            bare_latents = bare(4, "latent")[0]
            ours_latents = pipe(
                prompt=fields["prompt"],
                width=width,
                height=height,
                num_frames=frames,
                frame_rate=24.0,
                num_inference_steps=4,
                guidance_scale=4.0,
                generator=torch.Generator(device).manual_seed(1),
                output_type="latent",
                return_dict=False,
                **final_kwargs,
            )[0]
        error = rel_l2(ours_latents, bare_latents)
        reference = bf16_vs_fp32(device, args.small)
        print(f"\nfinal vs bare after 4 steps: relative L2 {error:.2e}; bf16 vs fp32 on one forward: {reference:.2e}")
    else:
        from backend.models.memory.compiled import compile_blocks

        # Each batch size, token count and branch (CFG pair, modality pass, refine) is its own graph: more than
        # dynamo's default of 8 recompiles once two sizes have run.
        torch._dynamo.config.recompile_limit = 64
        timer = compile_blocks(pipe.transformer, "ltx2", tmp / "data")
    if args.part == "compiled":
        began = time.perf_counter()
        timed(ours_final, 1, device)
        print(f"final, first call after compiling (cold compile, batch 2 and 1): {time.perf_counter() - began:.1f} s")
        measure("ours final, compiled", ours_final, 40, 3, warm=False)
        measure("ours draft, compiled, request → MP4", ours_draft_to_file, 8, 1)
        print(f"compile timer: first forward {timer.first_seconds} s, compile {timer.compile_seconds} s")
        # The VAE decodes in tiles only when the memory plan says the card is tight; an H200 has room for all of it.
        pipe.vae.disable_tiling()
        measure("ours draft, compiled, VAE decode untiled, request → MP4", ours_draft_to_file, 8, 1)
        pipe.vae.enable_tiling()
    if args.part == "lora-compiled":
        # The distilled LoRA as a base-weights user runs a draft: loaded through peft (as the studio's LoRA path
        # does, from tensors made on the card: writing 6.9 GiB to this disk took 159 s), then the compiled blocks.
        rank = 8 if args.small else 384
        generator = torch.Generator(device).manual_seed(0)
        tensors = {}
        for name, module in pipe.transformer.named_modules():
            if isinstance(module, torch.nn.Linear) and name.startswith("transformer_blocks."):
                a = torch.randn(rank, module.in_features, device=device, dtype=dtype, generator=generator) * 0.01
                b = torch.randn(module.out_features, rank, device=device, dtype=dtype, generator=generator) * 0.01
                tensors[f"transformer.{name}.lora_A.weight"], tensors[f"transformer.{name}.lora_B.weight"] = a, b
        began = time.perf_counter()
        pipe.load_lora_weights(tensors, adapter_name="distilled")
        pipe.set_adapters(["distilled"], adapter_weights=[1.0])
        print(f"rank-{rank} LoRA on {len(tensors) // 2} layers loaded in {time.perf_counter() - began:.1f} s")
        began = time.perf_counter()
        timed(ours_draft_to_file, 1, device)
        print(f"draft + LoRA, first call after compiling: {time.perf_counter() - began:.1f} s")
        measure(f"ours draft + rank-{rank} distilled LoRA (unfused), compiled, request → MP4", ours_draft_to_file, 8, 1)
    if args.part == "standard":
        from diffusers.pipelines.ltx2 import LTX2LatentUpsamplerModel

        with torch.device("meta"):
            upsampler = LTX2LatentUpsamplerModel()
        upsampler = randomize(upsampler, device, dtype)
        request = TextToVideoRequest(**fields)

        def standard(steps: int) -> object:
            return upscale_latents_then_refine(
                pipe,
                upsampler,
                TextToVideoRequest(**{**request.__dict__, "num_inference_steps": steps}),
                pipeline_kwargs=final_kwargs,
            )

        measure("ours standard, compiled (stage 1 s/step; fixed = upsample + 3-step refine + decode)", standard, 40, 3)

    floor_note = "floor = passes × one forward's FLOPs ÷ 785 TFLOP/s"
    print(
        f"\n| {width}×{height}×{frames} + sound, bf16 | s / step | fixed s | steps | at its steps, s | floor s / step "
        f"| peak VRAM GiB | step ÷ bare |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    base = rows[0][1] if args.part == "eager" else float("nan")
    for name, step, fixed, schedule, peak, passes in rows:
        print(
            f"| {name} | {step:.3f} | {fixed:.2f} | {schedule} | {fixed + schedule * step:.1f} | "
            f"{passes * FORWARD_FLOOR_S:.3f} | {peak:.1f} | {step / base:.2f} |"
        )
    print(f"({floor_note}; the fixed part of a draft row includes writing the MP4)")
    for name, seconds, peak in whole:
        print(f"| {name}: the whole 8-step draft, request → playable MP4 | {seconds:.2f} s | peak {peak:.1f} GiB |")


if __name__ == "__main__":
    main()
