"""The ``milimo`` command line: model listing, building the test models, verifying a weights folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from safetensors.torch import load_file, save_file
from typer.testing import CliRunner

from backend.cli import app
from backend.config import get_settings
from backend.models.tiny import is_test_model

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MILIMO_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


def test_models_lists_every_role_and_flags_test_models(data_dir: Path) -> None:
    result = runner.invoke(app, ["models", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["role"]: row for row in json.loads(result.output)}
    assert set(rows) == {"video", "upscaler", "image", "inpaint", "director", "depth", "pose", "segment"}
    assert rows["video"]["test_model"] is True and rows["video"]["source"].startswith(str(data_dir))


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_test_models_into_an_empty_data_folder_then_verify_them(data_dir: Path, tiny_models_root: Path) -> None:
    assert not data_dir.exists()  # nothing to reuse: every model is built by the command
    built = runner.invoke(app, ["build-test-models"])
    assert built.exit_code == 0 and "error" not in built.output, built.output
    test_models = data_dir / "models" / "test"
    families = ("depth", "flux2", "gemma3", "ltx2", "ltx2_upsampler", "pose")
    assert sorted(p.name for p in test_models.iterdir()) == list(families)
    for family in families:
        folder = test_models / family
        assert is_test_model(folder)
        # The real layout (a diffusers pipeline's model_index.json and component folders, a transformers model's
        # config.json and weights), file for file and byte for byte what a first start of the studio builds.
        assert _files(folder) == _files(tiny_models_root / family), family
        verified = runner.invoke(app, ["verify", str(folder)])
        assert verified.exit_code == 0, verified.output
        assert verified.output.strip().endswith("OK")
    for pipeline in ("flux2", "ltx2"):
        assert (test_models / pipeline / "model_index.json").is_file()
        assert (test_models / pipeline / "transformer" / "config.json").is_file()
    assert {"config.json", "model.safetensors"} <= {p.name for p in (test_models / "gemma3").iterdir()}


def test_verify_finds_a_wrong_shape_and_a_missing_component(tmp_path: Path, tiny_ltx2_dir: Path) -> None:
    broken = tmp_path / "ltx2"
    shutil.copytree(tiny_ltx2_dir, broken)
    weights = next((broken / "transformer").glob("*.safetensors"))
    tensors = load_file(weights)
    name = next(k for k, v in tensors.items() if v.ndim == 2)
    tensors[name] = tensors[name][:, :-1].contiguous()
    save_file(tensors, weights, metadata={"format": "pt"})
    shutil.rmtree(broken / "vocoder")
    result = runner.invoke(app, ["verify", str(broken)])
    assert result.exit_code == 1
    assert "shape mismatches" in result.output and name in result.output
    assert "folder vocoder/ is missing" in result.output
    assert runner.invoke(app, ["verify", str(tmp_path / "nothing")]).exit_code == 1
