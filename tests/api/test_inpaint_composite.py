"""In-painting keeps every pixel outside the mask: the tiny FLUX.2's repaint is pasted back over the source through a
mask feathered ``inpaint_feather_px`` wide, so beyond the feather the result is the source, bit for bit, and deep
inside the mask it is what the model painted."""

from __future__ import annotations

import numpy as np
import torch
from fastapi.testclient import TestClient
from PIL import Image

from tests.api.conftest import make_project
from tests.api.test_modes import gradient, media_file, submit, upload_png
from tests.sqlite_only import sqlite_only  # noqa: F401 - the database_url fixture: SQLite only (see the module)

FEATHER = 8  # the default setting


def test_pixels_outside_the_mask_are_the_source_exactly(client: TestClient, tiny_flux2_dir) -> None:
    from backend.models.flux2.inpaint import InpaintRequest, inpaint
    from backend.models.flux2.loader import load_flux2_pipeline

    assert client.app.state.studio.settings.inpaint_feather_px == FEATHER
    project = make_project(client)
    source = gradient()
    mask = np.zeros((64, 64), np.uint8)
    mask[16:48, 20:44] = 255
    image_asset = upload_png(client, project["id"], source)
    mask_asset = upload_png(client, project["id"], np.repeat(mask[..., None], 3, axis=-1))
    job = submit(
        client,
        project_id=project["id"],
        mode="inpaint",
        prompt="a boat",
        image_asset_id=image_asset["id"],
        mask_asset_id=mask_asset["id"],
        strength=1.0,
        num_inference_steps=2,
        seed=3,
    )
    result = np.asarray(Image.open(media_file(client, project["id"], job["result"]["image_url"])).convert("RGB"))

    raw = inpaint(
        load_flux2_pipeline(tiny_flux2_dir, "cpu", torch.float32),
        InpaintRequest(
            prompt="a boat",
            image=source,
            mask=mask,
            strength=1.0,
            seed=3,
            num_inference_steps=2,
            guidance_scale=job["request"]["guidance_scale"],
        ),
    ).image
    outside = np.ones((64, 64), bool)  # more than the feather away from the mask's rectangle, outside it
    outside[16 - FEATHER : 48 + FEATHER, 20 - FEATHER : 44 + FEATHER] = False
    inside = np.zeros((64, 64), bool)  # more than the feather in from its edge
    inside[16 + FEATHER : 48 - FEATHER, 20 + FEATHER : 44 - FEATHER] = True
    assert outside.sum() > 1000 and inside.sum() > 50
    assert not np.array_equal(raw[outside], source[outside])  # the model alone does change them
    np.testing.assert_array_equal(result[outside], source[outside])
    np.testing.assert_array_equal(result[inside], raw[inside])
    # Across the edge the two are blended: every pixel there lies between the source's and the model's values.
    edge = ~outside & ~inside
    low, high = np.minimum(source, raw).astype(int), np.maximum(source, raw).astype(int)
    assert np.all((result[edge] >= low[edge] - 1) & (result[edge] <= high[edge] + 1))
