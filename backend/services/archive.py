"""Project archives: the whole project as one .zip (rows as JSON, media files) and back as a NEW project.

Layout: ``manifest.json`` ``{"format": "milimo-project", "format_version": 1, "app_version", "exported_at",
"project_id"}``; ``tables/<name>.json`` (a list of rows per table: ``archive_rows.TABLES``); ``media/<relative path>``
(the project's files under their stored relative paths, e.g. ``media/generated/x.mp4``). The zip is written to disk
first (``<data>/tmp``), never built in memory; an upload is spooled to disk the same way and checked
(``archive_zip``) before anything is written.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import zipfile
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend import __version__
from backend.db.tables import Project, utcnow
from backend.errors import InvalidInput, TooLarge
from backend.services.archive_rows import PATH_COLUMNS, TABLES, dump_rows, remap, to_row
from backend.services.archive_zip import check_entries, read_json_bytes
from backend.services.recovery import IMPORT_MARKER
from backend.services.timeline import create_default_tracks
from backend.storage.paths import MEDIA_FOLDERS, PathRefused, ProjectStorage

FORMAT = "milimo-project"
FORMAT_VERSION = 1
SKIPPED_FOLDERS = ("workspace/cache",)  # derived files (filmstrips, peaks): rebuilt on demand
_CHUNK = 1024 * 1024


STALE_S = 6 * 3600  # an archive whose download was cut short (its delete never ran) goes at the next export


def _tmp_dir(data_dir: Path) -> Path:
    path = data_dir / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _sweep(folder: Path) -> None:
    cutoff = time.time() - STALE_S
    for old in folder.glob("archive-*.zip"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass


def _media_files(storage: ProjectStorage, project_id: str) -> list[tuple[Path, str]]:
    root = storage.project_dir(project_id)
    found = []
    for folder in MEDIA_FOLDERS:
        for dirpath, dirnames, filenames in os.walk(root / folder):  # does not follow symlinked folders
            relative_dir = Path(dirpath).relative_to(root).as_posix()
            dirnames[:] = [d for d in dirnames if f"{relative_dir}/{d}" not in SKIPPED_FOLDERS]
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if path.is_file() and not path.is_symlink():
                    found.append((path, f"{relative_dir}/{name}"))
    return found


def write_archive(session: Session, storage: ProjectStorage, data_dir: Path, project: Project) -> Path:
    """Write the archive to a temporary file and return its path (the caller deletes it once sent)."""
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": utcnow().isoformat(),
        "project_id": project.id,
    }
    _sweep(_tmp_dir(data_dir))
    handle, name = tempfile.mkstemp(prefix="archive-", suffix=".zip", dir=_tmp_dir(data_dir))
    os.close(handle)
    path = Path(name)
    try:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as out:
            out.writestr("manifest.json", json.dumps(manifest, indent=2))
            for table, rows in dump_rows(session, project).items():
                out.writestr(f"tables/{table}.json", json.dumps(rows))
            for file, relative in _media_files(storage, project.id):
                out.write(file, f"media/{relative}", compress_type=zipfile.ZIP_STORED)  # media is compressed already
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _spool(upload: IO[bytes], target: Path, max_bytes: int) -> None:
    written = 0
    with target.open("wb") as out:
        while chunk := upload.read(_CHUNK):
            written += len(chunk)
            if written > max_bytes:
                raise TooLarge(f"the archive is larger than {max_bytes // 1024**2} MiB")
            out.write(chunk)


def _manifest(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> dict[str, Any]:
    if "manifest.json" not in names:
        raise InvalidInput("not a Milimo project archive: it has no manifest.json")
    try:
        manifest = json.loads(read_json_bytes(archive, names["manifest.json"]))
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidInput("not a Milimo project archive: manifest.json is not JSON") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InvalidInput(f"not a Milimo project archive: manifest.json's format is not {FORMAT!r}")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidInput(f"manifest.json's format_version must be a whole number ≥ 1, not {version!r}")
    if version > FORMAT_VERSION:
        raise InvalidInput(
            f"archive format {version} is newer than this studio understands (max {FORMAT_VERSION}): "
            "update Milimo Video"
        )
    return manifest


def _tables(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        info = names.get(f"tables/{table}.json")
        if info is None:
            tables[table] = []
            continue
        try:
            rows = json.loads(read_json_bytes(archive, info))
        except (ValueError, UnicodeDecodeError) as error:
            raise InvalidInput(f"tables/{table}.json is not JSON") from error
        if not isinstance(rows, list) or not all(isinstance(r, dict) and isinstance(r.get("id"), str) for r in rows):
            raise InvalidInput(f"tables/{table}.json must be a list of rows, each with a string id")
        tables[table] = rows
    if len(tables["project"]) != 1:
        raise InvalidInput("tables/project.json must hold exactly one project")
    return tables


def _insert(session: Session, storage: ProjectStorage, tables: dict[str, list[dict[str, Any]]]) -> Project:
    project_id = tables["project"][0]["id"]
    try:
        rows = {name: [to_row(TABLES[name], data) for data in tables[name]] for name in TABLES}
    except (ValidationError, ValueError, TypeError) as error:
        raise InvalidInput(f"the archive's rows do not fit this studio's tables: {str(error)[:500]}") from error
    project: Project = rows["project"][0]  # type: ignore[assignment]
    project.updated_at = utcnow()
    for name, items in rows.items():
        for row in items:
            if name != "project" and getattr(row, "project_id", None) != project_id:
                raise InvalidInput(f"tables/{name}.json: row {row.id} belongs to another project")  # type: ignore[attr-defined]
            for column in PATH_COLUMNS:
                value = getattr(row, column, None)
                if isinstance(value, str) and value:
                    try:
                        storage.resolve_media_path(project_id, value)
                    except PathRefused as error:
                        raise InvalidInput(
                            f"tables/{name}.json: {column} {value[:200]!r} is refused: {error}"
                        ) from error
    try:
        for items in rows.values():
            session.add_all(items)
            session.flush()
        if not rows["tracks"]:
            create_default_tracks(session, project_id)
    except IntegrityError as error:
        raise InvalidInput(f"the archive's rows do not hold together: {str(error.orig)[:300]}") from error
    return project


def _copy_media(
    archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], storage: ProjectStorage, project_id: str
) -> None:
    for info in entries:
        if info.is_dir() or not info.filename.startswith("media/"):
            continue
        try:
            target = storage.resolve_media_path(project_id, info.filename.removeprefix("media/"))
        except PathRefused as error:
            raise InvalidInput(f"archive entry {info.filename[:200]!r} is refused: {error}") from error
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, _CHUNK)


def read_archive(
    session: Session, storage: ProjectStorage, data_dir: Path, upload: IO[bytes], max_bytes: int
) -> Project:
    """A NEW project from an archive, in the caller's transaction (an error leaves no rows and no files)."""
    with tempfile.TemporaryDirectory(prefix="import-", dir=_tmp_dir(data_dir)) as tmp:
        spooled = Path(tmp) / "upload.zip"
        _spool(upload, spooled, max_bytes)
        if not zipfile.is_zipfile(spooled):
            raise InvalidInput("not a Milimo project archive: the file is not a .zip")
        try:
            with zipfile.ZipFile(spooled) as archive:
                entries = check_entries(archive)
                names = {info.filename: info for info in entries}
                _manifest(archive, names)
                tables, _ = remap(_tables(archive, names))
                project = _insert(session, storage, tables)
                root = storage.ensure_project(project.id)
                (root / IMPORT_MARKER).touch()  # until the rows commit: a crash before that is swept on start
                try:
                    _copy_media(archive, entries, storage, project.id)
                    session.flush()
                except BaseException:
                    shutil.rmtree(storage.project_dir(project.id), ignore_errors=True)
                    raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as error:
            raise InvalidInput(f"the archive cannot be read: {str(error)[:300]}") from error
    return project


def finish_import(storage: ProjectStorage, project_id: str) -> None:
    """After the import's rows are committed: its folder is complete (``recovery`` would keep it, too)."""
    (storage.project_dir(project_id) / IMPORT_MARKER).unlink(missing_ok=True)
