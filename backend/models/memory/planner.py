"""The memory plan of one model on one card, chosen before a job starts: a pure function of the numbers.

* ``resident``: bf16 weights on the card (the text encoder too when it fits; else it is streamed: it runs once per job
  and leaves the card before the transformer needs it);
* ``fp8``: the transformer's block Linears in FP8 (row-wise FP8 matmuls where the card has them, compute capability
  8.9+; FP8 storage with bf16 matmuls elsewhere), resident; the text encoder resident in bf16, else in FP8, else
  streamed;
* ``streamed``: bf16 weights in host memory, the transformer's blocks brought to the card one at a time (diffusers'
  group offloading with a CUDA stream prefetching the next block), the text encoder likewise; the VAE decodes in
  chunks of frames only when decoding a whole tile at once would not fit;
* ``refuse``: not even streaming fits: "needs N GB, the card has M free", and what to do about it.

``auto`` takes the first that fits in that order (exact before approximate, resident before streamed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from backend.models.memory.budget import gb
from backend.models.memory.weights import ComponentWeights

PlanName = Literal["resident", "fp8", "streamed", "refuse"]
Requested = Literal["auto", "resident", "fp8", "streamed"]

#: Streaming holds the block running, the one prefetched on the copy stream, and one being released (record_stream).
STREAM_BLOCKS = 3


@dataclass(frozen=True)
class PlanInputs:
    free_bytes: int  # what this model may take on the card now (budget.available_bytes)
    transformer: ComponentWeights
    text_encoder: ComponentWeights | None
    other_bytes: int  # VAEs, connectors, vocoder: small, always resident
    activation_bytes: int  # the job shape's reserve (activations.activation_bytes)
    fp8_matmul: bool  # the card runs FP8 matmuls (compute capability >= 8.9)
    tight_activation_bytes: int | None = None  # the same with the VAE decoding in chunks of frames (streamed plans)
    requested: Requested = "auto"
    loaded_dtype: str = "bf16"  # what the weights are as loaded: bf16 on a GPU, fp32 on the CPU
    sam_bytes: int = 0  # what the SAM service holds or will hold (named in the refusal)
    setting: str = "MILIMO_VIDEO_MEMORY_PLAN"  # the override's name (named in a refusal of a forced plan)


@dataclass(frozen=True)
class MemoryPlan:
    name: PlanName
    weight_dtype: str  # the transformer's weights: bf16 | fp32 | fp8
    fp8_mode: str | None  # rowwise | weight_only (fp8 plans)
    text_encoder: str | None  # resident | fp8 | streamed (None: the model has none)
    tiled_decode: bool  # the VAE decodes frames in chunks (a streamed plan on a tight card)
    device_bytes: int  # what the plan keeps on the card between jobs
    needed_bytes: int  # what a job needs on the card at its peak
    free_bytes: int
    message: str | None = None  # the refusal

    @property
    def placement(self) -> str:
        return "streamed" if self.name == "streamed" else "resident"


def _text_encoder_options(text: ComponentWeights | None, allow_fp8: bool) -> list[tuple[str, int, int]]:
    """(how, bytes kept on the card, bytes while it runs) for each way to hold the text encoder, best first."""
    if text is None:
        return [("none", 0, 0)]
    options = [("resident", text.loaded_bytes, 0)]
    if allow_fp8 and text.fp8_layers:
        options.append(("fp8", text.fp8_bytes, 0))
    options.append(("streamed", 0, STREAM_BLOCKS * text.largest_leaf_bytes))  # leaf by leaf
    return options


def _resident_plan(inputs: PlanInputs, name: PlanName, transformer_bytes: int) -> MemoryPlan | None:
    for how, kept, running in _text_encoder_options(inputs.text_encoder, allow_fp8=name == "fp8"):
        on_card = transformer_bytes + inputs.other_bytes + kept
        # The text encoder runs before denoising: its streamed working set and the activations never coexist.
        peak = on_card + max(inputs.activation_bytes, running)
        if peak <= inputs.free_bytes:
            return MemoryPlan(
                name=name,
                weight_dtype="fp8" if name == "fp8" else inputs.loaded_dtype,
                fp8_mode=("rowwise" if inputs.fp8_matmul else "weight_only") if name == "fp8" else None,
                text_encoder=None if how == "none" else how,
                tiled_decode=False,
                device_bytes=on_card,
                needed_bytes=peak,
                free_bytes=inputs.free_bytes,
            )
    return None


def _streamed_needs(inputs: PlanInputs, tight: bool) -> tuple[int, int, str | None]:
    transformer = inputs.transformer
    working = transformer.outside_blocks_bytes + STREAM_BLOCKS * transformer.largest_block_bytes
    text = inputs.text_encoder
    text_running = STREAM_BLOCKS * text.largest_leaf_bytes if text is not None else 0
    kept = inputs.other_bytes
    activations = inputs.activation_bytes
    if tight and inputs.tight_activation_bytes is not None:
        activations = inputs.tight_activation_bytes
    peak = kept + max(working + activations, text_running)
    return kept, peak, None if text is None else "streamed"


def _streamed_plan(inputs: PlanInputs) -> MemoryPlan | None:
    """Streamed, decoding all frames of a tile at once when that fits (exact: the resident plan's pixels), else in
    chunks of frames (pixels change slightly where chunks blend)."""
    if not inputs.transformer.streamable:
        return None
    for tight in (False, True):
        kept, peak, text = _streamed_needs(inputs, tight)
        if peak <= inputs.free_bytes:
            break
    else:
        return None
    return MemoryPlan(
        name="streamed",
        weight_dtype=inputs.loaded_dtype,
        fp8_mode=None,
        text_encoder=text,
        tiled_decode=tight,
        device_bytes=kept,
        needed_bytes=peak,
        free_bytes=inputs.free_bytes,
    )


def _least_needed(inputs: PlanInputs) -> int:
    if inputs.transformer.streamable:
        return _streamed_needs(inputs, tight=True)[1]
    return inputs.transformer.fp8_bytes + inputs.other_bytes + inputs.activation_bytes


def _refusal(inputs: PlanInputs, needed: int, forced: str | None) -> MemoryPlan:
    advice = []
    if forced is not None:
        advice.append(f"set {inputs.setting}=auto (it is '{forced}')")
    if inputs.sam_bytes:
        advice.append(f"stop the SAM service (it holds {gb(inputs.sam_bytes)})")
    advice.append("lower the resolution or the frame count")
    advice.append("close other programs using the GPU")
    what = f"the '{forced}' memory plan" if forced is not None else "this job"
    message = f"{what} needs {gb(needed)} of GPU memory, the card has {gb(inputs.free_bytes)} free: " + ", or ".join(
        advice
    )
    return MemoryPlan(
        name="refuse",
        weight_dtype=inputs.loaded_dtype,
        fp8_mode=None,
        text_encoder=None,
        tiled_decode=False,
        device_bytes=0,
        needed_bytes=needed,
        free_bytes=inputs.free_bytes,
        message=message,
    )


def plan_memory(inputs: PlanInputs) -> MemoryPlan:
    """Choose how the model runs on this card for this job's shape (see the module's docstring)."""
    transformer = inputs.transformer
    makers = {
        "resident": lambda: _resident_plan(inputs, "resident", transformer.loaded_bytes),
        "fp8": lambda: _resident_plan(inputs, "fp8", transformer.fp8_bytes) if transformer.fp8_layers else None,
        "streamed": lambda: _streamed_plan(inputs),
    }
    if inputs.requested != "auto":
        plan = makers[inputs.requested]()
        if plan is not None:
            return plan
        forced_need = {
            "resident": transformer.loaded_bytes + inputs.other_bytes + inputs.activation_bytes,
            "fp8": transformer.fp8_bytes + inputs.other_bytes + inputs.activation_bytes,
            "streamed": _least_needed(inputs),
        }[inputs.requested]
        return _refusal(inputs, forced_need, inputs.requested)
    for name in ("resident", "fp8", "streamed"):
        plan = makers[name]()
        if plan is not None:
            return plan
    return _refusal(inputs, _least_needed(inputs), None)
