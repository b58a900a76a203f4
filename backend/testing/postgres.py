"""A throwaway PostgreSQL server for tests and benchmarks: its own cluster in a temporary folder, on a free loopback
port, stopped and removed afterwards (docs/postgresql.md, "Tests").

``initdb`` refuses to run as root, so as root the cluster belongs to the ``postgres`` OS user (Debian's package
creates it) and every server command runs through ``runuser -u postgres --``. Durability is switched off
(``fsync=off``, ``synchronous_commit=off``): the cluster lives for one test session. Authentication is ``trust``,
and the server listens on 127.0.0.1 only (its unix socket sits inside the temporary folder).

Each test gets a fresh database made by ``CREATE DATABASE … TEMPLATE`` from one migrated template, so Alembic runs
once per session and a new database costs a file copy (tens of milliseconds).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from backend.testing.server_process import free_port

SUPERUSER = "postgres"
TEMPLATE = "milimo_template"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def server_bindir() -> Path:
    """The folder of the newest installed server's ``initdb``/``pg_ctl`` (``MILIMO_PG_BINDIR`` overrides).

    Debian keeps them out of PATH, under ``/usr/lib/postgresql/<major>/bin``; ``pg_config --bindir`` names the
    client's folder, which need not hold a server.
    """
    given = os.environ.get("MILIMO_PG_BINDIR")
    candidates = [Path(given)] if given else []
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    candidates += sorted(
        (Path(p).parent for p in found), key=lambda p: [int(n) for n in re.findall(r"\d+", p.parent.name)] or [0]
    )[::-1]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise PostgresUnavailable(
        "no PostgreSQL server found (initdb, pg_ctl): run scripts/setup.sh --dev (it installs Debian's postgresql) "
        "or set MILIMO_PG_BINDIR to the folder holding initdb"
    )


class PostgresCluster:
    """``start()`` a private cluster, hand out databases with ``create_database()``, ``stop()`` removes it all."""

    def __init__(self, bindir: Path | None = None) -> None:
        self.bindir = bindir or server_bindir()
        self.port = 0
        self.root: Path | None = None
        self._as_root = os.geteuid() == 0

    # --- the server ---------------------------------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        assert self.root is not None, "not started"
        return self.root / "cluster"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self._as_root:
            command = ["runuser", "-u", SUPERUSER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed ({result.returncode}): {result.stderr.strip() or result.stdout}")
        return result

    def start(self) -> PostgresCluster:
        self.root = Path(tempfile.mkdtemp(prefix="milimo-pg-"))
        if self._as_root:
            shutil.chown(self.root, SUPERUSER, SUPERUSER)
        try:
            self._run(
                "initdb",
                "-D",
                str(self.data_dir),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            )
            self.port = free_port()
            options = " ".join(
                (
                    f"-p {self.port}",
                    "-c listen_addresses=127.0.0.1",
                    f"-c unix_socket_directories={self.root}",
                    "-c fsync=off",
                    "-c synchronous_commit=off",
                    "-c full_page_writes=off",
                    "-c max_connections=400",
                    "-c shared_buffers=64MB",
                )
            )
            log = self.root / "server.log"
            self._run("pg_ctl", "-D", str(self.data_dir), "-l", str(log), "-o", options, "-w", "-t", "60", "start")
            self._admin(f"CREATE DATABASE {TEMPLATE}")
            from backend.db.migrate import upgrade_database

            upgrade_database(self.url(TEMPLATE))
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.root is None:
            return
        if (self.data_dir / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
            except RuntimeError:
                pass
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def __enter__(self) -> PostgresCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- databases ----------------------------------------------------------------------------------------------
    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(sql)

    def create_database(self, name: str | None = None, migrated: bool = True) -> str:
        """A new database (at the schema's head when ``migrated``, else empty); returns its URL."""
        name = name or f"test_{uuid.uuid4().hex[:12]}"
        self._admin(f"CREATE DATABASE {name}" + (f" TEMPLATE {TEMPLATE}" if migrated else ""))
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by ``create_database``, disconnecting whoever still holds it."""
        name = url.rsplit("/", 1)[1]
        self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
