"""Constrained field types shared by every request that describes a generation.

The bounds live in the schema so that they are documented in OpenAPI and rejected with a 422 that names the field.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field


def _frames_8k_plus_1(value: int) -> int:
    if (value - 1) % 8 != 0:
        below = value - ((value - 1) % 8)
        raise ValueError(
            f"num_frames must be of the form 8k+1 (LTX-2 compresses time by 8): use {below} or {below + 8}, not {value}"
        )
    return value


Dimension = Annotated[
    int, Field(ge=64, le=2048, multiple_of=32, description="Pixels; a multiple of 32 between 64 and 2048.")
]
NumFrames = Annotated[
    int,
    Field(ge=9, le=505, description="Frame count of the form 8k+1, 9 to 505."),
    AfterValidator(_frames_8k_plus_1),
]
Fps = Annotated[float, Field(ge=1, le=120, description="Frames per second.")]
Seed = Annotated[int, Field(ge=0, le=2**32 - 1, description="Random seed; same seed and settings, same result.")]
Steps = Annotated[int, Field(ge=1, le=200, description="Denoising steps.")]
Guidance = Annotated[float, Field(ge=0, le=30, description="Classifier-free guidance scale.")]
Prompt = Annotated[str, Field(max_length=4000)]
#: LTX-2 quality presets (docs/quality.md): draft = the distilled 8-step schedule without guidance; standard = two-stage
#: (half size with guidance, 2x latent upsample, short distilled refine); final = full size, the full guidance recipe.
Quality = Literal["draft", "standard", "final"]
QUALITIES: tuple[str, ...] = ("draft", "standard", "final")
Name = Annotated[str, Field(min_length=1, max_length=200)]
Version = Annotated[int, Field(ge=1, le=2**31, description="The version the client last saw (optimistic concurrency).")]

# LTX-2's guidance recipe, per modality. Absent (None): the pipeline's own default (diffusers 0.42.1, the LTX-2.3
# recipe), named in each description so the inspector can show it.
StgScale = Annotated[
    float,
    Field(ge=0, le=10, description="Spatio-temporal guidance: steers away from a perturbed pass (0 = off; default 1)."),
]
ModalityScale = Annotated[
    float,
    Field(
        ge=0, le=30, description="Modality guidance: how much picture and sound follow each other (1 = off; default 3)."
    ),
]
GuidanceRescale = Annotated[
    float,
    Field(ge=0, le=1, description="Rescale of the guided prediction against over-saturation (0 = off; default 0.7)."),
]
AudioGuidance = Annotated[
    float,
    Field(ge=0, le=30, description="Classifier-free guidance of the sound: prompt adherence (1 = off; default 7)."),
]
StgBlock = Annotated[int, Field(ge=0, le=255)]
StgBlocks = Annotated[
    list[StgBlock],
    Field(min_length=1, max_length=16, description="Transformer blocks STG perturbs (default [28]; 0-based)."),
]
