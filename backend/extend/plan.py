"""StoryboardManager: plans a Smart Continue chain chunk by chunk and records each committed chunk.

A chain's plan and its committed chunks live in the ``continuechain`` table; each chunk's clip and its final latents
live in ``<project>/workspace/chains/{chain_id}/``. So a chain cut short by a restart or a failed chunk resumes from
the last committed chunk when the same extension is asked for again, instead of starting over.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from backend.db.engine import session_scope
from backend.db.tables import ContinueChain, utcnow
from backend.storage.paths import ProjectStorage

# Plan fields that must match for an interrupted chain to be resumed (prompts are derived, so not part of the key).
RESUME_KEY = ("base_video", "extend_seconds", "instruction", "overlap_latent", "chunk_frames", "width", "height",
              "fps", "seed", "num_inference_steps", "guidance_scale", "negative_prompt", "prompt", "lock_prompt", "handoff")


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


class StoryboardManager:
    def __init__(self, engine: Engine, storage: ProjectStorage) -> None:
        self._engine = engine
        self._storage = storage

    def chain_dir(self, chain: ContinueChain) -> Path:
        path = self._storage.folder(chain.project_id, "workspace") / "chains" / chain.id
        path.mkdir(parents=True, exist_ok=True)
        return path

    def open_chain(self, project_id: str, shot_id: str, job_id: str, plan: dict[str, Any]) -> ContinueChain:
        """Resume the shot's unfinished chain with the same plan, or start a new one."""
        with session_scope(self._engine) as session:
            unfinished = session.exec(
                select(ContinueChain)
                .where(ContinueChain.shot_id == shot_id, col(ContinueChain.status).in_(("running", "interrupted")))
                .order_by(col(ContinueChain.updated_at).desc())
            ).all()
            for chain in unfinished:
                if all(chain.plan.get(k) == plan.get(k) for k in (*RESUME_KEY, "chunks", "overlap_latent")):
                    chain.job_id, chain.status, chain.updated_at = job_id, "running", utcnow()
                    session.add(chain)
                    return chain
            chain = ContinueChain(project_id=project_id, shot_id=shot_id, job_id=job_id, plan=plan)
            session.add(chain)
            return chain

    def save_prompts(self, chain: ContinueChain, prompts: list[str]) -> ContinueChain:
        return self._update(chain, plan={**chain.plan, "prompts": prompts})

    def prepare_next_chunk(self, chain: ContinueChain) -> ChunkPlan | None:
        """What the next chunk needs: its prompt, seed and the previous chunk's latents; ``None`` when done."""
        index = len(chain.chunks)
        total = int(chain.plan["chunks"])
        if index >= total:
            return None
        previous = Path(self.chain_dir(chain) / chain.chunks[-1]["latents"]) if chain.chunks else None
        return ChunkPlan(index=index, total=total, prompt=chain.plan["prompts"][index],
                         seed=int(chain.plan["seed"]) + index, previous_latents=previous)

    def commit_chunk(self, chain: ContinueChain, chunk: ChunkPlan, frames_file: str, latents_file: str,
                     num_frames: int) -> ContinueChain:
        """Record a finished chunk (its files are already written into the chain's folder)."""
        record = {"index": chunk.index, "video": frames_file, "latents": latents_file, "prompt": chunk.prompt,
                  "seed": chunk.seed, "num_frames": num_frames}
        return self._update(chain, chunks=[*chain.chunks, record])

    def mark(self, chain: ContinueChain, status: str) -> ContinueChain:
        return self._update(chain, status=status)

    def _update(self, chain: ContinueChain, **fields: Any) -> ContinueChain:
        with session_scope(self._engine) as session:
            row = session.get(ContinueChain, chain.id)
            assert row is not None
            for name, value in fields.items():
                setattr(row, name, value)
            row.updated_at = utcnow()
            session.add(row)
            return row


def interrupt_running_chains(session: Session) -> int:
    """On start: chains whose process died are resumable, not running."""
    chains = session.exec(select(ContinueChain).where(ContinueChain.status == "running")).all()
    for chain in chains:
        chain.status = "interrupted"
        session.add(chain)
    return len(chains)
