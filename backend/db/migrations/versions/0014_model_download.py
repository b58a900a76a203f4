"""The model library's downloads (issue 13): the ``model_download`` table, one row per download of weights or LoRAs
from the hub (what, how far, how it ended), so progress and failures survive a restart.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "model_download",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("repo_id", sa.String(), nullable=False),
        sa.Column("target", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("revision", sa.String(), nullable=True),
        sa.Column("done_bytes", sa.BigInteger(), nullable=False),
        sa.Column("total_bytes", sa.BigInteger(), nullable=False),
        sa.Column("file", sa.String(), nullable=True),
        sa.Column("error", sa.String(), nullable=True),
        sa.Column("destination", sa.String(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    op.create_index("ix_model_download_target", "model_download", ["target"])


def downgrade() -> None:
    op.drop_index("ix_model_download_target", table_name="model_download")
    op.drop_table("model_download")
