"""All configuration of the studio, in one place.

Every value can be set with an environment variable prefixed ``MILIMO_`` (for example ``MILIMO_DATA_DIR``), or in a
``.env`` file next to the repository root. Paths are resolved against the repository root, never the current working
directory, so the service behaves the same whichever folder it is started from.

The settings the SAM 3 service reads too (data folder, device, log level, the SAM service's own) are defined once in
``milimo_common.settings.CommonSettings``, which this class extends, so ``milimo_sam`` never imports ``backend``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from milimo_common.settings import REPO_ROOT, CommonSettings, resolve_path

__all__ = ["REPO_ROOT", "Settings", "get_settings"]


class Settings(CommonSettings):
    """The API's settings; the fields shared with the SAM 3 service are inherited from ``CommonSettings``."""

    # --- where things live -------------------------------------------------------------------------------------
    web_dist_dir: Path = Field(Path("web-app/dist"), description="Built web app served at /.")

    # --- network (loopback by default: a local studio must not be reachable from the LAN by accident) ----------
    host: str = "127.0.0.1"
    port: int = 8000
    web_dev_port: int = 5173
    access_token: str | None = Field(
        None,
        description="Token every request must carry (Bearer header or the login link's cookie). Required, and generated "
        "on first start into <data>/access_token when unset, if the server binds to anything but loopback.",
    )

    # --- database and executor (issue 17: one box by default; a Ray cluster with PostgreSQL when configured) ------
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL of the database; unset: the SQLite file <data>/milimovideo.db. A shared "
        "postgresql+psycopg://user:password@host/db for a cluster (docs/scale.md).",
    )
    executor: Literal["local", "ray"] = Field(
        "local",
        description="Who runs jobs: 'local' (one worker thread in the API process) or 'ray' (Ray actors, one per GPU, "
        "plus CPU workers for renders).",
    )
    ray_address: str = Field(
        "local",
        description="With MILIMO_EXECUTOR=ray: 'local' starts a Ray cluster inside the API process, 'auto' joins the "
        "one running on this machine, anything else is a cluster address (host:port or ray://host:port).",
    )
    ray_gpu_resource: str = Field(
        "GPU",
        description="The Ray resource one GPU worker takes one of: 'GPU' (num_gpus=1), or a custom resource name "
        "(a node started with --resources '{\"milimo_gpu\": 2}' offers two GPU slots without a GPU: tests, CPU boxes).",
    )
    ray_gpu_workers: int | None = Field(
        None, ge=0, description="GPU workers to start; default: one per unit of MILIMO_RAY_GPU_RESOURCE in the cluster."
    )
    ray_cpu_workers: int = Field(
        1, ge=0, le=64, description="CPU workers for jobs that need no GPU (renders, tracking through the SAM service)."
    )

    # --- models ------------------------------------------------------------------------------------------------
    ltx2_source: str | None = Field(
        None,
        description="LTX-2 weights: a local folder in diffusers layout or a hub id. Unset: tiny random test models.",
    )
    ltx2_distilled: bool = Field(
        False,
        description="The LTX-2 weights are the distilled checkpoint (8 steps, no guidance): draft and standard need "
        "no distilled LoRA then, and final (the full guidance recipe) is refused.",
    )
    ltx2_upsampler_source: str | None = Field(
        None, description="LTX-2 latent upsampler (two-stage upscale): a folder, or the LTX-2 hub id."
    )
    flux2_source: str | None = Field(
        None, description="FLUX.2 weights (Klein by default; a FLUX.2-dev folder works for text-to-image and edits)."
    )
    director_source: str | None = Field(
        None,
        description="Gemma 3 weights for the virtual director; 'ltx2' (or the folder of LTX-2's own text_encoder) "
        "runs it on LTX-2's Gemma 3 text encoder, with no second copy in memory; 'none' turns the director off.",
    )
    depth_source: str | None = Field(
        None,
        description="Depth estimator for depth control clips (transformers layout: Depth Anything V2, DPT): a folder "
        "or a hub id, e.g. depth-anything/Depth-Anything-V2-Small-hf. Unset: a tiny random test model.",
    )
    pose_source: str | None = Field(
        None,
        description="Pose estimator for pose control clips (a transformers ViTPose, e.g. "
        "usyd-community/vitpose-base-simple): a folder or a hub id. Unset: a tiny random test model.",
    )
    director_prompt_chars: int = Field(
        600, ge=100, le=4000, description="Longest shot prompt the director may write in a breakdown."
    )
    director_max_shots: int = Field(8, ge=1, le=24, description="Most shots the director makes of one scene.")
    director_max_scenes: int = Field(12, ge=1, le=60, description="Most scenes the director makes of a treatment.")
    lora_folders: list[Path] = Field(
        default_factory=list,
        description="More folders of LoRA files (a JSON list), next to <data>/loras where uploads go.",
    )
    vram_budget_gb: float | None = Field(
        None, description="GPU memory the models may use; default 90% of the device's memory."
    )
    host_offload_budget_gb: float | None = Field(
        None, description="Host memory for models swapped off the GPU (pinned); default half of physical RAM."
    )
    pin_host_memory: bool = Field(True, description="Park swapped-out models in page-locked memory (fast swaps).")
    preload_models: bool = Field(True, description="Load the video model in the background right after start.")
    inpaint_feather_px: int = Field(
        8,
        ge=0,
        le=256,
        description="In-painting: the repainted area is pasted back over the original through a mask feathered this "
        "many pixels (0: a hard edge); every pixel farther from the mask is kept exactly.",
    )

    # --- memory plans: how each model runs on the card there is (issue 12, docs/memory.md) -------------------------
    video_memory_plan: Literal["auto", "resident", "fp8", "streamed"] = Field(
        "auto",
        description="How LTX-2 runs on the GPU: 'auto' takes the first that fits the measured free memory and the "
        "job's shape (resident bf16, then FP8 weights, then streamed blocks); a forced plan that does not fit "
        "refuses the job, saying what it needs.",
    )
    image_memory_plan: Literal["auto", "resident", "fp8", "streamed"] = Field(
        "auto", description="The same for FLUX.2 (stills, edits, in-painting)."
    )
    compile: Literal["auto", "on", "off"] = Field(
        "auto",
        description="Regional torch.compile of the transformer blocks (cache in <data>/cache/torch_compile: only the "
        "first job pays): 'auto' compiles on CUDA for resident and FP8 plans, never on the CPU.",
    )
    sam_reserve_gb: float = Field(
        0.0,
        ge=0,
        description="GPU memory the planner keeps free for the SAM 3 service on the same card before it has loaded "
        "its model (it loads on first use; what it holds once loaded is already out of the driver's free memory).",
    )
    stream_low_host_memory: bool = Field(
        False,
        description="Streamed plans pin each block's host copy as it is copied (half the host memory, slower "
        "transfers) instead of pinning all of them once.",
    )

    # --- model library: downloads from the Hugging Face hub (docs/models.md) --------------------------------------
    hub_endpoint: str = Field(
        "https://huggingface.co",
        description="The model hub the Models page downloads from (any server that speaks the Hugging Face hub API).",
    )
    hub_timeout_s: float = Field(
        4.0, gt=0, description="How long the Models page waits for the hub to answer before saying it is unreachable."
    )
    download_quota_bytes: int | None = Field(
        None,
        ge=0,
        description="Most bytes one download may write (unset: as much as the disk holds); past it the download "
        "fails as a full disk would. For small disks you want to keep room on, and for tests.",
    )

    # --- limits ------------------------------------------------------------------------------------------------
    # Request-field bounds (sizes, frames, steps) are part of the API schema: see backend/schemas/fields.py.
    max_upload_bytes: int = Field(512 * 1024 * 1024, description="Largest accepted upload, in bytes.")
    max_json_bytes: int = Field(
        8 * 1024 * 1024,
        ge=1024,
        description="Largest body of any request that is not a multipart upload (JSON), in bytes: 413 above it. "
        "The largest screenplay (2,000,000 characters) fits.",
    )
    max_pending_jobs: int = Field(
        50, ge=1, description="Jobs one project may have waiting (pending) at once; one more is refused with 429."
    )
    whole_reads_at_once: int = Field(
        2,
        ge=1,
        description="Whole-project reads (GET /projects/{id}, GET /projects/{id}/timeline) run at most this many at "
        "once, in their own threads: edits never wait behind a crowd of them.",
    )
    max_sse_clients: int = Field(
        200, ge=1, description="SSE clients (GET /events) connected at once; one more is refused with 503."
    )

    # --- SAM 3 segmentation service (sam3/, its own process) ------------------------------------------------------
    sam_segment_timeout_s: float = Field(60.0, description="API-side timeout for one image segmentation.")
    sam_track_timeout_s: float = Field(900.0, description="API-side timeout for tracking an object through a clip.")

    # --- events ------------------------------------------------------------------------------------------------
    event_history: int = Field(5000, description="How many past events are kept for Last-Event-ID replay.")
    sse_heartbeat_s: float = 15.0
    progress_db_interval_s: float = Field(0.25, description="Minimum seconds between job-progress writes to the DB.")

    # --- logging -----------------------------------------------------------------------------------------------
    log_max_bytes: int = 10 * 1024 * 1024
    log_backups: int = 5

    @field_validator("web_dist_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return resolve_path(Path(value))

    @property
    def db_path(self) -> Path:
        return self.data_dir / "milimovideo.db"

    @property
    def database(self) -> str:
        """The database URL in use: MILIMO_DATABASE_URL, or the SQLite file in the data folder."""
        return self.database_url or f"sqlite:///{self.db_path}"

    @property
    def projects_dir(self) -> Path:
        return self.data_dir / "projects"

    @property
    def loras_dir(self) -> Path:
        return self.data_dir / "loras"

    @property
    def weights_dir(self) -> Path:
        """Downloaded (or hand-placed) real weights, one folder per family: ``<data>/models/ltx2`` …"""
        return self.data_dir / "models"

    @property
    def downloads_dir(self) -> Path:
        """Downloads in progress (``<data>/downloads/<id>/``): moved into place only once checked."""
        return self.data_dir / "downloads"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"


@lru_cache
def get_settings() -> Settings:
    return Settings()
