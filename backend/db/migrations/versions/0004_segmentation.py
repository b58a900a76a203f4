"""Segmentation: assets remember the shot frame they came from; objects tracked through a shot (ShotMask).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("asset") as batch:
        batch.add_column(sa.Column("source_shot_id", sa.String(), nullable=True))
        batch.add_column(sa.Column("source_frame", sa.Integer(), nullable=True))
    op.create_table(
        "shotmask",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("project_id", sa.String(), sa.ForeignKey("project.id", ondelete="CASCADE"), nullable=False),
        sa.Column("shot_id", sa.String(), sa.ForeignKey("shot.id", ondelete="CASCADE"), nullable=False),
        sa.Column("job_id", sa.String(), nullable=True),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("prompt", sa.JSON(), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("video_path", sa.String(), nullable=False),
        sa.Column("num_frames", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("frames_with_object", sa.Integer(), nullable=False),
        sa.Column("data_path", sa.String(), nullable=False),
        sa.Column("preview_path", sa.String(), nullable=False),
        sa.Column("thumbnail_path", sa.String(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    op.create_index("ix_shotmask_project_id", "shotmask", ["project_id"])
    op.create_index("ix_shotmask_shot_id", "shotmask", ["shot_id"])


def downgrade() -> None:
    op.drop_table("shotmask")
    with op.batch_alter_table("asset") as batch:
        batch.drop_column("source_frame")
        batch.drop_column("source_shot_id")
