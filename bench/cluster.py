"""Benchmark (issue 17, "Measured"): the Ray executor on a real local Ray cluster next to the in-process worker.

Prints markdown tables. Run with ``.venv/bin/python bench/cluster.py [--jobs 8] [--steps 2] [--json out.json]``.

Everything real, on this machine: a throwaway PostgreSQL (``PostgresCluster``, a fresh database per configuration),
a Ray cluster started the way ``tests/cluster/conftest.py`` does (``ray start --head`` with 2 CPUs, then
``python -m backend.cli worker --address … --slots 2 --cpus 0`` offering two GPU slots of the custom resource
``milimo_gpu``, Ray token auth on), tiny test models (built once into ``bench/results/tiny-models``). The studio runs
in this process under FastAPI's ``TestClient`` (the API is the Ray driver, as in the cluster tests); event times are
taken when the studio's ``EventBus.publish`` returns (the event is stored and fanned out to SSE clients), so no HTTP
or SSE client hop is in any figure, the same for every executor. Every torch in play runs on one thread
(``OMP_NUM_THREADS=1``/``MKL_NUM_THREADS=1`` for the Ray nodes' processes, ``torch.set_num_threads(1)`` here), so two
workers on two cores do not fight over them.

Configurations, each on a fresh studio and database: ``local`` (``MILIMO_EXECUTOR=local``: the worker thread in the
API process), ``ray ×1`` and ``ray ×2`` (``MILIMO_EXECUTOR=ray``, ``ray_gpu_workers`` 1 / 2; one CPU worker too).
Each warms up first (one job per GPU worker, so every worker holds the tiny LTX-2), then measures:

1. throughput: ``--jobs`` t2v jobs (``--frames`` frames, 64×64, ``--steps`` steps, one shot each) requested back to
   back; wall time from the first request to the last terminal event.
2. per-job overhead: ``--serial`` of the same jobs one at a time (each requested after the previous one ended). Per
   job: request → ``job.started``; ``job.started`` → the handler's first event (its first ``job.progress``);
   the handler's last event → the terminal event; the handler's span (first → last event of its own) and the total.
   overhead = total − handler span.
3. (Ray only) a worker killed with SIGKILL mid-denoising (its actor process's pid from the executor): kill →
   ``job.queued`` (queued again: it had written nothing), → ``job.started`` again (the other worker, or the one Ray
   restarted), → ``job.completed``; then a second job killed on both attempts: the second kill → ``job.failed``;
   and kill → the killed worker answering again from a new process (``ready`` in the executor's worker list,
   what ``GET /health`` shows).
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_name] = "1"  # before torch loads, here and in every process started from here (the Ray nodes)

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import torch  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from backend.api.app import create_app  # noqa: E402
from backend.config import REPO_ROOT, Settings  # noqa: E402
from backend.db.engine import session_scope  # noqa: E402
from backend.db.tables import Job  # noqa: E402
from backend.testing.postgres import PostgresCluster  # noqa: E402
from backend.testing.server_process import free_port  # noqa: E402

RESOURCE = "milimo_gpu"
TERMINAL = ("job.completed", "job.failed", "job.cancelled")


# --- the parts: tiny models, a Ray cluster -------------------------------------------------------------------------


def tiny_models() -> Path:
    """The tiny test models, built once into ``bench/results`` (as bench/load.py does)."""
    models = REPO_ROOT / "bench" / "results" / "tiny-models"
    if not models.exists():
        from backend.models.manager import ModelManager

        print("building the tiny test models once (bench/results)", flush=True)
        ModelManager(Settings(data_dir=models.parent / "build")).ensure_test_models()
        shutil.copytree(models.parent / "build" / "models" / "test", models)
    return models


def _accepts(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class RayCluster:
    address: str
    join: dict[str, str]  # what a driver needs to join (the token)
    processes: list[subprocess.Popen] = field(default_factory=list)

    @classmethod
    def start(cls, folder: Path, slots: int) -> RayCluster:
        port = free_port()
        join = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32), "RAY_USAGE_STATS_ENABLED": "0"}
        env = {**os.environ, **join, "HF_HUB_OFFLINE": "1", "MILIMO_RAY_GPU_RESOURCE": RESOURCE}
        ray = str(Path(sys.executable).with_name("ray"))
        cluster = cls(f"127.0.0.1:{port}", join)
        head = subprocess.Popen(
            [ray, "start", "--head", "--block", f"--port={port}", "--num-cpus=2", "--include-dashboard=false",
             f"--temp-dir={folder}"],
            env=env, stdout=(folder / "head.log").open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        cluster.processes.append(head)
        deadline = time.monotonic() + 90
        while not _accepts(port):
            if time.monotonic() > deadline or head.poll() is not None:
                cluster.stop()
                raise RuntimeError(f"the Ray head did not start; see {folder / 'head.log'}")
            time.sleep(0.2)
        node = subprocess.Popen(
            [sys.executable, "-m", "backend.cli", "worker", f"--address=127.0.0.1:{port}", f"--slots={slots}",
             "--cpus=0"],
            env=env, stdout=(folder / "node.log").open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        cluster.processes.append(node)
        return cluster

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


# --- watching the studio --------------------------------------------------------------------------------------------


class Recorder:
    """Every event the studio publishes, with the moment ``EventBus.publish`` returned (stored and fanned out)."""

    def __init__(self, bus: Any) -> None:
        self.events: list[tuple[float, str, dict]] = []
        self._lock = threading.Lock()
        publish = bus.publish

        def recorded(type_: str, data: dict, project_id: str | None = None) -> Any:
            event = publish(type_, data, project_id)
            with self._lock:
                self.events.append((time.perf_counter(), type_, dict(data)))
            return event

        bus.publish = recorded

    def of(self, job_id: str, after: float = 0.0) -> list[tuple[float, str, dict]]:
        with self._lock:
            return [e for e in self.events if e[2].get("job_id") == job_id and e[0] >= after]

    def first(self, job_id: str, types: tuple[str, ...], after: float = 0.0, timeout: float = 300.0) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for at, type_, _ in self.of(job_id, after):
                if type_ in types:
                    return at
            time.sleep(0.002)
        raise TimeoutError(f"job {job_id}: no {types} in {timeout} s")


def wait_for(check: Any, timeout: float, what: str, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"{what} not within {timeout} s")


class Studio:
    """One configuration: the app under TestClient on its own data folder and PostgreSQL database."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client = TestClient(create_app(settings), base_url="http://127.0.0.1")

    def __enter__(self) -> Studio:
        self.client.__enter__()
        self.studio = self.client.app.state.studio
        self.recorder = Recorder(self.studio.bus)
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.__exit__(None, None, None)

    def health(self) -> dict:
        return self.client.get("/health").json()

    def ready(self, gpu: int, timeout: float = 300.0) -> None:
        def check() -> bool:
            health = self.health()
            if health.get("executor_error"):
                raise RuntimeError(health["executor_error"])
            kinds = [w.get("kind") for w in health["workers"] if w["state"] == "ready"]
            return self.settings.executor == "local" or (kinds.count("gpu") >= gpu and kinds.count("cpu") >= 1)

        wait_for(check, timeout, "the workers", interval=0.2)

    def project(self) -> str:
        response = self.client.post("/projects", json={"name": "bench", "width": 64, "height": 64})
        assert response.status_code == 201, response.text
        return response.json()["id"]

    def shot(self, project_id: str, frames: int, steps: int) -> str:
        body = {"prompt": "a lighthouse at dusk, waves", "num_frames": frames, "num_inference_steps": steps, "seed": 7}
        response = self.client.post(f"/projects/{project_id}/shots", json=body)
        assert response.status_code == 201, response.text
        return response.json()["id"]

    def request(self, project_id: str, shot_id: str) -> tuple[str, float]:
        """Queue the shot's t2v job; returns its id and the moment just before the request."""
        at = time.perf_counter()
        response = self.client.post(
            "/generate/advanced", json={"project_id": project_id, "shot_id": shot_id, "mode": "t2v"}
        )
        assert response.status_code == 202, response.text
        return response.json()["job_id"], at

    def row(self, job_id: str) -> Job:
        with session_scope(self.studio.engine) as session:
            job = session.get(Job, job_id)
            assert job is not None
            return job

    def outcome(self, job_id: str, timeout: float = 600.0) -> tuple[str, float]:
        at = self.recorder.first(job_id, TERMINAL, timeout=timeout)
        type_ = next(t for a, t, _ in self.recorder.of(job_id) if a == at and t in TERMINAL)
        return type_.split(".", 1)[1], at


# --- the measures ---------------------------------------------------------------------------------------------------


def warm_up(studio: Studio, project_id: str, workers: int, frames: int, steps: int) -> None:
    """One job per GPU worker at once, so each holds the video model (and torch's first-call costs are paid)."""
    jobs = [studio.request(project_id, studio.shot(project_id, frames, steps))[0] for _ in range(workers)]
    for job_id in jobs:
        status, _ = studio.outcome(job_id)
        assert status == "completed", studio.row(job_id).error
    if studio.settings.executor == "ray":
        holding = [w for w in studio.health()["workers"] if w.get("kind") == "gpu" and "video" in w["models"]]
        if len(holding) < workers:  # both jobs went to one worker: give the other one its own
            for _ in range(workers):
                warm_up(studio, project_id, 1, frames, steps)


def throughput(studio: Studio, project_id: str, jobs: int, frames: int, steps: int) -> dict:
    shots = [studio.shot(project_id, frames, steps) for _ in range(jobs)]
    requested = [studio.request(project_id, s) for s in shots]
    ends = [studio.outcome(job_id) for job_id, _ in requested]
    assert all(status == "completed" for status, _ in ends), [studio.row(j).error for j, _ in requested]
    wall = max(at for _, at in ends) - requested[0][1]
    workers = sorted({studio.row(j).worker_id or "in-process" for j, _ in requested})
    return {"jobs": jobs, "wall_s": wall, "jobs_per_min": jobs / wall * 60, "workers_used": workers}


def overhead(studio: Studio, project_id: str, runs: int, frames: int, steps: int) -> dict:
    rows = []
    for _ in range(runs):
        job_id, requested = studio.request(project_id, studio.shot(project_id, frames, steps))
        status, ended = studio.outcome(job_id)
        assert status == "completed", studio.row(job_id).error
        events = studio.recorder.of(job_id)
        started = next(at for at, t, _ in events if t == "job.started")
        own = [at for at, t, _ in events if t == "job.progress" and at > started]  # the handler's (JobContext)
        rows.append(
            {
                "request_to_started": started - requested,
                "started_to_first_handler_event": own[0] - started,
                "handler_span": own[-1] - own[0],
                "last_handler_event_to_terminal": ended - own[-1],
                "total": ended - requested,
            }
        )
    medians = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    medians["overhead"] = medians["total"] - medians["handler_span"]
    medians["runs"] = runs
    return medians


def denoising(studio: Studio, job_id: str, attempt: int) -> str:
    def check() -> str | None:
        job = studio.row(job_id)
        return job.worker_id if job.attempts == attempt and job.stage == "denoising" else None

    return wait_for(check, 300, f"attempt {attempt} denoising", interval=0.02)


def kill_worker(studio: Studio, worker_id: str) -> tuple[int, float]:
    pid = studio.studio.worker.worker_pid(worker_id)
    at = time.perf_counter()
    os.kill(pid, signal.SIGKILL)
    return pid, at


def worker_back(studio: Studio, worker_id: str, old_pid: int) -> dict[str, float]:
    """Watch, from the kill on, for the killed worker answering again from a new process; ``at`` once it does."""
    seen: dict[str, float] = {}

    def watch() -> None:
        def check() -> bool:
            states = {w.id: w for w in studio.studio.worker.workers()}
            pid = studio.studio.worker.worker_pid(worker_id)
            return states[worker_id].state == "ready" and pid is not None and pid != old_pid

        wait_for(check, 300, f"{worker_id} restarted", interval=0.01)
        seen["at"] = time.perf_counter()

    threading.Thread(target=watch, daemon=True).start()
    return seen


def worker_death(studio: Studio, project_id: str, frames: int, steps: int, long_steps: int) -> dict:
    # A job killed once: queued again (nothing written yet), then run to the end.
    job_id, _ = studio.request(project_id, studio.shot(project_id, frames, steps))
    first = denoising(studio, job_id, 1)
    pid, killed = kill_worker(studio, first)
    back = worker_back(studio, first, pid)
    queued = studio.recorder.first(job_id, ("job.queued",), after=killed)
    started = studio.recorder.first(job_id, ("job.started",), after=killed)
    status, ended = studio.outcome(job_id)
    again = studio.row(job_id).worker_id
    wait_for(lambda: "at" in back, 300, f"{first} restarted")
    # A job killed on both attempts: the second death ends it (failed).
    long_id, _ = studio.request(project_id, studio.shot(project_id, frames, long_steps))
    pid1, _ = kill_worker(studio, denoising(studio, long_id, 1))
    second = denoising(studio, long_id, 2)
    pid2, killed2 = kill_worker(studio, second)
    failed_status, failed_at = studio.outcome(long_id)
    studio.ready(len([w for w in studio.studio.worker.workers() if w.kind == "gpu"]))
    return {
        "killed": first,
        "kill_to_queued": queued - killed,
        "queued_to_started": started - queued,
        "restarted_on": again,
        "kill_to_completed": ended - killed,
        "final_status": status,
        "steps": steps,
        "kill_to_worker_ready_again": back["at"] - killed,
        "second_kill_to_failed": failed_at - killed2,
        "second_final_status": failed_status,
    }


# --- the run --------------------------------------------------------------------------------------------------------


def run_config(name: str, settings: Settings, workers: int, args: argparse.Namespace, death: bool) -> dict[str, Any]:
    print(f"[{time.strftime('%H:%M:%S')}] {name}: starting (load average {os.getloadavg()[0]:.1f})", flush=True)
    figures: dict[str, Any] = {"name": name, "load_before": os.getloadavg()}
    with Studio(settings) as studio:
        started = time.perf_counter()
        studio.ready(workers)
        figures["workers_ready_s"] = time.perf_counter() - started
        project_id = studio.project()
        warm_up(studio, project_id, workers, args.frames, args.steps)
        figures["threads"] = thread_settings(studio)
        print(f"[{time.strftime('%H:%M:%S')}] {name}: throughput", flush=True)
        figures["throughput"] = throughput(studio, project_id, args.jobs, args.frames, args.steps)
        print(f"[{time.strftime('%H:%M:%S')}] {name}: overhead", flush=True)
        figures["overhead"] = overhead(studio, project_id, args.serial, args.frames, args.steps)
        if death:
            print(f"[{time.strftime('%H:%M:%S')}] {name}: worker death", flush=True)
            figures["death"] = worker_death(studio, project_id, args.frames, args.death_steps, 200)
    figures["load_after"] = os.getloadavg()
    return figures


def thread_settings(studio: Studio) -> str:
    """What the GPU workers' processes really have: OMP_NUM_THREADS from /proc (torch reads it at start)."""
    if studio.settings.executor == "local":
        return f"in-process, torch threads {torch.get_num_threads()}"
    found = []
    for worker in studio.studio.worker.workers():
        pid = studio.studio.worker.worker_pid(worker.id)
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            omp = next((e.split(b"=", 1)[1].decode() for e in environ if e.startswith(b"OMP_NUM_THREADS=")), "unset")
        except OSError:
            omp = "?"
        found.append(f"{worker.id} OMP_NUM_THREADS={omp}")
    return ", ".join(found)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def print_tables(results: list[dict], args: argparse.Namespace, meta: dict) -> None:
    print(
        f"\nMilimo Video cluster mode — {meta['date']}, {meta['machine']}; PostgreSQL, tiny LTX-2 t2v "
        f"{args.frames}×64×64, {args.steps} steps; studio in-process (TestClient); one torch thread per worker\n"
    )
    base = next(r for r in results if r["name"] == "local")["throughput"]
    one = next((r for r in results if r["name"] == "ray ×1"), None)
    print(
        f"| {args.jobs} jobs back to back | wall (first request → last terminal event) | jobs/min | vs local | vs ray ×1 |"
    )
    print("|---|---|---|---|---|")
    for r in results:
        t = r["throughput"]
        vs_one = (
            f"{t['jobs_per_min'] / one['throughput']['jobs_per_min']:.2f}×" if one and r["name"] != "local" else "—"
        )
        print(
            f"| {r['name']} ({', '.join(t['workers_used'])}) | {t['wall_s']:.1f} s | {t['jobs_per_min']:.1f} | "
            f"{t['jobs_per_min'] / base['jobs_per_min']:.2f}× | {vs_one} |"
        )
    print(f"\nPer job, one at a time (median of {args.serial}), ms:\n")
    print(
        "| executor | request → job.started | job.started → handler's first event | handler span | "
        "handler's last event → terminal event | total | overhead (total − handler span) |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in results:
        o = r["overhead"]
        print(
            f"| {r['name']} | {ms(o['request_to_started'])} | {ms(o['started_to_first_handler_event'])} | "
            f"{ms(o['handler_span'])} | {ms(o['last_handler_event_to_terminal'])} | {ms(o['total'])} | "
            f"{ms(o['overhead'])} |"
        )
    deaths = [r for r in results if "death" in r]
    if deaths:
        print("\nA GPU worker SIGKILLed mid-denoising, s:\n")
        print(
            "| executor | kill → job.queued | job.queued → job.started (on) | kill → job.completed "
            f"({args.death_steps} steps) | kill → killed worker ready again | 2nd kill (attempt 2) → job.failed |"
        )
        print("|---|---|---|---|---|---|")
        for r in deaths:
            d = r["death"]
            print(
                f"| {r['name']} | {d['kill_to_queued']:.3f} | {d['queued_to_started']:.2f} ({d['restarted_on']}) | "
                f"{d['kill_to_completed']:.2f} | {d['kill_to_worker_ready_again']:.2f} | "
                f"{d['second_kill_to_failed']:.3f} |"
            )
    print()
    for r in results:
        print(
            f"- {r['name']}: workers ready {r['workers_ready_s']:.1f} s after start; {r['threads']}; load average "
            f"{r['load_before'][0]:.1f} → {r['load_after'][0]:.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=8, help="jobs in the throughput run (default 8)")
    parser.add_argument("--steps", type=int, default=2, help="denoising steps a job (default 2)")
    parser.add_argument("--frames", type=int, default=9, help="frames a job (default 9)")
    parser.add_argument("--serial", type=int, default=5, help="jobs run one at a time for the overhead (default 5)")
    parser.add_argument("--death-steps", type=int, default=20, help="steps of the job whose worker is killed")
    parser.add_argument("--skip-local", action="store_true", help="leave the in-process baseline out")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    torch.set_num_threads(1)

    models = tiny_models()
    root = Path(tempfile.mkdtemp(prefix="milimo-cluster-"))
    ray_folder = Path(tempfile.mkdtemp(prefix="ray", dir="/tmp"))  # Ray's socket paths must stay short
    postgres = PostgresCluster().start()
    cluster = RayCluster.start(ray_folder, slots=2)
    os.environ.update(cluster.join)  # this process is the API: it joins the cluster as its driver
    os.environ["HF_HUB_OFFLINE"] = "1"
    configs = [] if args.skip_local else [("local", "local", 1, False)]
    configs += [("ray ×1", "ray", 1, True), ("ray ×2", "ray", 2, True)]
    results = []
    try:
        for index, (name, executor, workers, death) in enumerate(configs):
            data = root / f"data-{index}"
            shutil.copytree(models, data / "models" / "test")
            settings = Settings(
                data_dir=data,
                web_dist_dir=root / "no-web-build",
                progress_db_interval_s=0.0,
                log_level="WARNING",
                sam_service_port=free_port(),
                database_url=postgres.create_database(),
                executor=executor,
                ray_address=cluster.address,
                ray_gpu_resource=RESOURCE,
                ray_gpu_workers=workers if executor == "ray" else None,
                preload_models=False,
            )
            results.append(run_config(name, settings, workers, args, death))
    finally:
        cluster.stop()
        postgres.stop()
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(ray_folder, ignore_errors=True)
    meta = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.node()}, {os.cpu_count()} cores, no GPU, Python {platform.python_version()}, "
        f"torch {torch.__version__}",
    }
    print_tables(results, args, meta)
    if args.json:
        args.json.write_text(
            json.dumps({"meta": meta, "args": vars(args) | {"json": str(args.json)}, "results": results}, indent=2)
        )


if __name__ == "__main__":
    main()
