"""Service health and model status."""

from __future__ import annotations

from pydantic import BaseModel


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


class DiskStatus(BaseModel):
    """Free space under the data folder against what the next job needs (the oldest pending one, else a default
    text-to-video shot)."""

    folder: str
    free_bytes: int
    needed_bytes: int
    low: bool
    warning: str | None = None


class Health(BaseModel):
    status: str
    version: str
    test_models: bool
    message: str
    models: list[ModelRoleStatus]
    worker_alive: bool
    disk: DiskStatus | None = None
