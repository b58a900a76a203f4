"""A job's model with the job's LoRAs on it (the request's ``loras``, checked when it was queued), bare again after."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from backend.worker.context import JobContext


@contextmanager
def model_with_loras(ctx: JobContext, role: str) -> Iterator[Any]:
    from backend.models.loras.apply import Applied, loras_applied
    from backend.models.loras.library import locate

    chosen = ctx.job.request.get("loras") or []
    with ctx.models.use(role) as pipeline:
        applied = []
        for lora in chosen:
            # Found by id on this machine's folders: a worker elsewhere may mount them at another path.
            path = locate(ctx.settings.loras_dir, ctx.settings.lora_folders, lora["id"])
            if path is None:
                raise ValueError(f"LoRA {lora['name']} is no longer in the library; put it back or generate without it")
            applied.append(Applied(lora["id"], path, float(lora["strength"])))
        with loras_applied(pipeline, applied):
            yield pipeline
