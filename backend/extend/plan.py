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


#: One chunk is at most this long: LTX-2's native clip length (121 frames at 24 fps), not the shot's own length, so
#: "+2 s" on a 9-frame shot is one chunk, not eight.
CHUNK_SECONDS = 5.0


def model_frames(frames: int, temporal_ratio: int) -> int:
    """The smallest frame count of at least ``frames`` that the model generates: ``temporal_ratio * k + 1``, k >= 1
    (LTX-2's 8k+1 rule)."""
    return 1 + max(1, -(-(frames - 1) // temporal_ratio)) * temporal_ratio


def native_chunk_frames(fps: float, temporal_ratio: int) -> int:
    """About :data:`CHUNK_SECONDS` of video at ``fps``, on the model's frame rule (121 at 24 fps for LTX-2)."""
    return 1 + max(1, round(CHUNK_SECONDS * fps / temporal_ratio)) * temporal_ratio


def _overlap_latent(request: dict[str, Any], chunk_frames: int, temporal_ratio: int) -> int:
    """About ``overlap_seconds`` in latent frames, at least one, at most half the chunk: every chunk adds at least as
    much as it repeats (and diffusers' pixel conditioning fails when the condition fills all but one latent frame).
    Nor all of the clip being extended (``base_frames``): the first chunk repeats the clip's tail, and the stitch
    keeps at least one frame of the clip before it."""
    chunk_latents = (chunk_frames - 1) // temporal_ratio + 1
    wanted = max(1, round(request["overlap_seconds"] * float(request["fps"]) / temporal_ratio))
    base = request.get("base_frames")
    if base is not None:
        wanted = min(wanted, max(1, (int(base) - 2) // temporal_ratio + 1))
    return min(wanted, max(1, (chunk_latents - 1) // 2))


def plan_chain(request: dict[str, Any], temporal_ratio: int) -> dict[str, Any]:
    """How many chunks of what length, overlapping by how much, to add ``extend_seconds`` to the clip.

    As few chunks as native-length chunks need; the new frames are then shared evenly, so every chunk has the same
    length, the shortest on the model's frame rule that carries its share: the chain adds what was asked for (rounded
    up to the frame rule), never up to a whole extra native chunk. The shot's own length plays no part.
    """
    fps = float(request["fps"])
    wanted = max(1, round(request["extend_seconds"] * fps))
    native = native_chunk_frames(fps, temporal_ratio)
    overlap_latent = _overlap_latent(request, native, temporal_ratio)
    overlap_frames = 1 + (overlap_latent - 1) * temporal_ratio
    chunks = math.ceil(wanted / (native - overlap_frames))
    share = math.ceil(wanted / chunks)
    chunk_frames = native
    while True:  # a shorter chunk may cap the overlap lower, which shortens the chunk again; both only shrink
        shorter = min(native, model_frames(share + overlap_frames, temporal_ratio))
        overlap_latent = _overlap_latent(request, shorter, temporal_ratio)
        overlap_frames = 1 + (overlap_latent - 1) * temporal_ratio
        if shorter == chunk_frames:
            break
        chunk_frames = shorter
    return {
        **{key: request.get(key) for key in RESUME_KEY},
        "chunk_frames": chunk_frames,
        "overlap_latent": overlap_latent,
        "overlap_frames": overlap_frames,
        "new_frames_per_chunk": chunk_frames - overlap_frames,
        "chunks": chunks,
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
