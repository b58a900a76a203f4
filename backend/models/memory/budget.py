"""The measured budget: what the card has free for a model now, from the driver (``torch.cuda.mem_get_info``), less
what the SAM service will still claim and a safety margin; on a CPU, a simulated card from ``MILIMO_VRAM_BUDGET_GB``.

The driver's free memory already excludes what other processes hold (the SAM service too, once it has loaded), so
the caller passes only what the SAM service is expected to take beyond what it holds now. Our own allocator's cached
but unused blocks are free for us, so they are added back.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

GB = 10**9  # messages say GB as the card makers do
GiB = 2**30


@dataclass(frozen=True)
class CardMemory:
    total_bytes: int
    free_bytes: int  # free for this process's models now
    measured: bool  # True: from the driver; False: a card simulated from MILIMO_VRAM_BUDGET_GB


def card_memory(device: torch.device, budget_gb: float | None, used_bytes: int = 0) -> CardMemory | None:
    """The card's memory now. None where there is no card to plan for (CPU or MPS without a budget setting).

    ``used_bytes``: what the models hold on a simulated card (a CUDA card's driver counts that itself)."""
    budget = int(budget_gb * GiB) if budget_gb is not None else None
    if device.type == "cuda":
        free, total = torch.cuda.mem_get_info(device)
        cached = torch.cuda.memory_reserved(device) - torch.cuda.memory_allocated(device)
        free += cached
        if budget is not None:  # the setting caps what the models may take, whatever the card has
            free = min(free, budget - torch.cuda.memory_allocated(device))
            total = min(total, budget)
        return CardMemory(total_bytes=total, free_bytes=max(free, 0), measured=True)
    if budget is None:
        return None
    return CardMemory(total_bytes=budget, free_bytes=max(budget - used_bytes, 0), measured=False)


def safety_margin(card: CardMemory) -> int:
    """Kept free whatever the plan: allocator fragmentation, cuBLAS/cuDNN workspaces, the CUDA context's growth.
    2 % of the card, and at least 256 MiB on a real one (0.5 GB on a 24 GB card); a simulated card (tests, at the
    tiny models' scale) keeps the 2 % only."""
    share = card.total_bytes // 50
    return max(256 * 2**20, share) if card.measured else share


def available_bytes(card: CardMemory, *, reclaimable_bytes: int = 0, sam_bytes: int = 0) -> int:
    """What a model may plan with: free now, plus what parking other models would free (``reclaimable_bytes``),
    less what the SAM service will still take (``sam_bytes``) and the margin."""
    return max(card.free_bytes + reclaimable_bytes - sam_bytes - safety_margin(card), 0)


def gb(nbytes: int) -> str:
    """Bytes as a message says them: GB with one decimal (MB below a tenth of a GB: the tiny test models)."""
    if abs(nbytes) < GB // 10:
        return f"{nbytes / 10**6:.1f} MB"
    return f"{nbytes / GB:.1f} GB"
