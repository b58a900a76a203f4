"""The studio's long-lived services, wired together once per process (the API's ``app.state.studio``)."""

from __future__ import annotations

from dataclasses import dataclass

import structlog
from sqlalchemy import Engine

from backend.config import Settings
from backend.db.engine import make_engine
from backend.db.migrate import upgrade_database
from backend.events.bus import EventBus
from backend.events.studio import publish_job
from backend.models.families import test_lora_folders
from backend.models.loras.library import LoraLibrary
from backend.models.manager import ModelManager
from backend.sam_client.client import SamClient
from backend.services.job_queue import recover_interrupted
from backend.services.model_downloads import ModelDownloads, recover_downloads
from backend.services.model_library import HubProbe
from backend.services.recovery import sweep_after_crash
from backend.storage.paths import ProjectStorage
from backend.worker.handlers import HANDLERS
from backend.worker.ray_executor import RayExecutor
from backend.worker.worker import GpuWorker

log = structlog.get_logger(__name__)


@dataclass
class Studio:
    settings: Settings
    engine: Engine
    bus: EventBus
    storage: ProjectStorage
    models: ModelManager
    worker: GpuWorker | RayExecutor  # the executor: MILIMO_EXECUTOR=local (a thread here) or ray (actors)
    sam: SamClient
    loras: LoraLibrary
    downloads: ModelDownloads  # the Models page's downloads (threads here, not jobs)
    hub_probe: HubProbe

    @classmethod
    def open(cls, settings: Settings) -> Studio:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        upgrade_database(settings.database)
        engine = make_engine(settings.database)
        bus = EventBus(engine, settings.event_history)
        storage = ProjectStorage(settings.projects_dir)
        models = ModelManager(settings, sam_bytes=lambda: int(settings.sam_reserve_gb * 2**30))
        worker: GpuWorker | RayExecutor = (
            RayExecutor(settings, engine, bus, storage, models)
            if settings.executor == "ray"
            else GpuWorker(settings, engine, bus, storage, models, HANDLERS)
        )
        sweep_after_crash(engine, settings.data_dir, settings.projects_dir)  # what a crash left half-written
        for job in recover_interrupted(engine):
            log.warning("job.interrupted_by_restart", job_id=job.id)
            publish_job(bus, "job.failed", job)
        loras = LoraLibrary(
            settings.loras_dir,
            [*settings.lora_folders, *test_lora_folders(models.source("video"), models.is_test_model("video"))],
            lambda: {"ltx2": models.transformer_config("video"), "flux2": models.transformer_config("image")},
            base_is_distilled=lambda: settings.ltx2_distilled,
        )
        for download_id in recover_downloads(engine):
            log.warning("download.interrupted_by_restart", download_id=download_id)
        downloads = ModelDownloads(settings, engine, bus, models, loras)
        return cls(
            settings, engine, bus, storage, models, worker, SamClient(settings), loras, downloads, HubProbe(settings)
        )

    def start(self) -> None:
        self.worker.start()

    def close(self) -> None:
        self.downloads.close()
        self.worker.stop()
        self.sam.close()
        self.engine.dispose()
