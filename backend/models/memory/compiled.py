"""Regional compilation: ``torch.compile`` of a transformer's repeated block class once (diffusers'
``compile_repeated_blocks(fullgraph=True)``: one LTX-2 block compiled, reused by all 48), with inductor's cache kept
under the data folder (``<data>/cache/torch_compile``) so that only the first job after an install pays the cold
compile (~23 s per batch shape on the H200) and later starts read kernels from disk. The first forward's time is
logged as the compile time.

``MILIMO_COMPILE``: ``auto`` compiles on CUDA for resident and FP8 plans (not streamed: the transfers bound a streamed
step, and group-offload hooks break the graph), ``on`` wherever possible, ``off`` never.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import structlog
import torch
from torch import nn

log = structlog.get_logger(__name__)


RECOMPILE_LIMIT = 64


def cache_dir(data_dir: Path) -> Path:
    return data_dir / "cache" / "torch_compile"


def keep_cache_in(folder: Path) -> None:
    """Point inductor (and Triton, which keeps its kernels inside it) at ``folder``. Must run before the first
    compile of the process: inductor reads the variable when it first needs its cache. A folder set by the user's
    own TORCHINDUCTOR_CACHE_DIR is kept."""
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("TORCHINDUCTOR_CACHE_DIR", str(folder))
    os.environ.setdefault("TRITON_CACHE_DIR", str(Path(os.environ["TORCHINDUCTOR_CACHE_DIR"]) / "triton"))


def should_compile(setting: str, device: torch.device, plan: str) -> bool:
    if setting == "off":
        return False
    if setting == "on":
        return True
    return device.type == "cuda" and plan in ("resident", "fp8")


class CompileTimer:
    """Times the first forward of a compiled module (compile + run) and the second (run) so the log says how long
    compiling took; ``compile_seconds`` is None until both ran."""

    def __init__(self, module: nn.Module, name: str) -> None:
        self.name = name
        self.first_seconds: float | None = None
        self.compile_seconds: float | None = None
        self._started = 0.0
        self._calls = 0
        self._handles = [module.register_forward_pre_hook(self._before), module.register_forward_hook(self._after)]

    def _before(self, *_: Any) -> None:
        _sync()
        self._started = time.perf_counter()

    def _after(self, *_: Any) -> None:
        _sync()
        seconds = time.perf_counter() - self._started
        self._calls += 1
        if self._calls == 1:
            self.first_seconds = seconds
            return
        if self.first_seconds is not None:
            self.compile_seconds = max(self.first_seconds - seconds, 0.0)
            log.info("model.compiled", module=self.name, seconds=round(self.compile_seconds, 1))
        for handle in self._handles:
            handle.remove()


def _sync() -> None:
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        torch.cuda.synchronize()


def compile_blocks(module: nn.Module, name: str, data_dir: Path) -> CompileTimer:
    """Compile ``module``'s repeated blocks (lazily: the work happens in its first forward)."""
    keep_cache_in(cache_dir(data_dir))
    # Every batch size (the CFG pair, single passes), token count (each shot size, standard's half-size stage) and
    # branch is a graph of its own: dynamo's default limit of 8 is reached after two sizes, and with fullgraph=True
    # reaching it fails the job (measured: bench/gpu_presets.py). 64 graphs of one block are cheap to keep.
    torch._dynamo.config.recompile_limit = max(int(torch._dynamo.config.recompile_limit), RECOMPILE_LIMIT)
    module.compile_repeated_blocks(fullgraph=True)  # type: ignore[operator]
    return CompileTimer(module, name)
