"""The settings both processes read: the API (``backend.config.Settings`` extends this class) and the SAM 3 service
(``milimo_sam``, which reads it as it is). One definition per field, so the two cannot disagree on a default.

Every value can be set with an environment variable prefixed ``MILIMO_`` or in a ``.env`` file at the repository
root; paths are resolved against the repository root, never the current working directory.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


def resolve_path(path: Path) -> Path:
    return path if path.is_absolute() else (REPO_ROOT / path).resolve()


class CommonSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MILIMO_", env_file=REPO_ROOT / ".env", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Database, project media, logs and built test models.")
    device: str | None = Field(None, description="Force a torch device (cuda, mps, cpu). Default: best available.")
    log_level: str = "INFO"
    test_model_seed: int = Field(0, description="Seed used to build the tiny random-weight test models.")

    # --- the doors (milimo_common/site_guard.py): who may reach and drive the servers --------------------------
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Host names served besides 127.0.0.1, localhost, [::1] and the bind host (comma-separated).",
    )
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Other web origins allowed to change things (comma-separated, e.g. http://studio.lan:5173).",
    )
    sam_secret: str | None = Field(
        None,
        description="Shared secret the API sends the SAM service; required when the SAM service is not on loopback.",
    )

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

    @field_validator("allowed_hosts", "allowed_origins", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @property
    def test_models_dir(self) -> Path:
        return self.data_dir / "models" / "test"


@lru_cache
def get_common_settings() -> CommonSettings:
    return CommonSettings()
