"""Benchmark: a real-size shot on the test models, start-up time, and the studio's overhead around a generation.

Prints tables. Run with ``.venv/bin/python bench/studio_overhead.py [--quality draft final] [--steps 40] [--runs 5]
[--overhead-steps 2 8]`` (``--only-shot`` for the first table alone; ``--quality final --steps 8 40`` times the full
recipe at both step counts).

* A real-size shot, the way a new user meets the studio: ``uvicorn backend.server:app`` on loopback on a fresh data
  folder (the tiny test models), one text-to-video job of 121 frames at 768x512 (``--frames``/``--width``/
  ``--height``) per quality preset (docs/quality.md: a draft is the distilled 8-sigma schedule, one pass a step, on
  the test model's distilled LoRA; final the full recipe) and ``--steps`` count, request (``POST
  /generate/advanced``) -> ``job.completed`` SSE event, split by the job's own progress events into before denoising
  (queue, text encoding), the steps, and after them (VAE decode, vocoder, H.264/AAC, thumbnail); with the tokens each
  step sees, next to what the real LTX-2 sees at that size (the tiny model compresses as it does: 32x in space, 8x in time, 25 audio latents a second). One job of the
  same size per preset runs first and is not counted (the first use of these shapes and of the preset's code).
* start -> healthy: spawning the server until ``GET /health`` answers, on a fresh data folder (first start: the tiny
  test models are built in the background) and on a warm one (models exist).
* request -> completed event: ``POST /generate/advanced`` for a 9-frame 64x64 clip until the ``job.completed`` SSE
  event arrives, with the model already loaded; next to a bare ``LTX2Pipeline.__call__`` of the same folder and the
  same arguments in this process. The difference is the studio's overhead: HTTP, queueing, database, events,
  H.264/AAC encoding and the thumbnail.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import torch

from backend.testing.server_process import ApiServer


def median(values: list[float]) -> float:
    return statistics.median(values)


def time_startups(root: Path, runs: int) -> tuple[list[float], list[float]]:
    cold, warm = [], []
    for i in range(runs):
        data = root / f"start-{i}"
        server = ApiServer(data)
        cold.append(server.start())
        server.wait_models_loaded()
        server.stop()
        warm.append(server.start())
        server.stop()
    return cold, warm


class CompletionWatcher:
    """Listens to the SSE stream and records each job's events (type, payload, arrival time)."""

    def __init__(self, url: str) -> None:
        self.arrived: dict[str, float] = {}
        self.events: dict[str, list[tuple[float, str, dict]]] = {}
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._listen, args=(url,), daemon=True)
        self._thread.start()
        self._ready.wait(10)

    def _listen(self, url: str) -> None:
        try:
            self._read(url)
        except httpx.HTTPError:
            pass  # the server was stopped

    def _read(self, url: str) -> None:
        with httpx.stream("GET", f"{url}/events", timeout=None) as response:
            event = None
            for line in response.iter_lines():
                self._ready.set()
                if line.startswith("event:"):
                    event = line.split(":", 1)[1].strip()
                elif line.startswith("data:") and event and event.startswith("job."):
                    now = time.perf_counter()
                    data = json.loads(line[5:])
                    self.events.setdefault(data.get("job_id", ""), []).append((now, event, data))
                    if event in ("job.completed", "job.failed", "job.cancelled"):
                        self.arrived[data["job_id"]] = now

    def wait(self, job_id: str, timeout: float = 120) -> float:
        deadline = time.perf_counter() + timeout
        while job_id not in self.arrived:
            if time.perf_counter() > deadline:
                raise TimeoutError(job_id)
            time.sleep(0.0005)
        kind = self.events[job_id][-1][1]
        if kind != "job.completed":
            raise RuntimeError(f"job {job_id} ended as {kind}: {self.events[job_id][-1][2].get('error')}")
        return self.arrived[job_id]


def time_studio_jobs(server: ApiServer, steps: int, runs: int) -> list[float]:
    url = server.url
    project = httpx.post(f"{url}/projects", json={"name": "bench", "width": 64, "height": 64}).json()
    shot = httpx.post(
        f"{url}/projects/{project['id']}/shots", json={"prompt": "a lighthouse at dusk", "num_frames": 9, "seed": 7}
    ).json()
    watcher = CompletionWatcher(url)
    body = {"project_id": project["id"], "shot_id": shot["id"], "mode": "t2v", "num_inference_steps": steps}
    times = []
    with httpx.Client() as client:
        for i in range(runs + 1):  # the first run warms caches (encoder, allocator) and is not counted
            started = time.perf_counter()
            job_id = client.post(f"{url}/generate/advanced", json=body).json()["job_id"]
            if i:
                times.append(watcher.wait(job_id) - started)
            else:
                watcher.wait(job_id)
    return times


def time_bare_calls(model_dir: Path, steps: int, runs: int) -> list[float]:
    from diffusers import LTX2Pipeline

    pipe = LTX2Pipeline.from_pretrained(model_dir, dtype=torch.float32)
    pipe.set_progress_bar_config(disable=True)
    times = []
    for i in range(runs + 1):
        started = time.perf_counter()
        pipe(
            prompt="a lighthouse at dusk",
            negative_prompt="",
            width=64,
            height=64,
            num_frames=9,
            frame_rate=24.0,
            num_inference_steps=steps,
            guidance_scale=4.0,
            generator=torch.Generator("cpu").manual_seed(7),
            output_type="np",
            return_dict=False,
            max_sequence_length=pipe.tokenizer.model_max_length,
        )
        if i:
            times.append(time.perf_counter() - started)
    return times


# --- a real-size shot ------------------------------------------------------------------------------------------

#: The real LTX-2's compression (its VAE config, and 16 kHz / 160-sample hop / 4x for the audio latents).
REAL_SPATIAL, REAL_TEMPORAL, REAL_AUDIO_LATENTS_PER_S = 32, 8, 16000 / 160 / 4


@dataclass
class ShotTiming:
    quality: str
    steps: int  # the denoising steps the job ran (both stages of a two-stage job)
    total_s: float
    before_s: float  # request -> denoising starts: HTTP, queue, model use, text encoding
    step_s: float  # mean seconds per denoising step
    after_s: float  # last step -> completed: decoding, vocoder, H.264/AAC, thumbnail, database


def tokens(frames: int, width: int, height: int, fps: float, spatial: int, temporal: int, audio_per_s: float) -> tuple:
    """(video, audio) tokens of one transformer pass: latent frames x latent pixels (patch size 1), and the audio
    latent frames the pipeline makes for the clip's length (``round(seconds x latents per second)``)."""
    video = ((frames - 1) // temporal + 1) * (height // spatial) * (width // spatial)
    return video, round(frames / fps * audio_per_s)


def tiny_tokens(model_dir: Path, frames: int, width: int, height: int, fps: float) -> tuple:
    """The same count from the built test model's own configs (what its pipeline sizes latents by)."""
    vae = json.loads((model_dir / "vae" / "config.json").read_text())
    audio = json.loads((model_dir / "audio_vae" / "config.json").read_text())
    per_s = audio["sample_rate"] / audio["mel_hop_length"] / 4  # the audio VAE's fixed 4x (LATENT_DOWNSAMPLE_FACTOR)
    return tokens(
        frames, width, height, fps, vae["spatial_compression_ratio"], vae["temporal_compression_ratio"], per_s
    )


def time_shot(
    server: ApiServer, watcher: CompletionWatcher, body: dict, quality: str, steps: int, timeout: float
) -> ShotTiming:
    started = time.perf_counter()
    request = {**body, "quality": quality, "num_inference_steps": steps}
    response = httpx.post(f"{server.url}/generate/advanced", json=request, timeout=30)
    response.raise_for_status()
    job_id = response.json()["job_id"]
    done = watcher.wait(job_id, timeout)
    progress = [(t, data) for t, kind, data in watcher.events[job_id] if kind == "job.progress"]
    denoising = next(t for t, data in progress if data.get("stage") == "denoising")
    stepped = [(t, data) for t, data in progress if data.get("step")]
    last_step = stepped[-1][0]
    ran = httpx.get(f"{server.url}/jobs/{job_id}", timeout=30).json()["result"].get("schedule_length") or steps
    return ShotTiming(
        quality=quality,
        steps=ran,
        total_s=done - started,
        before_s=denoising - started,
        step_s=(last_step - denoising) / ran,
        after_s=done - last_step,
    )


def time_real_size_shot(
    root: Path, runs: list[tuple[str, int]], frames: int, width: int, height: int
) -> tuple[list[ShotTiming], tuple, tuple]:
    """``runs``: (quality preset, steps) per job; a draft runs its own 8-sigma schedule whatever the steps."""
    server = ApiServer(root / "shot")
    server.start()
    server.wait_models_loaded()
    try:
        url = server.url
        project = httpx.post(f"{url}/projects", json={"name": "bench", "width": width, "height": height}).json()
        shot = httpx.post(
            f"{url}/projects/{project['id']}/shots",
            json={"prompt": "a lighthouse at dusk, waves breaking", "num_frames": frames, "seed": 7},
        ).json()
        fps = float(project.get("fps") or 24.0)
        watcher = CompletionWatcher(url)
        body = {"project_id": project["id"], "shot_id": shot["id"], "mode": "t2v"}
        # Warm-up, not counted: the first use of these shapes, and of each preset's code (a draft's LoRA loading).
        for quality in dict.fromkeys(q for q, _ in runs):
            time_shot(server, watcher, body, quality, 1, 600)
        rows = [time_shot(server, watcher, body, quality, steps, 1800) for quality, steps in runs]
    finally:
        server.stop()
    ours = tiny_tokens(root / "shot" / "models" / "test" / "ltx2", frames, width, height, fps)
    real = tokens(frames, width, height, fps, REAL_SPATIAL, REAL_TEMPORAL, REAL_AUDIO_LATENTS_PER_S)
    return rows, ours, real


def print_shot_table(rows: list[ShotTiming], ours: tuple, real: tuple, frames: int, width: int, height: int) -> None:
    print(
        f"\nA {frames}-frame {width}x{height} text-to-video shot on the test models, request -> job.completed "
        f"(uvicorn on loopback, CPU, {os.cpu_count()} cores, {torch.get_num_threads()} torch threads)\n"
    )
    print(
        f"tokens a transformer pass sees: {ours[0]:,} video + {ours[1]:,} audio "
        f"(the real LTX-2: {real[0]:,} + {real[1]:,})\n"
    )
    print("| preset | steps | total | before denoising | s / step | after denoising (decode, encode, save) |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row.quality} | {row.steps} | {row.total_s:.1f} s | {row.before_s:.1f} s | {row.step_s:.2f} s | "
            f"{row.after_s:.1f} s |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quality",
        nargs="+",
        default=["draft", "final"],
        choices=["draft", "standard", "final"],
        help="presets of the real-size shot (draft final); a draft runs its own 8 steps",
    )
    parser.add_argument("--steps", type=int, nargs="+", default=[40], help="steps of a standard or final shot (40)")
    parser.add_argument("--frames", type=int, default=121, help="frames of the real-size shot (121)")
    parser.add_argument("--width", type=int, default=768, help="width of the real-size shot (768)")
    parser.add_argument("--height", type=int, default=512, help="height of the real-size shot (512)")
    parser.add_argument("--only-shot", action="store_true", help="time the real-size shot only")
    parser.add_argument("--runs", type=int, default=5, help="runs of each overhead measure (median)")
    parser.add_argument("--overhead-steps", type=int, nargs="+", default=[2, 8], help="steps of the 9x64x64 runs")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="milimo-bench-") as tmp:
        root = Path(tmp)
        runs = [(q, 8) if q == "draft" else (q, steps) for q in args.quality for steps in args.steps]
        runs = list(dict.fromkeys(runs))  # a draft once, whatever --steps says
        shot_rows, ours, real = time_real_size_shot(root, runs, args.frames, args.width, args.height)
        print_shot_table(shot_rows, ours, real, args.frames, args.width, args.height)
        if args.only_shot:
            return
        cold, warm = time_startups(root, max(1, args.runs // 2))
        rows = []
        server = ApiServer(root / "jobs")
        server.start()
        server.wait_models_loaded()
        try:
            for steps in args.overhead_steps:
                ours_s = time_studio_jobs(server, steps, args.runs)
                bare = time_bare_calls(root / "jobs" / "models" / "test" / "ltx2", steps, args.runs)
                rows.append((steps, median(bare), median(ours_s)))
        finally:
            server.stop()

    print(
        f"\nMilimo Video studio overhead — CPU, {torch.get_num_threads()} torch threads, tiny LTX-2, median of "
        f"{args.runs} runs\n"
    )
    print("| measure | value |")
    print("|---|---|")
    print(f"| start → healthy, first start (fresh data folder) | {median(cold):.2f} s |")
    print(f"| start → healthy, later start (models exist) | {median(warm):.2f} s |")
    print("\n| 9×64×64 t2v, steps | bare diffusers call | request → job.completed | overhead | overhead % |")
    print("|---|---|---|---|---|")
    for steps, bare, ours_s in rows:
        print(
            f"| {steps} | {bare * 1000:.0f} ms | {ours_s * 1000:.0f} ms | {(ours_s - bare) * 1000:.0f} ms | "
            f"{(ours_s - bare) / bare * 100:.0f} % |"
        )


if __name__ == "__main__":
    main()
