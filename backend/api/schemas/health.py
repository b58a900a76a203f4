"""Service health and model status."""

from __future__ import annotations

from pydantic import BaseModel


class ModelRoleStatus(BaseModel):
    role: str
    source: str | None
    test_model: bool
    loaded: bool
    device: str | None
    state: str  # missing | building | ready | loading | loaded | error
    error: str | None = None


class Health(BaseModel):
    status: str
    version: str
    test_models: bool
    message: str
    models: list[ModelRoleStatus]
    worker_alive: bool
