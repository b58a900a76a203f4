"""The guidance recipe and the sound a shot follows: fields shared by shots and generation requests."""

from __future__ import annotations

from pydantic import BaseModel, Field

from backend.schemas.fields import AudioGuidance, GuidanceRescale, ModalityScale, StgBlocks, StgScale

#: Guidance knobs beyond ``guidance_scale``, in the pipeline's own names; None = the pipeline's default.
GUIDANCE_FIELDS = (
    "stg_scale",
    "modality_scale",
    "guidance_rescale",
    "audio_guidance_scale",
    "audio_stg_scale",
    "audio_modality_scale",
    "audio_guidance_rescale",
    "stg_blocks",
)


class GuidanceSettings(BaseModel):
    """LTX-2's guidance beyond ``guidance_scale`` (video CFG), for video and sound separately."""

    stg_scale: StgScale | None = None
    modality_scale: ModalityScale | None = None
    guidance_rescale: GuidanceRescale | None = None
    audio_guidance_scale: AudioGuidance | None = None
    audio_stg_scale: StgScale | None = None
    audio_modality_scale: ModalityScale | None = None
    audio_guidance_rescale: GuidanceRescale | None = None
    stg_blocks: StgBlocks | None = None


class FollowSound(BaseModel):
    """Audio-to-video: the picture is generated to this audio asset's sound, which the clip then plays."""

    audio_asset_id: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="t2v/i2v: an audio asset of the project to generate the picture to.",
    )
    duration_from_audio: bool | None = Field(
        None, description="With audio_asset_id: the clip lasts as long as the sound (rounded up to 8k+1 frames)."
    )
