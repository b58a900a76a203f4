"""LoRAs and camera moves (issue 13): ``shot.loras`` (a list of ``{id, strength}``, LoRA ids of the library) and
``shot.camera`` (a camera move whose camera-control LoRA the job applies). Existing shots: none, no move.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("shot") as batch:
        batch.add_column(sa.Column("loras", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("camera", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("shot") as batch:
        batch.drop_column("camera")
        batch.drop_column("loras")
