"""GPU benchmark (run on the lent H100 with the `device` tool) of the SAM 3 service's model layer at full size.

Builds a FULL-SIZE SAM 3 folder with random weights in the real ``facebook/sam3`` layout (``Sam3VideoModel`` of the
default ``Sam3VideoConfig``, ~0.86 B parameters, saved with ``save_original_format=False``; real-size processors:
1008-pixel input, 288-pixel low-resolution masks; the offline byte-level CLIP tokenizer of the tiny builder), checks
that the four transformers classes load it with no missing weights, then goes through the service's own code path
(``milimo_sam.segmenter.Segmenter.load`` / ``segment`` / ``track`` with ``SegmentPrompt`` / ``TrackPrompt``) and
prints a markdown table of

* load seconds and resident GPU memory with the four classes sharing their identical submodules, next to what four
  separate copies hold (sum of each class's own weight bytes) and, unless ``--skip-unshared``, a second load with
  sharing turned off;
* median wall time (``torch.cuda.synchronize()`` around each call) and peak GPU memory of ``segment`` by text on a
  1920×1080 image, by 2 points and by 1 box; of ``track`` with one click through a 121-frame 768×512 clip and with a
  text prompt through 25 frames (also per frame). Images and clips are smooth random colour blobs, the clips
  panned 4 pixels a frame. Random weights find nothing real, so the text track runs three times: with the real
  config's thresholds; with the detection thresholds lowered to keep the detector's top ``--calibrate-k``
  candidates on the first frame; and with that and ``hotstart_delay`` 0 (objects are output from their first frame
  instead of being held back 15 frames). Each reports the objects returned and how many the tracker carried.

Weights are random: this measures speed and memory, not quality.

    .venv/bin/python bench/sam3_gpu.py                    # full size, CUDA, bf16 (backend, milimo_sam installed)
    .venv/bin/python bench/sam3_gpu.py --tiny --device cpu  # a CPU smoke run of the same code at toy sizes

On a machine without the editable install (the lent GPU), put the packages on the path from outside:
``PYTHONPATH=$PWD:$PWD/sam3 python bench/sam3_gpu.py``.
"""

from __future__ import annotations

import argparse
import gc
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import torch

GiB = 2**30
MiB = 2**20


def log(message: str) -> None:
    print(message, flush=True)


def is_cuda(device: str) -> bool:
    return device.startswith("cuda")


def sync(device: str) -> None:
    if is_cuda(device):
        torch.cuda.synchronize()


def allocated(device: str) -> int:
    return torch.cuda.memory_allocated() if is_cuda(device) else 0


def peak(device: str) -> int:
    return torch.cuda.max_memory_allocated() if is_cuda(device) else 0


def reset_peak(device: str) -> None:
    if is_cuda(device):
        torch.cuda.reset_peak_memory_stats()


def free(device: str) -> None:
    gc.collect()
    if is_cuda(device):
        torch.cuda.empty_cache()


# --- the folder -------------------------------------------------------------------------------------------------


def full_size_config(tokenizer: Any) -> Any:
    """``Sam3VideoConfig()``: the real model's architecture and thresholds; only the text model's special-token ids
    follow the offline tokenizer (its ids all fall inside the real 49 408-token vocabulary)."""
    from transformers import Sam3VideoConfig

    config = Sam3VideoConfig()
    text = config.detector_config.text_config
    assert len(tokenizer) <= text.vocab_size, (len(tokenizer), text.vocab_size)
    text.bos_token_id, text.eos_token_id, text.pad_token_id = (
        tokenizer.bos_token_id,
        tokenizer.eos_token_id,
        tokenizer.pad_token_id,
    )
    return config


def full_size_processor(tokenizer: Any) -> Any:
    """The real processor sizes: 1008-pixel model input, 288-pixel low-resolution masks (transformers' Sam3 defaults);
    the video processor gets the same size and normalisation as the image processor (as in ``facebook/sam3``)."""
    from transformers import Sam3ImageProcessor, Sam3VideoProcessor
    from transformers.models.sam2_video.video_processing_sam2_video import Sam2VideoVideoProcessor

    image_processor = Sam3ImageProcessor()
    side = image_processor.size["height"]
    video_processor = Sam2VideoVideoProcessor(
        size={"height": side, "width": side},
        image_mean=list(image_processor.image_mean),
        image_std=list(image_processor.image_std),
    )
    return Sam3VideoProcessor(image_processor=image_processor, video_processor=video_processor, tokenizer=tokenizer)


def randomize(model: torch.nn.Module, device: str, dtype: torch.dtype) -> torch.nn.Module:
    """Materialise a meta-built model on ``device`` in ``dtype`` with cheap random weights: normal(0, 0.02), norm
    layers at weight 1 / bias 0, persistent float buffers (SAM's random Fourier positional matrices) N(0, 1).
    Non-persistent buffers (rotary tables, position ids) are left as they are: they are never saved."""
    model = model.to(dtype).to_empty(device=device)
    with torch.no_grad():
        for module in model.modules():
            is_norm = "norm" in type(module).__name__.lower()
            for name, param in module.named_parameters(recurse=False):
                if is_norm and name == "weight":
                    param.fill_(1.0)
                elif is_norm and name == "bias":
                    param.zero_()
                elif param.is_floating_point():
                    param.normal_(0.0, 0.02)
            persistent = set(module.state_dict(keep_vars=True)) if module._buffers else set()
            for name, buffer in module.named_buffers(recurse=False):
                if buffer is not None and name in persistent and buffer.is_floating_point():
                    buffer.normal_(0.0, 1.0)
    return model.eval()


def build_folder(folder: Path, *, tiny: bool, device: str) -> dict[str, Any]:
    """Write the SAM 3 folder (``Sam3VideoModel`` weights + ``Sam3VideoProcessor``) at ``folder``."""
    from transformers import Sam3VideoModel

    from backend.models.tiny import sam3 as tiny_sam3

    tokenizer = tiny_sam3._build_tokenizer()
    if tiny:
        config, processor = tiny_sam3._config(tokenizer), tiny_sam3._build_processor(tokenizer)
    else:
        config, processor = full_size_config(tokenizer), full_size_processor(tokenizer)
    dtype = torch.bfloat16 if is_cuda(device) else torch.float32
    start = time.perf_counter()
    with torch.device("meta"):
        model = Sam3VideoModel(config)
    model = randomize(model, device, dtype)
    sync(device)
    built = time.perf_counter() - start
    params = sum(p.numel() for p in model.parameters())
    start = time.perf_counter()
    model.save_pretrained(folder, safe_serialization=True, save_original_format=False)
    processor.save_pretrained(folder)
    saved = time.perf_counter() - start
    del model
    free(device)
    size = sum(f.stat().st_size for f in folder.iterdir() if f.is_file())
    return {
        "params": params,
        "build_s": built,
        "save_s": saved,
        "folder_bytes": size,
        "image_size": processor.image_processor.size["height"],
    }


def check_loading(folder: Path) -> list[tuple[str, str]]:
    """Each SAM 3 class from the folder: missing / unexpected / mismatched keys (all must be empty)."""
    from transformers import Sam3Model, Sam3TrackerModel, Sam3TrackerVideoModel, Sam3VideoModel

    rows = []
    for cls in (Sam3Model, Sam3TrackerModel, Sam3TrackerVideoModel, Sam3VideoModel):
        start = time.perf_counter()
        model, info = cls.from_pretrained(folder, dtype=torch.bfloat16, output_loading_info=True)
        seconds = time.perf_counter() - start
        params = sum(p.numel() for p in model.parameters())
        problems = {k: v for k, v in info.items() if k in ("missing_keys", "unexpected_keys", "mismatched_keys") and v}
        if problems:
            raise SystemExit(f"{cls.__name__} does not load the folder cleanly: {problems}")
        log(f"{cls.__name__}: {params / 1e9:.3f} B parameters, loads cleanly ({seconds:.1f} s, CPU)")
        rows.append(
            (
                f"{cls.__name__}.from_pretrained: parameters, missing/unexpected/mismatched keys",
                f"{params / 1e9:.3f} B, none",
            )
        )
        del model
        gc.collect()
    return rows


# --- memory accounting ------------------------------------------------------------------------------------------


def _tensors(module: torch.nn.Module) -> dict[int, int]:
    """Storage pointer → bytes of every parameter and buffer of ``module`` (each storage once)."""
    found: dict[int, int] = {}
    for tensor in [*module.parameters(), *module.buffers()]:
        storage = tensor.untyped_storage()
        found[storage.data_ptr()] = storage.nbytes()
    return found


def model_bytes(models: list[torch.nn.Module]) -> tuple[int, int]:
    """(bytes held by the models together, sum of each model's own bytes = four separate copies)."""
    together: dict[int, int] = {}
    separate = 0
    for model in models:
        own = _tensors(model)
        separate += sum(own.values())
        together.update(own)
    return sum(together.values()), separate


# --- timing -----------------------------------------------------------------------------------------------------


def timed(fn: Callable[[], Any], device: str, *, warmup: int, repeats: int) -> tuple[float, int, Any]:
    """(median seconds, peak bytes allocated during the timed calls, last result)."""
    result = None
    for _ in range(warmup):
        result = fn()
    free(device)
    reset_peak(device)
    times = []
    for _ in range(repeats):
        sync(device)
        start = time.perf_counter()
        result = fn()
        sync(device)
        times.append(time.perf_counter() - start)
    log("  runs: " + ", ".join(f"{t * 1e3:.0f}" for t in times) + " ms")
    return statistics.median(times), peak(device), result


def _scene(width: int, height: int, seed: int) -> np.ndarray:
    """Smooth random colour blobs (bicubic-upsampled 32× coarse noise): object-like regions, not pixel noise."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    coarse = rng.integers(0, 256, (height // 32 + 2, width // 32 + 2, 3), dtype=np.uint8)
    big = Image.fromarray(coarse).resize(((width // 32 + 2) * 32, (height // 32 + 2) * 32), Image.BICUBIC)
    return np.asarray(big)[:height, :width]


def random_image(width: int, height: int, seed: int) -> Any:
    from PIL import Image

    return Image.fromarray(np.ascontiguousarray(_scene(width, height, seed)), "RGB")


def random_clip(frames: int, width: int, height: int, seed: int, pan: int = 4) -> list[np.ndarray]:
    """A random scene panned ``pan`` pixels a frame: consecutive frames agree, as in real footage."""
    scene = _scene(width + pan * frames, height, seed)
    return [np.ascontiguousarray(scene[:, pan * i : pan * i + width]) for i in range(frames)]


def calibrated_threshold(segmenter: Any, frame: np.ndarray, text: str, k: int) -> float:
    """A detection threshold just below the ``k``-th best score the detector gives ``text`` on ``frame`` (the video
    model's detector is the image model's, scored the same way: sigmoid(logit) × sigmoid(presence))."""
    from PIL import Image

    models = segmenter.models
    with torch.inference_mode():
        encoding = models.image_processor(images=Image.fromarray(frame), text=text, return_tensors="pt")
        outputs = models.image(**segmenter._inputs(encoding))
        scores = (outputs.pred_logits.float().sigmoid() * outputs.presence_logits.float().sigmoid()).flatten()
    top = torch.sort(scores, descending=True).values
    return float(top[min(k, top.numel()) - 1]) * 0.999


# --- main -------------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiny", action="store_true", help="tiny sizes (the test model's), for a CPU smoke run")
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--warmup", type=int, default=None, help="warm-up calls per case (2; tiny: 1)")
    parser.add_argument("--repeats", type=int, default=None, help="timed calls per case, median reported (5; tiny: 2)")
    parser.add_argument("--image", type=int, nargs=2, default=(1920, 1080), metavar=("W", "H"))
    parser.add_argument("--clip", type=int, nargs=2, default=(768, 512), metavar=("W", "H"))
    parser.add_argument("--click-frames", type=int, default=None, help="frames of the click-tracked clip (121)")
    parser.add_argument("--text-frames", type=int, default=None, help="frames of the text-tracked clip (25)")
    parser.add_argument("--calibrate-k", type=int, default=3, help="detections kept in the calibrated text track")
    parser.add_argument("--skip-unshared", action="store_true", help="skip the second load without sharing")
    parser.add_argument("--folder", type=Path, default=None, help="where to build the folder (default: a temp dir)")
    args = parser.parse_args()
    warmup = args.warmup if args.warmup is not None else (1 if args.tiny else 2)
    repeats = args.repeats if args.repeats is not None else (2 if args.tiny else 5)
    click_frames = args.click_frames or (9 if args.tiny else 121)
    text_frames = args.text_frames or (5 if args.tiny else 25)
    device = args.device
    if is_cuda(device) and not torch.cuda.is_available():
        raise SystemExit("CUDA is not available; use --device cpu (with --tiny)")

    import transformers

    import milimo_sam.segmenter as segmenter_module
    from milimo_sam.schemas import SegmentPrompt, TrackPrompt
    from milimo_sam.segmenter import Segmenter

    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="sam3-bench-") as tmp:
        folder = args.folder or Path(tmp) / "sam3"
        info = build_folder(folder, tiny=args.tiny, device=device)
        log(
            f"built {info['params'] / 1e9:.3f} B-parameter Sam3VideoModel in {info['build_s']:.1f} s, saved "
            f"{info['folder_bytes'] / GiB:.2f} GiB in {info['save_s']:.1f} s"
        )
        rows.append(
            (
                "Sam3VideoModel parameters / folder on disk (bf16 safetensors)"
                if is_cuda(device)
                else "Sam3VideoModel parameters / folder on disk",
                f"{info['params'] / 1e9:.3f} B / {info['folder_bytes'] / GiB:.2f} GiB",
            )
        )
        rows.append(("model input side (processor)", f"{info['image_size']} px"))
        rows += check_loading(folder)

        # --- load through the service ---
        free(device)
        before = allocated(device)
        start = time.perf_counter()
        seg = Segmenter.load(str(folder), device)
        sync(device)
        load_s = time.perf_counter() - start
        resident = allocated(device) - before
        m = seg.models
        together, separate = model_bytes([m.image, m.tracker, m.tracker_video, m.video])
        log(
            f"Segmenter.load: {load_s:.1f} s, {resident / GiB:.2f} GiB allocated; weights {together / GiB:.2f} GiB "
            f"shared vs {separate / GiB:.2f} GiB as four copies"
        )
        rows.append(("`Segmenter.load` (4 × from_pretrained on CPU, sharing, .to(device))", f"{load_s:.1f} s"))
        rows.append(("GPU memory allocated after load, with sharing", f"{resident / GiB:.2f} GiB"))
        rows.append(
            (
                "weights held by the 4 classes together (shared) / summed per class (4 separate copies)",
                f"{together / GiB:.2f} GiB / {separate / GiB:.2f} GiB "
                f"(sharing saves {(separate - together) / GiB:.2f} GiB, {1 - together / separate:.0%})",
            )
        )

        def case(label: str, fn: Callable[[], Any], frames: int | None = None) -> Any:
            seconds, top, result = timed(fn, device, warmup=warmup, repeats=repeats)
            extra = f"; {seconds / frames * 1e3:.1f} ms/frame" if frames else ""
            log(f"{label}: {seconds * 1e3:.1f} ms{extra}, peak {top / GiB:.2f} GiB")
            rows.append(
                (
                    label,
                    f"{seconds * 1e3:.0f} ms{extra}; peak {top / GiB:.2f} GiB "
                    f"(+{(top - resident - before) / GiB:.2f} over the weights)",
                )
            )
            return result

        # --- images ---
        width, height = args.image
        image = random_image(width, height, seed=1)
        text_prompt = SegmentPrompt(text="the red car")
        masks = case(f"segment, text, {width}×{height}", lambda: seg.segment(image, text_prompt))
        log(f"  text: {len(masks)} masks above the default threshold {text_prompt.threshold}")
        points = SegmentPrompt(points=[(width * 0.5, height * 0.5, 1), (width * 0.6, height * 0.55, 1)])
        masks = case(f"segment, 2 points, {width}×{height}", lambda: seg.segment(image, points))
        assert len(masks) == 1 and masks[0].mask.shape == (height, width)
        box = SegmentPrompt(boxes=[(width * 0.3, height * 0.3, width * 0.7, height * 0.75)])
        masks = case(f"segment, 1 box, {width}×{height}", lambda: seg.segment(image, box))
        assert len(masks) == 1 and masks[0].mask.shape == (height, width)

        # --- clips ---
        cw, ch = args.clip
        click_clip = random_clip(click_frames, cw, ch, seed=2)
        click = TrackPrompt(points=[(cw / 2, ch / 2, 1)], frame=0)
        tracks = case(
            f"track, 1 click, {click_frames} frames {cw}×{ch}",
            lambda: seg.track(click_clip, click),
            frames=click_frames,
        )
        assert len(tracks) == 1 and len(tracks[0].frames) == click_frames, [len(t.frames) for t in tracks]
        clip = random_clip(text_frames, cw, ch, seed=3)
        video, video_processor = seg.models.video, seg.models.video_processor
        carried: list[int] = []  # objects the tracker holds, per frame of the last call (hidden ones included)
        postprocess = video_processor.postprocess_outputs

        def counting(session: Any, output: Any, *a: Any, **k: Any) -> Any:
            carried.append(len(session.obj_ids))
            return postprocess(session, output, *a, **k)

        video_processor.postprocess_outputs = counting
        real = {
            "score_threshold_detection": video.score_threshold_detection,
            "new_det_thresh": video.new_det_thresh,
            "hotstart_delay": video.hotstart_delay,
        }
        thresh = calibrated_threshold(seg, clip[0], "person", args.calibrate_k)
        variants = [
            ("real thresholds", {}, TrackPrompt(text="person", frame=0)),
            (
                f"detection threshold lowered to {thresh:.3f} (top {args.calibrate_k} on frame 0)",
                {"score_threshold_detection": thresh, "new_det_thresh": thresh},
                TrackPrompt(text="person", frame=0, threshold=0.0, max_masks=100),
            ),
            (
                f"threshold {thresh:.3f} and hotstart_delay 0",
                {"score_threshold_detection": thresh, "new_det_thresh": thresh, "hotstart_delay": 0},
                TrackPrompt(text="person", frame=0, threshold=0.0, max_masks=100),
            ),
        ]
        for label, overrides, prompt in variants:
            for key, value in {**real, **overrides}.items():
                setattr(video, key, value)
            tracks = case(
                f"track, text, {text_frames} frames {cw}×{ch}, {label}",
                lambda prompt=prompt: (carried.clear(), seg.track(clip, prompt))[1],
                frames=text_frames,
            )
            non_empty = [sum(1 for mask in t.frames.values() if mask.mask.any()) for t in tracks]
            held = f"{statistics.mean(carried):.1f} mean / {max(carried, default=0)} max" if carried else "0"
            log(f"  {len(tracks)} objects returned (non-empty frames each: {non_empty}); tracker held {held}")
            rows.append(("  objects returned / objects the tracker held per frame", f"{len(tracks)} / {held}"))
        for key, value in real.items():
            setattr(video, key, value)
        video_processor.postprocess_outputs = postprocess
        click_clip = clip = seg = m = video = masks = tracks = None  # release the shared models
        free(device)

        # --- unshared, for comparison ---
        if not args.skip_unshared:
            original = segmenter_module.share_identical_modules
            segmenter_module.share_identical_modules = lambda models: 0
            try:
                before = allocated(device)
                start = time.perf_counter()
                seg = Segmenter.load(str(folder), device)
                sync(device)
                load_s = time.perf_counter() - start
                unshared = allocated(device) - before
            finally:
                segmenter_module.share_identical_modules = original
            log(f"Segmenter.load without sharing: {load_s:.1f} s, {unshared / GiB:.2f} GiB allocated")
            rows.append(
                (
                    "`Segmenter.load` with sharing turned off: seconds / GPU memory allocated",
                    f"{load_s:.1f} s / {unshared / GiB:.2f} GiB",
                )
            )
            del seg
            free(device)

    name = torch.cuda.get_device_name() if is_cuda(device) else platform.processor() or "CPU"
    dtype = "bfloat16" if is_cuda(device) else "float32"
    log(f"\nSAM 3 service benchmark — {'tiny' if args.tiny else 'full size'}, random weights, {dtype}\n")
    log("| measure | value |\n|---|---|")
    for label, value in [
        ("date (UTC)", datetime.now(UTC).strftime("%Y-%m-%d %H:%M")),
        ("device", name),
        (
            "torch / transformers / Python",
            f"{torch.__version__} / {transformers.__version__} / {platform.python_version()}",
        ),
        (
            "timing",
            f"median of {repeats} calls after {warmup} warm-up(s), synchronised; peak = "
            "max_memory_allocated over the timed calls",
        ),
        *rows,
    ]:
        log(f"| {label} | {value} |")


if __name__ == "__main__":
    main()
