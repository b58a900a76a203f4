"""The model families the studio runs, and the roles each one serves.

A *family* is one set of weights loaded once (LTX-2, FLUX.2, Gemma 3); a *role* is what the product asks for (video,
image, inpaint, director, segment). Image and inpaint share the FLUX.2 weights; every video mode shares LTX-2's.
SAM 3 (segment) runs in its own service (``sam3/``) and is only reported here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backend.config import Settings


@dataclass(frozen=True)
class Family:
    name: str
    roles: tuple[str, ...]
    setting: str  # the Settings field holding its configured source
    build_test_model: Callable[[Path, int, bool], Any] | None  # (target, seed, overwrite)
    load: Callable[[str, Any], Any] | None  # (source, dtype) -> handle, loaded on the CPU


def _build_ltx2(target: Path, seed: int, overwrite: bool) -> Any:
    from backend.models.tiny.ltx2 import build_tiny_ltx2
    from backend.models.tiny.ltx2_distilled_lora import build_tiny_distilled_lora

    built = build_tiny_ltx2(target, seed, overwrite=overwrite)
    build_tiny_distilled_lora(built, seed)  # so that a draft runs on the test models, as on base weights + LoRA
    return built


def test_lora_folders(video_source: str | None, test_model: bool) -> list[Path]:
    """The LoRA folders the video model brings: a tiny test model's own (its distilled LoRA, also before the first
    start has built it); none for real weights."""
    from backend.models.tiny.ltx2_distilled_lora import distilled_lora_folder

    if video_source is None or not test_model:
        return []
    return [distilled_lora_folder(Path(video_source))]


def _build_ltx2_upsampler(target: Path, seed: int, overwrite: bool) -> Any:
    from backend.models.tiny.ltx2_upsampler import build_tiny_ltx2_upsampler

    return build_tiny_ltx2_upsampler(target, seed, overwrite=overwrite)


def _build_flux2(target: Path, seed: int, overwrite: bool) -> Any:
    from backend.models.tiny.flux2 import build_tiny_flux2

    return build_tiny_flux2(target, seed, overwrite=overwrite)


def _build_gemma3(target: Path, seed: int, overwrite: bool) -> Any:
    from backend.models.tiny.gemma3 import build_tiny_gemma3_director

    return build_tiny_gemma3_director(target, seed, overwrite=overwrite)


def _build_depth(target: Path, seed: int, overwrite: bool) -> Any:
    from backend.models.tiny.depth import build_tiny_depth

    return build_tiny_depth(target, seed, overwrite=overwrite)


def _build_pose(target: Path, seed: int, overwrite: bool) -> Any:
    from backend.models.tiny.pose import build_tiny_pose

    return build_tiny_pose(target, seed, overwrite=overwrite)


def _load_ltx2(source: str, dtype: Any) -> Any:
    from backend.models.ltx2.loader import load_ltx2_pipeline

    return load_ltx2_pipeline(source, "cpu", dtype)


def _load_ltx2_upsampler(source: str, dtype: Any) -> Any:
    from backend.models.ltx2.upscale import load_ltx2_latent_upsampler

    # A hub id is the whole LTX-2 repository, whose upsampler lives in a subfolder.
    subfolder = None if Path(source).expanduser().is_dir() else "latent_upsampler"
    return load_ltx2_latent_upsampler(source, "cpu", dtype, subfolder=subfolder)


def _load_flux2(source: str, dtype: Any) -> Any:
    from backend.models.flux2.loader import load_flux2_pipeline

    return load_flux2_pipeline(source, "cpu", dtype)


def _load_depth(source: str, dtype: Any) -> Any:
    from backend.models.control.estimator import load_depth_estimator

    return load_depth_estimator(source, dtype)


def _load_pose(source: str, dtype: Any) -> Any:
    from backend.models.control.estimator import load_pose_estimator

    return load_pose_estimator(source, dtype)


def _load_gemma3(source: str, dtype: Any) -> Any:
    from backend.models.gemma.director import load_director

    return load_director(source, "cpu", dtype)


FAMILIES: dict[str, Family] = {
    "ltx2": Family("ltx2", ("video",), "ltx2_source", _build_ltx2, _load_ltx2),
    "ltx2_upsampler": Family(
        "ltx2_upsampler", ("upscaler",), "ltx2_upsampler_source", _build_ltx2_upsampler, _load_ltx2_upsampler
    ),
    "flux2": Family("flux2", ("image", "inpaint"), "flux2_source", _build_flux2, _load_flux2),
    "gemma3": Family("gemma3", ("director",), "director_source", _build_gemma3, _load_gemma3),
    "depth": Family("depth", ("depth",), "depth_source", _build_depth, _load_depth),
    "pose": Family("pose", ("pose",), "pose_source", _build_pose, _load_pose),
    "sam3": Family("sam3", ("segment",), "sam3_source", None, None),
}
ROLE_FAMILY = {role: family.name for family in FAMILIES.values() for role in family.roles}


def role_view(role: str, handle: Any) -> Any:
    """What a role runs, from its family's loaded handle: in-painting is FLUX.2 Klein's inpaint pipeline built on
    the same modules (no second copy of the weights)."""
    if role == "inpaint":
        from backend.models.flux2.loader import inpaint_variant

        return inpaint_variant(handle)
    return handle


def configured_source(settings: Settings, family: Family) -> str | None:
    value = getattr(settings, family.setting)
    return value or None


def is_disabled(settings: Settings, family: Family) -> bool:
    return (configured_source(settings, family) or "").lower() == "none"
