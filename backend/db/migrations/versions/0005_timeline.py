"""The timeline: tracks and clips (docs/timeline.md); video assets remember whether they have sound.

Backfill: every project gets a ``V1`` video track and an ``A1`` audio track, and every shot a clip on V1, in shot
order, back to back (the length of the clip the shot plays now, else its ``num_frames``; in project frames). The old
placement columns of ``shot`` (``track``, ``start_frame``, ``trim_in``, ``trim_out``) stay for now.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_STAMP = sqlmodel.sql.sqltypes.UTCDateTime


def _fk(target: str, nullable: bool = False) -> sa.Column:
    table = target.split(".")[0]
    return sa.Column(f"{table}_id", sa.String(), sa.ForeignKey(target, ondelete="CASCADE"), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("asset") as batch:
        batch.add_column(sa.Column("has_audio", sa.Boolean(), nullable=True))
    op.create_table(
        "track",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(), primary_key=True),
        _fk("project.id"),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("muted", sa.Boolean(), nullable=False),
        sa.Column("solo", sa.Boolean(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", _STAMP(), nullable=False),
        sa.Column("updated_at", _STAMP(), nullable=False),
    )
    op.create_index("ix_track_project_id", "track", ["project_id"])
    op.create_table(
        "clip",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(), primary_key=True),
        _fk("project.id"),
        _fk("track.id"),
        _fk("shot.id", nullable=True),
        _fk("asset.id", nullable=True),
        sa.Column("start_frame", sa.Integer(), nullable=False),
        sa.Column("source_in", sa.Integer(), nullable=False),
        sa.Column("duration", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", _STAMP(), nullable=False),
        sa.Column("updated_at", _STAMP(), nullable=False),
    )
    for column in ("project_id", "track_id", "shot_id", "asset_id"):
        op.create_index(f"ix_clip_{column}", "clip", [column])
    _backfill()


def _clip_frames(params: object, video_path: str | None, num_frames: int) -> int:
    """As ``backend.schemas.views.clip_frames``, frozen here: the take the shot plays now, else num_frames."""
    if isinstance(params, str):
        params = json.loads(params or "{}")
    takes = params.get("takes", []) if isinstance(params, dict) else []
    take = next((t for t in takes if isinstance(t, dict) and video_path and t.get("video_path") == video_path), None)
    if take is not None and take.get("num_frames"):
        return int(take["num_frames"])
    return num_frames


def _backfill() -> None:
    bind = op.get_bind()
    now = datetime.now(UTC)
    track = sa.table(
        "track",
        *(sa.column(c) for c in ("id", "project_id", "kind", "index", "name", "muted", "solo", "locked", "version")),
        sa.column("created_at", _STAMP()),
        sa.column("updated_at", _STAMP()),
    )
    clip = sa.table(
        "clip",
        *(
            sa.column(c)
            for c in (
                "id",
                "project_id",
                "track_id",
                "shot_id",
                "asset_id",
                "start_frame",
                "source_in",
                "duration",
                "version",
            )
        ),
        sa.column("created_at", _STAMP()),
        sa.column("updated_at", _STAMP()),
    )
    tracks, clips = [], []
    common = {"version": 1, "created_at": now, "updated_at": now}
    for project_id, project_fps in bind.execute(sa.text("SELECT id, fps FROM project")).all():
        video_track = uuid.uuid4().hex
        for kind, name, track_id in (("video", "V1", video_track), ("audio", "A1", uuid.uuid4().hex)):
            tracks.append(
                {
                    "id": track_id,
                    "project_id": project_id,
                    "kind": kind,
                    "index": 0,
                    "name": name,
                    "muted": False,
                    "solo": False,
                    "locked": False,
                    **common,
                }
            )
        shots = bind.execute(
            sa.text(
                "SELECT id, num_frames, fps, video_path, params FROM shot WHERE project_id = :p "
                'ORDER BY "index", created_at'
            ),
            {"p": project_id},
        ).all()
        frame = 0
        for shot_id, num_frames, shot_fps, video_path, params in shots:
            frames = _clip_frames(params, video_path, num_frames)
            if shot_fps and project_fps and abs(shot_fps - project_fps) > 1e-6:
                frames = round(frames * project_fps / shot_fps)
            duration = max(1, frames)
            clips.append(
                {
                    "id": uuid.uuid4().hex,
                    "project_id": project_id,
                    "track_id": video_track,
                    "shot_id": shot_id,
                    "asset_id": None,
                    "start_frame": frame,
                    "source_in": 0,
                    "duration": duration,
                    **common,
                }
            )
            frame += duration
    if tracks:
        op.bulk_insert(track, tracks)
    if clips:
        op.bulk_insert(clip, clips)


def downgrade() -> None:
    op.drop_table("clip")
    op.drop_table("track")
    with op.batch_alter_table("asset") as batch:
        batch.drop_column("has_audio")
