"""GPU check (the lent H200, `device` tool): the full-size LTX-2 19 B pipeline generates a 768×512×121 clip with sound
on a simulated 24 GB card, as the studio's memory planner places it (``plan_for`` → ``carry_out``: the plan the
ModelManager would choose for that card and that shot), and the time per step next to the same pipeline resident.

The card is capped with ``torch.cuda.set_per_process_memory_fraction`` before anything touches it. Weights are
random (built on the host: the streamed plan keeps them there and brings each block to the card as it runs).

    python bench/gpu_card24.py            # one H200, about 3 minutes
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import torch
from gpu_models import GiB, build_pipeline, sync

from backend.models.ltx2.common import TextToVideoRequest
from backend.models.ltx2.guidance import guidance_kwargs
from backend.models.ltx2.text_to_video import text_to_video
from backend.models.memory.activations import JobShape
from backend.models.memory.apply import carry_out, count_pipeline, plan_for


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--card-gb", type=float, default=24.0)
    parser.add_argument("--steps", type=int, nargs=2, default=(1, 2))
    args = parser.parse_args()
    device = torch.device("cuda")
    total = torch.cuda.get_device_properties(device).total_memory
    torch.cuda.set_per_process_memory_fraction(args.card_gb * GiB / total)
    tmp = Path(tempfile.mkdtemp(prefix="milimo-card24-"))
    began = time.perf_counter()
    pipe = build_pipeline(tmp, None, torch.device("cpu"), torch.bfloat16)
    print(f"built on the host in {time.perf_counter() - began:.1f} s", flush=True)
    shape = JobShape(768, 512, 121, batch=2)
    free = int(args.card_gb * GiB)
    plan = plan_for("ltx2", pipe, shape, free, device, "auto", weights=count_pipeline(pipe))
    print(f"plan for a {args.card_gb:g} GB card: {plan}", flush=True)
    began = time.perf_counter()
    carried = carry_out(pipe, plan, device, data_dir=tmp / "data", compile_setting="off")
    for module in carried.resident:
        module.to(device)
    print(f"carried out in {time.perf_counter() - began:.1f} s (streamed: {carried.streamed})", flush=True)
    fields = {"prompt": "rain on a tin roof, a lamp swinging", "width": 768, "height": 512, "num_frames": 121}
    kwargs = {**guidance_kwargs(pipe, {"quality": "final"}), "max_sequence_length": pipe.tokenizer.model_max_length}

    def run(steps: int) -> float:
        torch.cuda.reset_peak_memory_stats()
        sync()
        started = time.perf_counter()
        video = text_to_video(
            pipe,
            TextToVideoRequest(**fields, num_inference_steps=steps, guidance_scale=4.0, seed=1),
            pipeline_kwargs=kwargs,
        )
        sync()
        assert video.frames.shape == (121, 512, 768, 3) and video.audio is not None
        return time.perf_counter() - started

    n1, n2 = args.steps
    t1, t2 = run(n1), run(n2)
    peak = torch.cuda.max_memory_allocated() / GiB
    step = (t2 - t1) / (n2 - n1)
    print(
        f"\n| {args.card_gb:g} GB card, plan {plan.name} (text encoder {plan.text_encoder}) | s / step {step:.2f} "
        f"| {n1} steps {t1:.1f} s, {n2} steps {t2:.1f} s | peak {peak:.1f} GiB of {args.card_gb:g} | "
        f"frames (121, 512, 768, 3) with sound |"
    )


if __name__ == "__main__":
    main()
