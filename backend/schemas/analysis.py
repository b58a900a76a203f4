"""Media analysis for the editor: filmstrips and waveform peaks of project media."""

from __future__ import annotations

from pydantic import BaseModel, Field


class PeaksRead(BaseModel):
    duration_s: float = Field(description="Length of the audio stream in seconds.")
    per_second: int
    peaks: list[float] = Field(description="Max-abs sample per 1/per_second s slice, 0..1 (the last may be partial).")
