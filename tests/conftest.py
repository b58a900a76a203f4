"""Shared fixtures: the tiny random-weight test models, built once per session exactly as the studio builds them.

Tests never reach a model hub: everything they load is built locally. HF_HUB_OFFLINE is set before anything imports
huggingface_hub, which reads it once at import time.
"""

import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# The Models page's downloads go out even under HF_HUB_OFFLINE, by design (backend/models/hub/session.py): tests send
# them to a closed port on loopback (refused at once), unless a test starts its own fake hub (backend/testing/fake_hub.py).
os.environ.setdefault("MILIMO_HUB_ENDPOINT", "http://127.0.0.1:9")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def tiny_models_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``<root>/<family>`` for every family, built by the ModelManager (the same code path as a first start)."""
    from backend.config import Settings
    from backend.models.manager import ModelManager

    data = tmp_path_factory.mktemp("tiny-models")
    manager = ModelManager(Settings(data_dir=data))
    manager.ensure_test_models()
    problems = [s.error for s in manager.status() if s.error]
    assert not problems, problems
    return data / "models" / "test"


@pytest.fixture(scope="session")
def tiny_ltx2_dir(tiny_models_root: Path) -> Path:
    return tiny_models_root / "ltx2"


@pytest.fixture(scope="session")
def tiny_ltx2_upsampler_dir(tiny_models_root: Path) -> Path:
    return tiny_models_root / "ltx2_upsampler"


@pytest.fixture(scope="session")
def tiny_flux2_dir(tiny_models_root: Path) -> Path:
    return tiny_models_root / "flux2"


@pytest.fixture(scope="session")
def tiny_gemma3_dir(tiny_models_root: Path) -> Path:
    return tiny_models_root / "gemma3"


@pytest.fixture(scope="module")
def single_torch_thread():  # noqa: ANN201 - a generator fixture
    """torch on one CPU thread for a module: the two cores are shared with other work, and with two threads
    contention made the tiny models up to 30x slower and their timings erratic (measured on SAM 3 tracking)."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


# --- databases: every suite that asks for ``database_url`` runs on SQLite and on a real PostgreSQL --------------
DATABASES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres():  # noqa: ANN201 - a generator fixture
    """A throwaway PostgreSQL cluster for the session (backend/testing/postgres.py), started on first use: a
    session that runs no PostgreSQL test never starts one."""
    from backend.testing.postgres import PostgresCluster

    with PostgresCluster() as cluster:
        yield cluster


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest):  # noqa: ANN201 - a generator fixture
    """``None`` for SQLite (the studio's default file in its data folder), or the URL of a fresh, migrated
    PostgreSQL database of its own, dropped after the test."""
    if request.param == "sqlite":
        yield None
        return
    cluster = request.getfixturevalue("postgres")
    url = cluster.create_database()
    yield url
    cluster.drop_database(url)


@pytest.fixture(params=DATABASES)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path):  # noqa: ANN201 - a generator fixture
    """The URL of a new database with no schema yet (for migration tests): a SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'studio.db'}"
        return
    cluster = request.getfixturevalue("postgres")
    url = cluster.create_database(migrated=False)
    yield url
    cluster.drop_database(url)
