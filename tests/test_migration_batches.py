"""Migration 0010 (batches, ``job.batch_id``, job timings) builds what the tables describe and reverses cleanly, on
SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, inspect

from backend.db.migrate import alembic_config, upgrade_database
from tests.test_migrations import _differences


def _layout(db: str) -> tuple[set[str], set[str]]:
    engine = create_engine(db)
    try:
        inspector = inspect(engine)
        return set(inspector.get_table_names()), {c["name"] for c in inspector.get_columns("job")}
    finally:
        engine.dispose()


def test_batches_migration_downgrades_and_upgrades_again(empty_database_url: str) -> None:
    db = empty_database_url
    upgrade_database(db)
    tables, job_columns = _layout(db)
    assert {"batch", "jobtiming"} <= tables and "batch_id" in job_columns
    command.downgrade(alembic_config(db), "0009")
    tables, job_columns = _layout(db)
    assert not {"batch", "jobtiming"} & tables and "batch_id" not in job_columns
    upgrade_database(db)
    assert _differences(db) == []
