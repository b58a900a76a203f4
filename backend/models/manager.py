"""The ModelManager: one per process, owns the accelerator, loads pipelines on demand.

Sources: each role (``video`` = LTX-2 for now) reads a configured source (a local folder in diffusers layout or a
hub id). When none is configured the studio uses tiny random-weight models of the real architecture, built into
``<data>/models/test/`` on first start, and says so everywhere (their output is noise).

torch and diffusers are imported lazily so that the HTTP service starts in well under a second; the worker thread
pays for the imports (and preloads the video model) in the background.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog

from backend.api.schemas.health import ModelRoleStatus
from backend.config import Settings

log = structlog.get_logger(__name__)

TEST_MODEL_MESSAGE = (
    "Test models in use: tiny random-weight models of the real architectures. Every output is noise, not a real "
    "generation. To use real weights set MILIMO_LTX2_SOURCE to a local folder in diffusers layout (or a Hugging Face "
    "hub id where the network allows) and restart."
)
REAL_MODEL_MESSAGE = "Real model weights configured."


@dataclass
class _Role:
    name: str
    family: str
    configured: str | None
    state: str = "missing"  # missing | building | ready | loading | loaded | error
    error: str | None = None
    pipeline: Any = None
    device: str | None = None
    load_seconds: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class ModelManager:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._roles = {"video": _Role("video", "ltx2", settings.ltx2_source)}
        # One lock for everything that touches the accelerator: two jobs never load at once.
        self._gpu_lock = threading.RLock()

    # --- sources ---------------------------------------------------------------------------------------------

    def _test_model_dir(self, family: str) -> Path:
        return self._settings.test_models_dir / family

    def source(self, role: str) -> str:
        spec = self._roles[role]
        return spec.configured or str(self._test_model_dir(spec.family))

    def is_test_model(self, role: str) -> bool:
        return self._roles[role].configured is None

    @property
    def using_test_models(self) -> bool:
        return any(self.is_test_model(role) for role in self._roles)

    @property
    def message(self) -> str:
        return TEST_MODEL_MESSAGE if self.using_test_models else REAL_MODEL_MESSAGE

    # --- test models -----------------------------------------------------------------------------------------

    def ensure_test_models(self) -> None:
        """Build the tiny models for every role without a configured source (once; later starts reuse them)."""
        for spec in self._roles.values():
            if spec.configured is not None:
                spec.state = "ready"
                continue
            target = self._test_model_dir(spec.family)
            if (target / "model_index.json").exists():
                spec.state = "ready" if spec.state == "missing" else spec.state
                continue
            spec.state = "building"
            try:
                started = time.perf_counter()
                _build_test_model(spec.family, target, self._settings.test_model_seed)
                log.info("test_model.built", role=spec.name, path=str(target), seconds=time.perf_counter() - started)
                spec.state = "ready"
            except Exception as error:  # surfaced in /health and /models; jobs fail with this message
                spec.state, spec.error = "error", f"building the test model failed: {error}"
                log.exception("test_model.build_failed", role=spec.name)

    # --- loading ---------------------------------------------------------------------------------------------

    def pipeline(self, role: str) -> Any:
        """The loaded pipeline for ``role``, loading it first if needed."""
        spec = self._roles[role]
        with self._gpu_lock:
            if spec.pipeline is not None:
                return spec.pipeline
            if spec.state in ("missing", "building"):
                self.ensure_test_models()
            if spec.state == "error" and spec.pipeline is None and spec.error:
                raise RuntimeError(spec.error)
            from backend.models.device import dtype_for, pick_device

            device = pick_device(self._settings.device)
            spec.state = "loading"
            started = time.perf_counter()
            try:
                spec.pipeline = _load_pipeline(spec.family, self.source(role), device, dtype_for(device))
            except Exception as error:
                spec.state, spec.error = "error", f"loading {spec.family} from {self.source(role)} failed: {error}"
                raise
            spec.device, spec.state, spec.error = device, "loaded", None
            spec.load_seconds = time.perf_counter() - started
            log.info("model.loaded", role=role, device=device, seconds=round(spec.load_seconds, 3))
            return spec.pipeline

    def unload(self, role: str) -> None:
        from backend.models.device import free_accelerator_memory

        spec = self._roles[role]
        with self._gpu_lock:
            spec.pipeline, spec.device = None, None
            spec.state = "ready"
            free_accelerator_memory()

    def recover_from_out_of_memory(self) -> None:
        """After an OOM: drop every loaded model and the allocator's caches, so the next job starts clean."""
        for role in self._roles:
            self.unload(role)

    # --- reporting -------------------------------------------------------------------------------------------

    def status(self) -> list[ModelRoleStatus]:
        return [
            ModelRoleStatus(
                role=spec.name,
                source=self.source(spec.name),
                test_model=self.is_test_model(spec.name),
                loaded=spec.pipeline is not None,
                device=spec.device,
                state=spec.state,
                error=spec.error,
            )
            for spec in self._roles.values()
        ]


def _build_test_model(family: str, target: Path, seed: int) -> None:
    if family == "ltx2":
        from backend.models.tiny.ltx2 import build_tiny_ltx2

        build_tiny_ltx2(target, seed=seed)
        return
    raise ValueError(f"no test model builder for {family}")


def _load_pipeline(family: str, source: str, device: str, dtype: Any) -> Any:
    if family == "ltx2":
        from backend.models.ltx2.loader import load_ltx2_pipeline

        return load_ltx2_pipeline(source, device, dtype)
    raise ValueError(f"no loader for {family}")
