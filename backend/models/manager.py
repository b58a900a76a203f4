"""The ModelManager: one per process, owns the accelerator, loads model families on demand and swaps them.

* Sources: each family reads its configured source (a local folder in diffusers/transformers layout, or a hub id).
  When none is configured the studio uses tiny random-weight models of the real architecture, built into
  ``<data>/models/test/`` on first start, and says so everywhere (their output is noise).
* Memory plans (``memory/``, docs/memory.md): when LTX-2 (video) or FLUX.2 (image) loads, the card's measured free
  memory, the weights and the job's shape choose how it runs — ``resident`` (bf16), ``fp8`` (FP8 weights through
  torchao) or ``streamed`` (diffusers' group offloading) — or refuse the job before it starts with "needs N GB, the
  card has M free" (:class:`DoesNotFit`). A job whose shape the loaded plan cannot hold re-plans the model.
* Swapping: before a family runs, it must be on the execution device. If the device's budget
  (``MILIMO_VRAM_BUDGET_GB``) cannot hold it next to what is there, the least recently used families are *parked*
  in pinned host memory (fast to bring back; see ``residency.py``) while the host budget allows, and unloaded
  otherwise. A family without a memory plan that is larger than the whole budget runs with diffusers' model CPU
  offload.
* One lock serialises every load, swap and run on the accelerator, so two jobs never load at once.
* Out of memory or a GPU fault: :meth:`reset_after_gpu_failure` drops everything and clears the allocator, so the next job
  starts clean.

torch and diffusers are imported lazily so that the HTTP service starts fast; the worker thread pays for the imports.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import structlog

from backend.config import Settings
from backend.models.families import FAMILIES, ROLE_FAMILY, Family, configured_source, is_disabled, role_view
from backend.models.tiny import TEST_MODEL_REVISIONS, is_test_model, read_test_model_marker

log = structlog.get_logger(__name__)

#: Real weights may also be dropped here, one folder per family (``ltx2``, ``flux2``, ``gemma3``, ``ltx2_upsampler``),
#: as in the reference system's embedded ``backend/models/`` folder. Ignored by git.
EMBEDDED_WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"

TEST_MODEL_MESSAGE = (
    "Test models in use: tiny random-weight models of the real architectures. Every output is noise, not a real "
    "generation. To use real weights set MILIMO_LTX2_SOURCE (video), MILIMO_FLUX2_SOURCE (images) and "
    "MILIMO_DIRECTOR_SOURCE (Gemma 3) to local folders in diffusers/transformers layout (or Hugging Face hub ids where "
    "the network allows) and restart."
)
REAL_MODEL_MESSAGE = "Real model weights configured."


#: ``MILIMO_DIRECTOR_SOURCE`` value for "the director is LTX-2's own Gemma 3 text encoder": one copy in memory.
SHARED_TEXT_ENCODER = "ltx2"


class ModelUnavailable(RuntimeError):
    """A role has no usable model (disabled, or its weights failed to build or load)."""


class DoesNotFit(ModelUnavailable):
    """The job cannot run on this card under any memory plan; the message says what it needs and what to do."""


class AcceleratorBusy(RuntimeError):
    """Another run holds the accelerator."""


#: The families whose loads are planned (memory/), and the setting that can force their plan.
PLANNED = {"ltx2": "video_memory_plan", "flux2": "image_memory_plan"}


@dataclass(frozen=True)
class RoleState:
    """What one role's model is doing now (the API maps it to its ``ModelRoleStatus`` schema)."""

    role: str  # video | image | inpaint | director | segment
    family: str  # ltx2 | flux2 | gemma3 | sam3
    source: str | None  # None: the role is turned off
    test_model: bool  # tiny random weights: output is noise
    loaded: bool
    device: str | None  # where the weights are: cuda | mps | cpu (parked) | cpu+offload
    state: str  # missing | building | ready | error | external | disabled | active | parked | offloaded
    memory_bytes: int | None = None
    error: str | None = None
    weight_dtype: str | None = None  # the main weights (the transformer's): bf16 | fp32 | fp8
    placement: str | None = None  # resident | streamed | parked | offloaded (diffusers' model CPU offload)


@dataclass
class _Loaded:
    handle: Any
    residency: Any
    state: str  # active | parked | offloaded
    last_used: float
    load_seconds: float
    plan: Any = None  # the MemoryPlan it was loaded under (planned families)
    weights: Any = None  # its PipelineWeights as loaded, before the plan changed them (to re-plan a new shape)
    weight_dtype: str | None = None


@dataclass
class _FamilyState:
    family: Family
    build_state: str = "missing"  # missing | building | ready | error | external | disabled
    error: str | None = None
    loaded: _Loaded | None = None


class ModelManager:
    def __init__(self, settings: Settings, sam_bytes: Callable[[], int] | None = None) -> None:
        """``sam_bytes``: what the SAM service will still take on the same card beyond what it holds now (the
        driver's free memory already excludes what it holds); the composition root knows the SAM client."""
        self._settings = settings
        self._families = {name: _FamilyState(family) for name, family in FAMILIES.items()}
        self._lock = threading.RLock()
        self._device: Any = None
        self._in_use: Counter[str] = Counter()
        self._sam_bytes = sam_bytes
        self._director_view: Any = None  # the director over LTX-2's text encoder, when it shares it
        self._announce: Callable[[str], None] | None = None  # the running use()'s on_prepare
        self.swap_log: list[dict[str, Any]] = []  # the last swaps (what moved, where, how long), newest last

    # --- sources ---------------------------------------------------------------------------------------------

    def _test_model_dir(self, family: Family) -> Path:
        return self._settings.test_models_dir / family.name

    def _real_source(self, family: Family) -> str | None:
        """A configured source, else real weights dropped into the embedded folder ``backend/models/weights/``, else
        those the Models page downloaded (or the user placed) in ``<data>/models/<family>/``."""
        configured = configured_source(self._settings, family)
        if configured is not None:
            return configured
        for folder in (EMBEDDED_WEIGHTS_DIR / family.name, self._settings.weights_dir / family.name):
            if (folder / "model_index.json").is_file() or (folder / "config.json").is_file():
                return str(folder)
        return None

    def source(self, role: str) -> str | None:
        if role == "director" and self.director_shares_text_encoder():
            video = self.source("video")
            return None if video is None else str(Path(video) / "text_encoder")
        family = FAMILIES[ROLE_FAMILY[role]]
        if is_disabled(self._settings, family):
            return None
        return self._real_source(family) or str(self._test_model_dir(family))

    def director_shares_text_encoder(self) -> bool:
        """The director is LTX-2's own Gemma 3 text encoder: configured so (``MILIMO_DIRECTOR_SOURCE=ltx2``) or as
        the very folder of that text encoder. Then it runs on the loaded video pipeline's module (no second copy)."""
        configured = (self._settings.director_source or "").strip()
        if configured.lower() == SHARED_TEXT_ENCODER:
            return True
        video = configured_source(self._settings, FAMILIES["ltx2"]) or self._real_source(FAMILIES["ltx2"])
        if not configured or video is None or not Path(configured).expanduser().is_dir():
            return False
        return Path(configured).expanduser().resolve() == (Path(video).expanduser() / "text_encoder").resolve()

    def _family_of(self, role: str) -> str | None:
        """The family whose weights ``role`` runs on (LTX-2's for a director sharing its text encoder)."""
        if role == "director" and self.director_shares_text_encoder():
            return "ltx2"
        return ROLE_FAMILY.get(role)

    def transformer_config(self, role: str) -> Path | None:
        """The config.json of ``role``'s transformer when its weights are a folder on this machine (what LoRA files
        are checked against); None for a hub id not downloaded, or a role turned off."""
        source = self.source(role)
        if source is None:
            return None
        config = Path(source) / "transformer" / "config.json"
        return config if config.is_file() else None

    def is_test_model(self, role: str) -> bool:
        if role == "director" and self.director_shares_text_encoder():
            return self.is_test_model("video")
        real = self._real_source(FAMILIES[ROLE_FAMILY[role]])
        return real is None or is_test_model(real)

    def is_available(self, role: str) -> bool:
        return self.source(role) is not None

    @property
    def using_test_models(self) -> bool:
        return any(self.is_test_model(role) and self.is_available(role) for role in ROLE_FAMILY if role != "segment")

    @property
    def message(self) -> str:
        return TEST_MODEL_MESSAGE if self.using_test_models else REAL_MODEL_MESSAGE

    # --- test models -----------------------------------------------------------------------------------------

    def ensure_test_models(self) -> None:
        """Build the tiny models for every family without a configured source (once; later starts reuse them, unless
        their shapes changed since: ``backend.models.tiny.TEST_MODEL_REVISIONS``)."""
        for state in self._families.values():
            self._ensure_built(state)

    def _ensure_built(self, state: _FamilyState) -> None:
        family = state.family
        if family.build_test_model is None:
            state.build_state = "external"
            return
        if is_disabled(self._settings, family):
            state.build_state = "disabled"
            return
        if self._real_source(family) is not None:
            state.build_state = "ready"
            return
        target = self._test_model_dir(family)
        stale = target.exists() and _built_revision(target) != TEST_MODEL_REVISIONS.get(family.name, 1)
        if target.exists() and not stale:
            state.build_state = "ready"
            return
        state.build_state = "building"
        self._say("building_model")
        try:
            started = time.perf_counter()
            # A stale folder (an older studio's shapes) is swapped for the new build only once that is complete.
            family.build_test_model(target, self._settings.test_model_seed, stale)
            log.info("test_model.built", family=family.name, path=str(target), seconds=time.perf_counter() - started)
            state.build_state = "ready"
        except Exception as error:  # surfaced by /models; jobs needing it fail with this message
            state.build_state, state.error = "error", f"building the {family.name} test model failed: {error}"
            log.exception("test_model.build_failed", family=family.name)

    # --- device and budgets ----------------------------------------------------------------------------------

    @property
    def device(self) -> Any:
        if self._device is None:
            import torch

            from backend.models.device import pick_device

            self._device = torch.device(pick_device(self._settings.device))
        return self._device

    def device_name(self) -> str | None:
        """The GPU this manager runs on, as ``cuda:0 NVIDIA H200``; ``None`` on a CPU."""
        device = self.device
        if device.type != "cuda":
            return "mps" if device.type == "mps" else None
        import torch

        index = device.index if device.index is not None else torch.cuda.current_device()
        return f"cuda:{index} {torch.cuda.get_device_name(index)}"

    def vram_budget_bytes(self) -> int | None:
        if self._settings.vram_budget_gb is not None:
            return int(self._settings.vram_budget_gb * 2**30)
        if self.device.type == "cuda":
            import torch

            return int(torch.cuda.get_device_properties(self.device).total_memory * 0.9)
        return None  # CPU / MPS: unified memory, no separate budget by default

    def host_budget_bytes(self) -> int:
        if self._settings.host_offload_budget_gb is not None:
            return int(self._settings.host_offload_budget_gb * 2**30)
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2

    # --- acquiring -------------------------------------------------------------------------------------------

    @contextmanager
    def use(
        self,
        role: str,
        timeout: float | None = None,
        interrupt: Callable[[], None] | None = None,
        *,
        shape: Any = None,
        on_prepare: Callable[[str], None] | None = None,
    ) -> Iterator[Any]:
        """Hold the accelerator for a whole run of ``role``'s model: nothing can swap it out meanwhile.

        ``timeout`` (seconds) bounds the wait for a run in progress; :class:`AcceleratorBusy` when it passes.
        ``interrupt`` is called every fraction of a second while waiting (a model load elsewhere can take minutes);
        whatever it raises ends the wait.
        ``shape`` (a ``memory.activations.JobShape``): the job's size, so that a planned model is placed for it, or the
        job refused with :class:`DoesNotFit` before anything runs. ``on_prepare`` hears ``"building_model"`` when a
        test model is built first and ``"loading_model"`` when weights are loaded (a job's stage).
        """
        if not self._acquire(timeout, interrupt):
            raise AcceleratorBusy("the GPU is busy with a generation; try again when it finishes")
        family = self._family_of(role)
        self._announce = on_prepare
        try:
            if shape is not None:
                self._fit(role, shape)
            handle = self.pipeline(role)
            self._announce = None
            self._in_use[family] += 1  # a family in use is never swapped out (e.g. video while the upscaler loads)
            try:
                yield handle
            finally:
                self._in_use[family] -= 1
        finally:
            self._announce = None
            self._lock.release()

    def _say(self, stage: str) -> None:
        if self._announce is not None:
            self._announce(stage)

    def _acquire(self, timeout: float | None, interrupt: Callable[[], None] | None) -> bool:
        if interrupt is None:
            return self._lock.acquire(timeout=-1 if timeout is None else timeout)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = 0.2 if deadline is None else min(0.2, max(0.0, deadline - time.monotonic()))
            if self._lock.acquire(timeout=left):
                return True
            interrupt()
            if deadline is not None and time.monotonic() >= deadline:
                return False

    def pipeline(self, role: str) -> Any:
        """The model for ``role``, on the execution device (loading or swapping it in first).

        The lock is held only while loading/swapping; use :meth:`use` to run it.
        """
        if role not in ROLE_FAMILY or ROLE_FAMILY[role] == "sam3":
            raise ModelUnavailable(f"role {role!r} is not run in this process")
        if role == "director" and self.director_shares_text_encoder():
            return self._shared_director()
        state = self._families[ROLE_FAMILY[role]]
        with self._lock:
            source = self.source(role)
            if source is None:
                raise ModelUnavailable(
                    f"no {role} model configured ({state.family.setting.upper()} is 'none'; prefix MILIMO_)"
                )
            if state.loaded is None:
                self._ensure_built(state)
                if state.build_state == "error":
                    raise ModelUnavailable(state.error or "test model build failed")
                self._load(state, source)
            assert state.loaded is not None
            if state.loaded.state == "parked":
                self._make_room(state, self._peak_bytes(state.loaded))
                started = time.perf_counter()
                state.loaded.residency.to_device()
                state.loaded.state = "active"
                self._record_swap(state.family.name, "in", state.loaded.residency.nbytes, started)
            state.loaded.last_used = time.monotonic()
            return role_view(role, state.loaded.handle)

    def _shared_director(self) -> Any:
        """The director over the loaded LTX-2's text encoder and tokenizer (loading LTX-2 first if it is not)."""
        from backend.models.gemma.director import director_from

        with self._lock:
            video = self.pipeline("video")
            encoder = video.text_encoder
            cached = self._director_view
            if cached is None or cached.model is not encoder:
                try:
                    cached = director_from(encoder, video.tokenizer, f"{self.source('video')} (LTX-2's text encoder)")
                except ValueError as error:
                    raise ModelUnavailable(f"LTX-2's text encoder cannot direct: {error}") from error
                self._director_view = cached
            return cached

    def _load(self, state: _FamilyState, source: str, shape: Any = None) -> None:
        from backend.models.device import apply_platform_rules, dtype_for
        from backend.models.residency import Residency

        assert state.family.load is not None
        self._say("loading_model")
        started = time.perf_counter()
        plan = weights = None
        try:
            handle = state.family.load(source, dtype_for(self.device.type))
            apply_platform_rules(state.family.name, handle, self.device)
            if self._plannable(state):
                from backend.models.memory.apply import count_pipeline
                from backend.models.memory.parking import QuantizedResidency

                weights = count_pipeline(handle)
                plan = self._plan(state, handle, shape, weights)
                if plan.name == "refuse":
                    raise DoesNotFit(plan.message)
                self._make_room(state, plan.needed_bytes)
                carried = self._carry_out(state, handle, plan)
                residency = QuantizedResidency(carried.resident, self.device)
                for arena in carried.host_arenas:
                    residency.hold(arena)
                residency.to_device()
                loaded_state = "active"
            else:
                residency = Residency(_modules_of(handle), self.device)
                budget = self.vram_budget_bytes()
                if budget is not None and residency.nbytes > budget and hasattr(handle, "enable_model_cpu_offload"):
                    # Bigger than the whole budget: stream components through the GPU one at a time.
                    handle.enable_model_cpu_offload(device=self.device)
                    loaded_state = "offloaded"
                else:
                    self._make_room(state, residency.nbytes)
                    residency.to_device()
                    loaded_state = "active"
        except DoesNotFit as refused:
            state.error = None  # the weights are fine; this job's shape does not fit the card
            _settle_heap()
            log.info("model.refused", family=state.family.name, reason=str(refused))
            raise
        except Exception as error:
            from backend.models.device import is_accelerator_fault, is_out_of_memory

            state.error = f"loading {state.family.name} from {source} failed: {type(error).__name__}: {error}"
            if is_out_of_memory(error) or is_accelerator_fault(error):
                raise  # the worker unloads everything after these; it must still recognise them
            raise ModelUnavailable(state.error) from error  # the job says which weights would not load, and why
        state.error = None
        seconds = time.perf_counter() - started
        state.loaded = _Loaded(
            handle,
            residency,
            loaded_state,
            time.monotonic(),
            seconds,
            plan=plan,
            weights=weights,
            weight_dtype=plan.weight_dtype if plan is not None else _weight_dtype(handle),
        )
        _settle_heap()
        log.info(
            "model.loaded",
            family=state.family.name,
            device=str(self.device),
            state=loaded_state,
            plan=plan.name if plan is not None else None,
            text_encoder=plan.text_encoder if plan is not None else None,
            gigabytes=round(residency.nbytes / 2**30, 3),
            seconds=round(seconds, 3),
        )

    # --- memory plans ----------------------------------------------------------------------------------------

    def _plannable(self, state: _FamilyState) -> bool:
        """Planned: LTX-2 and FLUX.2 on a CUDA card, or on the CPU with MILIMO_VRAM_BUDGET_GB (a simulated card)."""
        if state.family.name not in PLANNED or self.device.type not in ("cuda", "cpu"):
            return False
        return self.device.type == "cuda" or self._settings.vram_budget_gb is not None

    def _card(self) -> Any:
        from backend.models.memory.budget import card_memory

        used = sum(
            s.loaded.residency.nbytes
            for s in self._families.values()
            if s.loaded is not None and s.loaded.state == "active"
        )
        return card_memory(self.device, self._settings.vram_budget_gb, used_bytes=used)

    def _free_for(self, state: _FamilyState) -> int:
        """What ``state``'s family may plan with: free now, plus what parking the others (not in use) would free,
        plus what it holds itself (re-planning), less the SAM service's coming use and the margin."""
        from backend.models.memory.budget import available_bytes

        card = self._card()
        reclaimable = sum(
            s.loaded.residency.nbytes
            for s in self._families.values()
            if s.loaded is not None and s.loaded.state == "active" and (s is state or not self._in_use[s.family.name])
        )
        return available_bytes(card, reclaimable_bytes=reclaimable, sam_bytes=self._sam_pending())

    def _sam_pending(self) -> int:
        return max(int(self._sam_bytes()), 0) if self._sam_bytes is not None else 0

    def _plan(self, state: _FamilyState, handle: Any, shape: Any, weights: Any, requested: str | None = None) -> Any:
        from backend.models.memory.apply import DEFAULT_SHAPES, plan_for

        setting = PLANNED[state.family.name]
        return plan_for(
            state.family.name,
            handle,
            shape or DEFAULT_SHAPES[state.family.name],
            self._free_for(state),
            self.device,
            requested or getattr(self._settings, setting),
            sam_bytes=self._sam_pending(),
            setting=f"MILIMO_{setting.upper()}",
            weights=weights,
        )

    def _carry_out(self, state: _FamilyState, handle: Any, plan: Any) -> Any:
        from backend.models.memory.apply import carry_out

        return carry_out(
            handle,
            plan,
            self.device,
            data_dir=self._settings.data_dir,
            compile_setting=self._settings.compile,
            low_host_memory=self._settings.stream_low_host_memory,
        )

    def _peak_bytes(self, loaded: _Loaded) -> int:
        return loaded.plan.needed_bytes if loaded.plan is not None else loaded.residency.nbytes

    def _fit(self, role: str, shape: Any) -> None:
        """Place ``role``'s model for a job of ``shape``: load it planned for that shape, keep the loaded plan when it
        holds the shape too, else re-plan (reload); :class:`DoesNotFit` when no plan can run it."""
        family = ROLE_FAMILY.get(role)
        if family not in PLANNED:
            return
        state = self._families[family]
        if not self._plannable(state):
            return
        if state.loaded is None:
            source = self.source(role)
            if source is None:
                return  # pipeline() says why
            self._ensure_built(state)
            if state.build_state == "error":
                raise ModelUnavailable(state.error or "test model build failed")
            self._load(state, source, shape)
            return
        loaded = state.loaded
        if loaded.plan is None:
            return
        kept = self._plan(state, loaded.handle, shape, loaded.weights, requested=loaded.plan.name)
        # ``kept`` is the roomiest way this plan fits the shape; the loaded one holds it too if it is as lean or leaner.
        if kept.name != "refuse" and _leanness(loaded.plan.text_encoder) >= _leanness(kept.text_encoder):
            return
        best = self._plan(state, loaded.handle, shape, loaded.weights)
        if best.name == "refuse":
            raise DoesNotFit(best.message)
        log.info("model.replanned", family=family, was=loaded.plan.name, now=best.name, shape=str(shape))
        self._drop(state)
        from backend.models.device import free_accelerator_memory

        free_accelerator_memory()
        self._load(state, self.source(role) or "", shape)

    def memory_plan(self, role: str) -> str | None:
        """How ``role``'s loaded model runs: ``resident`` | ``fp8`` | ``streamed`` (None: not loaded). A model without
        a plan is ``resident``, or ``streamed`` under diffusers' model CPU offload."""
        family = ROLE_FAMILY.get(role)
        state = self._families.get(family) if family is not None else None
        loaded = state.loaded if state is not None else None
        if loaded is None:
            return None
        if loaded.plan is not None:
            return str(loaded.plan.name)
        return "streamed" if loaded.state == "offloaded" else "resident"

    def card_free_bytes(self) -> int | None:
        """The card's free memory as the driver measures it now; None without a CUDA card.

        Measured only in a process that already uses the card (the local worker's, once it has loaded a model): a
        status request must neither import torch into an API process that has not needed it yet nor create a CUDA
        context (~0.5 GB of the card) in one that never runs a model (the Ray executor's API process)."""
        import sys

        torch = sys.modules.get("torch")
        if torch is None or self._device is None or self._device.type != "cuda" or not torch.cuda.is_initialized():
            return None
        free, _total = torch.cuda.mem_get_info(self._device)
        return int(free)

    def _make_room(self, incoming: _FamilyState, needed: int) -> None:
        if self._plannable(incoming):
            self._make_room_measured(incoming, needed)
            return
        budget = self.vram_budget_bytes()
        if budget is None:
            return
        others = sorted(
            (
                s
                for s in self._families.values()
                if s is not incoming and s.loaded and s.loaded.state == "active" and not self._in_use[s.family.name]
            ),
            key=lambda s: s.loaded.last_used,  # type: ignore[union-attr]
        )
        used = sum(s.loaded.residency.nbytes for s in others)  # type: ignore[union-attr]
        for victim in others:
            if used + needed <= budget:
                break
            assert victim.loaded is not None
            used -= victim.loaded.residency.nbytes
            self._evict(victim)

    def _make_room_measured(self, incoming: _FamilyState, needed: int) -> None:
        """Park (or drop) the least recently used other families until the card's measured free memory holds
        ``needed`` (a planned family's peak)."""
        from backend.models.memory.budget import available_bytes

        others = sorted(
            (
                s
                for s in self._families.values()
                if s is not incoming and s.loaded and s.loaded.state == "active" and not self._in_use[s.family.name]
            ),
            key=lambda s: s.loaded.last_used,  # type: ignore[union-attr]
        )
        own = incoming.loaded.residency.nbytes if incoming.loaded and incoming.loaded.state == "active" else 0
        for victim in others:
            if available_bytes(self._card(), sam_bytes=self._sam_pending()) + own >= needed:
                break
            self._evict(victim)

    def _evict(self, victim: _FamilyState) -> None:
        assert victim.loaded is not None
        # Host copies are kept after a model goes back to the GPU (the next park is then free), so count all.
        held = sum(s.loaded.residency.host_bytes for s in self._families.values() if s.loaded)
        extra = 0 if victim.loaded.residency.host_bytes else victim.loaded.residency.nbytes
        if held + extra <= self.host_budget_bytes():
            started = time.perf_counter()
            victim.loaded.residency.park(pin=self._settings.pin_host_memory)
            victim.loaded.state = "parked"
            self._record_swap(victim.family.name, "out", victim.loaded.residency.nbytes, started)
        else:
            self._drop(victim)

    def _record_swap(self, family: str, direction: str, nbytes: int, started: float) -> None:
        seconds = time.perf_counter() - started
        self.swap_log = [
            *self.swap_log[-49:],
            {"family": family, "direction": direction, "bytes": nbytes, "seconds": seconds},
        ]
        log.info(
            "model.swapped",
            family=family,
            direction=direction,
            gigabytes=round(nbytes / 2**30, 3),
            seconds=round(seconds, 3),
        )

    def _drop(self, state: _FamilyState) -> None:
        if state.family.name == "ltx2":
            self._director_view = None  # it holds LTX-2's text encoder: let it go with the rest
        if state.loaded is not None:
            gc.unfreeze()  # its objects may sit in the frozen generation: let the collector free them
            state.loaded.residency.release()
            state.loaded = None
            _settle_heap()
            log.info("model.unloaded", family=state.family.name)

    def unload(self, role: str) -> None:
        from backend.models.device import free_accelerator_memory

        with self._lock:
            self._drop(self._families[ROLE_FAMILY[role]])
            free_accelerator_memory()

    def reload(self, role: str) -> None:
        """New weights for ``role``'s family were installed (a download): drop what is loaded (the test model, or
        the weights replaced) so that the next job loads from the source in use now. Waits for a run in progress."""
        from backend.models.device import free_accelerator_memory

        with self._lock:
            state = self._families[ROLE_FAMILY[role]]
            self._drop(state)
            state.build_state, state.error = "missing", None
            self._ensure_built(state)
            free_accelerator_memory()

    def reset_after_gpu_failure(self) -> None:
        """After an OOM or a GPU fault: drop every loaded model and the allocator's caches, so the next job starts
        clean (a model left half-moved or with poisoned buffers is never reused)."""
        from backend.models.device import free_accelerator_memory

        with self._lock:
            for state in self._families.values():
                self._drop(state)
            free_accelerator_memory()

    # --- reporting -------------------------------------------------------------------------------------------

    def status(self) -> list[RoleState]:
        rows = []
        for role, family_name in ROLE_FAMILY.items():
            state = self._families[self._family_of(role) or family_name]  # a shared director: LTX-2's state
            loaded = state.loaded
            where = None
            if loaded is not None:
                where = {
                    "active": self._device.type if self._device else None,
                    "parked": "cpu",
                    "offloaded": "cpu+offload",
                }[loaded.state]
            placement = None
            if loaded is not None:
                placement = loaded.state if loaded.state in ("parked", "offloaded") else "resident"
                if loaded.state == "active" and loaded.plan is not None:
                    placement = loaded.plan.placement
            rows.append(
                RoleState(
                    role=role,
                    family=family_name,
                    source=self.source(role),
                    test_model=self.is_test_model(role) and self.is_available(role),
                    loaded=loaded is not None,
                    device=where,
                    state=loaded.state if loaded is not None else state.build_state,
                    memory_bytes=loaded.residency.nbytes if loaded is not None else None,
                    error=state.error,
                    weight_dtype=loaded.weight_dtype if loaded is not None else None,
                    placement=placement,
                )
            )
        return rows


def _built_revision(folder: Path) -> int | None:
    """The revision a test model folder was built at (1 for a marker without one); ``None`` when it has no marker."""
    marker = read_test_model_marker(folder)
    return None if marker is None else int(marker.get("revision", 1))


def _settle_heap() -> None:
    """Collect once, then freeze what is alive: a loaded model (with torch, diffusers) is ~500,000 long-lived Python
    objects, and every full collection would walk them all (~0.2 s with every thread stopped: the API's requests
    stall for it). Frozen, they are skipped; ``_drop`` unfreezes before a model goes."""
    gc.collect()
    gc.freeze()


def _leanness(text_encoder: str | None) -> int:
    """How little of the card a plan's text encoder takes: resident (all of it) < fp8 < streamed (a layer at a time)."""
    return {"fp8": 1, "streamed": 2}.get(text_encoder or "", 0)


def _weight_dtype(handle: Any) -> str | None:
    """The dtype of a handle's first weights, as the status names it (bf16, fp32 …)."""
    from backend.models.memory.apply import dtype_name

    for module in _modules_of(handle):
        for parameter in module.parameters():
            return dtype_name(parameter.dtype)
    return None


def _modules_of(handle: Any) -> list[Any]:
    from torch import nn

    if isinstance(handle, nn.Module):
        return [handle]
    components = getattr(handle, "components", None)
    if isinstance(components, dict):
        return [c for c in components.values() if isinstance(c, nn.Module)]
    return [m for m in (getattr(handle, "model", None),) if isinstance(m, nn.Module)]
