"""Device and dtype policy, in one place.

CUDA runs in bfloat16 (the dtype the models are trained and shipped in); the CPU runs in float32 because bfloat16
matmuls are slow or missing there. Apple MPS runs LTX-2 in bfloat16 too (the model layer adds its VAE rules).
"""

from __future__ import annotations

import torch


def pick_device(preferred: str | None = None) -> str:
    if preferred:
        return preferred
    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def dtype_for(device: str) -> torch.dtype:
    if device.startswith("cuda") or device.startswith("mps"):
        return torch.bfloat16
    return torch.float32


def is_out_of_memory(error: BaseException) -> bool:
    if isinstance(error, torch.OutOfMemoryError):
        return True
    return isinstance(error, RuntimeError) and "out of memory" in str(error).lower()


_FAULT_WORDS = ("cuda error", "cudnn_status", "cublas_status", "cudnn error", "device-side assert", "mps backend")


def is_accelerator_fault(error: BaseException) -> bool:
    """A GPU error other than out-of-memory: an illegal access, a failed kernel launch, a device-side assert."""
    if isinstance(error, getattr(torch, "AcceleratorError", ())):
        return True
    return isinstance(error, RuntimeError) and any(word in str(error).lower() for word in _FAULT_WORDS)


def free_accelerator_memory() -> None:
    import gc

    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        torch.mps.empty_cache()


def apply_platform_rules(family: str, handle: object, device: torch.device) -> None:
    """Per-platform adjustments after loading (weights still on the CPU).

    Apple MPS: LTX-2 runs in bfloat16, but its VAE decodes in float32 (bfloat16 decoding gives black frames there)
    with small tiles to bound the unified-memory peak. The pipeline casts latents to the VAE's dtype before decoding,
    so this needs no other change.
    """
    if device.type != "mps" or family != "ltx2":
        return
    vae = getattr(handle, "vae", None)
    if vae is not None:
        vae.to(torch.float32)
        if hasattr(vae, "enable_tiling"):
            vae.enable_tiling(tile_sample_min_height=256, tile_sample_min_width=256)
