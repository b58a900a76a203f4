"""GPU check of the studio's own memory-plan path (the lent H200, `device` tool): the ModelManager loads the tiny
LTX-2 test model under each plan forced by ``MILIMO_VIDEO_MEMORY_PLAN`` — resident (compiled), FP8 row-wise
(compiled), streamed (group offloading with CUDA streams from a pinned arena) — generates a clip with
``text_to_video`` and compares it with an eager resident one; then parks the FP8 model behind FLUX.2 and brings it
back. What ``bench/gpu_memory.py`` measures on the full-size transformer, through the manager's wiring here.

    python bench/gpu_memory_plans.py        # one GPU, about a minute after the imports (on a CPU: the same flow,
                                            # FP8 weight-only, no compile, nothing pinned)
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import traceback
from pathlib import Path

import numpy as np
import torch

from backend.config import Settings
from backend.models.ltx2 import TextToVideoRequest, text_to_video
from backend.models.manager import ModelManager
from backend.models.memory.activations import JobShape
from backend.models.memory.fp8 import fp8_layer_count
from backend.models.tiny.ltx2 import TEXT_MAX_SEQUENCE_LENGTH

SHAPE = JobShape(128, 128, 17)
REQUEST = TextToVideoRequest(
    prompt="a lighthouse at dusk", width=128, height=128, num_frames=17, seed=3, num_inference_steps=3
)
KWARGS = {"max_sequence_length": TEXT_MAX_SEQUENCE_LENGTH}


def main() -> None:
    out = Path(os.environ.get("OUT", "bench/results"))
    out.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="milimo-plans-"))
    ModelManager(Settings(data_dir=data)).ensure_test_models()
    results: dict[str, object] = {"device": torch.cuda.get_device_name() if torch.cuda.is_available() else "cpu"}

    def generate(models: ModelManager) -> tuple[np.ndarray, float]:
        started = time.perf_counter()
        with models.use("video", shape=SHAPE) as pipe:
            clip = text_to_video(pipe, REQUEST, pipeline_kwargs=KWARGS)
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        return clip.frames, time.perf_counter() - started

    reference = None
    for plan, compile_setting in (("resident", "off"), ("resident", "auto"), ("fp8", "auto"), ("streamed", "auto")):
        key = f"{plan}_compile_{compile_setting}"
        try:
            models = ModelManager(
                Settings(data_dir=data, video_memory_plan=plan, compile=compile_setting, vram_budget_gb=100.0)
            )
            first, first_s = generate(models)
            second, second_s = generate(models)
            if reference is None:
                reference = first
            row = next(s for s in models.status() if s.role == "video")
            with models.use("video") as pipe:
                fp8_layers = fp8_layer_count(pipe.transformer)
            results[key] = {
                "memory_plan": models.memory_plan("video"),
                "placement": row.placement,
                "weight_dtype": row.weight_dtype,
                "memory_bytes": row.memory_bytes,
                "card_free_bytes": models.card_free_bytes(),
                "fp8_layers": fp8_layers,
                "first_job_s": round(first_s, 2),
                "second_job_s": round(second_s, 2),
                "same_frames_both_jobs": bool(np.array_equal(first, second)),
                "mean_abs_diff_vs_resident_eager": float(
                    np.abs(first.astype(np.int16) - reference.astype(np.int16)).mean()
                ),
            }
            if plan == "fp8":
                # Parked to pinned host memory (as when another family needs the room), then back for a job.
                models._evict(models._families["ltx2"])  # noqa: SLF001 - the manager's own swap-out
                parked = next(s for s in models.status() if s.role == "video").placement
                again, _ = generate(models)
                results[f"{key}_park"] = {
                    "placement_when_parked": parked,
                    "swaps": [{k: v for k, v in s.items() if k != "bytes"} for s in models.swap_log],
                    "same_frames_after_park": bool(np.array_equal(again, first)),
                }
            del models
        except Exception as error:  # noqa: BLE001 - one plan's failure must not hide the others
            traceback.print_exc()
            results[key] = {"error": f"{type(error).__name__}: {str(error)[:500]}"}
        print(key, json.dumps(results.get(key)), flush=True)
        (out / "gpu_memory_plans.json").write_text(json.dumps(results, indent=1, default=str))
        torch._dynamo.reset()
        if torch.cuda.is_available():
            torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
