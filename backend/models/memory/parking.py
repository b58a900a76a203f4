"""Parking for models whose weights may be torchao FP8 tensors: ``Residency`` (pinned host arena, re-pointing
tensors) extended to tensor subclasses, whose storage is their inner tensors (``qdata``: float8_e4m3fn; ``scale``).

``param.data = x`` replaces only the outer wrapper of such a tensor and leaves its payload where it was, and its
``element_size()`` is that of its nominal dtype (bf16: twice its real size). So the payload and scales get their own
views in the host arena, and moving means re-pointing those inner tensors. The first move of a weight quantized on
another device swaps the whole tensor (``torch.utils.swap_tensors``), so the wrapper says where it lives.
"""

from __future__ import annotations

from collections.abc import Iterator

import torch
from torch import nn

from backend.models.memory.weights import module_bytes
from backend.models.residency import HostArena, Residency


def _inner_names(tensor: torch.Tensor) -> list[str]:
    cls = type(tensor)
    names = list(getattr(cls, "tensor_data_names", ()))
    names += [n for n in getattr(cls, "optional_tensor_data_names", ()) if getattr(tensor, n, None) is not None]
    return names


def is_subclass_weight(tensor: torch.Tensor) -> bool:
    return type(tensor) not in (torch.Tensor, nn.Parameter) and bool(_inner_names(tensor))


def _all_tensors(modules: list[nn.Module]) -> Iterator[tuple[str, torch.Tensor]]:
    seen: set[int] = set()
    for index, module in enumerate(modules):
        for name, tensor in [*module.named_parameters(recurse=True), *module.named_buffers(recurse=True)]:
            if tensor is None or id(tensor) in seen:
                continue
            seen.add(id(tensor))
            yield f"{index}.{name}", tensor


def flat_tensors(modules: list[nn.Module]) -> Iterator[tuple[str, torch.Tensor, torch.Tensor, str | None]]:
    """(key, owner, storage tensor, inner name) for every plain tensor and every inner tensor of a subclass."""
    for key, tensor in _all_tensors(modules):
        if is_subclass_weight(tensor):
            for inner in _inner_names(tensor):
                yield f"{key}#{inner}", tensor, getattr(tensor, inner), inner
        else:
            yield key, tensor, tensor.data, None


class QuantizedResidency(Residency):
    """A ``Residency`` whose modules may hold torchao FP8 weights (and plain ones, handled as before)."""

    def __init__(self, modules: list[nn.Module], device: torch.device) -> None:
        super().__init__(modules, device)
        self.nbytes = sum(module_bytes(m) for m in _dedup(modules))
        storages = [storage for _, _, storage, _ in flat_tensors(modules)]
        self.location = storages[0].device.type if storages else "cpu"
        self._held: list[HostArena] = []  # pinned host copies of the family's streamed components

    def hold(self, arena: HostArena | None) -> None:
        """Keep a streamed component's pinned host copy until the family is dropped (then it is released)."""
        if arena is not None:
            self._held.append(arena)

    @property
    def host_bytes(self) -> int:
        return super().host_bytes + sum(arena.nbytes for arena in self._held)

    def release(self) -> None:
        super().release()
        for arena in self._held:
            arena.release()
        self._held.clear()

    def to_device(self) -> None:
        if self.on_device and all(s.device.type == self.device.type for _, _, s, _ in flat_tensors(self.modules)):
            return
        for _, owner, storage, inner in flat_tensors(self.modules):
            if storage.device.type == self.device.type:
                continue
            moved = storage.to(self.device, non_blocking=True)
            if inner is None:
                owner.data = moved
            elif owner.device.type != self.device.type:  # its first move: the wrapper must say where it lives now
                torch.utils.swap_tensors(owner, owner.to(self.device, non_blocking=True))
            else:
                setattr(owner, inner, moved)
        self._synchronize()
        self.location = self.device.type

    def park(self, pin: bool) -> None:
        if not self.on_device or self.device.type == "cpu":
            self.location = "cpu"
            return
        entries = list(flat_tensors(self.modules))
        fresh = self._arena is None
        if self._arena is None:
            layout = [(key, storage) for key, _, storage, _ in entries]
            try:
                self._arena = HostArena(layout, pin=pin and self.device.type == "cuda")
            except MemoryError:
                self._arena = HostArena(layout, pin=False)
        non_blocking = self._arena.pinned
        for key, owner, storage, inner in entries:
            host = self._arena.views[key]
            if fresh or self.weights_dirty:
                host.copy_(storage, non_blocking=non_blocking)
            if inner is None:
                owner.data = host
            else:
                setattr(owner, inner, host)
        self._synchronize()
        self.weights_dirty = False
        self.location = "cpu"


def _dedup(modules: list[nn.Module]) -> list[nn.Module]:
    # Residency counts shared tensors once across modules; so does a container holding them all.
    return [nn.ModuleList(modules)] if len(modules) > 1 else modules
