"""Load test (issue 16, "Hold under load"): Locust, headless, against a real uvicorn server on loopback.

One command starts everything and prints a table::

    .venv/bin/python bench/load.py                    # 60 s, 50 SSE clients, a ~950-clip project
    .venv/bin/python bench/load.py --reads full       # readers fetch the whole project every time (the old way)
    .venv/bin/python bench/load.py --duration 120 --sse 50 --clips 950 --json out.json

What runs at once, for ``--duration`` seconds (Locust users, gevent):

* ``--sse`` SSE clients on ``GET /events`` for the whole run: each checks that it sees every event id in order (ids
  are consecutive integers), and drops its connection once at a random moment, waits a second and reconnects with
  ``Last-Event-ID``: the replay must fill the gap exactly.
* editors: single-clip timeline edit batches (``POST /projects/{id}/timeline/edits``), each moving its own clip on its
  own track of the big project, at a steady rate;
* readers: project reads at a steady rate: ``--reads changes`` (default) follows the timeline with
  ``GET /projects/{id}/timeline/changes?since=<cursor>`` after one full ``GET /projects/{id}``; ``--reads full``
  reads ``GET /projects/{id}`` every time;
* job users: a cheap job (a 64x64 text-to-image) queued and cancelled at once.

The table: per route requests, throughput, p50/p99/max (ms), failures and 5xx; SSE events missed / out of order,
reconnects and their replays; the server's RSS before and after the load. Figures: docs/benchmarks.md.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import psutil  # noqa: E402
import requests  # noqa: E402
from locust import HttpUser, User, constant_throughput, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402

from backend.config import REPO_ROOT  # noqa: E402
from backend.testing.server_process import ApiServer, wait_for_job  # noqa: E402


@dataclass
class Run:
    """What the users share: the project, the clips the editors own, the switches and the SSE tallies."""

    url: str = ""
    project_id: str = ""
    editor_clips: list[dict] = field(default_factory=list)
    shot_id: str = ""
    duration: float = 60.0
    reads: str = "changes"
    started: float = 0.0
    load_on: bool = False
    readers_ready: int = 0
    status_counts: dict[int, int] = field(default_factory=dict)
    five_xx: dict[str, int] = field(default_factory=dict)
    sse: list[SseTally] = field(default_factory=list)


@dataclass
class SseTally:
    first: int | None = None
    last: int | None = None
    seen: int = 0
    missed: int = 0
    out_of_order: int = 0
    reconnects: int = 0
    replayed: int = 0
    errors: int = 0


RUN = Run()


SLOW: list[tuple[float, str, float]] = []


@events.request.add_listener
def _count_status(name: str, response_time: float = 0.0, response=None, **_kw) -> None:  # noqa: ANN001 - Locust's hook
    if response_time > 150 and RUN.load_on:
        SLOW.append((time.monotonic() - RUN.started, name, response_time))
    status = getattr(response, "status_code", None)
    if status is None:
        return
    RUN.status_counts[status] = RUN.status_counts.get(status, 0) + 1
    if status >= 500:
        RUN.five_xx[name] = RUN.five_xx.get(name, 0) + 1


class SseClient(User):
    """One EventSource-like client: connected for the whole run, one forced reconnect with Last-Event-ID."""

    fixed_count = 50
    wait_time = constant_throughput(1000)

    def on_start(self) -> None:
        self.tally = SseTally()
        RUN.sse.append(self.tally)
        self.reconnect_at = RUN.started + random.uniform(0.2, 0.8) * RUN.duration
        self.reconnected = False

    def _see(self, event_id: int, replaying: bool) -> None:
        t = self.tally
        if t.last is not None:
            if event_id <= t.last:
                t.out_of_order += 1
                return
            t.missed += event_id - t.last - 1
        else:
            t.first = event_id
        t.last = event_id
        t.seen += 1
        if replaying:
            t.replayed += 1

    @task
    def listen(self) -> None:
        headers = {"Accept": "text/event-stream"}
        replaying = self.tally.last is not None
        if replaying:
            headers["Last-Event-ID"] = str(self.tally.last)
        started = time.perf_counter()
        try:
            with requests.get(f"{RUN.url}/events", headers=headers, stream=True, timeout=(10, 120)) as response:
                events.request.fire(
                    request_type="SSE",
                    name="GET /events (connect)",
                    response_time=(time.perf_counter() - started) * 1000,
                    response_length=0,
                    response=response,
                    exception=None if response.status_code == 200 else RuntimeError(response.status_code),
                    context={},
                )
                if response.status_code != 200:
                    self.tally.errors += 1
                    gevent.sleep(1.0)
                    return
                for line in response.iter_lines(chunk_size=None):
                    if line.startswith(b"id:"):
                        self._see(int(line[3:].strip()), replaying)
                    elif line.startswith(b": connected"):
                        replaying = self.tally.last is not None and replaying
                    if not self.reconnected and time.monotonic() >= self.reconnect_at:
                        break
        except requests.RequestException:
            self.tally.errors += 1
        if not self.reconnected:
            self.reconnected = True
            self.tally.reconnects += 1
            gevent.sleep(1.0)  # events go by meanwhile: the replay must bring them


class Editor(HttpUser):
    """A single-clip edit batch: move this editor's own clip back and forth on its own track."""

    fixed_count = 4
    wait_time = constant_throughput(2)

    def on_start(self) -> None:
        self.clip = RUN.editor_clips.pop()

    @task
    def edit(self) -> None:
        if not RUN.load_on:
            return
        start = 200 if self.clip["start_frame"] == 0 else 0
        change = {"op": "update", "id": self.clip["id"], "version": self.clip["version"], "start_frame": start}
        with self.client.post(
            f"/projects/{RUN.project_id}/timeline/edits",
            json={"changes": [change]},
            name="POST /projects/{id}/timeline/edits (1 clip)",
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                self.clip = response.json()["clips"][0]
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")


class Reader(HttpUser):
    """Project reads at a steady rate: what changed since the last read (or, ``--reads full``, everything)."""

    fixed_count = 6
    wait_time = constant_throughput(1)

    def on_start(self) -> None:
        """Open the project once, as a tab does (before the measured window); then follow what changes."""
        self.cursor: int | None = None
        if RUN.reads == "changes":
            self.client.get(f"/projects/{RUN.project_id}", name="GET /projects/{id} (open)")
            self.cursor = self.client.get(
                f"/projects/{RUN.project_id}/timeline/changes", params={"since": 0}, name="(open: cursor)"
            ).json()["cursor"]
        RUN.readers_ready += 1

    @task
    def read(self) -> None:
        if not RUN.load_on:
            return
        if RUN.reads == "full":
            with self.client.get(f"/projects/{RUN.project_id}", name="GET /projects/{id}", catch_response=True) as r:
                if r.status_code != 200:
                    r.failure(str(r.status_code))
        else:
            with self.client.get(
                f"/projects/{RUN.project_id}/timeline/changes",
                params={"since": self.cursor},
                name="GET /projects/{id}/timeline/changes",
                catch_response=True,
            ) as r:
                if r.status_code == 200:
                    self.cursor = r.json()["cursor"]
                else:
                    r.failure(str(r.status_code))


class Jobs(HttpUser):
    """A cheap job queued, then cancelled at once."""

    fixed_count = 2
    wait_time = constant_throughput(0.5)

    @task
    def queue_and_cancel(self) -> None:
        if not RUN.load_on:
            return
        body = {"project_id": RUN.project_id, "mode": "t2i", "prompt": "a lighthouse", "num_inference_steps": 1}
        with self.client.post(
            "/generate/advanced", json=body, name="POST /generate/advanced", catch_response=True
        ) as r:
            if r.status_code != 202:
                r.failure(f"{r.status_code}: {r.text[:200]}")
                return
            job_id = r.json()["job_id"]
        with self.client.post(f"/jobs/{job_id}/cancel", name="POST /jobs/{id}/cancel", catch_response=True) as r:
            if r.status_code not in (200, 409):  # 409: it finished first
                r.failure(f"{r.status_code}: {r.text[:200]}")
            else:
                r.success()


# --- setup -----------------------------------------------------------------------------------------------------


def seed(url: str, clips: int, editors: int) -> tuple[str, list[dict], str]:
    """A project of ``clips`` clips: ``clips - editors`` shots back to back on V1, and one track per editor with one
    clip of its own (what it moves)."""
    http = requests.Session()

    def ok(response: requests.Response) -> dict:
        if response.status_code >= 300:
            raise RuntimeError(f"{response.request.method} {response.url}: {response.status_code} {response.text}")
        return response.json() if response.content else {}

    project = ok(http.post(f"{url}/projects", json={"name": "Load test", "width": 64, "height": 64}))
    pid = project["id"]
    shot_ids = []
    for n in range(clips - editors):
        body = {"prompt": f"shot {n}: a lighthouse at dusk, waves on the rocks", "num_frames": 9}
        shot_ids.append(ok(http.post(f"{url}/projects/{pid}/shots", json=body))["id"])
    owned = []
    for n in range(editors):
        track = ok(http.post(f"{url}/projects/{pid}/tracks", json={"kind": "video", "name": f"E{n + 1}"}))
        clip = {"track_id": track["id"], "shot_id": shot_ids[n], "start_frame": 0, "source_in": 0, "duration": 9}
        result = ok(
            http.post(f"{url}/projects/{pid}/timeline/edits", json={"changes": [{"op": "create", "clip": clip}]})
        )
        owned.append(result["clips"][0])
    # Warm up: one cheap job run to the end, so the worker has imported and loaded what the cancelled ones touch.
    job = ok(http.post(f"{url}/generate/advanced", json={"project_id": pid, "mode": "t2i", "prompt": "warm up"}))
    wait_for_job(url, job["job_id"], timeout=300)
    total = len(ok(http.get(f"{url}/projects/{pid}"))["clips"])
    print(f"seeded project {pid}: {total} clips, {len(shot_ids)} shots", flush=True)
    return pid, owned, shot_ids[0]


def seed_models(data_dir: Path, models: Path | None) -> None:
    """Copy tiny test models in (built once into ``bench/results``), so the server does not build them on start."""
    target = data_dir / "models" / "test"
    if models is None:
        models = REPO_ROOT / "bench" / "results" / "tiny-models"
        if not models.exists():
            from backend.config import Settings
            from backend.models.manager import ModelManager

            print("building the tiny test models once (bench/results)", flush=True)
            ModelManager(Settings(data_dir=models.parent / "build")).ensure_test_models()
            shutil.copytree(models.parent / "build" / "models" / "test", models)
    shutil.copytree(models, target)


def rss_mib(pid: int) -> float:
    return psutil.Process(pid).memory_info().rss / 2**20


def wait_quiet(quiet_s: float = 3.0, timeout: float = 30.0) -> None:
    """Until no SSE client has seen a new event for ``quiet_s`` (the last job events have gone by)."""
    deadline = time.monotonic() + timeout
    last = None
    since = time.monotonic()
    while time.monotonic() < deadline:
        now = tuple(t.last for t in RUN.sse)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return
        gevent.sleep(0.25)


# --- the table -------------------------------------------------------------------------------------------------


def table(env: Environment, elapsed: float, rss: tuple[float, float], sse_count: int) -> dict:
    rows = []
    for entry in sorted(env.stats.entries.values(), key=lambda e: e.name):
        if not entry.num_requests:  # only before the measured window (opening the project)
            continue
        rows.append(
            {
                "route": entry.name,
                "requests": entry.num_requests,
                "rps": entry.num_requests / elapsed,
                "p50_ms": entry.get_response_time_percentile(0.5),
                "p99_ms": entry.get_response_time_percentile(0.99),
                "max_ms": entry.max_response_time,
                "failures": entry.num_failures,
                "5xx": RUN.five_xx.get(entry.name, 0),
            }
        )
    final = max((t.last or 0) for t in RUN.sse) if RUN.sse else 0
    sse = {
        "clients": len(RUN.sse),
        "wanted": sse_count,
        "events_seen_min": min((t.seen for t in RUN.sse), default=0),
        "missed": sum(t.missed for t in RUN.sse) + sum(final - (t.last or final) for t in RUN.sse),
        "out_of_order": sum(t.out_of_order for t in RUN.sse),
        "reconnects": sum(t.reconnects for t in RUN.sse),
        "replayed": sum(t.replayed for t in RUN.sse),
        "errors": sum(t.errors for t in RUN.sse),
    }
    total = sum(r["requests"] for r in rows if not r["route"].startswith("GET /events"))
    print()
    print(f"load: {elapsed:.0f} s, {total / elapsed:.1f} req/s over the request loops, reads={RUN.reads}")
    print(f"{'route':48} {'reqs':>6} {'req/s':>6} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'fail':>5} {'5xx':>4}")
    for r in rows:
        print(
            f"{r['route']:48} {r['requests']:6d} {r['rps']:6.1f} {r['p50_ms']:7.0f} {r['p99_ms']:7.0f} "
            f"{r['max_ms']:7.0f} {r['failures']:5d} {r['5xx']:4d}"
        )
    print(
        f"SSE: {sse['clients']}/{sse_count} clients, each saw >= {sse['events_seen_min']} events; "
        f"missed {sse['missed']}, out of order {sse['out_of_order']}; {sse['reconnects']} reconnects with "
        f"Last-Event-ID replayed {sse['replayed']} events; connection errors {sse['errors']}"
    )
    print(f"server RSS: {rss[0]:.0f} MiB before, {rss[1]:.0f} MiB after ({rss[1] - rss[0]:+.0f} MiB)")
    print(f"statuses: {dict(sorted(RUN.status_counts.items()))}")
    return {"elapsed_s": elapsed, "reads": RUN.reads, "routes": rows, "sse": sse, "rss_mib": rss}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    parser.add_argument("--sse", type=int, default=50, help="SSE clients (default 50)")
    parser.add_argument("--clips", type=int, default=950, help="clips in the project (default 950)")
    parser.add_argument("--reads", choices=("changes", "full"), default="changes")
    parser.add_argument("--editors", type=int, default=4, help="edit loops, 2 batches/s each (default 4)")
    parser.add_argument("--readers", type=int, default=6, help="read loops, 1 read/s each (default 6)")
    parser.add_argument("--jobs", type=int, default=2, help="queue+cancel loops, one every 2 s each (default 2)")
    parser.add_argument("--models", type=Path, default=None, help="a folder of tiny test models to copy in")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="milimo-load-"))
    seed_models(root / "data", args.models)
    env = {"MILIMO_PRELOAD_MODELS": "false", "MILIMO_LOG_LEVEL": "WARNING"}
    server = ApiServer(root / "data", env=env)
    server.start(timeout=300)
    try:
        RUN.url, RUN.duration, RUN.reads = server.url, args.duration, args.reads
        Editor.fixed_count, Reader.fixed_count, Jobs.fixed_count = args.editors, args.readers, args.jobs
        RUN.project_id, RUN.editor_clips, RUN.shot_id = seed(server.url, args.clips, Editor.fixed_count)
        SseClient.fixed_count = args.sse
        classes = [c for c in (SseClient, Editor, Reader, Jobs) if c.fixed_count]
        environment = Environment(user_classes=classes, events=events, host=server.url)
        runner = environment.create_local_runner()
        users = args.sse + Editor.fixed_count + Reader.fixed_count + Jobs.fixed_count
        RUN.started = time.monotonic() + 5  # the reconnect moments are drawn inside the load window
        runner.start(users, spawn_rate=users)
        while len(RUN.sse) < args.sse or RUN.readers_ready < Reader.fixed_count:
            gevent.sleep(0.1)
        gevent.sleep(2.0)  # every stream is open
        environment.stats.reset_all()
        RUN.status_counts.clear()
        RUN.five_xx.clear()
        process = psutil.Process(server.process.pid)  # type: ignore[union-attr]
        before = rss_mib(process.pid)
        cpu_before = sum(process.cpu_times()[:2])
        RUN.load_on = True
        RUN.started = time.monotonic()
        gevent.sleep(args.duration)
        RUN.load_on = False
        elapsed = time.monotonic() - RUN.started
        cpu = sum(process.cpu_times()[:2]) - cpu_before
        wait_quiet()
        after = rss_mib(process.pid)
        figures = table(environment, elapsed, (before, after), args.sse)
        figures["server_cpu_s"] = cpu
        print(f"server CPU: {cpu:.1f} s in {elapsed:.0f} s ({cpu / elapsed:.2f} cores)")
        mine = psutil.Process()
        print(f"load generator CPU: {sum(mine.cpu_times()[:2]):.1f} s")
        if SLOW:
            print("slow (> 150 ms): " + ", ".join(f"{t:.1f}s {n.split()[1][-12:]} {ms:.0f}" for t, n, ms in SLOW[:60]))
        runner.quit()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    broken = any(r["5xx"] for r in figures["routes"]) or figures["sse"]["missed"] or figures["sse"]["out_of_order"]
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
