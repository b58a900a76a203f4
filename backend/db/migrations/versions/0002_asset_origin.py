"""Assets remember whether they were uploaded or generated, and by which job.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("asset") as batch:
        batch.add_column(sa.Column("origin", sa.String(), nullable=False, server_default="upload"))
        batch.add_column(sa.Column("job_id", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("asset") as batch:
        batch.drop_column("job_id")
        batch.drop_column("origin")
