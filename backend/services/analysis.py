"""Filmstrips and waveform peaks of a project's media, cached under ``workspace/cache/``.

The cache key is the file's project path, modification time and size, and the parameters: a file replaced under the
same name is analysed again, and nothing needs invalidating by hand. Entries are written atomically (temp + rename),
so two requests racing on the same key both see a whole file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from sqlmodel import Session

from backend.errors import InvalidInput, NotFound
from backend.media.filmstrip import NotVideo, filmstrip_jpeg
from backend.media.peaks import NoAudio, audio_peaks
from backend.schemas.analysis import PeaksRead
from backend.services.lookup import get_project
from backend.storage.paths import PathRefused, ProjectStorage


def _source(session: Session, storage: ProjectStorage, project_id: str, path: str) -> Path:
    get_project(session, project_id)
    try:
        source = storage.resolve_media_path(project_id, path)
        found = source.is_file() and not source.name.startswith(".")
    except PathRefused:
        raise
    except (ValueError, OSError):  # a NUL byte, a name too long: no such file
        found = False
    if not found:
        raise NotFound(f"no file {path!r} in project {project_id}")
    return source


def _cached(
    storage: ProjectStorage, project_id: str, source: Path, path: str, kind: str, params: str, suffix: str
) -> Path:
    stat = source.stat()
    key = hashlib.sha256(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\0{params}".encode()).hexdigest()[:40]
    return storage.folder(project_id, "workspace") / "cache" / kind / f"{key}{suffix}"


def _store(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def filmstrip(session: Session, storage: ProjectStorage, project_id: str, path: str, count: int, height: int) -> bytes:
    source = _source(session, storage, project_id, path)
    target = _cached(storage, project_id, source, path, "filmstrip", f"{count}x{height}", ".jpg")
    if target.is_file():
        return target.read_bytes()
    try:
        data = filmstrip_jpeg(source, count, height)
    except NotVideo as error:
        raise InvalidInput(f"{path}: {error}; a filmstrip needs a video") from None
    _store(target, data)
    return data


def peaks(session: Session, storage: ProjectStorage, project_id: str, path: str, per_second: int) -> PeaksRead:
    source = _source(session, storage, project_id, path)
    target = _cached(storage, project_id, source, path, "peaks", str(per_second), ".json")
    if target.is_file():
        return PeaksRead.model_validate_json(target.read_bytes())
    try:
        result = audio_peaks(source, per_second)
    except NoAudio as error:
        raise InvalidInput(f"{path}: {error}") from None
    body = PeaksRead(duration_s=result.duration_s, per_second=result.per_second, peaks=result.peaks)
    _store(target, json.dumps(body.model_dump()).encode())
    return body
