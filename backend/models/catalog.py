"""The model library's catalogue: the hub repositories the Models page can download, per role, and the LoRAs.

One row per thing to download. ``allow_patterns`` picks the files (fnmatch, as huggingface_hub's own filters); a
model with ``subfolder`` installs that folder of the repository (the LTX-2 repository carries the latent upsampler
in ``latent_upsampler/``). Sizes are approximate, for the list before the hub is asked; a download checks the free
disk against the hub's exact sizes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

GB = 1_000_000_000


@dataclass(frozen=True)
class CatalogEntry:
    repo_id: str
    title: str
    kind: Literal["model", "lora"]
    target: str  # the role it serves (video, upscaler, image, director), or "lora"
    family: str  # model: the family folder it becomes (<data>/models/<family>); LoRA: the base model family
    allow_patterns: tuple[str, ...]
    approx_bytes: int  # on disk
    memory_bytes: int | None  # in memory once loaded (bf16); None for LoRAs (applied onto the model)
    subfolder: str | None = None
    note: str = ""
    revision: str = "main"


_LTX2_PIPELINE = (
    "model_index.json",
    "scheduler/*",
    "text_encoder/*",
    "tokenizer/*",
    "transformer/*",
    "vae/*",
    "audio_vae/*",
    "connectors/*",
    "vocoder/*",
)
#: Lightricks' distilled LoRA of LTX-2 19 B, in the LTX-2 repository beside the pipeline folders.
DISTILLED_LORA_FILE = "ltx-2-19b-distilled-lora-384.safetensors"
_CAMERA_MOVES = ("static", "dolly_in", "dolly_out", "dolly_left", "dolly_right", "jib_up", "jib_down")


def camera_repo(move: str) -> str:
    """Lightricks' camera-control LoRA for LTX-2 19 B of one move (its file name carries the move)."""
    return f"Lightricks/LTX-2-19b-LoRA-Camera-Control-{move.replace('_', '-').title()}"


# Lightricks' IC-LoRAs for control video on LTX-2 19 B: the union one takes any guide; each of the others one kind.
UNION_CONTROL_REPO = "Lightricks/LTX-2-19b-IC-LoRA-Union-Control"
CONTROL_KINDS = ("canny", "depth", "pose")


def control_repo(kind: str) -> str:
    """Lightricks' IC-LoRA for LTX-2 19 B trained for one kind of guide."""
    return f"Lightricks/LTX-2-19b-IC-LoRA-{kind.title()}-Control"


def _ltx2_lora(repo_id: str, title: str, approx_bytes: int) -> CatalogEntry:
    return CatalogEntry(repo_id, title, "lora", "lora", "ltx2", ("*.safetensors",), approx_bytes, memory_bytes=None)


CATALOG: tuple[CatalogEntry, ...] = (
    CatalogEntry(
        "Lightricks/LTX-2",
        "LTX-2 19B (video + audio, diffusers layout)",
        "model",
        "video",
        "ltx2",
        _LTX2_PIPELINE,
        approx_bytes=75 * GB,
        memory_bytes=70 * GB,
        note="the pipeline folders only (the single-file checkpoints in the same repository are left out)",
    ),
    CatalogEntry(
        "Lightricks/LTX-2",
        "LTX-2 latent upsampler (two-stage upscale)",
        "model",
        "upscaler",
        "ltx2_upsampler",
        ("latent_upsampler/*",),
        approx_bytes=1 * GB,
        memory_bytes=1 * GB,
        subfolder="latent_upsampler",
    ),
    CatalogEntry(
        "black-forest-labs/FLUX.2-klein-4B",
        "FLUX.2 [klein] 4B (stills, edits, in-painting)",
        "model",
        "image",
        "flux2",
        ("model_index.json", "scheduler/*", "text_encoder/*", "tokenizer/*", "transformer/*", "vae/*"),
        approx_bytes=16 * GB,
        memory_bytes=16 * GB,
        note="Apache-2.0",
    ),
    CatalogEntry(
        "google/gemma-3-4b-it",
        "Gemma 3 4B instruct (the virtual director)",
        "model",
        "director",
        "gemma3",
        ("*.json", "*.safetensors", "tokenizer.model"),
        approx_bytes=9 * GB,
        memory_bytes=9 * GB,
        note="gated: accept Google's licence on the hub and set HF_TOKEN",
    ),
    CatalogEntry(
        "Lightricks/LTX-2",
        "LTX-2 distilled LoRA (the draft preset, and standard's refine)",
        "lora",
        "lora",
        "ltx2",
        (DISTILLED_LORA_FILE,),
        approx_bytes=7_670_000_000,
        memory_bytes=None,
        note="rank 384 on every block layer: the base weights then behave as the distilled model (8 steps, no CFG)",
    ),
    *(_ltx2_lora(camera_repo(move), f"Camera LoRA: {move.replace('_', ' ')}", GB // 3) for move in _CAMERA_MOVES),
    _ltx2_lora(UNION_CONTROL_REPO, "IC-LoRA union control (control video: edges, depth, pose, restyle)", GB // 2),
    *(_ltx2_lora(control_repo(kind), f"IC-LoRA {kind} control (control video)", GB // 2) for kind in CONTROL_KINDS),
    CatalogEntry(
        "depth-anything/Depth-Anything-V2-Small-hf",
        "Depth Anything V2 Small (depth control clips)",
        "model",
        "depth",
        "depth",
        ("*.json", "*.safetensors"),
        approx_bytes=GB // 10,
        memory_bytes=GB // 10,
        note="Apache-2.0; the Base and Large models (larger, non-commercial licence) work the same",
    ),
    CatalogEntry(
        "usyd-community/vitpose-base-simple",
        "ViTPose base (pose control clips)",
        "model",
        "pose",
        "pose",
        ("*.json", "*.safetensors"),
        approx_bytes=GB // 3,
        memory_bytes=GB // 3,
        note="one performer per frame: the box is the whole frame",
    ),
)


def find(repo_id: str, target: str) -> CatalogEntry | None:
    for entry in CATALOG:
        if entry.repo_id == repo_id and entry.target == target:
            return entry
    return None


def entries_for(target: str) -> list[CatalogEntry]:
    return [entry for entry in CATALOG if entry.target == target]
