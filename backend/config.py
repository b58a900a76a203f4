"""All configuration of the studio, in one place.

Every value can be set with an environment variable prefixed ``MILIMO_`` (for example ``MILIMO_DATA_DIR``), or in a
``.env`` file next to the repository root. Paths are resolved against the repository root, never the current working
directory, so the service behaves the same whichever folder it is started from.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


def _resolve(path: Path) -> Path:
    return path if path.is_absolute() else (REPO_ROOT / path).resolve()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MILIMO_", env_file=REPO_ROOT / ".env", extra="ignore")

    # --- where things live -------------------------------------------------------------------------------------
    data_dir: Path = Field(Path("data"), description="Database, project media, logs and built test models.")
    web_dist_dir: Path = Field(Path("web-app/dist"), description="Built web app served at /.")

    # --- network (loopback by default: a local studio must not be reachable from the LAN by accident) ----------
    host: str = "127.0.0.1"
    port: int = 8000
    web_dev_port: int = 5173
    sam_service_port: int = Field(8001, validation_alias=AliasChoices("SAM_SERVICE_PORT", "MILIMO_SAM_SERVICE_PORT"))
    sam_service_host: str = Field("127.0.0.1", description="Where the SAM 3 service listens and the API reaches it.")

    # --- models ------------------------------------------------------------------------------------------------
    ltx2_source: str | None = Field(
        None,
        description="LTX-2 weights: a local folder in diffusers layout or a hub id. Unset: tiny random test models.",
    )
    ltx2_upsampler_source: str | None = Field(
        None, description="LTX-2 latent upsampler (two-stage upscale): a folder, or the LTX-2 hub id."
    )
    flux2_source: str | None = Field(
        None, description="FLUX.2 weights (Klein by default; a FLUX.2-dev folder works for text-to-image and edits)."
    )
    director_source: str | None = Field(
        None, description="Gemma 3 weights for the virtual director; 'none' turns the director off."
    )
    sam3_source: str | None = Field(None, description="SAM 3 weights, used by the SAM service (sam3/).")
    vram_budget_gb: float | None = Field(
        None, description="GPU memory the models may use; default 90% of the device's memory."
    )
    host_offload_budget_gb: float | None = Field(
        None, description="Host memory for models swapped off the GPU (pinned); default half of physical RAM."
    )
    pin_host_memory: bool = Field(True, description="Park swapped-out models in page-locked memory (fast swaps).")
    test_model_seed: int = Field(0, description="Seed used to build the tiny random-weight test models.")
    device: str | None = Field(None, description="Force a torch device (cuda, mps, cpu). Default: best available.")
    preload_models: bool = Field(True, description="Load the video model in the background right after start.")

    # --- limits ------------------------------------------------------------------------------------------------
    # Request-field bounds (sizes, frames, steps) are part of the API schema: see backend/api/schemas/fields.py.
    max_upload_bytes: int = Field(512 * 1024 * 1024, description="Largest accepted upload, in bytes.")

    # --- SAM 3 segmentation service (sam3/, its own process) ------------------------------------------------------
    sam_max_request_bytes: int = Field(
        256 * 1024 * 1024, description="Largest request the SAM service accepts (an image, or a clip to track)."
    )
    sam_max_image_side: int = Field(4096, description="Longest image side the SAM service accepts, in pixels.")
    sam_max_track_frames: int = Field(1000, description="Most frames the SAM service tracks an object through.")
    sam_segment_timeout_s: float = Field(60.0, description="API-side timeout for one image segmentation.")
    sam_track_timeout_s: float = Field(900.0, description="API-side timeout for tracking an object through a clip.")

    # --- events ------------------------------------------------------------------------------------------------
    event_history: int = Field(5000, description="How many past events are kept for Last-Event-ID replay.")
    sse_heartbeat_s: float = 15.0
    progress_db_interval_s: float = Field(0.25, description="Minimum seconds between job-progress writes to the DB.")

    # --- logging -----------------------------------------------------------------------------------------------
    log_level: str = "INFO"
    log_max_bytes: int = 10 * 1024 * 1024
    log_backups: int = 5

    @field_validator("data_dir", "web_dist_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return _resolve(Path(value))

    @property
    def db_path(self) -> Path:
        return self.data_dir / "milimovideo.db"

    @property
    def projects_dir(self) -> Path:
        return self.data_dir / "projects"

    @property
    def test_models_dir(self) -> Path:
        return self.data_dir / "models" / "test"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"


@lru_cache
def get_settings() -> Settings:
    return Settings()
