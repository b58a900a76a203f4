"""Layer streaming on the CPU: diffusers' group offloading gives the same frames as the resident model (block level
for the transformer, leaf level for the text encoder; with the weights written to disk between uses, so they truly
leave and come back), and the ModelManager carries out the memory plans on a simulated card
(``MILIMO_VRAM_BUDGET_GB``): streamed, FP8, re-planned for a longer shot, refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from diffusers.hooks.group_offloading import _is_group_offload_enabled

from backend.config import Settings
from backend.models.ltx2 import TextToVideoRequest, load_ltx2_pipeline, text_to_video
from backend.models.manager import DoesNotFit, ModelManager
from backend.models.memory.activations import JobShape
from backend.models.memory.apply import count_pipeline, plan_for
from backend.models.memory.budget import GiB
from backend.models.memory.fp8 import fp8_layer_count
from backend.models.memory.streaming import stream_module
from backend.models.tiny.ltx2 import TEXT_MAX_SEQUENCE_LENGTH

KWARGS = {"max_sequence_length": TEXT_MAX_SEQUENCE_LENGTH}
SHOT = JobShape(64, 64, 9)
LONGER = JobShape(64, 64, 33)


def _request(shape: JobShape = SHOT) -> TextToVideoRequest:
    return TextToVideoRequest(
        prompt="a red fox in the snow",
        width=shape.width,
        height=shape.height,
        num_frames=shape.frames,
        seed=11,
        num_inference_steps=2,
    )


@pytest.fixture(scope="module")
def resident(tiny_ltx2_dir: Path):  # noqa: ANN201 - the resident clips, one per shape
    pipe = load_ltx2_pipeline(tiny_ltx2_dir, "cpu", torch.float32)
    return {shape: text_to_video(pipe, _request(shape), pipeline_kwargs=KWARGS) for shape in (SHOT, LONGER)}


def _same(a, b) -> None:  # noqa: ANN001
    assert np.array_equal(a.frames, b.frames)
    assert np.array_equal(a.audio, b.audio)


@pytest.mark.parametrize("to_disk", [False, True])
def test_a_streamed_pipeline_gives_the_resident_frames(tiny_ltx2_dir: Path, resident, tmp_path: Path, to_disk) -> None:  # noqa: ANN001
    pipe = load_ltx2_pipeline(tiny_ltx2_dir, "cpu", torch.float32)
    cpu = torch.device("cpu")
    disk = {"offload_to_disk_path": tmp_path / "transformer"} if to_disk else {}
    assert stream_module(pipe.transformer, cpu, level="block_level", **disk) is None  # nothing to pin on the CPU
    stream_module(
        pipe.text_encoder, cpu, level="leaf_level", **({"offload_to_disk_path": tmp_path / "te"} if to_disk else {})
    )
    assert _is_group_offload_enabled(pipe.transformer) and _is_group_offload_enabled(pipe.text_encoder)
    assert not _is_group_offload_enabled(pipe.vae)
    _same(text_to_video(pipe, _request(), pipeline_kwargs=KWARGS), resident[SHOT])
    if to_disk:
        # One file per transformer block (and one for what lies outside them): the weights left memory for these,
        # were read back for every forward, and the frames are still the resident ones.
        groups = list((tmp_path / "transformer").glob("group_*.safetensors"))
        assert len(groups) == len(pipe.transformer.transformer_blocks) + 1


def _manager(tmp_path: Path, tiny_models_root: Path, **fields: object) -> ModelManager:
    data = tmp_path / "data"
    if not (data / "models" / "test").exists():
        shutil.copytree(tiny_models_root, data / "models" / "test")
    return ModelManager(Settings(data_dir=data, **fields))


def _card_for(needed: int) -> float:
    """A simulated card (GiB) whose plannable memory is just above ``needed`` (it keeps 2 % back)."""
    return needed / 0.98 / GiB * 1.000_01


def test_the_manager_streams_when_told_and_the_frames_stay_the_same(
    tmp_path: Path, tiny_models_root: Path, resident
) -> None:  # noqa: ANN001
    models = _manager(tmp_path, tiny_models_root, vram_budget_gb=1.0, video_memory_plan="streamed")
    with models.use("video", shape=SHOT) as pipe:
        clip = text_to_video(pipe, _request(), pipeline_kwargs=KWARGS)
    _same(clip, resident[SHOT])
    assert models.memory_plan("video") == "streamed"
    row = next(s for s in models.status() if s.role == "video")
    assert (row.placement, row.weight_dtype, row.state) == ("streamed", "fp32", "active")
    # What stays on the (simulated) card is the small parts: VAEs, connectors, vocoder.
    weights = count_pipeline(load_ltx2_pipeline(tiny_models_root / "ltx2", "cpu", torch.float32))
    assert row.memory_bytes == weights.other_bytes


def test_the_manager_gives_fp8_weights_when_told(tmp_path: Path, tiny_models_root: Path, resident) -> None:  # noqa: ANN001
    models = _manager(tmp_path, tiny_models_root, vram_budget_gb=1.0, video_memory_plan="fp8")
    with models.use("video", shape=SHOT) as pipe:
        clip = text_to_video(pipe, _request(), pipeline_kwargs=KWARGS)
        assert fp8_layer_count(pipe.transformer) > 0
    assert models.memory_plan("video") == "fp8"
    row = next(s for s in models.status() if s.role == "video")
    assert (row.placement, row.weight_dtype) == ("resident", "fp8")
    difference = np.abs(clip.frames.astype(np.int16) - resident[SHOT].frames.astype(np.int16))
    assert difference.mean() < 4.0


def test_a_longer_shot_re_plans_the_loaded_model(tmp_path: Path, tiny_models_root: Path, resident) -> None:  # noqa: ANN001
    pipe = load_ltx2_pipeline(tiny_models_root / "ltx2", "cpu", torch.float32)
    weights = count_pipeline(pipe)

    def cheapest(shape: JobShape, plan: str) -> int:
        """The least memory ``plan`` runs ``shape`` in (its text encoder resident, in FP8 or streamed)."""
        free, least = 10**12, 0
        while (
            found := plan_for("ltx2", pipe, shape, free, torch.device("cpu"), plan, weights=weights)
        ).name != "refuse":  # type: ignore[arg-type]
            least, free = found.needed_bytes, found.needed_bytes - 1
        return least

    # A card that holds the short shot resident, and the longer one only in FP8 or streamed (for the tiny model FP8
    # is the cheaper of the two: its blocks are too small for streaming's working set to pay).
    not_resident = min(cheapest(LONGER, "fp8"), cheapest(LONGER, "streamed"))
    between = (not_resident + cheapest(LONGER, "resident")) // 2
    assert cheapest(SHOT, "resident") < not_resident < between < cheapest(LONGER, "resident")
    models = _manager(tmp_path, tiny_models_root, vram_budget_gb=_card_for(between))
    with models.use("video", shape=SHOT) as loaded:
        _same(text_to_video(loaded, _request(), pipeline_kwargs=KWARGS), resident[SHOT])
    assert models.memory_plan("video") == "resident"
    with models.use("video", shape=LONGER) as loaded:
        clip = text_to_video(loaded, _request(LONGER), pipeline_kwargs=KWARGS)
    replanned = models.memory_plan("video")
    assert replanned == "fp8"
    assert np.abs(clip.frames.astype(np.int16) - resident[LONGER].frames.astype(np.int16)).mean() < 4.0
    with models.use("video", shape=SHOT):  # a short shot again: the plan in place holds it, no reload
        pass
    assert models.memory_plan("video") == replanned


def test_a_shot_that_fits_no_plan_is_refused_before_anything_runs(tmp_path: Path, tiny_models_root: Path) -> None:
    models = _manager(tmp_path, tiny_models_root, vram_budget_gb=0.001)  # 1 MiB
    stages: list[str] = []
    with pytest.raises(DoesNotFit) as refused:
        with models.use("video", shape=LONGER, on_prepare=stages.append):
            raise AssertionError("the job must not start")
    message = str(refused.value)
    assert "this job needs" in message and "MB of GPU memory, the card has" in message
    assert "lower the resolution or the frame count" in message
    row = next(s for s in models.status() if s.role == "video")
    assert not row.loaded and row.error is None  # the weights are fine; the shot is too big for the card
    assert stages == ["loading_model"]


def test_a_first_use_says_when_it_builds_and_when_it_loads(tmp_path: Path, tiny_models_root: Path) -> None:
    models = _manager(tmp_path, tiny_models_root)
    shutil.rmtree(tmp_path / "data" / "models" / "test" / "flux2")  # FLUX.2's tiny model is built on first use
    stages: list[str] = []
    with models.use("image", on_prepare=stages.append):
        pass
    assert stages == ["building_model", "loading_model"]
    stages.clear()
    with models.use("image", on_prepare=stages.append):  # loaded: nothing to say
        pass
    assert stages == []
