"""A job's model with the job's LoRAs on it (the request's ``loras``, checked when it was queued), bare again after."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from backend.worker.context import JobContext


@contextmanager
def model_with_loras(ctx: JobContext, role: str) -> Iterator[Any]:
    from backend.models.families import test_lora_folders
    from backend.models.loras.apply import Applied, loras_applied
    from backend.models.loras.library import locate

    chosen = ctx.job.request.get("loras") or []
    folders = [
        *ctx.settings.lora_folders,
        *test_lora_folders(ctx.models.source("video"), ctx.models.is_test_model("video")),
    ]
    with ctx.models.use(role) as pipeline:
        applied = []
        for lora in chosen:
            # Found by id on this machine's folders: a worker elsewhere may mount them at another path.
            path = locate(ctx.settings.loras_dir, folders, lora["id"])
            if path is None:
                raise ValueError(f"LoRA {lora['name']} is no longer in the library; put it back or generate without it")
            applied.append(Applied(lora["id"], path, _first_strength(lora)))
        with loras_applied(pipeline, applied):
            yield pipeline


@contextmanager
def video_model(ctx: JobContext) -> Iterator[Any]:
    """LTX-2 with the job's LoRAs, and the job's quality preset's schedule (a draft's sigmas as given)."""
    from backend.models.ltx2.presets import preset_schedule

    with model_with_loras(ctx, "video") as pipeline, preset_schedule(pipeline, ctx.job.request):
        yield pipeline


def _first_strength(lora: dict[str, Any]) -> float:
    """A LoRA for the refine stage only (standard's distilled LoRA on base weights) is off until the refine."""
    return 0.0 if lora.get("stage") == "refine" else float(lora["strength"])


def switch_to_refine(pipeline: Any, chosen: list[dict[str, Any]]) -> None:
    """Before standard's refine: every LoRA of the job at its own strength, the refine-only ones included."""
    from backend.models.loras.apply import adapter_name

    if any(lora.get("stage") == "refine" for lora in chosen):
        pipeline.set_adapters(
            [adapter_name(lora["id"]) for lora in chosen], adapter_weights=[float(lora["strength"]) for lora in chosen]
        )
