"""One copy of the weights the SAM 3 classes have in common.

``facebook/sam3`` is one checkpoint that four transformers classes load (image detector, image tracker, video
tracker, video detector+tracker). Loaded separately, each holds its own copy of the same ~0.85 B-parameter backbone
and heads: about four times the memory, on the GPU the video models also need. After loading, submodules whose
weights are identical are made one object, shared by every class that has them.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

Signature = tuple[type, tuple[tuple[str, tuple[int, ...], torch.dtype], ...]]


def _signature(module: nn.Module) -> Signature:
    return type(module), tuple((k, tuple(v.shape), v.dtype) for k, v in module.state_dict().items())


def _identical(a: nn.Module, b: nn.Module) -> bool:
    left, right = a.state_dict(), b.state_dict()
    return all(torch.equal(left[key], right[key]) for key in left)


def _nbytes(module: nn.Module) -> int:
    return sum(t.numel() * t.element_size() for t in module.state_dict().values())


def share_identical_modules(models: Sequence[nn.Module]) -> int:
    """Replace submodules of later ``models`` by an earlier model's submodule of the same class with identical
    weights (largest first: a shared backbone is not visited further). Returns the bytes no longer duplicated."""
    seen: dict[Signature, list[nn.Module]] = {}
    saved = 0

    def visit(parent: nn.Module, may_share: bool) -> None:
        nonlocal saved
        for name, child in list(parent.named_children()):
            signature = _signature(child)
            if not signature[1]:
                continue  # no weights or buffers: nothing to save
            if may_share:
                match = next((m for m in seen.get(signature, ()) if m is not child and _identical(m, child)), None)
                if match is not None:
                    setattr(parent, name, match)
                    saved += _nbytes(child)
                    continue
            seen.setdefault(signature, []).append(child)
            visit(child, may_share)

    for index, model in enumerate(models):
        visit(model, may_share=index > 0)
    return saved
