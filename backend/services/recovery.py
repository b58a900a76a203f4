"""On start, before anything runs: sweep what a crashed process (SIGKILL, power loss) left half-written.

- hidden temporaries of atomic writes (``.<name>.<random>.tmp<suffix>``, ``backend.media.atomic``) under every
  project's media folders: a write that never reached its rename;
- spooled uploads of archive imports (``<data>/tmp/import-*``) and half-written archive exports
  (``<data>/tmp/archive-*.zip``);
- the files of a tracked mask whose row was never written (``generated/masks/<id>.npz|.mp4``,
  ``thumbnails/mask_<id>.jpg``: the track job writes them first, then the row);
- the folder of an archive import that never committed: an import copies its media under the new project's folder
  with an ``IMPORTING`` marker (``archive.py``) and removes the marker once its rows are committed, so a marked
  folder whose project row does not exist is an import cut short; a marked folder whose row exists is complete.

Nothing else runs while this does (it is called by ``Studio.open`` before the worker and the API start).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import structlog
from sqlalchemy import Engine
from sqlmodel import select

from backend.db.engine import session_scope
from backend.db.tables import Project, ShotMask
from backend.storage.paths import MEDIA_FOLDERS

log = structlog.get_logger(__name__)

IMPORT_MARKER = ".importing"  # at a project folder's root (not a media folder: never archived, served or listed)


def _is_partial(path: Path) -> bool:
    return path.name.startswith(".") and ".tmp" in path.name and path.is_file()


def _sweep_orphan_masks(engine: Engine, project: Path) -> int:
    files = [*(project / "generated" / "masks").glob("*.npz"), *(project / "generated" / "masks").glob("*.mp4")]
    files += [(p, p.stem.removeprefix("mask_")) for p in (project / "thumbnails").glob("mask_*.jpg")]  # type: ignore[misc]
    if not files:
        return 0
    with session_scope(engine) as session:
        known = set(session.exec(select(ShotMask.id).where(ShotMask.project_id == project.name)).all())
    swept = 0
    for item in files:
        path, mask_id = item if isinstance(item, tuple) else (item, item.stem)
        if mask_id not in known:
            path.unlink(missing_ok=True)
            swept += 1
    return swept


def sweep_after_crash(engine: Engine, data_dir: Path, projects_dir: Path) -> dict[str, int]:
    swept = {"temporaries": 0, "unfinished_imports": 0, "spools": 0, "orphan_masks": 0}
    if projects_dir.is_dir():
        for project in projects_dir.iterdir():
            if not project.is_dir():
                continue
            marker = project / IMPORT_MARKER
            if marker.is_file():
                with session_scope(engine) as session:
                    committed = session.get(Project, project.name) is not None
                if committed:
                    marker.unlink(missing_ok=True)
                else:
                    shutil.rmtree(project, ignore_errors=True)
                    swept["unfinished_imports"] += 1
                    continue
            for folder in MEDIA_FOLDERS:
                for path in (project / folder).rglob(".*"):
                    if _is_partial(path):
                        path.unlink(missing_ok=True)
                        swept["temporaries"] += 1
            swept["orphan_masks"] += _sweep_orphan_masks(engine, project)
    tmp = data_dir / "tmp"
    if tmp.is_dir():
        for spool in [*tmp.glob("import-*"), *tmp.glob("archive-*.zip")]:
            if spool.is_dir():
                shutil.rmtree(spool, ignore_errors=True)
            else:
                spool.unlink(missing_ok=True)
            swept["spools"] += 1
    if any(swept.values()):
        log.warning("recovery.swept", **swept)
    return swept
