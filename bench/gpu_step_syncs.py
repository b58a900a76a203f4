"""GPU check (the lent H200, `device` tool): host↔device copies and synchronisations per denoising step, our path against
bare diffusers, with the PyTorch profiler, full-size LTX-2 (random weights) at 768×512×121 with sound.

Counts the CUDA runtime calls that copy between host and device (``cudaMemcpy*``) or wait for the device
(``cudaStreamSynchronize``, ``cudaDeviceSynchronize``, ``cudaEventSynchronize``) over whole generations of ``n1`` and
``n2`` steps; the difference divided by ``n2 - n1`` is what one step adds (the prompt's encoding and the decode
cancel out). Ours is ``text_to_video`` with a progress callback on every step (what the worker's job context
receives) and the studio's guidance arguments; bare is ``LTX2Pipeline.__call__`` with its default recipe.

    python bench/gpu_step_syncs.py           # one H200, about 1 minute
    python bench/gpu_step_syncs.py --small   # the code path on the CPU (counts are zero there)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

import torch
from gpu_models import build_pipeline
from torch.profiler import ProfilerActivity, profile

from backend.models.ltx2.common import TextToVideoRequest
from backend.models.ltx2.guidance import guidance_kwargs
from backend.models.ltx2.text_to_video import text_to_video

WATCHED = ("cudaMemcpy", "cudaStreamSynchronize", "cudaDeviceSynchronize", "cudaEventSynchronize")


def counts(run, steps: int) -> Counter[str]:  # noqa: ANN001
    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        run(steps)
        if torch.cuda.is_available():
            torch.cuda.synchronize()
    found: Counter[str] = Counter()
    for event in prof.key_averages():
        for name in WATCHED:
            if event.key.startswith(name):
                found[event.key] += event.count
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
    width, height, frames = (128, 128, 9) if args.small else (768, 512, 121)
    tmp = Path(tempfile.mkdtemp(prefix="milimo-syncs-"))
    if args.small:
        from diffusers import LTX2Pipeline

        from backend.models.tiny.ltx2 import build_tiny_ltx2

        pipe = LTX2Pipeline.from_pretrained(build_tiny_ltx2(tmp / "tiny"), dtype=dtype)
    else:
        pipe = build_pipeline(tmp, None, device, dtype)
    seq = {"max_sequence_length": pipe.tokenizer.model_max_length}
    fields = {"prompt": "a ferry leaves the harbour at dawn", "width": width, "height": height, "num_frames": frames}
    steps_seen: list[float] = []

    def on_step(step: int, total: int) -> None:  # what the worker's JobContext.step does with the numbers
        steps_seen.append(time.monotonic())

    def ours(steps: int) -> None:
        request = TextToVideoRequest(**fields, num_inference_steps=steps, guidance_scale=4.0, seed=1)
        kwargs = {**guidance_kwargs(pipe, {"quality": "final"}), **seq}
        text_to_video(pipe, request, on_step=on_step, on_stage=lambda _stage: None, pipeline_kwargs=kwargs)

    def bare(steps: int) -> None:
        pipe(
            **{k: v for k, v in fields.items()},
            frame_rate=24.0,
            num_inference_steps=steps,
            guidance_scale=4.0,
            generator=torch.Generator(device).manual_seed(1),
            output_type="np",
            return_dict=False,
            **seq,
        )

    n1, n2 = 2, 4
    ours(1)  # warm-up
    rows = []
    for name, run in (("bare diffusers", bare), ("ours (final, progress callback each step)", ours)):
        first, second = counts(run, n1), counts(run, n2)
        per_step = {key: (second[key] - first[key]) / (n2 - n1) for key in sorted(set(first) | set(second))}
        rows.append((name, per_step, dict(second)))
        print(name, "per step:", per_step, "whole", n2, "steps:", dict(second), flush=True)
    print("\n| path | host↔device copies / step | synchronisations / step | whole 4-step generation |")
    print("| --- | --- | --- | --- |")
    for name, per_step, whole in rows:
        copies = sum(v for k, v in per_step.items() if k.startswith("cudaMemcpy"))
        syncs = sum(v for k, v in per_step.items() if "Synchronize" in k)
        print(f"| {name} | {copies:g} | {syncs:g} | {whole} |")


if __name__ == "__main__":
    main()
