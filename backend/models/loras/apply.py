"""LoRAs on a loaded pipeline for one job: loaded as named adapters with diffusers' ``load_lora_weights`` (peft),
weighted with ``set_adapters``, and deleted afterwards so the next job starts from the bare model. The files' tensors
stay in host memory (a small LRU by bytes) so a LoRA used job after job is read from disk once."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CACHE_BYTES = 8 * 1024**3  # LoRA tensors kept in host memory between jobs


@dataclass(frozen=True)
class Applied:
    id: str
    path: Path
    strength: float


class LoraCache:
    """File tensors by (path, size, mtime): read once while they stay cached."""

    def __init__(self, budget_bytes: int = CACHE_BYTES) -> None:
        self._budget = budget_bytes
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[str, int, int], tuple[dict[str, Any], int]] = OrderedDict()
        self.reads = 0  # files read from disk (what a test checks)

    def tensors(self, path: Path) -> dict[str, Any]:
        from safetensors.torch import load_file

        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key][0]
        tensors = load_file(str(path))
        size = sum(t.numel() * t.element_size() for t in tensors.values())
        with self._lock:
            self.reads += 1
            self._entries[key] = (tensors, size)
            while sum(s for _, s in self._entries.values()) > self._budget and len(self._entries) > 1:
                self._entries.popitem(last=False)
        return tensors


CACHE = LoraCache()


def adapter_name(lora_id: str) -> str:
    return f"milimo_{lora_id}"


@contextmanager
def loras_applied(pipeline: Any, loras: Sequence[Applied], cache: LoraCache = CACHE) -> Iterator[None]:
    """``pipeline`` with ``loras`` at their strengths for the duration of the block; bare again after it, however
    the block ends (a failed or cancelled job leaves no adapter behind)."""
    names: list[str] = []
    try:
        for lora in loras:
            name = adapter_name(lora.id)
            # A copy: diffusers' conversion pops keys from the dict it is given, and the cache must stay whole.
            pipeline.load_lora_weights(dict(cache.tensors(lora.path)), adapter_name=name)
            names.append(name)
        if names:
            pipeline.set_adapters(names, adapter_weights=[lora.strength for lora in loras])
        yield
    finally:
        if names:
            pipeline.delete_adapters(names)
