"""Smart Continue chains in the database: open or resume a chain, record each committed chunk, settle it.

A chain's plan and its committed chunks live in the ``continuechain`` table; each chunk's clip and its final latents
live in ``<project>/workspace/chains/{chain_id}/``. So a chain cut short by a restart or a failed chunk resumes from
the last committed chunk when the same extension is asked for again, instead of starting over. What a chunk needs
next is decided by the pure planner (``backend.extend.plan``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from backend.db.engine import session_scope
from backend.db.tables import ContinueChain, utcnow
from backend.extend.plan import ChunkPlan, chunk_record, next_chunk, resumes
from backend.storage.paths import ProjectStorage


class ChainStore:
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
                if resumes(chain.plan, plan):
                    chain.job_id, chain.status, chain.updated_at = job_id, "running", utcnow()
                    session.add(chain)
                    return chain
            chain = ContinueChain(project_id=project_id, shot_id=shot_id, job_id=job_id, plan=plan)
            session.add(chain)
            return chain

    def save_prompts(self, chain: ContinueChain, prompts: list[str]) -> ContinueChain:
        return self._update(chain, plan={**chain.plan, "prompts": prompts})

    def prepare_next_chunk(self, chain: ContinueChain) -> ChunkPlan | None:
        return next_chunk(chain.plan, chain.chunks, self.chain_dir(chain))

    def commit_chunk(
        self, chain: ContinueChain, chunk: ChunkPlan, frames_file: str, latents_file: str, num_frames: int
    ) -> ContinueChain:
        """Record a finished chunk (its files are already written into the chain's folder)."""
        return self._update(chain, chunks=[*chain.chunks, chunk_record(chunk, frames_file, latents_file, num_frames)])

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
