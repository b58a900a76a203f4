"""Quality presets (issue 12): ``shot.quality`` (draft | standard | final; null = the project's default) and
``project.default_quality``. Existing projects keep generating as before: final, the full recipe.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project") as batch:
        batch.add_column(sa.Column("default_quality", sa.String(), nullable=False, server_default="final"))
    with op.batch_alter_table("shot") as batch:
        batch.add_column(sa.Column("quality", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("shot") as batch:
        batch.drop_column("quality")
    with op.batch_alter_table("project") as batch:
        batch.drop_column("default_quality")
