"""GPU benchmark (the lent H200, `device` tool): control video (IC-LoRA) against plain text-to-video at 768×512×121,
full-size LTX-2 with random weights, in the same run.

For each path, the wall time of a generation at ``n1`` and ``n2`` denoising steps gives seconds per step
((T(n2) − T(n1)) / (n2 − n1)) and the fixed cost (text encoding, the guide's VAE encode, decoding); the peak VRAM is
that of the ``n2`` run. Rows:

* bare diffusers ``LTX2Pipeline`` (the reference) and our ``text_to_video``;
* bare diffusers ``LTX2InContextPipeline`` with a 121-frame guide at half size (``reference_downscale_factor=2``,
  what Lightricks' ``ref0.5`` union control IC-LoRA is trained for) and at full size;
* our ``generate_with_control`` (half-size guide), bare and with a rank-64 IC-LoRA on every linear layer of the
  transformer blocks applied through the studio's LoRA path (what a control job runs).

The guide is random pixels (cost does not depend on content). Uses ``bench/gpu_models.py``'s pipeline builder.

    python bench/gpu_in_context.py            # full size, one H200 (about 5 minutes)
    python bench/gpu_in_context.py --small    # a CPU smoke run of the same code at toy sizes
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from gpu_loras import write_lora
from gpu_models import GiB, build_pipeline, sync

from backend.models.loras.apply import Applied, LoraCache, loras_applied
from backend.models.ltx2.common import TextToVideoRequest
from backend.models.ltx2.in_context import ControlledRequest, generate_with_control
from backend.models.ltx2.text_to_video import text_to_video


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="toy sizes, for a CPU smoke run")
    parser.add_argument("--steps", type=int, nargs=2, default=(2, 6))
    args = parser.parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
    width, height, frames = (128, 128, 25) if args.small else (768, 512, 121)
    tmp = Path(tempfile.mkdtemp(prefix="milimo-ic-bench-"))
    built = time.perf_counter()
    pipe = build_pipeline(tmp, 1 if args.small else None, device, dtype)
    print(f"built the pipeline in {time.perf_counter() - built:.1f} s", flush=True)
    lora = tmp / "ic-lora-union-control-ref0.5.safetensors"
    write_lora(pipe.transformer, 64, lora, dtype)
    cache = LoraCache()

    guide = np.random.default_rng(0).integers(0, 256, (frames, height, width, 3), dtype=np.uint8)
    fields = {
        "prompt": "a dancer crossing a lit stage, slow dolly",
        "width": width,
        "height": height,
        "num_frames": frames,
        "fps": 24.0,
        "seed": 1,
        "guidance_scale": 4.0,
    }
    kwargs = {"max_sequence_length": pipe.tokenizer.model_max_length}

    def bare_t2v(steps: int) -> None:
        pipe(
            prompt=fields["prompt"],
            width=width,
            height=height,
            num_frames=frames,
            frame_rate=24.0,
            num_inference_steps=steps,
            guidance_scale=4.0,
            generator=torch.Generator(device).manual_seed(1),
            output_type="np",
            return_dict=False,
            **kwargs,
        )

    def bare_ic(factor: int):  # noqa: ANN202
        from diffusers import LTX2InContextPipeline
        from diffusers.pipelines.ltx2.pipeline_ltx2_ic_lora import LTX2ReferenceCondition
        from PIL import Image

        components = {k: v for k, v in pipe.components.items() if k != "duration_head"}
        ic = LTX2InContextPipeline(**components)
        ic.set_progress_bar_config(disable=True)
        reference = LTX2ReferenceCondition(frames=[Image.fromarray(f) for f in guide], strength=1.0)

        def run(steps: int) -> None:
            ic(
                prompt=fields["prompt"],
                reference_conditions=[reference],
                reference_downscale_factor=factor,
                width=width,
                height=height,
                num_frames=frames,
                frame_rate=24.0,
                num_inference_steps=steps,
                guidance_scale=4.0,
                generator=torch.Generator(device).manual_seed(1),
                output_type="np",
                return_dict=False,
                **kwargs,
            )

        return run

    def ours_t2v(steps: int) -> None:
        text_to_video(pipe, TextToVideoRequest(**fields, num_inference_steps=steps), pipeline_kwargs=kwargs)

    def ours_ic(steps: int) -> None:
        request = ControlledRequest(**fields, num_inference_steps=steps, guide=guide, downscale=2)
        generate_with_control(pipe, request, pipeline_kwargs=kwargs)

    def ours_ic_with_lora(steps: int) -> None:
        with loras_applied(pipe, [Applied("ic", lora, 1.0)], cache):
            ours_ic(steps)

    paths = [
        ("bare diffusers LTX2Pipeline (text-to-video, reference)", bare_t2v),
        ("ours: text_to_video", ours_t2v),
        ("bare diffusers LTX2InContextPipeline, guide at 1/2 size", bare_ic(2)),
        ("bare diffusers LTX2InContextPipeline, guide at full size", bare_ic(1)),
        ("ours: generate_with_control, guide at 1/2 size", ours_ic),
        ("ours: the same + rank-64 IC-LoRA applied (a control job)", ours_ic_with_lora),
    ]
    n1, n2 = args.steps
    rows = []
    for name, run in paths:
        run(1)  # warm-up: kernels, allocator, the guide's VAE encode path
        times = {}
        for steps in (n1, n2):
            if device.type == "cuda":
                torch.cuda.reset_peak_memory_stats()
            sync()
            began = time.perf_counter()
            run(steps)
            sync()
            times[steps] = time.perf_counter() - began
        step = (times[n2] - times[n1]) / (n2 - n1)
        peak = torch.cuda.max_memory_allocated() / GiB if device.type == "cuda" else float("nan")
        rows.append((name, step, times[n1] - n1 * step, times[n2], peak))
        print(f"{name}: {n1} steps {times[n1]:.2f} s, {n2} steps {times[n2]:.2f} s, peak {peak:.1f} GiB", flush=True)

    print(f"\n| at {width}×{height}×{frames}, bf16 | s / step | fixed s | {n2} steps s | peak VRAM GiB | step ÷ t2v |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, step, fixed, total, peak in rows:
        print(f"| {name} | {step:.3f} | {fixed:.2f} | {total:.2f} | {peak:.1f} | {step / rows[0][1]:.2f} |")


if __name__ == "__main__":
    main()
