"""Where a loaded model's weights live, and moving them fast.

A model family (all the modules of one pipeline) is either on the execution device, *parked* in host memory, or not
loaded. Parking uses page-locked (pinned) host buffers on CUDA: copies between pinned memory and the GPU run at
PCIe/NVLink speed (~50 GB/s on an H100 host), while copies through ordinary pageable memory are 8-45x slower (see
``bench/model_swap.py``).

The host buffers are allocated once, at the first park, and kept: one exact-size allocation per family, page-locked
with ``cudaHostRegister``. (PyTorch's own pinned allocator rounds every allocation up to a power of two, so pinning
tensor by tensor can lock far more memory than the weights take; on the 128 GB benchmark host, parking LTX-2 and
FLUX.2 that way was killed for lack of memory.) Inference never writes to weights, so a model that
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


_ALIGN = 64  # bytes: every view starts on a boundary any dtype (and DMA) is happy with


class HostArena:
    """One host allocation holding a copy of every tensor, as correctly-typed views into it."""

    def __init__(self, tensors: list[tuple[str, torch.Tensor]], pin: bool) -> None:
        layout, offset = [], 0
        for key, tensor in tensors:
            nbytes = tensor.numel() * tensor.element_size()
            layout.append((key, tensor, offset, nbytes))
            offset += (nbytes + _ALIGN - 1) // _ALIGN * _ALIGN
        self.buffer = torch.empty(max(offset, 1), dtype=torch.uint8)
        self.pinned = False
        if pin:
            error = int(torch.cuda.cudart().cudaHostRegister(self.buffer.data_ptr(), self.buffer.numel(), 0))
            if error != 0:  # e.g. the locked-memory limit: fall back to pageable memory, slower but correct
                raise MemoryError(f"cudaHostRegister failed with CUDA error {error}")
            self.pinned = True
        self.views = {
            key: self.buffer[start : start + nbytes].view(tensor.dtype).view(tensor.shape)
            for key, tensor, start, nbytes in layout
        }

    @property
    def nbytes(self) -> int:
        return self.buffer.numel()

    def release(self) -> None:
        if self.pinned:
            torch.cuda.cudart().cudaHostUnregister(self.buffer.data_ptr())
            self.pinned = False
        self.views.clear()


class Residency:
    def __init__(self, modules: list[nn.Module], device: torch.device) -> None:
        self.modules = modules
        self.device = device
        self.nbytes = module_bytes(modules)
        self._arena: HostArena | None = None
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
        tensors = list(_tensors(self.modules))
        fresh = self._arena is None
        if self._arena is None:
            try:
                self._arena = HostArena(tensors, pin=pin and self.device.type == "cuda")
            except MemoryError:
                self._arena = HostArena(tensors, pin=False)
        non_blocking = self._arena.pinned
        for key, tensor in tensors:
            host = self._arena.views[key]
            if fresh or self.weights_dirty:
                host.copy_(tensor.data, non_blocking=non_blocking)
            tensor.data = host
        self._synchronize()
        self.weights_dirty = False
        self.location = "cpu"

    @property
    def host_bytes(self) -> int:
        return self._arena.nbytes if self._arena is not None else 0

    def release(self) -> None:
        """Give the host buffers back (the model is being dropped)."""
        if self._arena is not None:
            self._arena.release()
            self._arena = None

    def _synchronize(self) -> None:
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)
