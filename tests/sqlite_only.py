"""For suites whose subject is the models' work (generation modes, retakes, extensions, frames), which is the same on
either database: a module that imports ``sqlite_only`` runs its tests on SQLite only, where the others run on SQLite
and PostgreSQL. What the database changes — claims, events, the timeline, projects, limits, generation through the
queue — stays covered on both by the suites that keep the parameter (tests/api/test_generation.py and others)."""

from __future__ import annotations

import pytest


@pytest.fixture(name="database_url")
def sqlite_only() -> None:
    return None
