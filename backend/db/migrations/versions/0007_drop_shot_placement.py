"""Shots lose the legacy timeline placement columns (``track``, ``start_frame``, ``trim_in``, ``trim_out``): since
0005 a shot's places on the timeline are its clips, and nothing has read these columns since. Every other column and
row is kept; a downgrade brings the columns back as 0 (their old values are not recoverable, and were unused).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

LEGACY_COLUMNS = ("track", "start_frame", "trim_in", "trim_out")


def upgrade() -> None:
    with op.batch_alter_table("shot") as batch:
        for name in LEGACY_COLUMNS:
            batch.drop_column(name)


def downgrade() -> None:
    with op.batch_alter_table("shot") as batch:
        for name in LEGACY_COLUMNS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
