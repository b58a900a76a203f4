"""The settings both processes read: the API (``backend.config.Settings`` extends this class) and the SAM 3 service
(``milimo_sam``, which reads it as it is). One definition per field, so the two cannot disagree on a default.

Every value can be set with an environment variable prefixed ``MILIMO_`` or in a ``.env`` file at the repository
root; paths are resolved against the repository root, never the current working directory.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


def resolve_path(path: Path) -> Path:
    return path if path.is_absolute() else (REPO_ROOT / path).resolve()


class CommonSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MILIMO_", env_file=REPO_ROOT / ".env", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Database, project media, logs and built test models.")
    device: str | None = Field(None, description="Force a torch device (cuda, mps, cpu). Default: best available.")
    log_level: str = "INFO"
    test_model_seed: int = Field(0, description="Seed used to build the tiny random-weight test models.")

    # --- SAM 3 segmentation service (sam3/, its own process) ------------------------------------------------------
    sam3_source: str | None = Field(None, description="SAM 3 weights, used by the SAM service (sam3/).")
    sam_service_port: int = Field(8001, validation_alias=AliasChoices("SAM_SERVICE_PORT", "MILIMO_SAM_SERVICE_PORT"))
    sam_service_host: str = Field("127.0.0.1", description="Where the SAM 3 service listens and the API reaches it.")
    sam_max_request_bytes: int = Field(
        256 * 1024 * 1024, description="Largest request the SAM service accepts (an image, or a clip to track)."
    )
    sam_max_image_side: int = Field(4096, description="Longest image side the SAM service accepts, in pixels.")
    sam_max_track_frames: int = Field(1000, description="Most frames the SAM service tracks an object through.")

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return resolve_path(Path(value))

    @property
    def test_models_dir(self) -> Path:
        return self.data_dir / "models" / "test"


@lru_cache
def get_common_settings() -> CommonSettings:
    return CommonSettings()
