"""Shots carry their storyboard frame (``frame_asset_id``: the chosen concept frame, an image asset of the project,
cleared when that asset is deleted), which becomes the first frame of the shot's video; and whether the shot's
elements' reference images are still pinned at frame 0 as before (``pin_element_refs``). Existing shots get NULL /
false: elements reach their video through their frame once they have one.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("shot") as batch:
        batch.add_column(sa.Column("frame_asset_id", sa.String(), nullable=True))
        batch.add_column(sa.Column("pin_element_refs", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.create_foreign_key(
            "fk_shot_frame_asset_id_asset", "asset", ["frame_asset_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index(batch.f("ix_shot_frame_asset_id"), ["frame_asset_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("shot") as batch:
        batch.drop_index(batch.f("ix_shot_frame_asset_id"))
        batch.drop_constraint("fk_shot_frame_asset_id_asset", type_="foreignkey")
        batch.drop_column("pin_element_refs")
        batch.drop_column("frame_asset_id")
