"""Regional compilation: ``torch.compile`` of a transformer's repeated block class once (diffusers'
``compile_repeated_blocks(fullgraph=True)``: one LTX-2 block compiled, reused by all 48), with inductor's cache kept
under the data folder (``<data>/cache/torch_compile``) so that only the first job after an install pays the cold
compile (~25 s per batch shape for the 19 B LTX-2 on the H200) and later starts read kernels from disk. Each input
shape's compile time is logged (``model.compiled``).

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
    """Times a compiled module's forwards per input shape: the first forward of a shape compiles it (LTX-2's CFG pair
    at batch 2 and its guidance passes at batch 1 are two), the second runs it, and the difference is that shape's
    compile time. ``compile_seconds`` sums them; each is logged as ``model.compiled``. The timing synchronises the
    device around each forward, so the hooks go after the first ``WATCHED`` forwards (a job's first steps): no sync
    is left in the steady state."""

    WATCHED = 8

    def __init__(self, module: nn.Module, name: str) -> None:
        self.name = name
        self.compile_seconds = 0.0
        self._first: dict[tuple[Any, ...], float] = {}
        self._done: set[tuple[Any, ...]] = set()
        self._started: list[tuple[tuple[Any, ...], float]] = []
        self._seen = 0
        self._handles = [
            module.register_forward_pre_hook(self._before, with_kwargs=True),
            module.register_forward_hook(self._after),
        ]

    @staticmethod
    def _shape_key(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(
            (name, tuple(value.shape)) for name, value in [*enumerate(args), *kwargs.items()] if torch.is_tensor(value)
        )

    def _before(self, _module: nn.Module, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        _sync()
        self._started.append((self._shape_key(args, kwargs), time.perf_counter()))

    def _after(self, *_: Any) -> None:
        _sync()
        key, started = self._started.pop()
        seconds = time.perf_counter() - started
        self._seen += 1
        if self._seen >= self.WATCHED and not self._started:
            for handle in self._handles:
                handle.remove()
        if key in self._done:
            return
        if key not in self._first:
            self._first[key] = seconds
            return
        compiled = max(self._first.pop(key) - seconds, 0.0)
        self._done.add(key)
        self.compile_seconds += compiled
        log.info("model.compiled", module=self.name, seconds=round(compiled, 1), shapes_compiled=len(self._done))


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
