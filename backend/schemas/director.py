"""The virtual director: plain instruction in, cinematic prompt out."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from backend.schemas.fields import Seed


class EnrichRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    project_id: str = Field(min_length=1, max_length=64)
    shot_id: str | None = Field(None, min_length=1, max_length=64, description="The shot being written (context).")
    instruction: str = Field(min_length=1, max_length=2000, description="What should happen, in plain words.")
    seed: Seed | None = Field(None, description="Same seed, same rewrite. Default: the project's seed.")
    max_new_tokens: int = Field(200, ge=16, le=512)


class EnrichResponse(BaseModel):
    prompt: str  # the prompt to use; the user may accept or edit it
    instruction: str
    used_director: bool
    test_model: bool
    message: str
