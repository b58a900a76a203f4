"""GPU benchmark (the lent H200, `device` tool): applying and removing a rank-64 LoRA on the full-size LTX-2 19 B
transformer (random weights: this measures time and memory, not quality).

Prints a table of, for one LoRA on every linear layer of the transformer blocks:
* bare diffusers, as its documentation shows it: ``load_lora_weights(file)`` + ``set_adapters`` (reads the file),
  then ``delete_adapters``;
* our path (``backend.models.loras.apply.loras_applied``, what every job with LoRAs runs), cold (the file read into
  the host cache) and warm (a second job with the same LoRA: no disk read);
* the extra GPU memory while it is applied and what is left after removal;
* the floor: the LoRA's bytes over the measured pinned host→device bandwidth.

    python bench/gpu_loras.py            # full size (a GPU with ≥ 48 GB)
    python bench/gpu_loras.py --small    # a CPU smoke run of the same code on the tiny test model
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import torch

GiB = 2**30


def sync() -> None:
    if torch.cuda.is_available():
        torch.cuda.synchronize()


def allocated() -> int:
    return torch.cuda.memory_allocated() if torch.cuda.is_available() else 0


def build_transformer(small: bool, tmp: Path, device: torch.device, dtype: torch.dtype) -> torch.nn.Module:
    from diffusers import LTX2VideoTransformer3DModel

    if small:
        from backend.models.tiny.ltx2 import build_tiny_ltx2

        config = json.loads((build_tiny_ltx2(tmp / "tiny-ltx2") / "transformer" / "config.json").read_text())
        with torch.device("meta"):
            model = LTX2VideoTransformer3DModel.from_config(config)
    else:
        with torch.device("meta"):
            model = LTX2VideoTransformer3DModel()  # diffusers' defaults are the 19 B model
    model = model.to(dtype).to_empty(device=device)
    with torch.no_grad():
        for tensor in [*model.parameters(), *model.buffers()]:
            if tensor.is_floating_point():
                tensor.normal_(0, 0.02)
    return model.eval()


def write_lora(transformer: torch.nn.Module, rank: int, path: Path, dtype: torch.dtype) -> tuple[int, int]:
    """A LoRA of every linear layer in the transformer blocks, in diffusers keys; returns (layers, bytes)."""
    from safetensors.torch import save_file

    tensors = {}
    for name, module in transformer.named_modules():
        if isinstance(module, torch.nn.Linear) and name.startswith("transformer_blocks."):
            tensors[f"transformer.{name}.lora_A.weight"] = torch.randn(rank, module.in_features, dtype=dtype) * 0.01
            tensors[f"transformer.{name}.lora_B.weight"] = torch.randn(module.out_features, rank, dtype=dtype) * 0.01
    save_file(tensors, str(path))
    return len(tensors) // 2, sum(t.numel() * t.element_size() for t in tensors.values())


def pinned_bandwidth(nbytes: int, device: torch.device) -> float | None:
    if device.type != "cuda":
        return None
    host = torch.empty(nbytes, dtype=torch.uint8).pin_memory()
    target = torch.empty(nbytes, dtype=torch.uint8, device=device)
    target.copy_(host, non_blocking=True)
    sync()
    started = time.perf_counter()
    for _ in range(3):
        target.copy_(host, non_blocking=True)
    sync()
    return 3 * nbytes / (time.perf_counter() - started)


def timed(action) -> float:  # noqa: ANN001 - a zero-argument callable
    sync()
    started = time.perf_counter()
    action()
    sync()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="the tiny test model on the CPU (a smoke run)")
    parser.add_argument("--rank", type=int, default=64)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    from diffusers import LTX2Pipeline

    from backend.models.loras.apply import Applied, LoraCache, loras_applied

    device = torch.device("cuda" if torch.cuda.is_available() and not args.small else "cpu")
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
    rows: list[tuple[str, float | None, float | None, float | None]] = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        transformer = build_transformer(args.small, tmp, device, dtype)
        params = sum(p.numel() for p in transformer.parameters())
        pipe = LTX2Pipeline(
            scheduler=None,
            vae=None,
            audio_vae=None,
            text_encoder=None,
            tokenizer=None,
            connectors=None,
            transformer=transformer,
            vocoder=None,
        )  # fmt: skip - only the transformer takes LoRAs here
        path = tmp / "rank.safetensors"
        layers, nbytes = write_lora(transformer, args.rank, path, dtype)
        bandwidth = pinned_bandwidth(nbytes, device)
        base = allocated()

        # Bare diffusers: from the file, each time.
        def bare_apply() -> None:
            pipe.load_lora_weights(str(path), adapter_name="bare")
            pipe.set_adapters(["bare"], adapter_weights=[1.0])

        def bare(label: str) -> None:
            apply_s = timed(bare_apply)
            held = allocated() - base
            remove_s = timed(lambda: pipe.delete_adapters(["bare"]))
            rows.append((label, apply_s, remove_s, held / GiB))

        bare("bare diffusers (from the file), first")
        left_bare = (allocated() - base) / GiB

        # Ours, as a job runs it: cold (reads the file into the host cache), then warm (a second job).
        cache = LoraCache()
        for label in ("ours, first job (reads the file)", "ours, next job (host cache)"):
            context = loras_applied(pipe, [Applied("bench", path, 1.0)], cache)
            apply_s = timed(context.__enter__)
            held = allocated() - base
            remove_s = timed(lambda: context.__exit__(None, None, None))  # noqa: B023 - called at once
            rows.append((label, apply_s, remove_s, held / GiB))
        left_ours = (allocated() - base) / GiB
        bare("bare diffusers (from the file), again")  # the same order effects as ours: layers already wrapped

    floor = nbytes / bandwidth if bandwidth else None
    name = torch.cuda.get_device_name() if device.type == "cuda" else "CPU"
    print(f"\nLoRA rank {args.rank} on every linear layer of the LTX-2 transformer blocks ({params / 1e9:.2f} B params, "
          f"{layers} layers, {nbytes / GiB:.3f} GiB in {str(dtype).removeprefix('torch.')}) on {name}\n")  # fmt: skip
    print("| path | apply s | remove s | extra VRAM while applied, GiB |")
    print("|---|---|---|---|")
    for label, apply_s, remove_s, extra in rows:
        print(f"| {label} | {apply_s:.3f} | {remove_s:.3f} | {extra:.3f} |")
    print(f"| floor: bytes ÷ pinned H2D ({(bandwidth or 0) / 1e9:.1f} GB/s) | {floor:.3f} | – | {nbytes / GiB:.3f} |"
          if floor else "| floor | – | – | – |")  # fmt: skip
    print(f"\nVRAM left after removal: bare {left_bare:.3f} GiB, ours {left_ours:.3f} GiB")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "bytes": nbytes, "layers": layers, "params": params,
                                         "floor_s": floor, "left_bare_gib": left_bare, "left_ours_gib": left_ours}))  # fmt: skip


if __name__ == "__main__":
    main()
