"""A request's guidance settings as ``LTX2Pipeline`` keyword arguments (only those set; the rest keep the defaults)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backend.models.ltx2.presets import draft_kwargs
from backend.schemas.guidance import GUIDANCE_FIELDS

__all__ = ["guidance_kwargs", "perturbs_attention"]

_SCALARS = tuple(name for name in GUIDANCE_FIELDS if name != "stg_blocks")


def guidance_kwargs(pipe: Any, request: Mapping[str, Any]) -> dict[str, Any]:
    """``stg_scale=...``, ``audio_guidance_scale=...``, ``spatio_temporal_guidance_blocks=[...]`` from ``request``.

    STG blocks are checked against the loaded transformer (a ``ValueError`` naming the valid range), because
    diffusers would silently perturb nothing for a block that does not exist.

    STG is dropped for a transformer whose blocks do not perturb attention (``perturbed_attn`` off in its config,
    as in the LTX-2 19 B checkpoint): there the "perturbed" pass computes the conditional prediction again, so the
    STG term is zero up to float noise, and the pass costs a third of a default step for nothing.

    A draft (``quality: "draft"``) runs the distilled schedule with every guidance pass off, whatever the shot's
    recipe says: the distilled weights are made for exactly that (the recipe applies again at standard and final);
    so does standard's first stage on a distilled checkpoint (``distilled_stage_1``).
    """
    if request.get("quality") == "draft" or request.get("distilled_stage_1"):
        return draft_kwargs()
    kwargs: dict[str, Any] = {name: float(request[name]) for name in _SCALARS if request.get(name) is not None}
    if not perturbs_attention(pipe):
        kwargs.update(stg_scale=0.0, audio_stg_scale=0.0)
    blocks = request.get("stg_blocks")
    if blocks is not None:
        count = len(pipe.transformer.transformer_blocks)
        missing = sorted({int(b) for b in blocks if not 0 <= int(b) < count})
        if missing:
            raise ValueError(
                f"stg_blocks {missing} do not exist: this model's transformer has {count} blocks (0 to {count - 1})"
            )
        kwargs["spatio_temporal_guidance_blocks"] = [int(b) for b in blocks]
    return kwargs


def perturbs_attention(pipe: Any) -> bool:
    """Whether spatio-temporal guidance changes anything on this transformer: some block perturbs its attention."""
    return any(getattr(block, "perturbed_attn", False) for block in pipe.transformer.transformer_blocks)
