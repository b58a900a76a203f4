"""The LoRA library as the API offers it: list, upload (checked by content, stored under a server name), delete."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import BinaryIO

from backend.errors import Conflict, InvalidInput, NotFound, TooLarge
from backend.models.loras.inspect import inspect_lora
from backend.models.loras.library import SUFFIX, LoraFile, LoraLibrary
from backend.schemas.loras import LoraRead

_CHUNK = 1024 * 1024


def lora_view(entry: LoraFile) -> LoraRead:
    info = entry.info
    return LoraRead(
        id=entry.id,
        name=entry.name,
        family=info.family,  # type: ignore[arg-type]
        rank=info.rank,
        fits=info.fits,
        reason=info.reason,
        trigger_words=info.trigger_words,
        layers=info.layers,
        size_bytes=entry.size_bytes,
        managed=entry.managed,
    )


def list_loras(library: LoraLibrary) -> list[LoraRead]:
    return [lora_view(entry) for entry in library.scan()]


def _server_name(original: str) -> str:
    stem = Path(original or "lora").name
    stem = stem[: -len(SUFFIX)] if stem.lower().endswith(SUFFIX) else Path(stem).stem
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")[:80] or "lora"
    return f"{stem}-{uuid.uuid4().hex[:8]}{SUFFIX}"


def store_upload(library: LoraLibrary, source: BinaryIO, original_name: str, max_bytes: int) -> LoraRead:
    """Keep an uploaded LoRA in the studio's folder, if it is a safetensors file whose layers belong to LTX-2 or
    FLUX.2 (one for the other model size is kept, and listed with why it does not fit the model configured now)."""
    library.own.mkdir(parents=True, exist_ok=True)
    partial = library.own / f".upload-{uuid.uuid4().hex}.part"
    try:
        size = 0
        with partial.open("wb") as out:
            while chunk := source.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(
                        f"the file is larger than the {max_bytes // (1024 * 1024)} MiB upload limit "
                        f"(MILIMO_MAX_UPLOAD_BYTES); put bigger LoRAs in {library.own} instead"
                    )
                out.write(chunk)
        if size == 0:
            raise InvalidInput("the uploaded file is empty")
        info = inspect_lora(partial, library.configs())
        if info.family is None:
            raise InvalidInput(f"{Path(original_name).name or 'the file'}: {info.reason}")
        target = library.own / _server_name(original_name)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    entry = next(e for e in library.scan() if e.path == target)
    return lora_view(entry)


def delete_lora(library: LoraLibrary, lora_id: str) -> None:
    entry = library.get(lora_id)
    if entry is None:
        raise NotFound(f"no LoRA {lora_id!r} in the library")
    if not entry.managed:
        raise Conflict(f"{entry.path} is in a folder you manage (MILIMO_LORA_FOLDERS): delete it there")
    entry.path.unlink(missing_ok=True)
