"""Plumbing shared by the FLUX.2 adapters: per-model call arguments, validation, and progress callbacks.

Callbacks, as in :mod:`backend.models.ltx2.text_to_video`:

* ``on_step(step, total)`` runs after each denoising step (1-based; ``total`` is the number of steps the pipeline
  really runs, which for in-painting is ``num_inference_steps`` scaled by ``strength``). It is called from the
  pipeline's ``callback_on_step_end``, which diffusers runs with no exception handling around it, so an exception
  raised there (the worker's "job was cancelled" signal) leaves the pipeline before the next step and propagates
  to the caller. Nothing is decoded for a cancelled job.
* ``on_stage(name)`` announces ``"text_encoding"`` (before the call; it also covers VAE-encoding reference and
  in-painting images, which the pipeline does before denoising), ``"denoising"`` (first transformer call) and
  ``"decoding"`` (after the last step's callback).
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from PIL import Image

from backend.models.flux2.results import image_to_uint8

#: The pipelines' own default ``max_sequence_length``; a tokenizer with a smaller ``model_max_length`` (the tiny
#: test model's is 64) lowers it.
DEFAULT_MAX_SEQUENCE_LENGTH = 512
#: Image sides must be multiples of this (the real VAE's 8x compression x the 2x2 latent packing), or of the
#: pipeline's own multiple if that is larger.
SIZE_MULTIPLE = 16
#: What the FLUX.2 pipelines accept as a reference image (``Flux2ImageProcessor.check_image_input``).
MIN_REFERENCE_SIDE = 64
MAX_REFERENCE_ASPECT = 8
#: Images with more pixels than this are resized by the pipelines before encoding.
MAX_CONDITION_AREA = 1024 * 1024

StepCallback = Callable[[int, int], None]
StageCallback = Callable[[str], None]


def size_multiple(pipe: Any) -> int:
    return max(SIZE_MULTIPLE, 2 * int(pipe.vae_scale_factor))


def text_encoder_out_layers(pipe: Any) -> tuple[int, ...]:
    """Which text-encoder hidden states ``pipe`` should stack for this model; see :func:`stacked_text_layers`."""
    text_config = pipe.text_encoder.config.get_text_config()
    return stacked_text_layers(
        type(pipe),
        num_layers=int(text_config.num_hidden_layers),
        text_hidden_size=int(text_config.hidden_size),
        joint_attention_dim=int(pipe.transformer.config.joint_attention_dim),
    )


def stacked_text_layers(
    pipeline_class: type, *, num_layers: int, text_hidden_size: int, joint_attention_dim: int
) -> tuple[int, ...]:
    """The ``text_encoder_out_layers`` argument for a model with these config values.

    The transformer's ``joint_attention_dim`` is the text hidden size times the number of stacked layers, so the
    count follows from the configs. The pipeline class's own default (Klein: 9, 18, 27 of Qwen3's 36 layers; dev:
    10, 20, 30 of Mistral's 40) is used whenever it fits; otherwise (the tiny test model) the layers are spread
    the same way, at ``i * L // (k + 1)`` for ``i = 1..k``, which reproduces both defaults.
    """
    if joint_attention_dim % text_hidden_size:
        raise ValueError(
            f"transformer joint_attention_dim {joint_attention_dim} is not a multiple of the text encoder's "
            f"hidden size {text_hidden_size}"
        )
    count = joint_attention_dim // text_hidden_size
    if not 1 <= count <= num_layers:
        raise ValueError(f"the transformer expects {count} stacked text layers but the text encoder has {num_layers}")
    default = inspect.signature(pipeline_class.__call__).parameters["text_encoder_out_layers"].default
    if len(default) == count and all(1 <= index <= num_layers for index in default):
        return tuple(int(index) for index in default)
    return tuple(i * num_layers // (count + 1) for i in range(1, count + 1))


def max_sequence_length(pipe: Any) -> int:
    tokenizer = getattr(pipe, "tokenizer", None)
    limit = getattr(tokenizer, "model_max_length", None)
    if not isinstance(limit, int):  # FLUX.2 [dev] has a processor wrapping the tokenizer
        limit = getattr(getattr(tokenizer, "tokenizer", None), "model_max_length", None)
    if isinstance(limit, int) and limit > 0:
        return min(DEFAULT_MAX_SEQUENCE_LENGTH, limit)
    return DEFAULT_MAX_SEQUENCE_LENGTH


def model_kwargs(pipe: Any) -> dict[str, Any]:
    """The per-model call arguments every adapter passes (and the tests pass to direct calls)."""
    return {"max_sequence_length": max_sequence_length(pipe), "text_encoder_out_layers": text_encoder_out_layers(pipe)}


def validate_common(prompt: object, seed: object, num_inference_steps: object, guidance_scale: object) -> None:
    if not isinstance(prompt, str):
        raise ValueError(f"prompt must be a string, got {type(prompt).__name__}")
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**64:
        raise ValueError(f"seed must be an integer in [0, 2**64), got {seed!r}")
    if not isinstance(num_inference_steps, int) or num_inference_steps < 1:
        raise ValueError(f"num_inference_steps must be an integer >= 1, got {num_inference_steps!r}")
    if not isinstance(guidance_scale, (int, float)) or not math.isfinite(guidance_scale) or guidance_scale < 0:
        raise ValueError(f"guidance_scale must be a finite number >= 0, got {guidance_scale!r}")


def validate_size(pipe: Any, width: object, height: object, what: str = "width and height") -> None:
    multiple = size_multiple(pipe)
    for value in (width, height):
        if not isinstance(value, int) or value <= 0 or value % multiple:
            raise ValueError(f"{what} must be positive multiples of {multiple}, got {width}x{height}")


def check_rgb(array: object, name: str) -> np.ndarray:
    if not isinstance(array, np.ndarray) or array.dtype != np.uint8 or array.ndim != 3 or array.shape[2] != 3:
        shape = getattr(array, "shape", None)
        dtype = getattr(array, "dtype", type(array).__name__)
        raise ValueError(f"{name} must be a uint8 array of shape (H, W, 3), got {dtype} {shape}")
    return array


def to_pil_rgb(array: np.ndarray) -> Image.Image:
    return Image.fromarray(np.ascontiguousarray(array), mode="RGB")


def run_pipeline(
    pipe: Any,
    call_kwargs: dict[str, Any],
    seed: int,
    on_step: StepCallback | None,
    on_stage: StageCallback | None,
) -> np.ndarray:
    """Call ``pipe`` with ``call_kwargs`` plus the generator, callbacks and per-model arguments; uint8 image."""
    device = pipe._execution_device

    def step_end(_pipe: Any, index: int, _timestep: Any, tensors: dict[str, Any]) -> dict[str, Any]:
        step, total = index + 1, int(_pipe.num_timesteps)
        if on_step is not None:
            on_step(step, total)  # may raise: that aborts the generation here
        if step == total and on_stage is not None:
            on_stage("decoding")
        return tensors

    hook = None
    if on_stage is not None:
        announced = False

        def announce_denoising(_module: torch.nn.Module, _args: Any) -> None:
            nonlocal announced
            if not announced:  # only the first transformer call marks the stage change
                announced = True
                on_stage("denoising")

        on_stage("text_encoding")
        hook = pipe.transformer.register_forward_pre_hook(announce_denoising)

    try:
        (images,) = pipe(
            **call_kwargs,
            **model_kwargs(pipe),
            generator=torch.Generator(device).manual_seed(seed),
            output_type="np",
            return_dict=False,
            callback_on_step_end=step_end,
        )
    finally:
        if hook is not None:
            hook.remove()
    return image_to_uint8(images[0])
