"""The Alembic migrations build exactly the schema the SQLModel tables describe, and the newest one reverses."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

import backend.db.tables  # noqa: F401 - registers the tables on SQLModel.metadata
from backend.db.migrate import alembic_config, upgrade_database


def _differences(db_path: Path) -> list:
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        with engine.connect() as connection:
            return compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    finally:
        engine.dispose()


def test_migrations_match_the_tables(tmp_path: Path) -> None:
    db = tmp_path / "studio.db"
    upgrade_database(db)
    assert _differences(db) == []  # a column added to a table without a migration shows up here


def test_latest_migration_downgrades_and_upgrades_again(tmp_path: Path) -> None:
    db = tmp_path / "studio.db"
    upgrade_database(db)
    command.downgrade(alembic_config(db), "-1")
    engine = create_engine(f"sqlite:///{db}")
    columns = {c["name"] for c in inspect(engine).get_columns("clip")}
    engine.dispose()
    assert "gain_db" not in columns and "fade_in" not in columns and "duration" in columns
    upgrade_database(db)
    assert _differences(db) == []
