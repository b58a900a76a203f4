"""Other LTX-2 pipeline classes as thin views over the one loaded ``LTX2Pipeline``.

``LTX2ImageToVideoPipeline`` and ``LTX2ConditionPipeline`` take the very same components as ``LTX2Pipeline``; only
their ``__call__`` differs. Building them from ``pipe.components`` hands them the *same* module objects (no copy,
no reload, no extra memory): moving, offloading or LoRA-patching the base pipeline's modules affects every variant.
The adapter object itself (a few Python attributes and a ``VideoProcessor``) is cached per base pipeline in a
``WeakKeyDictionary``, so repeated calls are free and the cache never keeps an unloaded pipeline alive.

If a component of the base pipeline is replaced (``pipe.transformer = other``), the cached variant is rebuilt on
the next call, so a variant never runs stale modules.

Not thread-safe with respect to running: all variants share the base pipeline's scheduler object, whose state
``set_timesteps``/``step`` mutate, exactly as two concurrent calls of the base pipeline would. The worker runs one
generation at a time per pipeline.

Why not diffusers' ``DiffusionPipeline.from_pipe`` (0.42.1), which also builds a pipeline from another's components:
it ends with ``new_pipeline.to(dtype=...)``, float32 unless a dtype is passed, and because the modules are shared
that cast rewrites the *base* pipeline's bf16 weights in place (twice the memory, and a slower base pipeline); it
``.to()``-moves modules that the ``ModelManager``/``Residency`` placed on purpose (parked in pinned host memory,
offloaded); it silently leaves out a component whose type does not match the new class's type hints (a warning, then
a pipeline that fails later) where we refuse at once; and it builds a new object on every call where we cache one per
base pipeline. Calling the class with ``pipe.components`` shares the modules and touches nothing.
"""

from __future__ import annotations

import inspect
import threading
import weakref
from typing import Any, TypeVar

from diffusers import LTX2ConditionPipeline, LTX2ImageToVideoPipeline, LTX2Pipeline

__all__ = ["condition_variant", "image_to_video_variant", "shared_variant"]

_P = TypeVar("_P")

_cache: weakref.WeakKeyDictionary[Any, dict[type, tuple[dict[str, int], Any]]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _identity(components: dict[str, Any]) -> dict[str, int]:
    return {name: id(module) for name, module in components.items()}


def shared_variant(pipe: LTX2Pipeline, cls: type[_P]) -> _P:
    """An instance of ``cls`` (a pipeline class taking LTX2Pipeline's components) sharing ``pipe``'s modules."""
    components = dict(pipe.components)
    ident = _identity(components)
    with _lock:
        per_pipe = _cache.setdefault(pipe, {})
        cached = per_pipe.get(cls)
        if cached is not None and cached[0] == ident:
            return cached[1]
        accepted = set(inspect.signature(cls.__init__).parameters) - {"self"}
        # An optional component the base pipeline does not have (None, e.g. LTX-2.5's duration head on an older
        # checkpoint) is no reason to refuse a class that does not take it.
        components = {name: c for name, c in components.items() if name in accepted or c is not None}
        unknown = set(components) - accepted
        if unknown:
            raise TypeError(f"{cls.__name__} cannot take the base pipeline's components {sorted(unknown)}")
        variant = cls(**components)
        progress = getattr(pipe, "_progress_bar_config", None)
        if progress is not None:
            variant.set_progress_bar_config(**progress)
        per_pipe[cls] = (ident, variant)
        return variant


def image_to_video_variant(pipe: LTX2Pipeline) -> LTX2ImageToVideoPipeline:
    """An ``LTX2ImageToVideoPipeline`` sharing ``pipe``'s modules; cached per ``pipe``."""
    return shared_variant(pipe, LTX2ImageToVideoPipeline)


def condition_variant(pipe: LTX2Pipeline) -> LTX2ConditionPipeline:
    """An ``LTX2ConditionPipeline`` sharing ``pipe``'s modules; cached per ``pipe``.

    Its optional ``audio_scheduler`` is left unset, so each call deep-copies the shared scheduler for the audio
    branch, as ``LTX2Pipeline`` does.
    """
    return shared_variant(pipe, LTX2ConditionPipeline)
