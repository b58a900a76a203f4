"""Interchange (OTIO/EDL/FCP XML) and project archives (docs/architecture.md, "Interchange and archives")."""

from __future__ import annotations

from pydantic import BaseModel, Field

from backend.schemas.timeline import ClipRead, TrackRead


class TimelineImportResult(BaseModel):
    tracks: list[TrackRead] = Field(description="The tracks the import created (one per imported track, names kept).")
    clips: list[ClipRead] = Field(description="The clips the import created, track by track.")
