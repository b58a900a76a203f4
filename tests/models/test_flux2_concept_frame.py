"""The concept-frame adapter on the tiny FLUX.2 Klein: candidates by seed, references bounded and made acceptable."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from diffusers import Flux2KleinPipeline

from backend.models.flux2 import (
    EditRequest,
    TextToImageRequest,
    edit_with_references,
    load_flux2_pipeline,
    text_to_image,
)
from backend.models.flux2.concept_frame import (
    MAX_REFERENCE_IMAGES,
    ConceptFrameRequest,
    concept_frames,
    fit_reference,
)


def _image(height: int, width: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)


@pytest.fixture(scope="module")
def pipe(tiny_flux2_dir: Path) -> Flux2KleinPipeline:
    return load_flux2_pipeline(tiny_flux2_dir, "cpu", torch.float32)


def test_fit_reference_pads_small_and_thin_images_on_grey() -> None:
    fine = _image(64, 96, 1)
    assert fit_reference(fine) is fine
    small = fit_reference(_image(40, 50, 2))
    assert small.shape == (64, 64, 3) and (small[0, 0] == 128).all()
    assert (small[12:52, 7:57] == _image(40, 50, 2)).all()  # centred, untouched
    thin = fit_reference(_image(64, 1000, 3))
    assert thin.shape == (125, 1000, 3)  # 8:1 at most


def test_candidates_are_the_edit_calls_with_consecutive_seeds(pipe: Flux2KleinPipeline) -> None:
    references = (_image(64, 64, 4), _image(40, 64, 5))
    steps: list[tuple[int, int]] = []
    candidates: list[tuple[int, int]] = []
    results = concept_frames(
        pipe,
        ConceptFrameRequest(
            prompt="a sailor on a pier",
            references=references,
            candidates=2,
            width=64,
            height=64,
            seed=11,
            num_inference_steps=2,
        ),
        on_step=lambda done, total: steps.append((done, total)),
        on_candidate=lambda index, count: candidates.append((index, count)),
    )
    assert [r.seed for r in results] == [11, 12] and candidates == [(0, 2), (1, 2)]
    assert steps == [(1, 2), (2, 2), (1, 2), (2, 2)]
    for result in results:
        direct = edit_with_references(
            pipe,
            EditRequest(
                prompt="a sailor on a pier",
                references=tuple(fit_reference(r) for r in references),
                width=64,
                height=64,
                seed=result.seed,
                num_inference_steps=2,
            ),
        )
        assert np.array_equal(result.image, direct.image)
    assert not np.array_equal(results[0].image, results[1].image)


def test_without_references_it_is_text_to_image_and_references_are_bounded(
    pipe: Flux2KleinPipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    [plain] = concept_frames(
        pipe, ConceptFrameRequest(prompt="fog", width=64, height=64, seed=3, num_inference_steps=1)
    )
    direct = text_to_image(pipe, TextToImageRequest(prompt="fog", width=64, height=64, seed=3, num_inference_steps=1))
    assert np.array_equal(plain.image, direct.image)

    encoded: list[int] = []
    prepare = Flux2KleinPipeline.prepare_image_latents
    monkeypatch.setattr(
        Flux2KleinPipeline,
        "prepare_image_latents",
        lambda self, images, *a, **k: (encoded.append(len(images)), prepare(self, images, *a, **k))[1],
    )
    many = tuple(_image(64, 64, n) for n in range(MAX_REFERENCE_IMAGES + 3))
    concept_frames(pipe, ConceptFrameRequest(prompt="x", references=many, width=64, height=64, num_inference_steps=1))
    assert encoded == [MAX_REFERENCE_IMAGES]
    for bad in (0, 5):
        with pytest.raises(ValueError, match="candidates must be 1 to 4"):
            concept_frames(pipe, ConceptFrameRequest(prompt="x", candidates=bad, width=64, height=64))
