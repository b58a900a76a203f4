"""Shots carry the rest of LTX-2's guidance recipe (``stg_scale``, ``modality_scale``, ``guidance_rescale``, their
``audio_`` variants, ``stg_blocks``; NULL = the pipeline's default) and the sound they follow (``audio_asset_id``, an
asset of the project, cleared when that asset is deleted; ``duration_from_audio``). Existing shots get NULL / false:
they generate exactly as before.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

GUIDANCE_COLUMNS = (
    "stg_scale",
    "modality_scale",
    "guidance_rescale",
    "audio_guidance_scale",
    "audio_stg_scale",
    "audio_modality_scale",
    "audio_guidance_rescale",
)


def upgrade() -> None:
    with op.batch_alter_table("shot") as batch:
        for name in GUIDANCE_COLUMNS:
            batch.add_column(sa.Column(name, sa.Float(), nullable=True))
        batch.add_column(sa.Column("stg_blocks", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("audio_asset_id", sa.String(), nullable=True))
        batch.add_column(sa.Column("duration_from_audio", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.create_foreign_key(
            "fk_shot_audio_asset_id_asset", "asset", ["audio_asset_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index(batch.f("ix_shot_audio_asset_id"), ["audio_asset_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("shot") as batch:
        batch.drop_index(batch.f("ix_shot_audio_asset_id"))
        batch.drop_constraint("fk_shot_audio_asset_id_asset", type_="foreignkey")
        for name in ("duration_from_audio", "audio_asset_id", "stg_blocks", *reversed(GUIDANCE_COLUMNS)):
            batch.drop_column(name)
