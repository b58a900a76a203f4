"""Service health and model status."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ModelRoleStatus(BaseModel):
    role: str  # video | image | inpaint | director | segment
    family: str  # ltx2 | flux2 | gemma3 | sam3
    source: str | None  # None: the role is turned off
    test_model: bool  # tiny random weights: output is noise
    loaded: bool
    device: str | None  # where the weights are: cuda | mps | cpu (parked) | cpu+offload
    state: str  # missing | building | ready | error | external | disabled | active | parked | offloaded
    memory_bytes: int | None = None
    error: str | None = None
    weight_dtype: str | None = Field(None, description="The main weights' dtype when loaded: bf16 | fp32 | fp8.")
    placement: str | None = Field(
        None,
        description="Where the loaded weights live: resident (on the card) | streamed (host memory, brought to the "
        "card block by block) | parked (host memory between jobs) | offloaded (diffusers' model CPU offload).",
    )
    card_free_bytes: int | None = Field(
        None,
        description="The card's free memory as the driver measured it for this answer (the same on every row); null "
        "without a CUDA card.",
    )


class DiskStatus(BaseModel):
    """Free space under the data folder against what the next job needs (the oldest pending one, else a default
    text-to-video shot)."""

    folder: str
    free_bytes: int
    needed_bytes: int
    low: bool
    warning: str | None = None


class WorkerStatus(BaseModel):
    """One worker that runs jobs: the in-process one (``MILIMO_EXECUTOR=local``) or a Ray actor per GPU / CPU slot."""

    id: str  # local | gpu-0, gpu-1 … | cpu-0 …
    node: str  # the machine it runs on
    gpu: str | None  # the GPU it uses; None for a CPU worker (or a studio on a CPU)
    models: list[str]  # the roles whose weights it holds
    job_id: str | None  # the job it runs now
    pid: int | None = None  # its process on its node
    kind: str = "gpu"  # gpu | cpu (CPU workers take renders and tracking)
    state: str = "ready"  # starting | ready | busy | restarting | unusable | stopped
    error: str | None = None  # why it is unusable, or which models it cannot load


class Health(BaseModel):
    status: str
    version: str
    test_models: bool
    message: str
    models: list[ModelRoleStatus]
    worker_alive: bool
    executor: str = "local"  # local | ray (MILIMO_EXECUTOR)
    executor_error: str | None = None  # why the Ray executor could not start
    workers: list[WorkerStatus] = []
    disk: DiskStatus | None = None
