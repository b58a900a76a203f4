"""The LoRA library: every ``.safetensors`` file in ``<data>/loras/`` and the folders ``MILIMO_LORA_FOLDERS`` names,
each inspected once (again only when the file changes) and known by an id that stays the same across restarts and
machines (its folder's key and its name inside the folder, hashed: no machine path)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from backend.models.loras.inspect import LoraInfo, inspect_lora

SUFFIX = ".safetensors"


@dataclass(frozen=True)
class LoraFile:
    id: str
    name: str  # the file name without .safetensors
    path: Path
    size_bytes: int
    managed: bool  # in the studio's own folder (uploads land there; the studio may delete it)
    info: LoraInfo


class LoraLibrary:
    def __init__(
        self,
        own: Path,
        extra: list[Path],
        configs: Callable[[], dict[str, Path | None]],
        base_is_distilled: Callable[[], bool] = lambda: False,
    ) -> None:
        """``own``: the studio's folder; ``extra``: folders the user keeps LoRAs in; ``configs``: each family's
        transformer config.json now (the models configured may change between scans); ``base_is_distilled``: whether
        the LTX-2 weights in use are the distilled checkpoint (a draft then needs no distilled LoRA)."""
        self.own = own
        self.base_is_distilled = base_is_distilled
        self._folders = folders(own, extra)
        self._configs = configs
        self._lock = threading.Lock()
        self._seen: dict[Path, tuple[tuple[int, int, tuple], LoraFile]] = {}

    def scan(self) -> list[LoraFile]:
        """Every LoRA file, by name; files added, changed or removed since the last scan are picked up now."""
        configs = self._configs()
        signature_of_configs = tuple(sorted((k, str(v)) for k, v in configs.items()))
        found: list[LoraFile] = []
        with self._lock:
            for key, folder in self._folders:
                if not folder.is_dir():
                    continue
                for path in sorted(folder.glob(f"*{SUFFIX}")):
                    if path.name.startswith(".") or not path.is_file():
                        continue  # uploads in progress are hidden files
                    stat = path.stat()
                    signature = (stat.st_size, stat.st_mtime_ns, signature_of_configs)
                    cached = self._seen.get(path)
                    if cached is None or cached[0] != signature:
                        entry = LoraFile(
                            id=lora_id(key, path.name),
                            name=path.name[: -len(SUFFIX)],
                            path=path,
                            size_bytes=stat.st_size,
                            managed=key == "data",
                            info=inspect_lora(path, configs),
                        )
                        cached = (signature, entry)
                        self._seen[path] = cached
                    found.append(cached[1])
            present = {f.path for f in found}
            self._seen = {p: v for p, v in self._seen.items() if p in present}
        return sorted(found, key=lambda f: (f.name.lower(), f.id))

    def configs(self) -> dict[str, Path | None]:
        """Each family's transformer config.json as configured now (None: not on this machine)."""
        return self._configs()

    def get(self, lora_id: str) -> LoraFile | None:
        return next((f for f in self.scan() if f.id == lora_id), None)


def folders(own: Path, extra: list[Path]) -> list[tuple[str, Path]]:
    """Each folder with the key its ids are made from: ``data`` for the studio's own, the path for the user's."""
    return [("data", own), *((str(f), f) for f in extra)]


def lora_id(folder_key: str, name: str) -> str:
    return hashlib.sha256(f"{folder_key}\0{name}".encode()).hexdigest()[:16]


def locate(own: Path, extra: list[Path], wanted: str) -> Path | None:
    """The file of a LoRA id, by names alone (no inspection): how a worker, on any machine, finds what a job names."""
    for key, folder in folders(own, extra):
        if folder.is_dir():
            for path in folder.glob(f"*{SUFFIX}"):
                if not path.name.startswith(".") and lora_id(key, path.name) == wanted:
                    return path
    return None
