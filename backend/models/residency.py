"""Where a loaded model's weights live, and moving them fast.

A model family (all the modules of one pipeline) is either on the execution device, *parked* in host memory, or not
loaded. Parking uses page-locked (pinned) host buffers on CUDA: copies between pinned memory and the GPU run at
PCIe/NVLink speed (~50 GB/s on an H100 host), while copies through ordinary pageable memory are 8-45x slower (see
``bench/model_swap.py``).

The host buffers are allocated once, at the first park, and kept. Inference never writes to weights, so a model that
comes back to the GPU and is parked again needs no copy at all: its host buffers still hold exactly its weights, and
parking is just re-pointing the tensors at them (``weights_dirty`` marks the exception, e.g. a fused LoRA).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import torch
from torch import nn


def _tensors(modules: Iterable[nn.Module]) -> Iterator[tuple[str, torch.Tensor]]:
    seen: set[int] = set()
    for index, module in enumerate(modules):
        for name, tensor in [*module.named_parameters(recurse=True), *module.named_buffers(recurse=True)]:
            if tensor is None or id(tensor) in seen:
                continue
            seen.add(id(tensor))
            yield f"{index}.{name}", tensor


def module_bytes(modules: Iterable[nn.Module]) -> int:
    return sum(t.numel() * t.element_size() for _, t in _tensors(modules))


class Residency:
    def __init__(self, modules: list[nn.Module], device: torch.device) -> None:
        self.modules = modules
        self.device = device
        self.nbytes = module_bytes(modules)
        self._host: dict[str, torch.Tensor] = {}
        self.weights_dirty = False
        self.location = next((t.device.type for _, t in _tensors(modules)), "cpu")

    @property
    def on_device(self) -> bool:
        return self.location == self.device.type

    def to_device(self) -> None:
        """Move every weight to the execution device (from pinned buffers when parked: non-blocking copies)."""
        if self.on_device:
            return
        for _, tensor in _tensors(self.modules):
            tensor.data = tensor.data.to(self.device, non_blocking=True)
        self._synchronize()
        self.location = self.device.type

    def park(self, pin: bool) -> None:
        """Move every weight to host memory, keeping the host buffers for the next swap."""
        if not self.on_device or self.device.type == "cpu":
            self.location = "cpu"
            return
        pin = pin and self.device.type == "cuda"
        for key, tensor in _tensors(self.modules):
            host = self._host.get(key)
            if host is None:
                host = torch.empty(tensor.shape, dtype=tensor.dtype, device="cpu", pin_memory=pin)
                host.copy_(tensor.data, non_blocking=pin)
                self._host[key] = host
            elif self.weights_dirty:
                host.copy_(tensor.data, non_blocking=pin)
            tensor.data = host
        self._synchronize()
        self.weights_dirty = False
        self.location = "cpu"

    @property
    def host_bytes(self) -> int:
        return sum(t.numel() * t.element_size() for t in self._host.values())

    def release(self) -> None:
        """Forget the host buffers (the model is being dropped)."""
        self._host.clear()

    def _synchronize(self) -> None:
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)
