"""The Alembic migrations build exactly the schema the SQLModel tables describe, and the newest one reverses: on
SQLite and on PostgreSQL (``empty_database_url``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlmodel import Session, SQLModel

from backend.db.migrate import alembic_config, upgrade_database
from backend.db.tables import Shot  # also registers every table on SQLModel.metadata
from backend.schemas.views import shot_view


def _differences(url: str) -> list:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    finally:
        engine.dispose()


def test_migrations_match_the_tables(empty_database_url: str) -> None:
    upgrade_database(empty_database_url)
    assert _differences(empty_database_url) == []  # a column added to a table without a migration shows up here


def test_event_ids_are_never_reused(empty_database_url: str) -> None:
    """Event ids count up from a sequence (PostgreSQL) or AUTOINCREMENT (SQLite): pruning the newest rows must not
    hand their ids out again, or a client's Last-Event-ID replay would skip or repeat."""
    upgrade_database(empty_database_url)
    engine = create_engine(empty_database_url)
    insert = text("INSERT INTO event (type, data, created_at) VALUES ('x', '{}', :at)")
    try:
        with engine.begin() as connection:
            for _ in range(3):
                connection.execute(insert, {"at": datetime.now(UTC)})
            connection.execute(text("DELETE FROM event"))
            connection.execute(insert, {"at": datetime.now(UTC)})
            assert connection.execute(text("SELECT id FROM event")).scalar_one() == 4
    finally:
        engine.dispose()


def _shot_columns(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return {c["name"] for c in inspect(engine).get_columns("shot")}
    finally:
        engine.dispose()


def test_latest_migration_downgrades_and_upgrades_again(empty_database_url: str) -> None:
    db = empty_database_url
    upgrade_database(db)
    # Explicit targets, so that a later revision on top does not shift what each step undoes.
    command.downgrade(alembic_config(db), "0008")
    assert not FRAME_SHOT_COLUMNS & _shot_columns(db)  # 0009 undone
    assert GUIDANCE_SHOT_COLUMNS <= _shot_columns(db)
    command.downgrade(alembic_config(db), "0007")
    assert not GUIDANCE_SHOT_COLUMNS & _shot_columns(db)  # 0008 undone
    command.downgrade(alembic_config(db), "0006")
    assert LEGACY_SHOT_COLUMNS <= _shot_columns(db)  # 0007 undone
    upgrade_database(db)
    assert _differences(db) == []
    assert GUIDANCE_SHOT_COLUMNS | FRAME_SHOT_COLUMNS <= _shot_columns(db)


LEGACY_SHOT_COLUMNS = {"track", "start_frame", "trim_in", "trim_out"}
GUIDANCE_SHOT_COLUMNS = {"stg_scale", "audio_guidance_scale", "stg_blocks", "audio_asset_id", "duration_from_audio"}
FRAME_SHOT_COLUMNS = {"frame_asset_id", "pin_element_refs"}


def test_a_database_at_the_previous_revision_keeps_its_shots(empty_database_url: str) -> None:
    """0007 drops the legacy placement columns of shots; every row and every other value survives, and the studio
    reads the shot back through the API's read model."""
    db = empty_database_url
    command.upgrade(alembic_config(db), "0006")
    now = datetime.now(UTC)
    params = {"takes": [{"job_id": "j1", "video_path": "generated/a.mp4", "num_frames": 17}]}
    engine = create_engine(db)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO project (id, name, width, height, fps, seed, settings, version, created_at, "
                    "updated_at) VALUES ('p1', 'old', 64, 64, 24, 1, '{}', 3, :now, :now)"
                ),
                {"now": now},
            )
            connection.execute(
                text(
                    'INSERT INTO shot (id, project_id, "index", prompt, negative_prompt, seed, width, height, '
                    "num_frames, fps, num_inference_steps, guidance_scale, params, conditioning, status, video_path, "
                    "track, start_frame, trim_in, trim_out, version, created_at, updated_at) VALUES ('s1', 'p1', 0, "
                    "'a lighthouse at dusk', 'blur', 7, 64, 64, 17, 24, 2, 4, :params, '[]', 'ready', "
                    "'generated/a.mp4', 2, 48, 3, 5, 4, :now, :now)"
                ),
                {"params": json.dumps(params), "now": now},
            )
    finally:
        engine.dispose()
    assert LEGACY_SHOT_COLUMNS <= _shot_columns(db)

    upgrade_database(db)
    assert not LEGACY_SHOT_COLUMNS & _shot_columns(db)
    assert _differences(db) == []
    engine = create_engine(db)
    try:
        with Session(engine) as session:
            shot = session.get(Shot, "s1")
            assert shot is not None
            view = shot_view(shot)
    finally:
        engine.dispose()
    assert (view.prompt, view.negative_prompt, view.seed, view.num_frames, view.status, view.version) == (
        "a lighthouse at dusk",
        "blur",
        7,
        17,
        "ready",
        4,
    )
    assert view.params == params and view.video_url == "/projects/p1/generated/a.mp4" and view.clip_frames == 17
    assert not LEGACY_SHOT_COLUMNS & set(view.model_dump())
    # 0008: an old shot generates as before: no guidance override, no sound to follow
    assert (view.stg_scale, view.stg_blocks, view.audio_asset_id, view.duration_from_audio) == (None, None, None, False)
