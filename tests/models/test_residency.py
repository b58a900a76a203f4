"""Residency bookkeeping and the host arena (the GPU transfer itself is measured by bench/gpu_models.py)."""

from __future__ import annotations

import torch
from torch import nn

from backend.models.residency import HostArena, Residency, module_bytes


def test_host_arena_views_hold_exact_copies_with_their_dtypes() -> None:
    torch.manual_seed(0)
    tensors = [("a", torch.randn(3, 5)), ("b", torch.randn(7).to(torch.bfloat16)), ("c", torch.arange(9))]
    arena = HostArena(tensors, pin=False)
    for key, tensor in tensors:
        view = arena.views[key]
        view.copy_(tensor)
        assert view.dtype == tensor.dtype and view.shape == tensor.shape
        assert view.data_ptr() % 64 == 0  # aligned, so any dtype view and DMA are valid
    for key, tensor in tensors:  # no view overlaps another
        assert torch.equal(arena.views[key], tensor)
    # One allocation of (aligned) exactly the bytes needed, not a power of two per tensor.
    assert arena.nbytes == 64 + 64 + 128


def test_residency_counts_shared_weights_once_and_parks_on_cpu_as_a_no_op() -> None:
    shared = nn.Linear(4, 4)
    modules = [nn.Sequential(shared, nn.ReLU()), nn.Sequential(shared)]
    residency = Residency(modules, torch.device("cpu"))
    assert residency.nbytes == module_bytes([shared]) == (16 + 4) * 4
    before = shared.weight.data_ptr()
    residency.park(pin=True)
    residency.to_device()
    assert shared.weight.data_ptr() == before and residency.on_device
