"""``GET/POST/DELETE /loras`` (issue 13): files dropped into <data>/loras appear on the next list, checked against the
configured (tiny) models; uploads are checked by content and stored under a server name; refusals store nothing.
SQLite only: the library is files, not rows."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np
import pytest
import torch
from fastapi.testclient import TestClient
from PIL import Image
from safetensors.torch import save

from backend.api.app import create_app
from backend.config import Settings
from backend.models.loras.inspect import linear_layers
from tests.models.test_lora_inspect import LTX2_LAYERS, pair


@pytest.fixture
def lora_client(lora_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(lora_settings, start_worker=False), base_url="http://127.0.0.1") as client:
        yield client


def ltx2_lora(settings: Settings, widen: int = 1, seed: int = 0) -> bytes:
    """A LoRA of the tiny LTX-2 in Lightricks' key style; strong enough to change the tiny model's noise."""
    model = linear_layers("ltx2", str(settings.data_dir / "models/test/ltx2/transformer/config.json"))
    torch.manual_seed(seed)
    tensors: dict[str, torch.Tensor] = {}
    for name in (*LTX2_LAYERS, "proj_out"):
        fan_in, fan_out = model[name]
        tensors |= {k: v * 4 for k, v in pair("diffusion_model." + name, fan_in * widen, fan_out * widen).items()}
    return save(tensors, metadata={"trigger_words": "mlmo_noir"})


TEST_DISTILLED = "ltx-2-distilled-lora-test-model"  # the test models' own (what a draft runs on)


def listed(client: TestClient) -> list[dict]:
    """The library as listed, without the test models' distilled LoRA."""
    return [row for row in client.get("/loras").json() if row["name"] != TEST_DISTILLED]


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_file_dropped_in_the_folder_is_listed_with_what_it_fits(lora_client: TestClient, lora_settings) -> None:
    (distilled,) = lora_client.get("/loras").json()  # on the test models, their distilled LoRA and nothing else
    assert distilled["name"] == TEST_DISTILLED and distilled["fits"] is True and distilled["managed"] is False
    lora_settings.loras_dir.mkdir(parents=True)
    (lora_settings.loras_dir / "noir.safetensors").write_bytes(ltx2_lora(lora_settings))
    (lora_settings.loras_dir / "for-19b.safetensors").write_bytes(ltx2_lora(lora_settings, widen=2))
    rows = {r["name"]: r for r in lora_client.get("/loras").json()}
    noir, big = rows["noir"], rows["for-19b"]
    assert (noir["family"], noir["fits"], noir["reason"], noir["rank"], noir["layers"]) == ("ltx2", True, None, 4, 4)
    assert noir["trigger_words"] == ["mlmo_noir"] and noir["managed"] is True
    assert (big["family"], big["fits"]) == ("ltx2", False) and "other sizes" in big["reason"]
    again = {r["name"]: r["id"] for r in listed(lora_client)}
    assert again == {"noir": noir["id"], "for-19b": big["id"]}  # ids stay put
    (lora_settings.loras_dir / "noir.safetensors").unlink()
    assert [r["name"] for r in listed(lora_client)] == ["for-19b"]  # removed files go too


def test_upload_checks_content_and_stores_under_a_server_name(lora_client: TestClient, lora_settings) -> None:
    sent = lora_client.post(
        "/loras", files={"file": ("../../escape.safetensors", io.BytesIO(ltx2_lora(lora_settings)), "application/x")}
    )
    assert sent.status_code == 201, sent.text
    row = sent.json()
    assert (row["family"], row["fits"], row["managed"]) == ("ltx2", True, True)
    (stored,) = files_in(lora_settings.loras_dir)
    assert stored.startswith("escape-") and stored.endswith(".safetensors")  # in the folder, not two levels up
    assert not (lora_settings.data_dir.parent / "escape.safetensors").exists()
    assert [r["id"] for r in listed(lora_client)] == [row["id"]]

    junk = lora_client.post("/loras", files={"file": ("cat.safetensors", io.BytesIO(b"\x89PNG" * 100), "image/png")})
    assert junk.status_code == 422 and "not a readable safetensors file" in junk.json()["detail"]
    sdxl = save(pair("lora_unet_down_blocks_0_attn", 8, 8) | {"te.x.lora_A.weight": torch.randn(2, 2)})
    other = lora_client.post("/loras", files={"file": ("sdxl.safetensors", io.BytesIO(sdxl), "application/x")})
    assert other.status_code == 422 and "match neither LTX-2 nor FLUX.2" in other.json()["detail"]
    empty = lora_client.post("/loras", files={"file": ("e.safetensors", io.BytesIO(b""), "application/x")})
    assert empty.status_code == 422
    assert files_in(lora_settings.loras_dir) == [stored]  # refusals store nothing, not even a partial file


def test_delete_removes_our_files_and_refuses_the_users_folder(lora_client: TestClient, lora_settings) -> None:
    ours = lora_client.post("/loras", files={"file": ("a.safetensors", io.BytesIO(ltx2_lora(lora_settings)), "x/y")})
    mine = lora_settings.lora_folders[0]
    mine.mkdir()
    (mine / "kept.safetensors").write_bytes(ltx2_lora(lora_settings))
    rows = {r["name"]: r for r in lora_client.get("/loras").json()}
    assert rows["kept"]["managed"] is False and rows["kept"]["fits"] is True
    refused = lora_client.delete(f"/loras/{rows['kept']['id']}")
    assert refused.status_code == 409 and "delete it there" in refused.json()["detail"]
    assert (mine / "kept.safetensors").is_file()
    assert lora_client.delete(f"/loras/{ours.json()['id']}").status_code == 204
    assert files_in(lora_settings.loras_dir) == []
    assert [r["name"] for r in listed(lora_client)] == ["kept"]
    assert lora_client.delete(f"/loras/{ours.json()['id']}").status_code == 404


# --- LoRAs and camera moves applied to generations ---------------------------------------------------------------


@pytest.fixture
def studio_client(lora_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(lora_settings), base_url="http://127.0.0.1") as client:
        yield client


def put(settings: Settings, name: str, data: bytes) -> None:
    settings.loras_dir.mkdir(parents=True, exist_ok=True)
    (settings.loras_dir / f"{name}.safetensors").write_bytes(data)


def flux2_lora(settings: Settings) -> bytes:
    model = linear_layers("flux2", str(settings.data_dir / "models/test/flux2/transformer/config.json"))
    tensors: dict[str, torch.Tensor] = {}
    for name in ("single_transformer_blocks.0.attn.to_qkv_mlp_proj", "single_transformer_blocks.0.attn.to_out"):
        fan_in, fan_out = model[name]
        tensors |= {k: v * 4 for k, v in pair("transformer." + name, fan_in, fan_out).items()}
    return save(tensors)


def ids_by_name(client: TestClient) -> dict[str, str]:
    return {r["name"]: r["id"] for r in client.get("/loras").json()}


def clip(client: TestClient, project_id: str, **body: object) -> tuple[dict, np.ndarray]:
    from tests.api.conftest import make_shot, wait_job

    shot = make_shot(client, project_id, seed=5)
    queued = client.post(
        "/generate/advanced", json={"project_id": project_id, "shot_id": shot["id"], "mode": "t2v", **body}
    )
    assert queued.status_code == 202, queued.text
    job = wait_job(client, queued.json()["job_id"], timeout=120)
    assert job["status"] == "completed", job["error"]
    with av.open(io.BytesIO(client.get(job["result"]["video_url"]).content)) as container:
        frames = np.stack([f.to_ndarray(format="rgb24") for f in container.decode(video=0)])
    return job, frames


def levels_apart(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute difference of two clips' pixels, in 8-bit levels."""
    return float(np.abs(a.astype(int) - b.astype(int)).mean())


def test_a_lora_changes_the_clip_at_strength_one_and_leaves_no_trace(studio_client: TestClient, lora_settings) -> None:
    from backend.models.loras.apply import CACHE
    from tests.api.conftest import make_project

    put(lora_settings, "noir", ltx2_lora(lora_settings))
    put(lora_settings, "grain", ltx2_lora(lora_settings, seed=7))
    ids = ids_by_name(studio_client)
    project = make_project(studio_client)["id"]
    _, base = clip(studio_client, project)
    reads = CACHE.reads
    job, off = clip(studio_client, project, loras=[{"id": ids["noir"], "strength": 0.0}])
    # Strength 0: the bare model's clip. "The same" allows the float noise of a run on other threads (seen once in a
    # full suite: a few pixels a level apart after H.264); the LoRA at strength 1 moves it by many levels.
    assert levels_apart(off, base) < 0.5
    assert job["result"]["loras"] == [{"id": ids["noir"], "name": "noir", "strength": 0.0}]
    _, on = clip(studio_client, project, loras=[{"id": ids["noir"], "strength": 1.0}])
    assert levels_apart(on, base) > 1.0
    assert CACHE.reads == reads + 1  # read from disk once for both jobs
    _, after = clip(studio_client, project)
    assert levels_apart(after, base) < 0.5  # removed after its job: the next one starts clean
    _, both = clip(
        studio_client, project, loras=[{"id": ids["noir"], "strength": 1.0}, {"id": ids["grain"], "strength": 1.0}]
    )
    _, grain = clip(studio_client, project, loras=[{"id": ids["grain"], "strength": 1.0}])
    assert not np.array_equal(both, on) and not np.array_equal(both, grain)  # they compose


def test_a_shots_loras_and_camera_move_are_used_and_its_take_records_them(
    studio_client: TestClient, lora_settings
) -> None:
    from tests.api.conftest import make_project, make_shot, wait_job

    put(lora_settings, "noir", ltx2_lora(lora_settings))
    project = make_project(studio_client)["id"]
    shot = make_shot(studio_client, project)
    noir = ids_by_name(studio_client)["noir"]
    body = {"version": shot["version"], "loras": [{"id": noir, "strength": 0.8}], "camera": "dolly_in"}
    patched = studio_client.patch(f"/projects/{project}/shots/{shot['id']}", json=body)
    assert patched.status_code == 200 and patched.json()["camera"] == "dolly_in"
    # The camera move's LoRA is not in the library yet: refused, saying which file to get; nothing is queued.
    refused = studio_client.post(
        "/generate/advanced", json={"project_id": project, "shot_id": shot["id"], "mode": "t2v"}
    )
    assert refused.status_code == 422
    assert "Lightricks/LTX-2-19b-LoRA-Camera-Control-Dolly-In" in refused.json()["detail"]
    assert studio_client.get(f"/projects/{project}/shots/{shot['id']}").json()["status"] == "draft"
    put(lora_settings, "ltx-2-19b-lora-camera-control-dolly-in", ltx2_lora(lora_settings, seed=3))
    queued = studio_client.post(
        "/generate/advanced", json={"project_id": project, "shot_id": shot["id"], "mode": "t2v"}
    )
    assert queued.status_code == 202, queued.text
    job = wait_job(studio_client, queued.json()["job_id"], timeout=120)
    assert job["status"] == "completed", job["error"]
    camera_id = ids_by_name(studio_client)["ltx-2-19b-lora-camera-control-dolly-in"]
    made = [{"id": noir, "name": "noir", "strength": 0.8}, {"id": camera_id, "name": "ltx-2-19b-lora-camera-control-dolly-in", "strength": 1.0, "camera": "dolly_in"}]  # fmt: skip
    assert job["result"]["loras"] == made
    read = studio_client.get(f"/projects/{project}/shots/{shot['id']}").json()
    assert read["loras"] == [{"id": noir, "strength": 0.8}]
    assert read["params"]["takes"][-1]["loras"] == made


def test_loras_of_the_wrong_family_or_size_are_refused_naming_the_file(
    studio_client: TestClient, lora_settings
) -> None:
    from tests.api.conftest import make_project, make_shot

    put(lora_settings, "noir", ltx2_lora(lora_settings))
    put(lora_settings, "for-19b", ltx2_lora(lora_settings, widen=2))
    put(lora_settings, "flux-style", flux2_lora(lora_settings))
    ids = ids_by_name(studio_client)
    project = make_project(studio_client)["id"]
    shot = make_shot(studio_client, project)
    video = {"project_id": project, "shot_id": shot["id"], "mode": "t2v"}
    still = {"project_id": project, "mode": "t2i", "prompt": "a lighthouse", "num_inference_steps": 2}
    cases = [
        (video, [{"id": ids["flux-style"], "strength": 1}], "LoRA flux-style is a FLUX.2 LoRA; a t2v job runs LTX-2"),
        (still, [{"id": ids["noir"], "strength": 1}], "LoRA noir is a LTX-2 LoRA; a t2i job runs FLUX.2"),
        (video, [{"id": ids["for-19b"], "strength": 1}], "LoRA for-19b does not fit the LTX-2 model: 4 layers"),
        (video, [{"id": "0123456789abcdef", "strength": 1}], "no LoRA '0123456789abcdef' in the library"),
        (video, [{"id": ids["noir"], "strength": 1}, {"id": ids["noir"], "strength": 0.5}], "a LoRA is listed twice"),
    ]
    for body, chosen, message in cases:
        response = studio_client.post("/generate/advanced", json={**body, "loras": chosen})
        assert response.status_code == 422 and response.json()["detail"].startswith(message), response.text
    out_of_range = studio_client.post(
        "/generate/advanced", json={**video, "loras": [{"id": ids["noir"], "strength": 3}]}
    )
    assert out_of_range.status_code == 422
    camera_on_still = studio_client.post("/generate/advanced", json={**still, "camera": "jib_up"})
    assert camera_on_still.status_code == 422 and "camera move is for video modes" in camera_on_still.json()["detail"]
    assert studio_client.get(f"/projects/{project}/jobs").json() == []  # nothing queued by any refusal


def test_a_flux2_lora_changes_a_still(studio_client: TestClient, lora_settings) -> None:
    from tests.api.conftest import make_project, wait_job

    put(lora_settings, "flux-style", flux2_lora(lora_settings))
    flux = ids_by_name(studio_client)["flux-style"]
    project = make_project(studio_client)["id"]

    def still(**extra: object) -> np.ndarray:
        body = {"project_id": project, "mode": "t2i", "prompt": "a lighthouse", "num_inference_steps": 2, "seed": 3}
        queued = studio_client.post("/generate/advanced", json={**body, **extra})
        assert queued.status_code == 202, queued.text
        job = wait_job(studio_client, queued.json()["job_id"], timeout=120)
        assert job["status"] == "completed", job["error"]
        return np.asarray(Image.open(io.BytesIO(studio_client.get(job["result"]["image_url"]).content)))

    base = still()
    assert not np.array_equal(still(loras=[{"id": flux, "strength": 1.0}]), base)
    assert np.array_equal(still(), base)
