"""Benchmark: start-up time and the studio's overhead around one text-to-video generation, on this machine.

Prints a table. Run with ``.venv/bin/python bench/studio_overhead.py [--runs 5] [--steps 2 8]``.

* start → healthy: spawning ``uvicorn backend.server:app`` until ``GET /health`` answers, on a fresh data folder
  (first start: the tiny test models are built in the background) and on a warm one (models exist).
* request → completed event: ``POST /generate/advanced`` for a 9-frame 64×64 clip until the ``job.completed`` SSE
  event arrives, with the model already loaded; next to a bare ``LTX2Pipeline.__call__`` of the same folder and the
  same arguments in this process. The difference is the studio's overhead: HTTP, queueing, database, events,
  H.264/AAC encoding and the thumbnail.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
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
    """Listens to the SSE stream and records when each job's ``job.completed`` event arrives."""

    def __init__(self, url: str) -> None:
        self.arrived: dict[str, float] = {}
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
                elif line.startswith("data:") and event == "job.completed":
                    self.arrived[json.loads(line[5:])["job_id"]] = time.perf_counter()

    def wait(self, job_id: str, timeout: float = 120) -> float:
        deadline = time.perf_counter() + timeout
        while job_id not in self.arrived:
            if time.perf_counter() > deadline:
                raise TimeoutError(job_id)
            time.sleep(0.0005)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--steps", type=int, nargs="+", default=[2, 8])
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="milimo-bench-") as tmp:
        root = Path(tmp)
        cold, warm = time_startups(root, max(1, args.runs // 2))
        rows = []
        server = ApiServer(root / "jobs")
        server.start()
        server.wait_models_loaded()
        try:
            for steps in args.steps:
                ours = time_studio_jobs(server, steps, args.runs)
                bare = time_bare_calls(root / "jobs" / "models" / "test" / "ltx2", steps, args.runs)
                rows.append((steps, median(bare), median(ours)))
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
    for steps, bare, ours in rows:
        print(
            f"| {steps} | {bare * 1000:.0f} ms | {ours * 1000:.0f} ms | {(ours - bare) * 1000:.0f} ms | "
            f"{(ours - bare) / bare * 100:.0f} % |"
        )


if __name__ == "__main__":
    main()
