"""Load a FLUX.2 pipeline (real checkpoint or tiny test model) the one way the worker does it.

The folder's ``model_index.json`` names the pipeline class: ``Flux2KleinPipeline`` for FLUX.2 [klein] (Qwen3 text
encoder; text-to-image, reference editing and in-painting) or ``Flux2Pipeline`` for FLUX.2 [dev] (Mistral 3 text
encoder; text-to-image and reference editing, no in-painting in diffusers). Both the tiny test model and real
weights go through ``from_pretrained`` here.
"""

from __future__ import annotations

import os
from typing import Any

import torch
from diffusers import DiffusionPipeline, Flux2KleinInpaintPipeline, Flux2KleinPipeline, Flux2Pipeline

from backend.models.sources import resolve_source

__all__ = ["Flux2AnyPipeline", "inpaint_variant", "load_flux2_pipeline", "pipeline_class_for"]

#: What :func:`load_flux2_pipeline` returns.
Flux2AnyPipeline = Flux2KleinPipeline | Flux2Pipeline


def _resolve_source(source: str | os.PathLike[str]) -> str:
    return resolve_source(source, "model_index.json", "diffusers pipeline")


def pipeline_class_for(model_index: dict[str, Any]) -> type[Flux2AnyPipeline]:
    """The pipeline class for a ``model_index.json``: ``Flux2Pipeline`` for FLUX.2 [dev], else Klein.

    A missing ``_class_name`` and every Klein variant name (``Flux2KleinInpaintPipeline``, ...) load as
    ``Flux2KleinPipeline``, which shares their components; any non-FLUX.2 class is refused.
    """
    name = model_index.get("_class_name")
    if name == "Flux2Pipeline":
        return Flux2Pipeline
    if name is None or str(name).startswith("Flux2Klein"):
        return Flux2KleinPipeline
    raise ValueError(f"not a FLUX.2 pipeline: model_index.json names {name!r}")


def load_flux2_pipeline(
    source: str | os.PathLike[str], device: str | torch.device, dtype: torch.dtype
) -> Flux2AnyPipeline:
    """Load a FLUX.2 pipeline from a local folder or hub id, in ``dtype``, on ``device``.

    VAE tiling is switched on. diffusers decides per call: ``AutoencoderKLFlux2`` only tiles when an image side
    exceeds ``vae.config.sample_size`` (1024 px for the real VAE), so up to 1024x1024 the output is bit-identical
    to untiled decoding (the tests check it at the tiny model's sizes); above it tiling bounds the decoder's peak
    memory at the cost of slight differences near tile seams.

    The tqdm progress bar is disabled: progress is reported through the adapters' callbacks instead.
    """
    resolved = _resolve_source(source)
    pipeline_class = pipeline_class_for(DiffusionPipeline.load_config(resolved))
    pipe = pipeline_class.from_pretrained(resolved, dtype=dtype)
    pipe.to(device)
    if hasattr(pipe.vae, "enable_tiling"):
        pipe.vae.enable_tiling()
    pipe.set_progress_bar_config(disable=True)
    return pipe


def inpaint_variant(pipe: Flux2AnyPipeline | Flux2KleinInpaintPipeline) -> Flux2KleinInpaintPipeline:
    """A ``Flux2KleinInpaintPipeline`` on the very same modules as ``pipe`` (nothing is copied or moved).

    ``is_distilled`` is carried over explicitly: it is a pipeline config value, not a component, so
    ``pipe.components`` lacks it, and a step-distilled Klein would otherwise be run with classifier-free guidance.
    An in-painting pipeline is returned as it is.
    """
    if isinstance(pipe, Flux2KleinInpaintPipeline):
        return pipe
    if not isinstance(pipe, Flux2KleinPipeline):
        raise ValueError(
            "in-painting needs FLUX.2 Klein weights (Flux2KleinPipeline); "
            f"this model is {type(pipe).__name__} (FLUX.2 [dev]), which diffusers has no in-painting pipeline for"
        )
    variant = Flux2KleinInpaintPipeline(**pipe.components, is_distilled=bool(pipe.config.is_distilled))
    variant.set_progress_bar_config(**getattr(pipe, "_progress_bar_config", {}))
    return variant
