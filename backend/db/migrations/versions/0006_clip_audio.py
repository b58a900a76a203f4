"""Clips carry their sound settings: ``gain_db`` (dB, 0 = as recorded) and linear ``fade_in`` / ``fade_out`` (frames
at the project's fps, 0 = none), used by the render's audio mix (docs/render.md). Existing clips get 0 / 0 / 0.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clip") as batch:
        batch.add_column(sa.Column("gain_db", sa.Float(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("fade_in", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("fade_out", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("clip") as batch:
        batch.drop_column("fade_out")
        batch.drop_column("fade_in")
        batch.drop_column("gain_db")
