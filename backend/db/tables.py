"""Database tables (SQLModel). The schema itself is owned by Alembic (`backend/db/migrations`).

Ids are random hex strings so they can appear in URLs and folder names without leaking counts. Every row the editor
changes carries ``version`` for optimistic concurrency (see docs/architecture.md). Media paths are stored relative to
the project folder (``generated/abc.mp4``); URLs are derived from them, never stored.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, String
from sqlmodel import Field, SQLModel


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


def _fk(target: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> Any:
    return Field(
        default=None if nullable else ...,
        sa_column=Column(String, ForeignKey(target, ondelete=ondelete), index=True, nullable=nullable),
    )


class Project(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    name: str
    width: int = 768
    height: int = 512
    fps: float = 24.0
    seed: int = 42
    default_quality: str = Field(default="final", sa_column_kwargs={"server_default": "final"})  # migration 0015
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Scene(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    project_id: str = _fk("project.id")
    index: int = 0
    heading: str = ""
    location: str = ""
    time_of_day: str = ""
    synopsis: str = ""
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Shot(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    project_id: str = _fk("project.id")
    scene_id: str | None = _fk("scene.id", nullable=True, ondelete="SET NULL")
    index: int = 0
    prompt: str = ""
    negative_prompt: str = ""
    seed: int = 42
    width: int = 768
    height: int = 512
    num_frames: int = 121
    fps: float = 24.0
    num_inference_steps: int = 40
    guidance_scale: float = 4.0
    quality: str | None = None  # draft | standard | final; None = the project's default_quality (migration 0015)
    # The rest of LTX-2's guidance recipe; None = the pipeline's default (migration 0008).
    stg_scale: float | None = None
    modality_scale: float | None = None
    guidance_rescale: float | None = None
    audio_guidance_scale: float | None = None
    audio_stg_scale: float | None = None
    audio_modality_scale: float | None = None
    audio_guidance_rescale: float | None = None
    stg_blocks: list[int] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # Audio-to-video: the sound the picture is generated to (an audio asset of the project).
    audio_asset_id: str | None = _fk("asset.id", nullable=True, ondelete="SET NULL")
    duration_from_audio: bool = False
    # The storyboard frame (a concept frame chosen among candidates, or an uploaded image): the first frame of the
    # shot's video. Elements reach the video through it unless ``pin_element_refs`` pins their references at frame 0
    # as before (migration 0009).
    frame_asset_id: str | None = _fk("asset.id", nullable=True, ondelete="SET NULL")
    pin_element_refs: bool = False
    # LoRAs ({id, strength}) and a camera move (its camera-control LoRA), migration 0012
    loras: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    camera: str | None = None
    # Control video through the IC-LoRA ({asset_id | shot_id, kind, strength, start_s, from_s, to_s}), migration 0013
    control: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    conditioning: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = "draft"  # draft | queued | generating | ready | failed
    video_path: str | None = None
    thumbnail_path: str | None = None
    image_path: str | None = None
    last_job_id: str | None = None
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Track(SQLModel, table=True):
    """A timeline track (docs/timeline.md). ``index`` orders the tracks of one kind: video tracks stack upward (a
    higher index covers a lower one), audio tracks list downward."""

    id: str = Field(default_factory=new_id, primary_key=True)
    project_id: str = _fk("project.id")
    kind: str  # video | audio
    index: int = 0
    name: str = ""
    muted: bool = False
    solo: bool = False
    locked: bool = False
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Clip(SQLModel, table=True):
    """A placement of a source (a shot's current take, or an asset) on a track, in frames at the project's fps: it
    covers ``[start_frame, start_frame + duration)`` and shows source frames ``[source_in, source_in + duration)``.
    Exactly one of ``shot_id`` / ``asset_id`` is set (enforced by ``backend.services.timeline``). Its sound in a
    render: ``gain_db`` (-60..+24) and linear ``fade_in`` / ``fade_out`` in frames (each at most ``duration``;
    migration 0006)."""

    id: str = Field(default_factory=new_id, primary_key=True)
    project_id: str = _fk("project.id")
    track_id: str = _fk("track.id")
    shot_id: str | None = _fk("shot.id", nullable=True)
    asset_id: str | None = _fk("asset.id", nullable=True)
    start_frame: int = 0
    source_in: int = 0
    duration: int = 1
    gain_db: float = 0.0
    fade_in: int = 0
    fade_out: int = 0
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Element(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    project_id: str = _fk("project.id")
    name: str
    trigger: str
    element_type: str = "character"  # character | location | object | style
    description: str = ""
    reference_asset_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Asset(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    project_id: str = _fk("project.id")
    kind: str  # image | video | audio
    path: str  # relative to the project folder, server-chosen
    original_name: str = ""
    mime_type: str = ""
    size_bytes: int = 0
    width: int | None = None
    height: int | None = None
    duration_s: float | None = None
    has_audio: bool | None = None  # a video with a sound track (None: not probed, uploaded before 0005)
    origin: str = "upload"  # upload | generated | frame (grabbed from a shot) | mask (cut by SAM 3) | concept
    job_id: str | None = None  # the job that generated it
    # A frame grabbed from a shot (and the masks cut from it) remember where it came from, so a corrected frame can
    # go back into that shot at that frame.
    source_shot_id: str | None = None
    source_frame: int | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Job(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    project_id: str = _fk("project.id")
    shot_id: str | None = _fk("shot.id", nullable=True, ondelete="SET NULL")
    kind: str  # the generation mode: t2v, ...
    status: str = Field(default="pending", index=True)  # pending | running | completed | failed | cancelled
    progress: float = 0.0
    stage: str | None = None
    error: str | None = None
    request: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    cancel_requested: bool = False
    # The "Generate all" batch that queued it (migration 0010): a paused batch's pending jobs are not claimed.
    batch_id: str | None = _fk("batch.id", nullable=True, ondelete="SET NULL")
    # Cluster mode (migration 0011): the worker running it (or that last ran it), and how often it was started (a job
    # whose worker died before it produced anything is queued again once).
    worker_id: str | None = None
    attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    created_at: datetime = Field(default_factory=utcnow, index=True)
    started_at: datetime | None = None
    finished_at: datetime | None = None


class Batch(SQLModel, table=True):
    """A "Generate scene" / "Generate all" request: the jobs it queued carry its id (migration 0010).

    ``state`` is what the user asked for (running | paused | cancelled) and lives here so that a pause survives a
    restart; what the batch shows (completed, failed …) is derived from its jobs. ``shot_ids`` is every shot in the
    scope, in script order, including those it skipped.
    """

    id: str = Field(default_factory=new_id, primary_key=True)
    project_id: str = _fk("project.id")
    scope: str  # project | scene
    scene_id: str | None = _fk("scene.id", nullable=True, ondelete="SET NULL")
    what: str  # frames | videos | both
    regenerate: bool = False
    state: str = "running"  # running | paused | cancelled
    shot_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    skipped: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))  # shot id: why
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class JobTiming(SQLModel, table=True):
    """How long a completed job took on this machine, by kind and size: what a batch's time left is estimated from.
    Not tied to a project (it measures the machine), so deleting a project keeps it (migration 0010)."""

    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True)
    width: int = 0
    height: int = 0
    num_frames: int = 0
    steps: int = 0
    seconds: float
    created_at: datetime = Field(default_factory=utcnow)


class ContinueChain(SQLModel, table=True):
    """A Smart Continue chain: the plan of an extension and every chunk committed so far (for resume)."""

    id: str = Field(default_factory=new_id, primary_key=True)
    project_id: str = _fk("project.id")
    shot_id: str = _fk("shot.id")
    job_id: str | None = None  # the job working on it now (or last)
    status: str = "running"  # running | interrupted | completed
    plan: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    chunks: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Event(SQLModel, table=True):
    """Every event published to clients, so that a reconnecting client can replay what it missed (bounded)."""

    # AUTOINCREMENT: ids must never be reused after old events are pruned, or a replay could skip or repeat.
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    type: str
    project_id: str | None = Field(default=None, index=True)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class ShotMask(SQLModel, table=True):
    """An object tracked through a shot's clip by SAM 3: one mask per frame, kept for later use (in-painting a
    region, compositing) with a preview clip to check it."""

    id: str = Field(default_factory=new_id, primary_key=True)
    project_id: str = _fk("project.id")
    shot_id: str = _fk("shot.id")
    job_id: str | None = None
    label: str = ""  # what was asked for: the text, or "2 points on frame 12"
    prompt: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    object_id: int = 1
    video_path: str  # the clip the masks were cut from (a later take makes them stale, not wrong)
    num_frames: int
    width: int
    height: int
    frames_with_object: int = 0
    data_path: str  # .npz: bit-packed (frames, height, width) booleans, exact
    preview_path: str  # MP4: the clip with the mask tinted over it
    thumbnail_path: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


class ModelDownload(SQLModel, table=True):
    """A download of model weights or LoRAs from the hub (the Models page; migration 0014). ``target`` is the role
    the weights serve, or ``lora`` for the LoRA library: one download per role (or LoRA repository) runs at a time. A row left
    ``running`` by a stopped server is marked ``interrupted`` on the next start; posting it again resumes from the
    bytes on disk."""

    __tablename__ = "model_download"

    id: str = Field(default_factory=new_id, primary_key=True)
    repo_id: str
    target: str = Field(index=True)  # a role (video, upscaler, image, director) or "lora"
    status: str = "running"  # running | verifying | completed | failed | cancelled | interrupted
    revision: str | None = None  # the commit downloaded
    # 64-bit: a model is tens of GB, past PostgreSQL's INTEGER
    done_bytes: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    total_bytes: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    file: str | None = None  # the file being fetched now
    error: str | None = None
    destination: str | None = None  # where the weights went once checked
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
