"""``GET/POST/DELETE /loras`` (issue 13): files dropped into <data>/loras appear on the next list, checked against the
configured (tiny) models; uploads are checked by content and stored under a server name; refusals store nothing.
SQLite only: the library is files, not rows."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch
from fastapi.testclient import TestClient
from safetensors.torch import save

from backend.api.app import create_app
from backend.config import Settings
from backend.models.loras.inspect import linear_layers
from backend.testing.server_process import free_port
from tests.api.conftest import seed_test_models
from tests.models.test_lora_inspect import LTX2_LAYERS, pair


@pytest.fixture
def lora_settings(tmp_path: Path, tiny_models_root: Path) -> Settings:
    data = tmp_path / "data"
    seed_test_models(data, tiny_models_root)
    return Settings(
        data_dir=data,
        web_dist_dir=tmp_path / "no-web-build",
        log_level="WARNING",
        sam_service_port=free_port(),
        lora_folders=[tmp_path / "my-loras"],
    )


@pytest.fixture
def lora_client(lora_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(lora_settings, start_worker=False), base_url="http://127.0.0.1") as client:
        yield client


def ltx2_lora(settings: Settings, widen: int = 1) -> bytes:
    model = linear_layers("ltx2", str(settings.data_dir / "models/test/ltx2/transformer/config.json"))
    tensors: dict[str, torch.Tensor] = {}
    for name in LTX2_LAYERS:
        fan_in, fan_out = model[name]
        tensors |= pair("diffusion_model." + name, fan_in * widen, fan_out * widen)
    return save(tensors, metadata={"trigger_words": "mlmo_noir"})


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_file_dropped_in_the_folder_is_listed_with_what_it_fits(lora_client: TestClient, lora_settings) -> None:
    assert lora_client.get("/loras").json() == []
    lora_settings.loras_dir.mkdir(parents=True)
    (lora_settings.loras_dir / "noir.safetensors").write_bytes(ltx2_lora(lora_settings))
    (lora_settings.loras_dir / "for-19b.safetensors").write_bytes(ltx2_lora(lora_settings, widen=2))
    rows = {r["name"]: r for r in lora_client.get("/loras").json()}
    noir, big = rows["noir"], rows["for-19b"]
    assert (noir["family"], noir["fits"], noir["reason"], noir["rank"], noir["layers"]) == ("ltx2", True, None, 4, 3)
    assert noir["trigger_words"] == ["mlmo_noir"] and noir["managed"] is True
    assert (big["family"], big["fits"]) == ("ltx2", False) and "other sizes" in big["reason"]
    again = {r["name"]: r["id"] for r in lora_client.get("/loras").json()}
    assert again == {"noir": noir["id"], "for-19b": big["id"]}  # ids stay put
    (lora_settings.loras_dir / "noir.safetensors").unlink()
    assert [r["name"] for r in lora_client.get("/loras").json()] == ["for-19b"]  # removed files go too


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
    assert [r["id"] for r in lora_client.get("/loras").json()] == [row["id"]]

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
    assert [r["name"] for r in lora_client.get("/loras").json()] == ["kept"]
    assert lora_client.delete(f"/loras/{ours.json()['id']}").status_code == 404
