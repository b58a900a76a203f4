"""The model library as the Models page shows it: each role's weights (installed, test model, missing; size on the
disk and in memory), the catalogue with each entry's latest download, and whether the hub answers — with how to
place weights by hand when it does not."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from backend.config import Settings
from backend.models.catalog import CATALOG, CatalogEntry
from backend.models.hub.metadata import HubRefused, HubUnreachable, repo_files
from backend.models.manager import ModelManager, RoleState
from backend.schemas.model_library import CatalogItem, DownloadRead, HubStatus, ModelLibrary, RoleWeights
from backend.services.model_downloads import ModelDownloads

_REACHABLE_FOR_S = 120.0  # how long an answer of the hub is trusted
_UNREACHABLE_FOR_S = 20.0  # a failed probe is retried sooner: the network may be back


class HubProbe:
    """Whether the hub answers, asked at most once per interval (the page refreshes; the hub is not asked each time).

    The question runs in its own thread and the request waits ``MILIMO_HUB_TIMEOUT_S`` at most: a name lookup with
    no network can take far longer than any HTTP timeout (it happens before the connection, outside the timeout).
    """

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._lock = threading.Lock()
        self._checked_at = -1e9
        self._answer: tuple[bool, str | None] = (False, None)
        self._asking: threading.Thread | None = None

    def _ask(self) -> None:
        entry = CATALOG[0]
        try:
            repo_files(
                self._settings.hub_endpoint, entry.repo_id, entry.allow_patterns, timeout=self._settings.hub_timeout_s
            )
            answer: tuple[bool, str | None] = (True, None)
        except HubRefused:
            answer = (True, None)  # it answered (a gated repository, say): downloads can be tried
        except HubUnreachable as error:
            answer = (False, str(error))
        with self._lock:
            self._answer, self._checked_at, self._asking = answer, time.monotonic(), None

    def status(self) -> tuple[bool, str | None]:
        with self._lock:
            ttl = _REACHABLE_FOR_S if self._answer[0] else _UNREACHABLE_FOR_S
            if time.monotonic() - self._checked_at < ttl:
                return self._answer
            if self._asking is None:
                self._asking = threading.Thread(target=self._ask, name="hub-probe", daemon=True)
                self._asking.start()
            asking = self._asking
        asking.join(self._settings.hub_timeout_s)
        with self._lock:
            if time.monotonic() - self._checked_at < self._settings.hub_timeout_s + 1:
                return self._answer
        return False, f"no answer from {self._settings.hub_endpoint} within {self._settings.hub_timeout_s:g} s"

    def forget(self) -> None:
        with self._lock:
            self._checked_at = -1e9


def manual_steps(settings: Settings) -> list[str]:
    models = settings.weights_dir
    return [
        "On a machine that can reach the hub, download the repository: `hf download <owner/name> --local-dir <folder>` "
        "(or the repository page's Files tab).",
        f"Copy the folder to {models}/<family>: ltx2 (video), ltx2_upsampler (the repository's latent_upsampler "
        f"folder), flux2 (image), gemma3 (director); LoRA .safetensors files into {settings.loras_dir}.",
        "Check it with `milimo verify <folder>`; the studio picks it up on the next job (or set MILIMO_LTX2_SOURCE, "
        "MILIMO_FLUX2_SOURCE, MILIMO_DIRECTOR_SOURCE to the folder and restart).",
    ]


def _folder_bytes(source: str | None) -> int | None:
    if source is None:
        return None
    root = Path(source)
    if not root.is_dir():
        return None
    return sum(f.stat().st_size for f in root.rglob("*") if f.is_file())


def _role_state(models: ModelManager, state: RoleState) -> str:
    if state.state == "external":
        return "external"
    if state.source is None:
        return "disabled"
    if state.test_model:
        return "test_model"
    if Path(state.source).is_dir():
        return "installed"
    looks_like_path = state.source.startswith(("/", ".", "~"))
    return "missing" if looks_like_path else "hub"


def _estimate(role: str) -> int | None:
    return next((e.memory_bytes for e in CATALOG if e.target == role and e.kind == "model"), None)


def _installed(entry: CatalogEntry, settings: Settings, models: ModelManager, download: DownloadRead | None) -> bool:
    if entry.kind == "lora":
        return download is not None and download.destination is not None and Path(download.destination).is_file()
    source = models.source(entry.target)
    return source == str(settings.weights_dir / entry.family) and not models.is_test_model(entry.target)


def library(settings: Settings, models: ModelManager, downloads: ModelDownloads, probe: HubProbe) -> ModelLibrary:
    roles = []
    for state in models.status():
        disk = _folder_bytes(state.source) if state.state != "external" else None
        roles.append(
            RoleWeights(
                role=state.role,
                family=state.family,
                state=_role_state(models, state),  # type: ignore[arg-type]
                source=state.source,
                test_model=state.test_model,
                loaded=state.loaded,
                disk_bytes=disk,
                memory_bytes=state.memory_bytes if state.memory_bytes is not None else _estimate(state.role),
            )
        )
    latest = downloads.latest()
    catalog = []
    for entry in CATALOG:
        download = latest.get((entry.repo_id, entry.target))
        catalog.append(
            CatalogItem(
                repo_id=entry.repo_id,
                title=entry.title,
                kind=entry.kind,
                target=entry.target,
                approx_bytes=entry.approx_bytes,
                memory_bytes=entry.memory_bytes,
                note=entry.note,
                installed=_installed(entry, settings, models, download),
                download=download,
            )
        )
    reachable, error = probe.status()
    hub = HubStatus(
        endpoint=settings.hub_endpoint, reachable=reachable, error=error, manual_steps=manual_steps(settings)
    )
    return ModelLibrary(
        roles=roles, catalog=catalog, hub=hub, weights_dir=str(settings.weights_dir), loras_dir=str(settings.loras_dir)
    )
