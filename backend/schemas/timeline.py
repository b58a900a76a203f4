"""The timeline (docs/timeline.md): tracks, clips, and the one batch endpoint through which clips change."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backend.schemas.fields import Version

TrackKind = Literal["video", "audio"]
SourceKind = Literal["shot", "image", "video", "audio"]
MAX_CHANGES = 5000
MAX_FRAME = 100_000_000  # ~ 48 days at 24 fps: far beyond any timeline, well inside SQLite's integers

ClipId = Annotated[str, Field(pattern=r"^[0-9a-f]{32}$", description="32 lowercase hex digits.")]
RowId = Annotated[str, Field(min_length=1, max_length=64)]
Frame = Annotated[int, Field(ge=0, le=MAX_FRAME, description="Frames at the project's fps.")]
Duration = Annotated[int, Field(ge=1, le=MAX_FRAME, description="Frames at the project's fps (at least 1).")]
TrackName = Annotated[str, Field(min_length=1, max_length=100)]
TrackIndex = Annotated[int, Field(ge=0, le=1000, description="Position among the tracks of its kind.")]
GainDb = Annotated[float, Field(ge=-60, le=24, description="The clip's sound level change in dB (0: as recorded).")]
Fade = Annotated[
    int,
    Field(ge=0, le=MAX_FRAME, description="Linear audio fade length in frames (0: none), at most the clip's duration."),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- tracks ----------------------------------------------------------------------------------------------------


class TrackCreate(_Strict):
    id: ClipId | None = Field(
        None,
        description="Chosen by the client (so an undone delete returns as the same track, "
        "and its clips with it); the server picks one when omitted. An id "
        "already used, by any project, is a 409.",
    )
    kind: TrackKind
    name: TrackName | None = Field(None, description="Default: the next free V<n> / A<n>.")
    index: TrackIndex | None = Field(None, description="Position among its kind; the end (top/bottom) when omitted.")


class TrackUpdate(_Strict):
    version: Version
    name: TrackName | None = None
    index: TrackIndex | None = None
    muted: bool | None = None
    solo: bool | None = None
    locked: bool | None = None


class TrackRead(BaseModel):
    id: str
    project_id: str
    kind: TrackKind
    index: int = Field(description="Order within its kind: video tracks stack upward, audio tracks list downward.")
    name: str
    muted: bool
    solo: bool
    locked: bool
    version: int


# --- clips -----------------------------------------------------------------------------------------------------


class ClipRead(BaseModel):
    id: str
    project_id: str
    track_id: str
    shot_id: str | None
    asset_id: str | None
    start_frame: int
    source_in: int
    duration: int
    version: int
    source_kind: SourceKind
    media_url: str | None = Field(
        description="What plays now: the shot's current take or the asset's file; null for a shot not generated yet."
    )
    source_frames: int | None = Field(
        description="The source's length in project frames (the bound of source_in + duration); null for a still."
    )
    has_audio: bool
    thumbnail_url: str | None
    label: str
    gain_db: float = Field(0.0, description="Sound level change in dB applied in a render (-60..+24).")
    fade_in: int = Field(0, description="Linear audio fade-in in frames (render); video fades are not supported.")
    fade_out: int = Field(0, description="Linear audio fade-out in frames (render).")


class ClipFields(_Strict):
    """A new clip: exactly one of ``shot_id`` / ``asset_id``."""

    id: ClipId | None = Field(
        None,
        description="Chosen by the client (so an undone delete returns as the same "
        "clip); the server picks one when omitted.",
    )
    track_id: RowId
    shot_id: RowId | None = None
    asset_id: RowId | None = None
    start_frame: Frame
    source_in: Frame = 0
    duration: Duration
    gain_db: GainDb = 0.0
    fade_in: Fade = 0
    fade_out: Fade = 0

    @model_validator(mode="after")
    def _one_source(self) -> ClipFields:
        if (self.shot_id is None) == (self.asset_id is None):
            raise ValueError("a clip shows exactly one source: give shot_id or asset_id, not both or neither")
        return self


class CreateClip(_Strict):
    op: Literal["create"]
    clip: ClipFields


class UpdateClip(_Strict):
    op: Literal["update"]
    id: RowId
    version: Version
    track_id: RowId | None = None
    start_frame: Frame | None = None
    source_in: Frame | None = None
    duration: Duration | None = None
    gain_db: GainDb | None = None
    fade_in: Fade | None = Field(
        None,
        description="At most the clip's duration. A trim that makes the clip shorter "
        "than a fade it does not set shortens that fade to the new "
        "duration.",
    )
    fade_out: Fade | None = None


class DeleteClip(_Strict):
    op: Literal["delete"]
    id: RowId
    version: Version


TimelineChange = Annotated[CreateClip | UpdateClip | DeleteClip, Field(discriminator="op")]


class TimelineEdits(_Strict):
    """One atomic batch: every change applies, or none does."""

    changes: list[TimelineChange] = Field(min_length=1, max_length=MAX_CHANGES)


class ClipConflict(BaseModel):
    id: str
    current: ClipRead | None = Field(description="The clip as it is now; null when it no longer exists.")


class TimelineEditResult(BaseModel):
    clips: list[ClipRead] = Field(description="Every clip created or updated by the batch, as it is now.")
    deleted: list[str]
    tracks: list[TrackRead] = Field(description="The project's tracks.")


class TimelineState(BaseModel):
    tracks: list[TrackRead]
    clips: list[ClipRead]


class TimelineChanges(BaseModel):
    """What changed on the timeline since an event id (``GET /projects/{id}/timeline/changes?since=N``)."""

    since: int = Field(description="The event id asked for.")
    cursor: int = Field(description="Ask again with ``since`` = this: the last event id this answer covers.")
    full: bool = Field(
        description="True: ``clips`` is the whole timeline (``since`` was 0, or older than the kept event history): "
        "replace, do not merge."
    )
    project_version: int = Field(description="The project's version: when it changed (fps), reload the project.")
    tracks: list[TrackRead] = Field(description="All the project's tracks (a few rows, always sent whole).")
    clips: list[ClipRead] = Field(description="Clips created or changed since (every clip when ``full``), as now.")
    deleted: list[str] = Field(description="Clips deleted since (ids; empty when ``full``).")
