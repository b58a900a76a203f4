"""A consistent copy of the studio (database + project media) while it runs, and bringing one back.

Backup (``milimo backup <folder>``):

1. the database through SQLite's online backup API (``sqlite3.Connection.backup``): a transactionally consistent
   snapshot even while the server writes (WAL mode included), never a file copy of a live database;
2. then every project file under ``projects/`` (hidden names are skipped: they are writes in progress, renamed into
   place only when complete), copied with their checksums. The snapshot comes first, so every file a row of the
   snapshot points to existed when it was taken; files made later are copied too and harmless;
3. last, ``milimo-backup.json``: the schema revision, sizes and SHA-256 of the database and every file. A folder
   without it is an interrupted backup, and restore refuses it.

The target must be a new or empty folder; the backup is written into a hidden folder beside it and renamed into
place, so a failed backup leaves nothing that looks like one. Secrets (``access_token``) and test models (rebuilt on
start) are not part of it.

Restore (``milimo restore <folder> [--data-dir D]``) checks every checksum first, refuses a data folder that already
holds a studio, copies the database and media into place, and migrates the database to this version's schema.

Both are for a studio on SQLite (the default). With ``MILIMO_DATABASE_URL`` on PostgreSQL they refuse: the database
is backed up with ``pg_dump`` and the data folder's ``projects/`` with any file backup (docs/postgresql.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from backend import __version__
from backend.config import Settings
from backend.db.engine import sqlite_file
from backend.db.migrate import upgrade_database
from backend.errors import InvalidInput

__all__ = ["MANIFEST", "BackupReport", "backup_studio", "restore_studio"]

MANIFEST = "milimo-backup.json"
_DB_NAME = "studio.db"
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class BackupReport:
    folder: Path
    files: int
    bytes: int
    revision: str | None


def _copy_with_hash(source: Path, target: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as reader, target.open("wb") as writer:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
            writer.write(chunk)
            size += len(chunk)
        writer.flush()
        os.fsync(writer.fileno())
    shutil.copystat(source, target)
    return size, digest.hexdigest()


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as reader:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _revision(db: Path) -> str | None:
    with sqlite3.connect(db) as connection:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            return None
    return row[0] if row else None


def _snapshot(source: Path, target: Path) -> None:
    """SQLite's online backup: pages copied under the database's own locking, consistent as of one transaction."""
    live = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        live.backup(copy)
        (result,) = copy.execute("PRAGMA integrity_check").fetchone()
        if result != "ok":
            raise RuntimeError(f"the database snapshot failed its integrity check: {result}")
    finally:
        copy.close()
        live.close()


def _database_file(settings: Settings, command: str) -> Path:
    """The studio's SQLite file; a studio on another database is refused with what to do instead."""
    db_file = sqlite_file(settings.database)
    if db_file is None:
        raise InvalidInput(
            f"the studio's database is not a SQLite file (MILIMO_DATABASE_URL is set): milimo {command} copies only "
            "a SQLite studio. Use pg_dump / pg_restore for a PostgreSQL database and copy the data folder's projects/ "
            "with it (docs/postgresql.md)"
        )
    return db_file


def _media_files(projects: Path) -> list[Path]:
    if not projects.is_dir():
        return []
    return sorted(
        path
        for path in projects.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(projects).parts)
    )


def backup_studio(settings: Settings, folder: Path) -> BackupReport:
    """Write a backup of the studio at ``settings.data_dir`` into ``folder`` (new or empty)."""
    folder = folder.resolve()
    db_file = _database_file(settings, "backup")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InvalidInput(f"{folder} is not an empty folder: back up into a new one")
    if not db_file.is_file():
        raise InvalidInput(f"there is no studio in {settings.data_dir} (no {db_file.name})")
    if folder.is_relative_to(settings.data_dir.resolve()):
        raise InvalidInput(f"{folder} is inside the data folder it backs up: choose a folder outside it")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.parent / f".{folder.name}.partial-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        db_copy = staging / _DB_NAME
        _snapshot(db_file, db_copy)
        files = []
        total = db_copy.stat().st_size
        for path in _media_files(settings.projects_dir):
            relative = path.relative_to(settings.data_dir).as_posix()
            try:
                size, digest = _copy_with_hash(path, staging / relative)
            except FileNotFoundError:  # deleted (with its project) after the snapshot: nothing points to it now
                continue
            files.append({"path": relative, "bytes": size, "sha256": digest})
            total += size
        manifest = {
            "format": 1,
            "app_version": __version__,
            "created_at": datetime.now(UTC).isoformat(),
            "schema_revision": _revision(db_copy),
            "database": {"path": _DB_NAME, "bytes": db_copy.stat().st_size, "sha256": _hash(db_copy)},
            "files": files,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        if folder.exists():
            folder.rmdir()  # empty, checked above
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BackupReport(folder=folder, files=len(files), bytes=total, revision=manifest["schema_revision"])


def _read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        raise InvalidInput(f"{folder} is not a complete Milimo backup (no {MANIFEST}): it may have been interrupted")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise InvalidInput(f"{path} is not readable JSON ({error})") from error
    if manifest.get("format") != 1:
        raise InvalidInput(f"{path}: unknown backup format {manifest.get('format')!r}")
    return manifest


def _check(folder: Path, entry: dict) -> Path:
    relative = Path(entry["path"])
    if relative.is_absolute() or ".." in relative.parts:
        raise InvalidInput(f"the backup names a file outside itself: {entry['path']}")
    path = folder / relative
    if not path.is_file():
        raise InvalidInput(f"the backup is missing {entry['path']}")
    if path.stat().st_size != entry["bytes"] or _hash(path) != entry["sha256"]:
        raise InvalidInput(f"{entry['path']} in the backup is damaged (its checksum does not match the manifest)")
    return path


def restore_studio(folder: Path, settings: Settings) -> BackupReport:
    """Bring the backup in ``folder`` back into ``settings.data_dir``, which must not hold a studio yet."""
    folder = folder.resolve()
    db_file = _database_file(settings, "restore")
    manifest = _read_manifest(folder)
    database = _check(folder, manifest["database"])
    media = [(_check(folder, entry), entry) for entry in manifest["files"]]
    if db_file.exists() or (settings.projects_dir.is_dir() and any(settings.projects_dir.iterdir())):
        raise InvalidInput(
            f"{settings.data_dir} already holds a studio: restore into an empty data folder (--data-dir) or move it "
            "away first; nothing was changed"
        )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db_file.parent.mkdir(parents=True, exist_ok=True)
    staged_db = db_file.with_name(f".{db_file.name}.restoring")
    shutil.copy2(database, staged_db)
    for path, entry in media:
        _copy_with_hash(path, settings.data_dir / entry["path"])
    os.replace(staged_db, db_file)  # the database last: a studio appears only once its media is there
    upgrade_database(settings.database)
    total = manifest["database"]["bytes"] + sum(entry["bytes"] for entry in manifest["files"])
    return BackupReport(folder=folder, files=len(media), bytes=total, revision=_revision(db_file))
