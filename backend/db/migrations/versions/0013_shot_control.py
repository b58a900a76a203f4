"""Control video (issue 13): ``shot.control``, the clip that guides a shot through the IC-LoRA
(``{asset_id | shot_id, kind, strength, start_s, from_s, to_s}``). Existing shots: none.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("shot") as batch:
        batch.add_column(sa.Column("control", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("shot") as batch:
        batch.drop_column("control")
