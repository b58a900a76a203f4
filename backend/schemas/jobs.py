"""Generation requests and jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from backend.schemas.control import ControlChoice
from backend.schemas.fields import Dimension, Fps, Guidance, NumFrames, Prompt, Quality, Seed, Steps
from backend.schemas.guidance import FollowSound, GuidanceSettings
from backend.schemas.loras import Camera, LoraChoice
from backend.schemas.project import ConditioningItem

JobStatus = Literal["pending", "running", "completed", "failed", "cancelled"]
GenerationMode = Literal["t2v", "i2v", "keyframes", "t2i", "edit", "inpaint", "extend", "retake"]
VIDEO_MODES = ("t2v", "i2v", "keyframes", "extend", "retake")
IMAGE_MODES = ("t2i", "edit", "inpaint")
AssetId = Annotated[str, Field(min_length=1, max_length=64)]


class GenerateRequest(GuidanceSettings, FollowSound):
    """One entry point for every generation. Omitted fields take the shot's values.

    Modes: ``extend`` Smart Continue (``extend_seconds``, optional ``instruction``): chunked generation with latent
    handoff, stitched into one clip; ``t2v`` text→video+audio; ``i2v`` image→video (``image_asset_id``); ``keyframes`` the shot's conditioning
    timeline (``conditioning``, or the shot's saved one); ``t2i`` text→image; ``edit`` image from reference images
    (``reference_asset_ids``); ``inpaint`` repaint the white part of ``mask_asset_id`` in ``image_asset_id``;
    ``retake`` regenerate frames ``start_frame..end_frame`` of the shot's current take (picture, sound or both),
    keeping the rest exactly, into a new take. ``audio_asset_id`` (t2v, i2v): generate the picture to that sound.
    Video modes need ``shot_id``; image modes attach the still to the shot when one is given, and always add it to
    the project's media bin.
    """

    model_config = ConfigDict(extra="forbid")

    project_id: str = Field(min_length=1, max_length=64)
    shot_id: str | None = Field(None, min_length=1, max_length=64)
    mode: GenerationMode = "t2v"
    image_asset_id: AssetId | None = None
    mask_asset_id: AssetId | None = None
    reference_asset_ids: list[AssetId] | None = Field(None, min_length=1, max_length=8)
    conditioning: list[ConditioningItem] | None = Field(None, max_length=32)
    strength: float | None = Field(None, ge=0.0, le=1.0, description="In-painting strength (1 = repaint fully).")
    upscale: bool = Field(
        False,
        description="Two-stage: generate at half size, upsample latents, refine (the legacy switch; quality "
        "standard is the same path, refined with the distilled weights when the studio has them).",
    )
    quality: Quality | None = Field(
        None,
        description="Video modes: draft (distilled 8-step schedule, no guidance), standard (two-stage, text-to-video) "
        "or final (full recipe); omitted: the shot's, else the project's default_quality.",
    )
    loras: list[LoraChoice] | None = Field(
        None, max_length=8, description="LoRAs (GET /loras) at strengths; omitted: the shot's ([] for none)."
    )
    camera: Camera | None = Field(None, description="A camera move (video modes); omitted: the shot's.")
    control: ControlChoice | None = Field(
        None, description="t2v/i2v/keyframes: a clip that guides the shot through the IC-LoRA; omitted: the shot's."
    )
    element_id: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="t2i/edit: attach the generated image to this element's reference images (a character sheet, "
        "a location plate) when the job completes.",
    )
    extend_seconds: float | None = Field(None, gt=0, le=600, description="extend: seconds of new video to add.")
    instruction: str | None = Field(None, max_length=2000, description="extend: what happens next, in plain words.")
    overlap_seconds: float = Field(1.0, ge=0.01, le=5, description="extend: overlap between chunks (handoff).")
    extend_result: Literal["replace", "new_shot"] = Field(
        "replace", description="extend: replace the shot's clip (undo: PATCH take) or add a new shot after it."
    )
    lock_prompt: bool = Field(False, description="extend: use the shot's prompt verbatim for every chunk.")
    handoff: Literal["latent", "pixel"] = Field(
        "latent", description="extend: continue from the previous chunk's latents, or (baseline) its decoded frames."
    )
    start_frame: int | None = Field(
        None, ge=0, le=100_000, description="retake: first frame to regenerate (of the current take, 0-based)."
    )
    end_frame: int | None = Field(None, ge=0, le=100_000, description="retake: last frame to regenerate (inclusive).")
    regenerate_video: bool = Field(True, description="retake: regenerate the picture in the range.")
    regenerate_audio: bool = Field(True, description="retake: regenerate the sound in the range.")
    prompt: Prompt | None = None
    negative_prompt: Prompt | None = None
    width: Dimension | None = None
    height: Dimension | None = None
    num_frames: NumFrames | None = None
    fps: Fps | None = None
    seed: Seed | None = None
    num_inference_steps: Steps | None = None
    guidance_scale: Guidance | None = None


class GenerateAccepted(BaseModel):
    job_id: str
    status: JobStatus


class JobRead(BaseModel):
    id: str
    project_id: str
    shot_id: str | None
    kind: str
    status: JobStatus
    progress: float
    cancel_requested: bool = Field(
        False, description="Cancel was asked for: the job stops at its next safe point (after a model load, a step)."
    )
    stage: str | None
    error: str | None
    request: dict[str, Any]
    result: dict[str, Any] | None
    batch_id: str | None = None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
