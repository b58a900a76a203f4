"""A model hub on loopback for tests: a real HTTP server that answers the way the Hugging Face hub does, for the few
calls a download makes (huggingface_hub 2.4's ``model_info(files_metadata=True)`` and ``http_get`` on resolve URLs).

* ``GET /api/models/{repo}[/revision/{rev}]`` → ``{id, sha, siblings: [{rfilename, size, blobId, lfs}]}``
  (``lfs: {sha256, size, pointerSize}`` for ``*.safetensors`` files, as the hub stores weights in Git LFS).
* ``GET|HEAD /{repo}/resolve/{rev}/{path}`` → the bytes, with ``ETag`` / ``X-Linked-Etag``, ``X-Repo-Commit``,
  ``Content-Length``, ``Accept-Ranges``; a ``Range: bytes=N-`` request gets ``206`` and ``Content-Range``.
* Unknown repositories answer 404 with ``X-Error-Code: RepoNotFound``; gated ones 401 with ``GatedRepo``.

Knobs for tests: :attr:`FakeHub.drop_after` (path → bytes: the next response for that file stops after that many
bytes and closes the connection, once), :attr:`FakeHub.corrupt` (paths served with one byte flipped),
:attr:`FakeHub.chunk_delay_s` (a pause between 64 KiB chunks: a slow link, for cancel), and :attr:`FakeHub.requests`
(every request: method, path, headers) so a test can see the Range request of a resumed download.

``python -m backend.testing.fake_hub --port N`` serves the studio's own tiny models as ``Lightricks/LTX-2`` (the
latent upsampler in ``latent_upsampler/``) and a tiny LTX-2 LoRA as the dolly-in camera-control repository, for the
web app's end-to-end test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from milimo_common.test_models import MARKER_FILENAME

_CHUNK = 64 * 1024


@dataclass
class FakeRepo:
    repo_id: str
    files: dict[str, bytes]
    sha: str = field(default_factory=lambda: uuid.uuid4().hex + uuid.uuid4().hex[:8])
    gated: bool = False

    @staticmethod
    def is_lfs(path: str) -> bool:
        return path.endswith((".safetensors", ".bin", ".model"))

    def sibling(self, path: str) -> dict[str, Any]:
        data = self.files[path]
        blob = hashlib.sha1(f"blob {len(data)}\0".encode() + data, usedforsecurity=False).hexdigest()
        row: dict[str, Any] = {"rfilename": path, "size": len(data), "blobId": blob}
        if self.is_lfs(path):
            row["lfs"] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "pointerSize": 134}
        return row

    def info(self) -> dict[str, Any]:
        return {
            "id": self.repo_id,
            "modelId": self.repo_id,
            "sha": self.sha,
            "private": False,
            "gated": False,
            "siblings": [self.sibling(p) for p in sorted(self.files)],
        }


def folder_files(folder: Path, prefix: str = "") -> dict[str, bytes]:
    """Every file under ``folder`` as repository paths (the test-model marker left out: downloads are 'real')."""
    return {
        prefix + path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MARKER_FILENAME
    }


class FakeHub:
    def __init__(self, repos: list[FakeRepo] | None = None, host: str = "127.0.0.1", port: int = 0) -> None:
        self.repos: dict[str, FakeRepo] = {r.repo_id: r for r in repos or []}
        self.drop_after: dict[str, int] = {}
        self.corrupt: set[str] = set()
        self.chunk_delay_s = 0.0
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self._lock = threading.Lock()
        hub = self

        class Handler(_Handler):
            fake = hub

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def add(self, repo: FakeRepo) -> FakeRepo:
        self.repos[repo.repo_id] = repo
        return repo

    def ranges(self, path: str) -> list[str]:
        """The Range headers of the GET requests for files ending with ``path``."""
        return [h.get("range", "") for m, p, h in self.requests if m == "GET" and p.endswith(path) and h.get("range")]

    def start(self) -> FakeHub:
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-hub", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeHub:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _take_drop(self, path: str) -> int | None:
        with self._lock:
            return self.drop_after.pop(path, None)


_INFO = re.compile(r"^/api/models/(?P<repo>[^/]+/[^/]+)(?:/revision/(?P<rev>[^/]+))?$")
_RESOLVE = re.compile(r"^/(?P<repo>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<path>.+)$")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    fake: FakeHub

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        return None

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self._answer(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head=True)

    def _json(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _repo(self, repo_id: str) -> FakeRepo | None:
        repo = self.fake.repos.get(repo_id)
        if repo is None:
            self._json(404, {"error": "Repository not found"}, {"X-Error-Code": "RepoNotFound"})
            return None
        if repo.gated:
            self._json(401, {"error": "Access to this model is restricted"}, {"X-Error-Code": "GatedRepo"})
            return None
        return repo

    def _answer(self, head: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        self.fake.requests.append((self.command, path, {k.lower(): v for k, v in self.headers.items()}))
        if match := _INFO.match(path):
            repo = self._repo(match["repo"])
            if repo is not None:
                self._json(200, repo.info())
            return
        if match := _RESOLVE.match(path):
            repo = self._repo(match["repo"])
            if repo is None:
                return
            if match["path"] not in repo.files:
                self._json(404, {"error": "Entry not found"}, {"X-Error-Code": "EntryNotFound"})
                return
            self._file(repo, match["path"], head)
            return
        self._json(404, {"error": "not found"})

    def _file(self, repo: FakeRepo, name: str, head: bool) -> None:
        data = repo.files[name]
        if name in self.fake.corrupt and data:
            data = bytes([data[0] ^ 0xFF]) + data[1:]
        sibling = repo.sibling(name)
        etag = sibling["lfs"]["sha256"] if "lfs" in sibling else sibling["blobId"]
        start = 0
        wanted = self.headers.get("Range")
        if wanted and (m := re.match(r"bytes=(\d+)-$", wanted.strip())):
            start = int(m[1])
        if start >= len(data) and data:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{len(data)}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(206 if start else 200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data) - start))
        self.send_header("Accept-Ranges", "bytes")
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.send_header("ETag", f'"{etag}"')
        self.send_header("X-Repo-Commit", repo.sha)
        if "lfs" in sibling:
            self.send_header("X-Linked-Etag", f'"{etag}"')
            self.send_header("X-Linked-Size", str(len(data)))
        self.end_headers()
        if head:
            return
        try:
            self._body(memoryview(data)[start:], self.fake._take_drop(name))
        except (BrokenPipeError, ConnectionResetError):  # the client went away (a cancelled download)
            self.close_connection = True

    def _body(self, body: memoryview, drop: int | None) -> None:
        sent = 0
        for offset in range(0, len(body), _CHUNK):
            piece = body[offset : offset + _CHUNK]
            if drop is not None and sent + len(piece) > drop:
                self.wfile.write(piece[: max(drop - sent, 0)])
                self.wfile.flush()
                self.close_connection = True
                return  # the connection closes short of Content-Length: the client sees a dropped download
            self.wfile.write(piece)
            sent += len(piece)
            if self.fake.chunk_delay_s:
                time.sleep(self.fake.chunk_delay_s)


# --- the tiny repositories the studio's own tests and the web app's end-to-end test download ----------------------


def tiny_ltx2_repo(upsampler_dir: Path, ltx2_dir: Path | None = None) -> FakeRepo:
    """``Lightricks/LTX-2`` as the hub lays it out: the pipeline folders (when ``ltx2_dir`` is given), the latent
    upsampler in ``latent_upsampler/``, and a single-file checkpoint at the top that the catalogue leaves out."""
    files = folder_files(upsampler_dir, "latent_upsampler/")
    if ltx2_dir is not None:
        files.update(folder_files(ltx2_dir))
    files["ltx-2-19b-dev.safetensors"] = b"\0" * 1024  # not wanted by any catalogue entry: never downloaded
    files["README.md"] = b"# LTX-2 (tiny, for tests)\n"
    return FakeRepo("Lightricks/LTX-2", files)


def tiny_lora_repo(repo_id: str, lora_file: Path) -> FakeRepo:
    return FakeRepo(repo_id, {lora_file.name: lora_file.read_bytes(), "README.md": b"# a tiny LoRA\n"})


def tiny_ltx2_lora(transformer_config: Path, rank: int = 4, seed: int = 0) -> bytes:
    """A LoRA of the tiny LTX-2 in Lightricks' key style (``diffusion_model.*``), as a .safetensors file's bytes."""
    import torch
    from safetensors.torch import save

    from backend.models.loras.inspect import linear_layers

    layers = linear_layers("ltx2", str(transformer_config))
    generator = torch.Generator().manual_seed(seed)
    tensors = {}
    for name in ("transformer_blocks.0.attn1.to_q", "transformer_blocks.0.attn1.to_v", "proj_out"):
        fan_in, fan_out = layers[name]
        tensors[f"diffusion_model.{name}.lora_A.weight"] = torch.randn(rank, fan_in, generator=generator)
        tensors[f"diffusion_model.{name}.lora_B.weight"] = torch.randn(fan_out, rank, generator=generator) * 0.01
    return save(tensors)


E2E_LORA_REPO = "Lightricks/LTX-2-19b-LoRA-Camera-Control-Jib-Up"


def _build_e2e_repos(root: Path) -> list[FakeRepo]:
    """The LTX-2 repository (latent upsampler) and the jib-up camera LoRA (rank 1024: a few chunks, so the page shows
    progress), built from the studio's tiny models."""
    from backend.models.tiny.ltx2 import build_tiny_ltx2
    from backend.models.tiny.ltx2_upsampler import build_tiny_ltx2_upsampler

    upsampler, ltx2 = root / "ltx2_upsampler", root / "ltx2"
    if not upsampler.exists():
        build_tiny_ltx2_upsampler(upsampler, 0)
    if not ltx2.exists():
        build_tiny_ltx2(ltx2, 0)
    lora = tiny_ltx2_lora(ltx2 / "transformer" / "config.json", rank=1024)
    name = "ltx-2-19b-lora-camera-control-jib-up.safetensors"
    return [tiny_ltx2_repo(upsampler), FakeRepo(E2E_LORA_REPO, {name: lora, "README.md": b"# tiny\n"})]


def main() -> None:
    parser = argparse.ArgumentParser(description="A fake model hub on loopback (tests only).")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--root", type=Path, required=True, help="Where the tiny models are built.")
    parser.add_argument("--chunk-delay", type=float, default=0.0, help="Seconds between 64 KiB chunks.")
    args = parser.parse_args()
    hub = FakeHub(_build_e2e_repos(args.root), port=args.port)
    hub.chunk_delay_s = args.chunk_delay
    print(f"fake hub on {hub.url}", flush=True)
    try:
        hub._server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
