"""Batches ("Generate scene" / "Generate all"): the ``batch`` table, ``job.batch_id`` (the batch that queued a job,
cleared when the batch row goes), and ``jobtiming``, how long completed jobs took on this machine by kind and size
(what a batch's time left is estimated from). Existing jobs belong to no batch and run exactly as before.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "batch",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("project_id", sa.String(), sa.ForeignKey("project.id", ondelete="CASCADE"), nullable=False),
        sa.Column("scope", sa.String(), nullable=False),
        sa.Column("scene_id", sa.String(), sa.ForeignKey("scene.id", ondelete="SET NULL"), nullable=True),
        sa.Column("what", sa.String(), nullable=False),
        sa.Column("regenerate", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("shot_ids", sa.JSON(), nullable=False),
        sa.Column("skipped", sa.JSON(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    op.create_index("ix_batch_project_id", "batch", ["project_id"])
    op.create_index("ix_batch_scene_id", "batch", ["scene_id"])
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("batch_id", sa.String(), nullable=True))
        batch.create_foreign_key("fk_job_batch_id_batch", "batch", ["batch_id"], ["id"], ondelete="SET NULL")
        batch.create_index(batch.f("ix_job_batch_id"), ["batch_id"], unique=False)
    op.create_table(
        "jobtiming",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("num_frames", sa.Integer(), nullable=False),
        sa.Column("steps", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_jobtiming_kind", "jobtiming", ["kind"])


def downgrade() -> None:
    op.drop_table("jobtiming")
    with op.batch_alter_table("job") as batch:
        batch.drop_index(batch.f("ix_job_batch_id"))
        batch.drop_constraint("fk_job_batch_id_batch", type_="foreignkey")
        batch.drop_column("batch_id")
    op.drop_table("batch")
