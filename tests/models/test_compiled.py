"""Regional compilation's plumbing on the CPU: when it is on, where inductor's cache lives (the data folder), and the
per-shape compile time (with torch.compile's eager backend: real tracing, no C++ compiler needed). The compiled
speed is measured on the H200 by bench/gpu_memory.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch
from torch import nn

from backend.models.memory.compiled import CompileTimer, cache_dir, keep_cache_in, should_compile


def test_auto_compiles_on_cuda_for_resident_and_fp8_plans_only() -> None:
    cuda, cpu = torch.device("cuda"), torch.device("cpu")
    assert should_compile("auto", cuda, "resident") and should_compile("auto", cuda, "fp8")
    assert not should_compile("auto", cuda, "streamed")
    assert not should_compile("auto", cpu, "resident")
    assert should_compile("on", cpu, "streamed") and not should_compile("off", cuda, "fp8")


def test_the_cache_lives_in_the_data_folder_unless_the_user_chose_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TORCHINDUCTOR_CACHE_DIR", raising=False)
    monkeypatch.delenv("TRITON_CACHE_DIR", raising=False)
    folder = cache_dir(tmp_path / "data")
    assert folder == tmp_path / "data" / "cache" / "torch_compile"
    keep_cache_in(folder)
    assert os.environ["TORCHINDUCTOR_CACHE_DIR"] == str(folder) and folder.is_dir()
    assert os.environ["TRITON_CACHE_DIR"] == str(folder / "triton")
    monkeypatch.setenv("TORCHINDUCTOR_CACHE_DIR", str(tmp_path / "mine"))
    keep_cache_in(folder)
    assert os.environ["TORCHINDUCTOR_CACHE_DIR"] == str(tmp_path / "mine")


def test_each_shape_s_compile_is_timed_and_the_hooks_leave_after_the_first_forwards() -> None:
    torch.manual_seed(0)
    block = nn.Sequential(nn.Linear(16, 32), nn.GELU(), nn.Linear(32, 16))
    module = nn.Sequential(block, nn.Linear(16, 16))
    block.compile(backend="eager", fullgraph=True)  # as regional compilation does: the block, not the model
    timer = CompileTimer(module, "test")
    with torch.no_grad():
        for batch in (2, 2, 1, 1):
            module(torch.randn(batch, 16))
    assert len(timer._done) == 2 and timer.compile_seconds > 0  # noqa: SLF001 - both shapes timed
    with torch.no_grad():
        for _ in range(CompileTimer.WATCHED):
            module(torch.randn(2, 16))
    assert not module._forward_hooks and not module._forward_pre_hooks  # noqa: SLF001 - no sync left per forward
