"""GPU benchmark (the lent H200, `device` tool): a retake of 2 s inside a 121-frame 768×512 shot against regenerating
the whole shot, and audio-to-video against text-to-video, in the same run, full-size LTX-2 with random weights.

For each path it measures the wall time of a generation at ``n1`` and ``n2`` denoising steps, so that

* seconds per step = (T(n2) − T(n1)) / (n2 − n1), and
* fixed cost = T(n1) − n1 × step (text encoding, VAE encode of the source clip and sound, decoding),

and the peak VRAM of the ``n2`` run. Rows:

* "regenerate the shot": ``text_to_video`` (our path = diffusers' ``LTX2Pipeline`` plus progress hooks);
* "bare diffusers LTX2Pipeline": the same call without our code, as the reference;
* "retake 2 s (frames 48–95), picture + sound": :func:`backend.models.ltx2.retake.retake` on the window the
  studio's job generates (the range and 1 s of context on each side: 97 frames);
* "audio-to-video": :func:`backend.models.ltx2.retake.audio_to_video` (sound held still).

The source take is random pixels and sound: the cost does not depend on content. Weights are random (speed and
memory only). Uses ``bench/gpu_models.py``'s full-size pipeline builder.

    python bench/retake.py            # full size, one H200 (about 5 minutes)
    python bench/retake.py --small    # a CPU smoke run of the same code at toy sizes
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from gpu_models import GiB, build_pipeline, sync

from backend.media.windows import retake_window
from backend.models.ltx2.common import TextToVideoRequest
from backend.models.ltx2.masked import kept_latents_variant
from backend.models.ltx2.retake import AudioToVideoRequest, RetakeRequest, audio_to_video, retake
from backend.models.ltx2.text_to_video import text_to_video


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="toy sizes, for a CPU smoke run")
    parser.add_argument("--steps", type=int, nargs=2, default=(2, 6))
    args = parser.parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
    width, height, frames = (128, 128, 25) if args.small else (768, 512, 121)
    start, end = (8, 15) if args.small else (48, 95)  # 2 s at 24 fps in the middle of the shot
    tmp = Path(tempfile.mkdtemp(prefix="milimo-retake-bench-"))
    built = time.perf_counter()
    pipe = build_pipeline(tmp, 1 if args.small else None, device, dtype)
    print(f"built the pipeline in {time.perf_counter() - built:.1f} s", flush=True)

    rate = int(kept_latents_variant(pipe).audio_sampling_rate)
    rng = np.random.default_rng(0)
    source = rng.integers(0, 256, (frames, height, width, 3), dtype=np.uint8)
    sound = (0.1 * rng.standard_normal((2, round(frames / 24 * rate)))).astype(np.float32)
    fields = {
        "prompt": "a lighthouse on a cliff at dusk, waves, gulls",
        "width": width,
        "height": height,
        "num_frames": frames,
        "fps": 24.0,
        "seed": 1,
        "guidance_scale": 4.0,
    }
    kwargs = {"max_sequence_length": pipe.tokenizer.model_max_length}

    def bare(steps: int) -> None:
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

    def whole(steps: int) -> None:
        text_to_video(pipe, TextToVideoRequest(**fields, num_inference_steps=steps), pipeline_kwargs=kwargs)

    # What the studio's retake job generates: the window around the range (backend/worker/handlers/retake.py).
    offset, length = retake_window(frames, start, end, int(pipe.vae_temporal_compression_ratio))
    first_sample = round(offset / 24 * rate)

    def retake_range(steps: int) -> None:
        request = RetakeRequest(
            **{**fields, "num_frames": length},
            num_inference_steps=steps,
            source_frames=source[offset : offset + length],
            source_audio=sound[:, first_sample:],
            start=start - offset,
            end=end - offset,
        )
        retake(pipe, request, pipeline_kwargs=kwargs)

    def to_sound(steps: int) -> None:
        audio_to_video(
            pipe, AudioToVideoRequest(**fields, num_inference_steps=steps, audio=sound), pipeline_kwargs=kwargs
        )

    paths = [
        ("bare diffusers LTX2Pipeline (reference)", bare),
        ("regenerate the whole shot (text_to_video)", whole),
        (
            f"retake {(end - start + 1) / 24:g} s (frames {start}–{end}; window {offset}–{offset + length - 1}), "
            "picture + sound",
            retake_range,
        ),
        ("audio-to-video (sound held still)", to_sound),
    ]
    n1, n2 = args.steps
    rows = []
    for name, run in paths:
        run(1)  # warm-up: kernels, allocator, the source's VAE encode path
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
        fixed = times[n1] - n1 * step
        peak = torch.cuda.max_memory_allocated() / GiB if device.type == "cuda" else float("nan")
        rows.append((name, step, fixed, times[n2], peak))
        print(f"{name}: {n1} steps {times[n1]:.2f} s, {n2} steps {times[n2]:.2f} s, peak {peak:.1f} GiB", flush=True)

    size = f"{width}×{height}×{frames}"
    print(f"\n| at {size}, bf16 | s / step | fixed s | {n2} steps s | peak VRAM GiB |")
    print("| --- | --- | --- | --- | --- |")
    for name, step, fixed, total, peak in rows:
        print(f"| {name} | {step:.3f} | {fixed:.2f} | {total:.2f} | {peak:.1f} |")
    whole_row, retake_row = rows[1], rows[2]
    print(
        f"\nretake / whole shot at 40 steps (projected): "
        f"{(retake_row[2] + 40 * retake_row[1]) / (whole_row[2] + 40 * whole_row[1]):.2f}"
    )


if __name__ == "__main__":
    main()
