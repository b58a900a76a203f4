"""What a model's weights take on the card, counted from its parameters (a model built on the meta device counts too):
as loaded, with FP8 weights on the layers FP8 would cover, and the largest repeated block that streaming holds."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from torch import nn

#: torchao keeps one float32 scale per output row of an FP8 weight (row-wise granularity).
SCALE_BYTES = 4


@dataclass(frozen=True)
class ComponentWeights:
    """One component (transformer, text encoder, VAE …) of a pipeline, in bytes."""

    name: str
    loaded_bytes: int  # parameters and buffers as they are now (bf16 on a GPU, fp32 on the CPU)
    fp8_bytes: int  # the same with the FP8-selected Linears at one byte per weight plus a scale per row
    largest_block_bytes: int  # the biggest repeated block (what streaming needs on the card at once); 0: none
    outside_blocks_bytes: int  # everything outside the repeated blocks (stays on the card while it runs streamed)
    largest_leaf_bytes: int  # the biggest single layer (what leaf-by-leaf streaming holds at once: text encoders)
    fp8_layers: int  # how many Linear layers FP8 would cover

    @property
    def streamable(self) -> bool:
        return self.largest_block_bytes > 0


def _tensor_bytes(tensors: Iterable[object]) -> int:
    total = 0
    for tensor in tensors:
        numel, size = tensor.numel(), tensor.element_size()  # type: ignore[attr-defined]
        inner = getattr(tensor, "qdata", None)  # a torchao FP8 weight: its payload, not its nominal dtype
        if inner is not None:
            numel, size = inner.numel(), inner.element_size()
            scale = getattr(tensor, "scale", None)
            total += scale.numel() * scale.element_size() if scale is not None else 0
        total += numel * size
    return total


def _unique_tensors(module: nn.Module) -> Iterator[object]:
    seen: set[int] = set()
    for tensor in [*module.parameters(), *module.buffers()]:
        if id(tensor) not in seen:
            seen.add(id(tensor))
            yield tensor


def module_bytes(module: nn.Module) -> int:
    """Bytes of every parameter and buffer once (shared tensors once; a torchao FP8 weight at its real size)."""
    return _tensor_bytes(_unique_tensors(module))


def blocks_of(module: nn.Module, block_classes: tuple[str, ...]) -> list[nn.Module]:
    """The repeated blocks of ``module``: instances of the classes named (not nested in another such block)."""
    found: list[nn.Module] = []
    inside: set[int] = set()
    for sub in module.modules():
        if id(sub) in inside:
            continue
        if type(sub).__name__ in block_classes:
            found.append(sub)
            inside.update(id(m) for m in sub.modules())
    return found


def count_component(
    name: str, module: nn.Module, block_classes: tuple[str, ...], fp8_layers: list[nn.Linear]
) -> ComponentWeights:
    """Count ``module``: ``fp8_layers`` are the Linears that FP8 would store at one byte a weight."""
    loaded = module_bytes(module)
    saved = 0
    for layer in fp8_layers:
        weight = layer.weight
        if getattr(weight, "qdata", None) is not None:
            continue  # already FP8: counted at its size
        rows = weight.shape[0]
        saved += weight.numel() * weight.element_size() - (weight.numel() + rows * SCALE_BYTES)
    blocks = blocks_of(module, block_classes)
    leaves = [m for m in module.modules() if not any(True for _ in m.children())]
    largest_leaf = max((_tensor_bytes(m.parameters(recurse=False)) for m in leaves), default=0)
    in_blocks = sum(module_bytes(block) for block in blocks)
    return ComponentWeights(
        name=name,
        loaded_bytes=loaded,
        fp8_bytes=loaded - saved,
        largest_block_bytes=max((module_bytes(block) for block in blocks), default=0),
        outside_blocks_bytes=loaded - in_blocks,
        largest_leaf_bytes=largest_leaf,
        fp8_layers=len(fp8_layers),
    )
