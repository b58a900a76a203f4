"""Projects and what they contain: scenes, shots, elements, assets."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from backend.schemas.control import ControlChoice
from backend.schemas.fields import Dimension, Fps, Guidance, Name, NumFrames, Prompt, Quality, Seed, Steps, Version
from backend.schemas.guidance import FollowSound, GuidanceSettings
from backend.schemas.loras import Camera, LoraChoice
from backend.schemas.segmentation import ShotMaskRead
from backend.schemas.timeline import ClipRead, TrackRead


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- projects --------------------------------------------------------------------------------------------------


class ProjectCreate(_Strict):
    name: Name
    width: Dimension = 768
    height: Dimension = 512
    fps: Fps = 24.0
    seed: Seed = 42
    default_quality: Quality = Field("final", description="The quality preset of shots that do not choose one.")
    settings: dict[str, Any] = Field(default_factory=dict)


class ProjectUpdate(_Strict):
    version: Version
    name: Name | None = None
    width: Dimension | None = None
    height: Dimension | None = None
    fps: Fps | None = None
    seed: Seed | None = None
    default_quality: Quality | None = None
    settings: dict[str, Any] | None = None


class ProjectSummary(BaseModel):
    id: str
    name: str
    width: int
    height: int
    fps: float
    seed: int
    default_quality: Quality = "final"
    settings: dict[str, Any]
    version: int
    created_at: datetime
    updated_at: datetime
    shot_count: int = 0
    thumbnail_url: str | None = None


# --- scenes ----------------------------------------------------------------------------------------------------


class SceneCreate(_Strict):
    heading: Prompt = ""
    location: Prompt = ""
    time_of_day: Prompt = ""
    synopsis: Prompt = ""
    index: int | None = Field(None, ge=0, description="Position; appended at the end when omitted.")


class SceneUpdate(_Strict):
    version: Version
    heading: Prompt | None = None
    location: Prompt | None = None
    time_of_day: Prompt | None = None
    synopsis: Prompt | None = None
    index: int | None = Field(None, ge=0)


class SceneRead(BaseModel):
    id: str
    project_id: str
    index: int
    heading: str
    location: str
    time_of_day: str
    synopsis: str
    version: int


# --- shots -----------------------------------------------------------------------------------------------------

ShotStatus = Literal["draft", "queued", "generating", "ready", "failed"]


class ConditioningItem(_Strict):
    asset_id: str = Field(min_length=1, max_length=64)
    frame: int = Field(0, ge=0)
    strength: float = Field(1.0, ge=0, le=1)


class ShotCreate(_Strict, GuidanceSettings, FollowSound):
    prompt: Prompt = ""
    negative_prompt: Prompt = ""
    scene_id: str | None = Field(None, max_length=64)
    num_frames: NumFrames | None = None
    width: Dimension | None = None
    height: Dimension | None = None
    fps: Fps | None = None
    seed: Seed | None = None
    num_inference_steps: Steps = 40
    guidance_scale: Guidance = 4.0
    quality: Quality | None = Field(None, description="Quality preset; null: the project's default_quality.")
    loras: list[LoraChoice] = Field(default_factory=list, max_length=8, description="LoRAs of the shot (GET /loras).")
    camera: Camera | None = Field(None, description="A camera move: applies its camera-control LoRA from the library.")
    control: ControlChoice | None = Field(None, description="A clip that guides the shot (IC-LoRA control video).")
    index: int | None = Field(None, ge=0, description="Position; appended at the end when omitted.")


class ShotUpdate(_Strict, GuidanceSettings, FollowSound):
    version: Version
    prompt: Prompt | None = None
    negative_prompt: Prompt | None = None
    scene_id: str | None = Field(None, max_length=64)
    num_frames: NumFrames | None = None
    width: Dimension | None = None
    height: Dimension | None = None
    fps: Fps | None = None
    seed: Seed | None = None
    num_inference_steps: Steps | None = None
    guidance_scale: Guidance | None = None
    quality: Quality | None = Field(None, description="Quality preset (null: the project's default_quality).")
    conditioning: list[ConditioningItem] | None = Field(None, max_length=64)
    params: dict[str, Any] | None = None
    index: int | None = Field(None, ge=0)
    take: str | None = Field(
        None, max_length=64, description="Make this take (the job id in params.takes) the shot's current clip."
    )
    frame_asset_id: str | None = Field(
        None,
        max_length=64,
        description="The shot's storyboard frame: an image asset of the project (a concept frame candidate or an "
        "upload); its video starts from it (image-to-video). null clears it.",
    )
    pin_element_refs: bool | None = Field(
        None,
        description="Pin the first reference image of the shot's elements at frame 0 of its video (the behaviour "
        "before storyboard frames) instead of starting from the storyboard frame.",
    )
    loras: list[LoraChoice] | None = Field(None, max_length=8, description="LoRAs of the shot ([] clears them).")
    camera: Camera | None = Field(None, description="A camera move (null: none).")
    control: ControlChoice | None = Field(None, description="A clip that guides the shot (null: none).")


class ShotRead(BaseModel):
    id: str
    project_id: str
    scene_id: str | None
    index: int
    prompt: str
    negative_prompt: str
    seed: int
    width: int
    height: int
    num_frames: int
    fps: float
    num_inference_steps: int
    guidance_scale: float
    quality: Quality | None = Field(None, description="The shot's preset; null: the project's default_quality.")
    stg_scale: float | None = None
    modality_scale: float | None = None
    guidance_rescale: float | None = None
    audio_guidance_scale: float | None = None
    audio_stg_scale: float | None = None
    audio_modality_scale: float | None = None
    audio_guidance_rescale: float | None = None
    stg_blocks: list[int] | None = None
    audio_asset_id: str | None = None
    duration_from_audio: bool = False
    frame_asset_id: str | None = Field(None, description="The storyboard frame: the first frame of the shot's video.")
    pin_element_refs: bool = Field(False, description="Elements' references pinned at frame 0 instead of the frame.")
    loras: list[LoraChoice] = Field(default_factory=list, description="LoRAs of the shot; each take records its own.")
    camera: Camera | None = None
    control: ControlChoice | None = None
    params: dict[str, Any]
    conditioning: list[dict[str, Any]]
    status: ShotStatus
    video_url: str | None
    thumbnail_url: str | None
    image_url: str | None
    clip_frames: int | None = Field(
        None, description="Frames of the clip the shot plays now (longer after an extension)."
    )
    last_job_id: str | None
    version: int
    updated_at: datetime


# --- elements --------------------------------------------------------------------------------------------------

ElementType = Literal["character", "location", "object", "style"]


class ElementCreate(_Strict):
    name: Name
    trigger: str | None = Field(
        None, pattern=r"^@?[A-Za-z][A-Za-z0-9_]{0,63}$", description="`@Hero`; derived from the name when omitted."
    )
    element_type: ElementType = "character"
    description: Prompt = ""
    reference_asset_ids: list[str] = Field(default_factory=list, max_length=16)


class ElementUpdate(_Strict):
    version: Version
    name: Name | None = None
    trigger: str | None = Field(None, pattern=r"^@?[A-Za-z][A-Za-z0-9_]{0,63}$")
    element_type: ElementType | None = None
    description: Prompt | None = None
    reference_asset_ids: list[str] | None = Field(None, max_length=16)


class ElementRead(BaseModel):
    id: str
    project_id: str
    name: str
    trigger: str
    element_type: str
    description: str
    reference_asset_ids: list[str]
    version: int


# --- assets ----------------------------------------------------------------------------------------------------

AssetKind = Literal["image", "video", "audio"]


class AssetRead(BaseModel):
    id: str
    project_id: str
    kind: AssetKind
    url: str
    original_name: str
    mime_type: str
    size_bytes: int
    width: int | None
    height: int | None
    duration_s: float | None
    has_audio: bool | None = Field(None, description="A video with a sound track (null: not known).")
    origin: Literal["upload", "generated", "frame", "mask", "concept", "control"] = Field(
        description="upload; generated (a still job); frame (grabbed from a shot's clip); mask (cut by SAM 3); "
        "concept (a storyboard concept frame of ``source_shot_id``); control (the guide clip, edges/depth/pose, "
        "that guided job ``job_id`` of shot ``source_shot_id``)."
    )
    job_id: str | None
    source_shot_id: str | None = Field(
        None, description="For a frame grabbed from a shot (or a mask cut from one), or a shot's concept frame."
    )
    source_frame: int | None = Field(None, description="Which frame of that shot's clip, 0-based.")
    created_at: datetime


# --- the whole project -----------------------------------------------------------------------------------------


class ProjectState(ProjectSummary):
    """Everything the editor needs, in one response."""

    scenes: list[SceneRead]
    shots: list[ShotRead]
    elements: list[ElementRead]
    assets: list[AssetRead]
    masks: list[ShotMaskRead] = Field(default_factory=list, description="Objects tracked through shots (SAM 3).")
    tracks: list[TrackRead] = Field(default_factory=list, description="Timeline tracks: video, then audio, by index.")
    clips: list[ClipRead] = Field(default_factory=list, description="Timeline clips, by track and start frame.")
