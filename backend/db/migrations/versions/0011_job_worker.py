"""Cluster mode (issue 17): ``job.worker_id``, the worker that runs (or last ran) a job, and ``job.attempts``, how
many times a job was started: a job whose worker died before it produced anything is queued again once, and the
count is what stops a job that kills its worker from doing so forever. Existing jobs: no worker, one attempt if they
ever started.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("worker_id", sa.String(), nullable=True))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
    op.execute("UPDATE job SET attempts = 1 WHERE started_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.drop_column("attempts")
        batch.drop_column("worker_id")
