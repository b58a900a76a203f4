"""The model library (``GET /models/library``) and its downloads (``POST /models/downloads`` …)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DownloadStatus = Literal["running", "verifying", "completed", "failed", "cancelled", "interrupted"]


class DownloadRequest(BaseModel):
    """A repository of the catalogue, for a role's weights (``role``) or for the LoRA library (``lora: true``)."""

    model_config = ConfigDict(extra="forbid")

    repo_id: str = Field(min_length=1, max_length=200, description="A hub repository of the catalogue: owner/name.")
    role: str | None = Field(None, max_length=40, description="The role the weights serve: video, upscaler, image …")
    lora: bool = Field(False, description="True: the repository's LoRA files go into the LoRA library.")


class DownloadAccepted(BaseModel):
    download_id: str


class DownloadRead(BaseModel):
    id: str
    repo_id: str
    target: str = Field(description="The role downloaded for, or 'lora'.")
    status: DownloadStatus
    done_bytes: int = Field(description="Bytes on the disk so far (those kept from an earlier attempt included).")
    total_bytes: int
    file: str | None = Field(description="The file being fetched now.")
    error: str | None = Field(description="Why it failed, and what to do.")
    destination: str | None = Field(description="Where the weights went, once checked and installed.")
    revision: str | None = Field(description="The repository commit downloaded.")
    created_at: datetime
    updated_at: datetime


class RoleWeights(BaseModel):
    """One role's weights as the library sees them."""

    role: str
    family: str
    state: Literal["installed", "test_model", "missing", "hub", "disabled", "external"] = Field(
        description="installed: real weights in a folder here; test_model: tiny random weights (noise); missing: the "
        "configured folder is not there; hub: a hub id, read from the hub's cache; disabled: turned off; external: "
        "run by its own service (SAM 3)."
    )
    source: str | None
    test_model: bool
    loaded: bool
    disk_bytes: int | None = Field(description="Size of its weights folder on the disk.")
    memory_bytes: int | None = Field(description="Memory it takes loaded (measured when loaded, else the estimate).")


class CatalogItem(BaseModel):
    repo_id: str
    title: str
    kind: Literal["model", "lora"]
    target: str = Field(description="The role it serves, or 'lora'.")
    approx_bytes: int = Field(description="About this much on the disk (the hub's exact sizes are checked on start).")
    memory_bytes: int | None
    note: str
    installed: bool = Field(description="Downloaded (or placed) and in use.")
    download: DownloadRead | None = Field(description="Its latest download, if any.")


class HubStatus(BaseModel):
    endpoint: str
    reachable: bool
    error: str | None
    manual_steps: list[str] = Field(description="How to place weights by hand when the hub cannot be reached.")


class ModelLibrary(BaseModel):
    roles: list[RoleWeights]
    catalog: list[CatalogItem]
    hub: HubStatus
    weights_dir: str = Field(description="Where downloaded and hand-placed model folders go: <data>/models/<family>.")
    loras_dir: str
