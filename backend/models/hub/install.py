"""Checked downloads into the places the studio reads weights from: a model folder becomes ``<data>/models/<family>``
only once ``milimo verify`` (:func:`backend.models.verify.verify_folder`) passes on it; a LoRA joins the library only
once its header says it is a LoRA of LTX-2 or FLUX.2. Until then nothing the studio loads has changed."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from backend.models.loras.inspect import inspect_lora
from backend.models.verify import verify_folder


class NotUsable(RuntimeError):
    """The downloaded files are whole (checksums match) but are not weights the studio can run."""


def install_model(staged: Path, destination: Path) -> Path:
    """Verify ``staged`` (a diffusers or transformers folder), then move it to ``destination``, replacing what was
    there (the old folder is renamed aside first and removed after, so a failed move leaves the old one)."""
    report = verify_folder(staged)
    if not report.ok:
        problems = report.problems + [f"{c.name}: {p}" for c in report.components for p in c.problems]
        shown = "; ".join(problems[:4]) + (f" (+{len(problems) - 4} more)" if len(problems) > 4 else "")
        raise NotUsable(f"the downloaded weights do not pass milimo verify: {shown}")
    destination.parent.mkdir(parents=True, exist_ok=True)
    aside = destination.with_name(f".{destination.name}.replaced-{uuid.uuid4().hex[:8]}")
    if destination.exists():
        destination.rename(aside)
    try:
        shutil.move(str(staged), str(destination))
    except BaseException:
        if aside.exists() and not destination.exists():
            aside.rename(destination)
        raise
    shutil.rmtree(aside, ignore_errors=True)
    return destination


def install_loras(files: list[Path], library: Path, configs: Callable[[], dict[str, Path | None]]) -> list[Path]:
    """Each ``.safetensors`` of ``files`` into the LoRA folder ``library`` under its own name, if every one is a LoRA
    of LTX-2 or FLUX.2 (one that fits neither installs nothing)."""
    found = configs()
    for file in files:
        info = inspect_lora(file, found)
        if info.family is None:
            raise NotUsable(f"{file.name} is not a LoRA of LTX-2 or FLUX.2: {info.reason}")
    library.mkdir(parents=True, exist_ok=True)
    installed = []
    for file in files:
        target = library / file.name
        partial = library / f".{file.name}.{uuid.uuid4().hex[:8]}.part"  # hidden from the library until whole
        shutil.move(str(file), str(partial))
        partial.replace(target)
        installed.append(target)
    return installed
