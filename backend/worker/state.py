"""What ``GET /health`` says of each worker: where it is, which GPU, what it holds, what it runs."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class WorkerState:
    id: str
    node: str  # the machine: its host name (local) or its Ray node address
    gpu: str | None  # the GPU it runs on ("cuda:0 NVIDIA H200", a Ray GPU id, a custom slot); None for CPU workers
    models: list[str] = field(default_factory=list)  # the roles whose weights it holds (on the GPU or parked)
    job_id: str | None = None
    pid: int | None = None  # its process on its node
    kind: str = "gpu"  # gpu | cpu: CPU workers take the jobs that need no GPU (renders, tracking)
    state: str = "ready"  # starting | ready | busy | restarting | unusable
    error: str | None = None  # why it is unusable, or which models it cannot load
