"""Downloads of model weights and LoRAs from the hub: checked when asked for, run in a thread of the API process (not
the GPU job queue: a download never waits behind a generation, nor holds one up), recorded in ``model_download``.

A download fetches into ``<data>/downloads/<target>--<owner>--<name>/`` and installs only once every file matches
the hub's checksum and the folder passes ``milimo verify`` (LoRAs: their header names LTX-2 or FLUX.2). The staging
folder is keyed by what is downloaded, not by the download: a cancelled, interrupted or dropped download is resumed
by posting it again (the bytes on the disk are kept, the rest asked for with Range requests). It is removed when
the download completes, and when what is in it can never be used: a checksum mismatch, files that fail verify, a
full disk (or the quota, ``MILIMO_DOWNLOAD_QUOTA_BYTES``).
"""

from __future__ import annotations

import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import structlog
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from backend.config import Settings
from backend.db.tables import ModelDownload, utcnow
from backend.disk_space import MARGIN_BYTES, free_bytes, is_disk_full
from backend.errors import Conflict, InsufficientStorage, InvalidInput, NotFound, Unavailable
from backend.events.bus import EventBus
from backend.events.studio import publish_download
from backend.models import catalog
from backend.models.catalog import CatalogEntry
from backend.models.families import ROLE_FAMILY
from backend.models.hub.checksums import ChecksumMismatch
from backend.models.hub.download import download_repo, staged_bytes
from backend.models.hub.install import NotUsable, install_loras, install_model
from backend.models.hub.metadata import HubRefused, HubUnreachable, RemoteRepo, repo_files
from backend.models.hub.transfer import DownloadCancelled, Meter
from backend.models.loras.library import LoraLibrary
from backend.models.manager import ModelManager
from backend.schemas.model_library import DownloadRead, DownloadRequest

log = structlog.get_logger(__name__)

ACTIVE = ("running", "verifying")
# One progress event (and row write) a second at most: events are kept for replay (MILIMO_EVENT_HISTORY), and a
# download of tens of GB must not push a project's own events out of that history.
PROGRESS_INTERVAL_S = 1.0
_STOPPED = "the studio stopped during this download: start it again to resume from the bytes on the disk"
_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$")


def download_view(row: ModelDownload) -> DownloadRead:
    return DownloadRead.model_validate(row, from_attributes=True)


def _gb(n: int) -> str:
    return f"{n / 1e9:.1f}" if n >= 1e8 else f"{n / 1e9:.2f}"


def catalog_entry(request: DownloadRequest) -> CatalogEntry:
    """The catalogue row a request names, or a 422 that says what to send instead."""
    if not _REPO_ID.match(request.repo_id):
        raise InvalidInput(f"repo_id {request.repo_id!r} is not a hub repository id: write it as owner/name")
    if (request.role is None) == (not request.lora):
        raise InvalidInput("give either role (the weights of one role) or lora: true (for the LoRA library), not both")
    if request.lora:
        target = "lora"
    else:
        target = str(request.role)
        if target not in ROLE_FAMILY:
            raise InvalidInput(f"no role {target!r}: roles are {', '.join(ROLE_FAMILY)}")
    entry = catalog.find(request.repo_id, target)
    if entry is None:
        known = ", ".join(e.repo_id for e in catalog.entries_for(target)) or "none"
        what = "the LoRA library" if target == "lora" else f"the {target} role"
        raise InvalidInput(
            f"{request.repo_id} is not in the catalogue for {what}; known: {known}. Other weights can be placed by "
            "hand (docs/models.md)"
        )
    return entry


def staging_dir(settings: Settings, entry: CatalogEntry) -> Path:
    return settings.downloads_dir / f"{entry.target}--{entry.repo_id.replace('/', '--')}"


def recover_downloads(engine: Engine) -> list[str]:
    """Downloads a stopped server left running: ``interrupted`` (posting them again resumes them)."""
    with Session(engine) as session:
        rows = session.exec(select(ModelDownload).where(col(ModelDownload.status).in_(ACTIVE))).all()
        for row in rows:
            row.status, row.updated_at = "interrupted", utcnow()
            row.error = _STOPPED
            session.add(row)
        session.commit()
        return [row.id for row in rows]


def _slot(entry: CatalogEntry) -> str:
    """What one download at a time is allowed for: a role's weights, or one LoRA repository."""
    return f"lora:{entry.repo_id}" if entry.kind == "lora" else entry.target


@dataclass
class _Running:
    thread: threading.Thread
    cancel: threading.Event
    slot: str


class ModelDownloads:
    def __init__(
        self, settings: Settings, engine: Engine, bus: EventBus, models: ModelManager, loras: LoraLibrary
    ) -> None:
        self._settings = settings
        self._engine = engine
        self._bus = bus
        self._models = models
        self._loras = loras
        self._lock = threading.Lock()
        self._running: dict[str, _Running] = {}
        self._starting: set[str] = set()
        self._closing = False

    # --- reading ---------------------------------------------------------------------------------------------

    def get(self, download_id: str) -> DownloadRead:
        with Session(self._engine) as session:
            row = session.get(ModelDownload, download_id)
            if row is None:
                raise NotFound(f"no download {download_id!r}")
            return download_view(row)

    def latest(self) -> dict[tuple[str, str], DownloadRead]:
        """The newest download of each (repository, target)."""
        with Session(self._engine) as session:
            rows = session.exec(select(ModelDownload).order_by(col(ModelDownload.created_at))).all()
            return {(row.repo_id, row.target): download_view(row) for row in rows}

    # --- starting --------------------------------------------------------------------------------------------

    def start(self, request: DownloadRequest) -> DownloadRead:
        entry = catalog_entry(request)
        with self._lock:
            slot = _slot(entry)
            running = next((i for i, r in self._running.items() if r.slot == slot), None)
            if running is not None or slot in self._starting:
                what = entry.repo_id if entry.kind == "lora" else f"the {entry.target} role"
                where = f" ({running}: POST /models/downloads/{running}/cancel)" if running else ""
                raise Conflict(
                    f"a download for {what} is already running: wait for it, or cancel it first{where}",
                    download_id=running,
                )
            self._starting.add(slot)
        try:
            repo = self._remote(entry)
            staging = staging_dir(self._settings, entry)
            have = staged_bytes(repo, staging / "files")
            needed = repo.total_bytes - have
            free = free_bytes(self._settings.data_dir)
            if free < needed + MARGIN_BYTES:
                raise InsufficientStorage(
                    f"{entry.repo_id} needs {_gb(needed + MARGIN_BYTES)} GB, {_gb(free)} GB free in "
                    f"{self._settings.data_dir}: free some space there, or place the weights by hand (docs/models.md)"
                )
            with Session(self._engine) as session:
                row = ModelDownload(
                    repo_id=entry.repo_id,
                    target=entry.target,
                    revision=repo.commit,
                    total_bytes=repo.total_bytes,
                    done_bytes=have,
                )
                session.add(row)
                session.commit()
                session.refresh(row)
                view = download_view(row)
            cancel = threading.Event()
            thread = threading.Thread(
                target=self._run, args=(view.id, entry, repo, staging, cancel), name=f"download-{view.id[:8]}"
            )
            with self._lock:
                self._running[view.id] = _Running(thread, cancel, slot)
            publish_download(self._bus, view)
            log.info("download.started", download_id=view.id, repo_id=entry.repo_id, target=entry.target, resumed=have)
            thread.start()
            return view
        finally:
            with self._lock:
                self._starting.discard(slot)

    def _remote(self, entry: CatalogEntry) -> RemoteRepo:
        try:
            return repo_files(
                self._settings.hub_endpoint,
                entry.repo_id,
                entry.allow_patterns,
                revision=entry.revision,
                timeout=max(self._settings.hub_timeout_s, 10.0),
            )
        except HubUnreachable as error:
            raise Unavailable(f"{error}. Place the weights by hand instead (the Models page says how)") from error
        except HubRefused as error:
            raise InvalidInput(str(error)) from error

    # --- cancelling ------------------------------------------------------------------------------------------

    def cancel(self, download_id: str) -> DownloadRead:
        current = self.get(download_id)
        with self._lock:
            running = self._running.get(download_id)
        if running is None:
            if current.status in ACTIVE:  # another process's, or one a restart orphaned: nothing runs it here
                return self._finish(download_id, "cancelled", error="cancelled")
            raise Conflict(f"download {download_id} is {current.status}, not running: nothing to cancel")
        running.cancel.set()
        running.thread.join(timeout=10)
        return self.get(download_id)

    def close(self) -> None:
        """Stop every download (at shutdown): what arrived stays on the disk, the rows say ``interrupted``."""
        with self._lock:
            self._closing = True
            running = list(self._running.values())
        for item in running:
            item.cancel.set()
        for item in running:
            item.thread.join(timeout=10)

    # --- the thread ------------------------------------------------------------------------------------------

    def _update(self, download_id: str, **fields: object) -> DownloadRead:
        with Session(self._engine) as session:
            row = session.get(ModelDownload, download_id)
            assert row is not None
            for name, value in fields.items():
                setattr(row, name, value)
            row.updated_at = utcnow()
            session.add(row)
            session.commit()
            session.refresh(row)
            return download_view(row)

    def _finish(self, download_id: str, status: str, **fields: object) -> DownloadRead:
        view = self._update(download_id, status=status, file=None, **fields)
        publish_download(self._bus, view)
        log.info("download.finished", download_id=download_id, status=status, error=view.error)
        return view

    def _progress(self, download_id: str, done: int, file: str | None) -> None:
        publish_download(self._bus, self._update(download_id, done_bytes=done, file=file))

    def _run(
        self, download_id: str, entry: CatalogEntry, repo: RemoteRepo, staging: Path, cancel: threading.Event
    ) -> None:
        files = staging / "files"
        meter = Meter(
            repo.total_bytes,
            lambda done, _total, file: self._progress(download_id, done, file),
            cancel,
            quota=self._settings.download_quota_bytes,
            interval=PROGRESS_INTERVAL_S,
        )
        try:
            download_repo(self._settings.hub_endpoint, repo, files, meter)
            self._progress(download_id, meter.done, None)
            publish_download(self._bus, self._update(download_id, status="verifying"))
            destination = self._install(entry, repo, files)
            shutil.rmtree(staging, ignore_errors=True)
            self._finish(download_id, "completed", done_bytes=meter.done, destination=str(destination))
        except DownloadCancelled:
            if self._closing:
                self._finish(download_id, "interrupted", done_bytes=meter.done, error=_STOPPED)
                return
            self._finish(
                download_id,
                "cancelled",
                done_bytes=meter.done,
                error=f"cancelled; {_gb(meter.done)} GB kept on the disk: start it again to resume",
            )
        except HubRefused as error:  # a gated repository's files: nothing to keep
            shutil.rmtree(staging, ignore_errors=True)
            self._finish(download_id, "failed", done_bytes=0, error=str(error))
        except (ChecksumMismatch, NotUsable) as error:
            shutil.rmtree(staging, ignore_errors=True)
            self._finish(
                download_id, "failed", done_bytes=0, error=f"{error}; nothing was installed, the files were removed"
            )
        except Exception as error:  # noqa: BLE001 - every failure ends the row with why
            if is_disk_full(error):
                shutil.rmtree(staging, ignore_errors=True)
                reason = (
                    f"disk full while writing {meter.file or 'the files'} ({error}); nothing was installed and the "
                    f"partial files were removed: free space in {self._settings.data_dir} and start it again"
                )
                self._finish(download_id, "failed", done_bytes=0, error=reason)
            else:
                log.exception("download.failed", download_id=download_id)
                reason = f"{type(error).__name__}: {error}; start it again to resume from the bytes on the disk"
                self._finish(download_id, "failed", done_bytes=meter.done, error=reason)
        finally:
            with self._lock:
                self._running.pop(download_id, None)

    def _install(self, entry: CatalogEntry, repo: RemoteRepo, files: Path) -> Path:
        if entry.kind == "lora":
            loras = [files / f.path for f in repo.files if f.path.endswith(".safetensors")]
            return install_loras(loras, self._settings.loras_dir, self._loras.configs)[0]
        staged = files / entry.subfolder if entry.subfolder else files
        destination = install_model(staged, self._settings.weights_dir / entry.family)
        self._models.reload(entry.target)
        return destination
