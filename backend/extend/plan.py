"""The plan of a Smart Continue chain: chunk count and overlap, what each next chunk needs, when a chain resumes.

Plain data in, plain data out: the chain's row (plan + committed chunks) is kept by
``backend.services.extend_chains``, which asks this module what comes next.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Plan fields that must match for an interrupted chain to be resumed (prompts are derived, so not part of the key).
RESUME_KEY = (
    "base_video",
    "extend_seconds",
    "instruction",
    "overlap_latent",
    "chunk_frames",
    "width",
    "height",
    "fps",
    "seed",
    "num_inference_steps",
    "guidance_scale",
    "negative_prompt",
    "prompt",
    "lock_prompt",
    "handoff",
)


@dataclass(frozen=True)
class ChunkPlan:
    index: int  # 0-based
    total: int
    prompt: str
    seed: int
    previous_latents: Path | None  # the previous chunk's kept final latents (latent handoff), if any


def plan_chain(request: dict[str, Any], temporal_ratio: int) -> dict[str, Any]:
    """How many chunks of what length, overlapping by how much, to add ``extend_seconds`` to the clip.

    The overlap is counted in latent frames (what the handoff carries): about ``overlap_seconds`` of video, at least
    one latent frame, at most half the chunk.
    """
    fps, chunk_frames = float(request["fps"]), int(request["num_frames"])
    chunk_latents = (chunk_frames - 1) // temporal_ratio + 1
    overlap_latent = max(1, round(request["overlap_seconds"] * fps / temporal_ratio))
    # At most half the chunk: every chunk adds at least as much as it repeats (and diffusers' pixel conditioning
    # fails when the condition fills all but one latent frame).
    overlap_latent = min(overlap_latent, max(1, (chunk_latents - 1) // 2))
    overlap_frames = 1 + (overlap_latent - 1) * temporal_ratio
    new_per_chunk = chunk_frames - overlap_frames
    wanted = max(1, round(request["extend_seconds"] * fps))
    return {
        **{key: request.get(key) for key in RESUME_KEY},
        "chunk_frames": chunk_frames,
        "overlap_latent": overlap_latent,
        "overlap_frames": overlap_frames,
        "new_frames_per_chunk": new_per_chunk,
        "chunks": math.ceil(wanted / new_per_chunk),
        "temporal_ratio": temporal_ratio,
    }


def resumes(existing_plan: dict[str, Any], plan: dict[str, Any]) -> bool:
    """Whether an interrupted chain with ``existing_plan`` can be resumed for a request planned as ``plan``."""
    return all(existing_plan.get(k) == plan.get(k) for k in (*RESUME_KEY, "chunks", "overlap_latent"))


def next_chunk(plan: dict[str, Any], chunks: list[dict[str, Any]], chain_dir: Path) -> ChunkPlan | None:
    """What the next chunk needs: its prompt, seed and the previous chunk's latents; ``None`` when done."""
    index = len(chunks)
    total = int(plan["chunks"])
    if index >= total:
        return None
    previous = Path(chain_dir / chunks[-1]["latents"]) if chunks else None
    return ChunkPlan(
        index=index,
        total=total,
        prompt=plan["prompts"][index],
        seed=int(plan["seed"]) + index,
        previous_latents=previous,
    )


def chunk_record(chunk: ChunkPlan, frames_file: str, latents_file: str, num_frames: int) -> dict[str, Any]:
    """The committed chunk as the chain keeps it (file names relative to the chain's folder)."""
    return {
        "index": chunk.index,
        "video": frames_file,
        "latents": latents_file,
        "prompt": chunk.prompt,
        "seed": chunk.seed,
        "num_frames": num_frames,
    }
