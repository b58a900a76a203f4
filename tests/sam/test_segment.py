"""POST /segment on the tiny model: image-sized masks, sorted scores, and exactly what transformers gives."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from PIL import Image

from milimo_sam.masks import decode_png


def _segment(client, png: bytes, prompt: dict):
    return client.post("/segment", files={"image": ("x.bin", png)}, data={"prompt": json.dumps(prompt)})


def _check_masks(body: dict, width: int, height: int) -> list[np.ndarray]:
    assert (body["width"], body["height"]) == (width, height)
    assert body["test_model"] is True
    scores = [m["score"] for m in body["masks"]]
    assert scores == sorted(scores, reverse=True)
    decoded = []
    for item in body["masks"]:
        mask = decode_png(item["png"])
        assert mask.shape == (height, width)
        assert item["area"] == int(mask.sum())
        if item["box"] is None:
            assert item["area"] == 0
        else:
            x0, y0, x1, y1 = item["box"]
            assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
            assert mask[y0:y1, x0:x1].sum() == item["area"]
        decoded.append(mask)
    return decoded


def test_text(client, picture: Image.Image, picture_png: bytes) -> None:
    from transformers import Sam3Model, Sam3Processor

    prompt = {"text": "the red block", "boxes": [[24, 16, 48, 32]], "threshold": 0.0, "max_masks": 5}
    response = _segment(client, picture_png, prompt)
    assert response.status_code == 200, response.text
    masks = _check_masks(response.json(), 96, 64)
    assert len(masks) == 5

    # The same call straight through transformers.
    folder = response.json()["model"]
    model, processor = Sam3Model.from_pretrained(folder).eval(), Sam3Processor.from_pretrained(folder)
    inputs = processor(
        images=picture,
        text="the red block",
        input_boxes=[[[24, 16, 48, 32]]],
        input_boxes_labels=[[1]],
        return_tensors="pt",
    )
    with torch.inference_mode():
        outputs = model(**inputs)
    expected = processor.post_process_instance_segmentation(
        outputs, threshold=0.0, mask_threshold=0.5, target_sizes=inputs["original_sizes"].tolist()
    )[0]
    order = torch.argsort(expected["scores"], descending=True, stable=True)[:5]
    got = [m["score"] for m in response.json()["masks"]]
    assert got == pytest.approx(expected["scores"][order].tolist(), abs=1e-5)
    for mask, index in zip(masks, order.tolist()):
        assert np.array_equal(mask, expected["masks"][index].numpy().astype(bool))


def test_text_above_threshold_can_be_empty(client, picture_png: bytes) -> None:
    response = _segment(client, picture_png, {"text": "a unicorn", "threshold": 0.99})
    assert response.status_code == 200
    assert response.json()["masks"] == []


def _tracker_direct(folder: str, picture: Image.Image, **kwargs):
    from transformers import Sam3TrackerModel, Sam3TrackerProcessor

    model, processor = Sam3TrackerModel.from_pretrained(folder).eval(), Sam3TrackerProcessor.from_pretrained(folder)
    inputs = processor(images=picture, return_tensors="pt", **kwargs)
    with torch.inference_mode():
        outputs = model(**inputs, multimask_output=True)
    masks = processor.post_process_masks(outputs.pred_masks, inputs["original_sizes"])[0]
    iou = outputs.iou_scores[0]
    best = iou.argmax(-1)
    return [(float(iou[o, best[o]]), masks[o, best[o]].numpy().astype(bool)) for o in range(masks.shape[0])]


def test_points_positive_and_negative(client, picture: Image.Image, picture_png: bytes) -> None:
    prompt = {"points": [[36, 24, 1], [80, 50, 0]], "boxes": [[20, 10, 60, 40]]}
    response = _segment(client, picture_png, prompt)
    assert response.status_code == 200, response.text
    masks = _check_masks(response.json(), 96, 64)
    assert len(masks) == 1
    ((score, expected),) = _tracker_direct(
        response.json()["model"],
        picture,
        input_points=[[[[36, 24], [80, 50]]]],
        input_labels=[[[1, 0]]],
        input_boxes=[[[20, 10, 60, 40]]],
    )
    assert response.json()["masks"][0]["score"] == pytest.approx(score, abs=1e-5)
    assert np.array_equal(masks[0], expected)


def test_boxes_one_mask_each(client, picture: Image.Image, picture_png: bytes) -> None:
    boxes = [[24, 16, 48, 32], [0, 0, 96, 64]]
    response = _segment(client, picture_png, {"boxes": boxes})
    assert response.status_code == 200, response.text
    masks = _check_masks(response.json(), 96, 64)
    expected = sorted(_tracker_direct(response.json()["model"], picture, input_boxes=[boxes]), key=lambda e: -e[0])
    assert [m["score"] for m in response.json()["masks"]] == pytest.approx([e[0] for e in expected], abs=1e-5)
    for mask, (_, want) in zip(masks, expected):
        assert np.array_equal(mask, want)


def test_jpeg_and_webp(client, picture: Image.Image) -> None:
    from tests.sam.conftest import encode

    for fmt in ("JPEG", "WEBP"):
        response = _segment(client, encode(picture, fmt), {"points": [[10, 10, 1]]})
        assert response.status_code == 200, (fmt, response.text)
        _check_masks(response.json(), 96, 64)
