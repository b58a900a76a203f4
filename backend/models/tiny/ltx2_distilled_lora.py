"""Build the tiny LTX-2's distilled LoRA: what lets a draft (the distilled 8-step schedule) run on the test models.

Lightricks ship the distilled model two ways: a distilled checkpoint, and a LoRA of the base model
(``ltx-2-19b-distilled-lora-384.safetensors``: the difference between the two, at rank 384) that makes the base
weights behave as the distilled ones. The test models get the second kind, in the same key style
(``diffusion_model.<layer>.lora_A/B.weight``) over every linear layer of the transformer blocks, at rank 4, with a
small random B so that it changes the output measurably without swamping it. It lives in the tiny LTX-2 folder's
``loras/`` subfolder, which the studio adds to its LoRA library while the video model is a test model, under a name
the draft preset finds (``distilled-lora``), like the real file's.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DISTILLED_LORA_FILE", "build_tiny_distilled_lora", "distilled_lora_folder"]

DISTILLED_LORA_FILE = "ltx-2-distilled-lora-test-model.safetensors"
_RANK = 4


def distilled_lora_folder(model_dir: Path) -> Path:
    """Where a tiny LTX-2 folder keeps its distilled LoRA."""
    return model_dir / "loras"


def build_tiny_distilled_lora(model_dir: Path, seed: int = 0) -> Path:
    """Write the LoRA for the tiny LTX-2 in ``model_dir`` (its transformer's config decides the shapes); returns
    its path. Deterministic per seed; written beside its destination, then renamed into place."""
    import torch
    from safetensors.torch import save_file

    from backend.models.loras.inspect import linear_layers

    layers = linear_layers("ltx2", str(model_dir / "transformer" / "config.json"))
    generator = torch.Generator().manual_seed(seed)
    tensors = {}
    for name, (fan_in, fan_out) in sorted(layers.items()):
        if not name.startswith(("transformer_blocks.", "audio_transformer_blocks.")):
            continue
        tensors[f"diffusion_model.{name}.lora_A.weight"] = (
            torch.randn(_RANK, fan_in, generator=generator, dtype=torch.float32) / fan_in**0.5
        )
        tensors[f"diffusion_model.{name}.lora_B.weight"] = (
            torch.randn(fan_out, _RANK, generator=generator, dtype=torch.float32) * 0.05
        )
    folder = distilled_lora_folder(model_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / DISTILLED_LORA_FILE
    partial = folder / f".{DISTILLED_LORA_FILE}.partial"
    save_file(tensors, str(partial), metadata={"format": "pt", "milimo_test_model": "true"})
    partial.replace(target)
    return target
