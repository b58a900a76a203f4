"""The hub downloader (backend/models/hub) against a fake hub on loopback that serves a tiny LTX-2 repository the way
the Hugging Face hub does: sizes and checksums from ``model_info``, files with progress, a dropped connection resumed
with a Range request (in the same attempt and in a later one), a corrupted file refused, a quota that fails like a
full disk, a cancel. All of it under ``HF_HUB_OFFLINE=1`` (tests/conftest.py), which other callers still obey."""

from __future__ import annotations

import errno
import threading
import time
from pathlib import Path

import pytest
from huggingface_hub import HfApi
from huggingface_hub.errors import OfflineModeIsEnabled

from backend.disk_space import is_disk_full
from backend.models.catalog import find
from backend.models.hub.checksums import ChecksumMismatch
from backend.models.hub.download import download_repo, staged_bytes
from backend.models.hub.install import NotUsable, install_model
from backend.models.hub.metadata import HubRefused, HubUnreachable, repo_files
from backend.models.hub.transfer import CHUNK_BYTES, DownloadCancelled, Meter
from backend.testing.fake_hub import FakeHub, FakeRepo, tiny_ltx2_repo
from backend.testing.server_process import free_port

WEIGHTS = "latent_upsampler/diffusion_pytorch_model.safetensors"
UPSCALER = find("Lightricks/LTX-2", "upscaler")


@pytest.fixture
def hub(tiny_ltx2_upsampler_dir: Path):  # noqa: ANN201 - a generator fixture
    with FakeHub([tiny_ltx2_repo(tiny_ltx2_upsampler_dir)]) as fake:
        yield fake


def _repo(hub: FakeHub):  # noqa: ANN202
    assert UPSCALER is not None
    return repo_files(hub.url, UPSCALER.repo_id, UPSCALER.allow_patterns, timeout=5)


def _meter(total: int, seen: list[int], *, quota: int | None = None, cancel: threading.Event | None = None) -> Meter:
    return Meter(total, lambda done, _t, _f: seen.append(done), cancel or threading.Event(), quota=quota, interval=0)


def test_a_repository_downloads_with_progress_checksums_and_installs(hub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(hub)
    assert {f.path for f in repo.files} == {"latent_upsampler/config.json", WEIGHTS}  # the patterns pick the folder
    assert next(f for f in repo.files if f.path == WEIGHTS).sha256 is not None  # LFS: SHA-256 from the hub
    seen: list[int] = []
    download_repo(hub.url, repo, tmp_path / "staging", _meter(repo.total_bytes, seen))
    assert seen == sorted(seen) and seen[-1] == repo.total_bytes and len(seen) > 2  # byte progress, chunk by chunk
    fetched = {p for m, p, _ in hub.requests if m == "GET" and "/resolve/" in p}
    assert all(repo.commit in p for p in fetched)  # pinned to the commit model_info named
    assert not any("ltx-2-19b-dev" in p for p in fetched)  # the single-file checkpoint is not downloaded

    installed = install_model(tmp_path / "staging" / "latent_upsampler", tmp_path / "models" / "ltx2_upsampler")
    assert (installed / "diffusion_pytorch_model.safetensors").is_file()
    assert not (tmp_path / "staging" / "latent_upsampler").exists()


def test_a_dropped_connection_resumes_with_a_range_request(hub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(hub)
    hub.drop_after[WEIGHTS] = CHUNK_BYTES + 1000  # the first response stops after one chunk and closes
    seen: list[int] = []
    download_repo(hub.url, repo, tmp_path / "staging", _meter(repo.total_bytes, seen))
    assert hub.ranges(WEIGHTS) == [f"bytes={CHUNK_BYTES}-"]  # huggingface_hub asked for the rest only
    assert (tmp_path / "staging" / WEIGHTS).stat().st_size == next(f.size for f in repo.files if f.path == WEIGHTS)


def test_a_later_attempt_resumes_from_the_bytes_on_the_disk(hub: FakeHub, tmp_path: Path) -> None:
    """What a restart or a cancel leaves: part of the file on the disk. The next attempt sends only a Range."""
    repo = _repo(hub)
    weights = next(f for f in repo.files if f.path == WEIGHTS)
    partial = tmp_path / "staging" / WEIGHTS
    partial.parent.mkdir(parents=True)
    partial.write_bytes(hub.repos["Lightricks/LTX-2"].files[WEIGHTS][:100_000])
    assert staged_bytes(repo, tmp_path / "staging") == 100_000
    seen: list[int] = []
    download_repo(hub.url, repo, tmp_path / "staging", _meter(repo.total_bytes, seen))
    assert hub.ranges(WEIGHTS) == ["bytes=100000-"]
    assert seen[-1] == repo.total_bytes  # the kept bytes count as done
    assert partial.stat().st_size == weights.size


def test_a_checksum_mismatch_is_refused_and_the_file_removed(hub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(hub)
    hub.corrupt.add(WEIGHTS)
    with pytest.raises(ChecksumMismatch, match=f"checksum mismatch in {WEIGHTS}"):
        download_repo(hub.url, repo, tmp_path / "staging", _meter(repo.total_bytes, []))
    assert not (tmp_path / "staging" / WEIGHTS).exists()


def test_the_quota_fails_like_a_full_disk_before_writing_past_it(hub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(hub)
    quota = CHUNK_BYTES + 10
    with pytest.raises(OSError) as raised:
        download_repo(hub.url, repo, tmp_path / "staging", _meter(repo.total_bytes, [], quota=quota))
    assert raised.value.errno == errno.ENOSPC and is_disk_full(raised.value)
    written = sum(f.stat().st_size for f in (tmp_path / "staging").rglob("*") if f.is_file())
    assert written <= quota


def test_cancel_stops_within_a_second_and_keeps_the_bytes(hub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(hub)
    hub.chunk_delay_s = 0.2  # a slow link: ~3 s for the weights
    cancel = threading.Event()
    seen: list[int] = []
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(DownloadCancelled):
        download_repo(hub.url, repo, tmp_path / "staging", _meter(repo.total_bytes, seen, cancel=cancel))
    assert time.monotonic() - started < 2.0
    assert (tmp_path / "staging").exists()  # what arrived is kept for a later resume


def test_weights_that_fail_verify_are_not_installed(tmp_path: Path) -> None:
    staged = tmp_path / "staged"
    staged.mkdir()
    (staged / "config.json").write_text('{"_class_name": "LTX2LatentUpsamplerModel"}')
    with pytest.raises(NotUsable, match="milimo verify"):
        install_model(staged, tmp_path / "models" / "ltx2_upsampler")
    assert not (tmp_path / "models" / "ltx2_upsampler").exists()


def test_a_file_named_outside_the_repository_is_refused_before_anything_is_written(hub: FakeHub) -> None:
    hub.add(FakeRepo("evil/escape", {"../../escape.safetensors": b"x" * 10, "ok.json": b"{}"}))
    with pytest.raises(HubRefused, match="outside the repository"):
        repo_files(hub.url, "evil/escape", ("*",), timeout=5)


def test_unknown_repositories_and_an_unreachable_hub_say_so(hub: FakeHub) -> None:
    with pytest.raises(HubRefused, match="no repository nobody/nothing"):
        repo_files(hub.url, "nobody/nothing", ("*",), timeout=5)
    with pytest.raises(HubUnreachable, match="cannot reach"):
        repo_files(f"http://127.0.0.1:{free_port()}", "Lightricks/LTX-2", ("*",), timeout=2)


def test_other_callers_still_see_offline_mode(hub: FakeHub) -> None:
    """The exemption is the downloader's alone: a hub call outside it is refused as huggingface_hub always does."""
    with pytest.raises(OfflineModeIsEnabled):
        HfApi(endpoint=hub.url).model_info("Lightricks/LTX-2")
