"""Quality presets on LTX-2 (docs/quality.md): the distilled schedules, "no guidance", and the scheduler that takes a
distilled schedule as given.

* **draft**: Lightricks' distilled 8-sigma schedule, one transformer pass per step (no CFG, STG or modality
  guidance), from the distilled checkpoint or the base weights with the distilled LoRA.
* **standard**: two-stage (``upscale.py``): half size with the request's guidance, 2x latent upsample, then the
  3-sigma distilled refine at full size without guidance (with the distilled LoRA on base weights).
* **final**: full size, the request's steps and the full guidance recipe.

The distilled sigmas are the schedule the distilled weights were trained on: they must reach the scheduler as they
are. A checkpoint's ``FlowMatchEulerDiscreteScheduler`` may be configured with resolution-dependent shifting
(``use_dynamic_shifting``) and a terminal stretch, which would bend them; :func:`sigmas_as_given` runs a block with a
copy of the scheduler that has both off (what diffusers' own LTX-2 two-stage example does for its stage 2).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from typing import Any

from diffusers import FlowMatchEulerDiscreteScheduler
from diffusers.pipelines.ltx2.utils import DISTILLED_SIGMA_VALUES, STAGE_2_DISTILLED_SIGMA_VALUES

__all__ = [
    "DRAFT_SIGMAS",
    "NO_GUIDANCE",
    "REFINE_SIGMAS",
    "draft_kwargs",
    "preset_schedule",
    "schedule_length",
    "sigmas_as_given",
]

#: The draft schedule (diffusers' copy of Lightricks' distilled constants): 8 steps.
DRAFT_SIGMAS: tuple[float, ...] = tuple(DISTILLED_SIGMA_VALUES)
#: The distilled refine after the 2x latent upsample (standard's stage 2): 3 steps.
REFINE_SIGMAS: tuple[float, ...] = tuple(STAGE_2_DISTILLED_SIGMA_VALUES)

#: Every guidance pass off, video and audio (``guidance_scale=1`` alone does not turn the pipeline's audio CFG, STG
#: and modality guidance off: each scale has its own neutral value).
NO_GUIDANCE: dict[str, Any] = {
    "guidance_scale": 1.0,
    "guidance_rescale": 0.0,
    "stg_scale": 0.0,
    "modality_scale": 1.0,
    "audio_guidance_scale": 1.0,
    "audio_guidance_rescale": 0.0,
    "audio_stg_scale": 0.0,
    "audio_modality_scale": 1.0,
}


def draft_kwargs() -> dict[str, Any]:
    """Pipeline arguments of a draft (besides ``guidance_scale=1`` and 8 steps, which the request carries)."""
    return {**{k: v for k, v in NO_GUIDANCE.items() if k != "guidance_scale"}, "sigmas": list(DRAFT_SIGMAS)}


def schedule_length(request: Mapping[str, Any]) -> int:
    """Denoising steps the job runs, stages together (what its progress counts to)."""
    steps = int(request.get("num_inference_steps") or 0)
    if request.get("quality") == "standard" or request.get("upscale"):
        return steps + len(REFINE_SIGMAS)
    return steps


@contextmanager
def sigmas_as_given(pipe: Any) -> Iterator[None]:
    """Run the block with ``pipe``'s scheduler replaced by a copy that uses custom sigmas verbatim; restored after.

    Pipelines built over ``pipe``'s components (``variants.shared_variant``) see the copy too: a replaced component
    makes them rebuild on their next use.
    """
    original = pipe.scheduler
    pipe.scheduler = FlowMatchEulerDiscreteScheduler.from_config(
        original.config, use_dynamic_shifting=False, shift_terminal=None
    )
    try:
        yield
    finally:
        pipe.scheduler = original


def preset_schedule(pipe: Any, request: Mapping[str, Any]) -> Any:
    """The context a job's whole generation runs in: a draft's sigmas reach the scheduler as given (standard's
    stages take care of their own in ``upscale.py``); any other preset runs with the scheduler as loaded."""
    return sigmas_as_given(pipe) if request.get("quality") == "draft" else nullcontext()
