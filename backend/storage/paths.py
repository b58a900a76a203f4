"""Project-scoped media storage.

Layout (as in the reference system): ``<data>/projects/{project_id}/generated|thumbnails|assets|workspace``.
Every path that comes from a request goes through :func:`resolve_media_path`, which refuses anything that would
leave the project's own folder (``..``, absolute paths, symlinks pointing out, unknown top-level folders).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

MEDIA_FOLDERS = ("generated", "thumbnails", "assets", "workspace")
_PROJECT_ID = re.compile(r"^[0-9a-f]{32}$")


class PathRefused(ValueError):
    """A request asked for a path outside what it may read."""


class ProjectStorage:
    def __init__(self, projects_dir: Path) -> None:
        self.projects_dir = projects_dir

    def project_dir(self, project_id: str | None) -> Path:
        if not project_id:
            raise ValueError("a project id is required to locate project files")
        if not _PROJECT_ID.match(project_id):
            raise PathRefused(f"not a project id: {project_id!r}")
        return self.projects_dir / project_id

    def ensure_project(self, project_id: str) -> Path:
        root = self.project_dir(project_id)
        for folder in MEDIA_FOLDERS:
            (root / folder).mkdir(parents=True, exist_ok=True)
        return root

    def folder(self, project_id: str, folder: str) -> Path:
        if folder not in MEDIA_FOLDERS:
            raise PathRefused(f"unknown media folder {folder!r}")
        path = self.project_dir(project_id) / folder
        path.mkdir(parents=True, exist_ok=True)
        return path

    def absolute(self, project_id: str, relative: str) -> Path:
        """The file for a stored relative path (``generated/x.mp4``)."""
        return self.resolve_media_path(project_id, relative)

    def resolve_media_path(self, project_id: str, relative: str) -> Path:
        root = self.project_dir(project_id).resolve()
        pure = PurePosixPath(relative)
        if pure.is_absolute() or any(part in ("..", "") for part in pure.parts) or "\\" in relative:
            raise PathRefused("path escapes the project folder")
        if not pure.parts or pure.parts[0] not in MEDIA_FOLDERS:
            raise PathRefused(f"unknown media folder in {relative!r}")
        candidate = (root / pure).resolve()
        if not candidate.is_relative_to(root):
            raise PathRefused("path escapes the project folder")
        return candidate


def media_url(project_id: str, relative: str | None) -> str | None:
    return f"/projects/{project_id}/{relative}" if relative else None
