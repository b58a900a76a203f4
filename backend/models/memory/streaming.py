"""Layer streaming: a model's weights stay in host memory and come to the card a block (or a layer) at a time, through
diffusers' group offloading — block level for a diffusers transformer (one ``LTX2VideoTransformerBlock`` per group,
the next one copied on a CUDA stream while the current one computes), leaf level for a transformers text encoder (it
runs once per job, then leaves the card before the transformer needs it).

On the CPU there is no stream and nothing to move, but the hooks run all the same (tests check that a streamed
pipeline gives the same frames as a resident one; with ``offload_to_disk_path`` the weights really leave and come
back between uses).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import nn

from backend.models.residency import HostArena


def stream_module(
    module: nn.Module,
    device: torch.device,
    *,
    level: str = "block_level",
    low_cpu_mem_usage: bool = False,
    offload_to_disk_path: Path | None = None,
) -> HostArena | None:
    """Keep ``module``'s weights in host memory and bring them to ``device`` as its forward reaches them.

    On CUDA a copy stream prefetches the next group while the current one runs (``record_stream``: the block's memory
    is released as soon as the compute stream is done with it, without a synchronisation). The host copies are
    pinned once (page-locked: copies at PCIe speed) unless ``low_cpu_mem_usage``, which pins each group as it is
    copied — half the host memory, slower copies. Returns the pinned arena (None when nothing was pinned).
    """
    from diffusers.hooks import apply_group_offloading

    streams = device.type == "cuda"
    arena = None
    if streams and not low_cpu_mem_usage:
        try:
            arena = pin_weights(module)
        except MemoryError:  # page-locking refused (the locked-memory limit): pin each group as it is copied
            low_cpu_mem_usage = True
    if arena is None:
        module.to("cpu")  # the host copy is the one that stays; the card only ever holds the groups in use
    apply_group_offloading(
        module,
        onload_device=device,
        offload_device=torch.device("cpu"),
        offload_type=level,
        num_blocks_per_group=1 if level == "block_level" else None,
        non_blocking=streams,
        use_stream=streams,
        record_stream=streams,
        low_cpu_mem_usage=low_cpu_mem_usage,
        offload_to_disk_path=str(offload_to_disk_path) if offload_to_disk_path is not None else None,
    )
    return arena


def pin_weights(module: nn.Module) -> HostArena:
    """Copy every weight of ``module`` (wherever it is: CPU or card) into one exact-size page-locked host buffer and
    point the weights at it. Group offloading then finds them pinned and keeps them as its host copies: no second
    copy, and none of the rounding up to a power of two that pinning tensor by tensor costs (PyTorch's pinned
    allocator; see ``residency.py``). The caller releases the arena when the model goes."""
    tensors = [
        (name, tensor) for name, tensor in [*module.named_parameters(), *module.named_buffers()] if tensor is not None
    ]
    arena = HostArena(tensors, pin=True)
    for name, tensor in tensors:
        view = arena.views[name]
        view.copy_(tensor.data)
        tensor.data = view
    return arena


def tighten_vae(vae: Any) -> None:
    """Decode in chunks of frames as well as tiles (a tight budget): the decode peak then follows a chunk of 16
    frames, not the whole clip. Pixels change slightly where chunks are blended."""
    if hasattr(vae, "enable_tiling"):
        vae.enable_tiling()
    if hasattr(vae, "use_framewise_decoding"):
        vae.use_framewise_decoding = True
