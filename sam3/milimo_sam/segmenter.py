"""SAM 3 through transformers: load the models from one folder (or hub id) and run prompts on images and clips.

Which model answers what:

* text (with optional exemplar boxes) on an image → ``Sam3Model`` + ``Sam3Processor``: every instance above the
  threshold, via ``post_process_instance_segmentation``;
* points (with at most one box) or boxes alone on an image → ``Sam3TrackerModel`` + ``Sam3TrackerProcessor``: one
  object per prompt, the best of the three multimask outputs by predicted IoU;
* points/boxes on a clip → ``Sam3TrackerVideoModel`` + ``Sam3TrackerVideoProcessor`` (inference session), propagated
  forward from the prompt frame and then backward to frame 0;
* text on a clip → ``Sam3VideoModel`` + ``Sam3VideoProcessor`` (detector and tracker together: every instance of the
  concept, found and followed frame by frame), also forward then backward from the prompt frame.

All four classes load from the same folder, as from ``facebook/sam3``. Calls are serialised by a lock: one inference
at a time (callers run them in a thread pool so the event loop stays free).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from PIL import Image

from milimo_sam.schemas import SegmentPrompt, TrackPrompt
from milimo_sam.sharing import share_identical_modules

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mask:
    mask: np.ndarray  # H×W bool, the size of the input
    score: float | None


@dataclass
class Track:
    object_id: int
    frames: dict[int, Mask] = field(default_factory=dict)  # frame index → mask, only where the object was output

    @property
    def best_score(self) -> float:
        scores = [m.score for m in self.frames.values() if m.score is not None]
        return max(scores, default=0.0)


def pick_device(preferred: str | None) -> str:
    if preferred:
        return preferred
    return "cuda" if torch.cuda.is_available() else "cpu"


def dtype_for(device: str) -> torch.dtype:
    """bfloat16 on CUDA (SAM 3's own dtype), float32 elsewhere (bfloat16 matmuls are slow or missing on CPUs)."""
    return torch.bfloat16 if device.startswith("cuda") else torch.float32


@dataclass(frozen=True)
class Sam3Models:
    """The four model/processor pairs, loaded from one source."""

    image: Any
    image_processor: Any
    tracker: Any
    tracker_processor: Any
    tracker_video: Any
    tracker_video_processor: Any
    video: Any
    video_processor: Any


def load_models(source: str, device: str, dtype: torch.dtype) -> Sam3Models:
    """Load every SAM 3 class from ``source`` (a folder or hub id) onto ``device`` in ``dtype``, in eval mode."""
    from transformers import (
        Sam3Model,
        Sam3Processor,
        Sam3TrackerModel,
        Sam3TrackerProcessor,
        Sam3TrackerVideoModel,
        Sam3TrackerVideoProcessor,
        Sam3VideoModel,
        Sam3VideoProcessor,
    )

    # Loaded on the CPU first: the weights the four classes share become one copy before anything reaches the GPU.
    image, tracker, tracker_video, video = (
        cls.from_pretrained(source, dtype=dtype).eval()
        for cls in (Sam3Model, Sam3TrackerModel, Sam3TrackerVideoModel, Sam3VideoModel)
    )
    saved = share_identical_modules([video, image, tracker_video, tracker])
    log.info("SAM 3: %.1f MB of weights shared between the four model classes", saved / 1e6)
    return Sam3Models(
        image=image.to(device),
        image_processor=Sam3Processor.from_pretrained(source),
        tracker=tracker.to(device),
        tracker_processor=Sam3TrackerProcessor.from_pretrained(source),
        tracker_video=tracker_video.to(device),
        tracker_video_processor=Sam3TrackerVideoProcessor.from_pretrained(source),
        video=video.to(device),
        video_processor=Sam3VideoProcessor.from_pretrained(source),
    )


class Segmenter:
    """Runs prompts on images and clips. Thread-safe: one inference at a time."""

    def __init__(self, models: Sam3Models, device: str, dtype: torch.dtype) -> None:
        self.models = models
        self.device = device
        self.dtype = dtype
        self._lock = threading.Lock()

    @classmethod
    def load(cls, source: str, device: str | None = None) -> Segmenter:
        device = pick_device(device)
        dtype = dtype_for(device)
        return cls(load_models(source, device, dtype), device, dtype)

    # --- images ------------------------------------------------------------------------------------------------

    def segment(self, image: Image.Image, prompt: SegmentPrompt) -> list[Mask]:
        """Masks for ``prompt`` on ``image`` (RGB), each the image's size, sorted by score (highest first)."""
        with self._lock, torch.inference_mode():
            if prompt.mode == "text":
                masks = self._segment_text(image, prompt)
            elif prompt.mode == "points":
                masks = self._segment_tracker(image, prompt, points=True)
            else:
                masks = self._segment_tracker(image, prompt, points=False)
        return sorted(masks, key=lambda m: -(m.score if m.score is not None else -1.0))

    def _inputs(self, encoding: Any) -> dict[str, Any]:
        """Processor output moved to the device; floating tensors (pixels, boxes) in the model's dtype."""
        moved = {}
        for key, value in encoding.items():
            if isinstance(value, torch.Tensor):
                value = value.to(self.device)
                if value.is_floating_point() and key == "pixel_values":
                    value = value.to(self.dtype)
            moved[key] = value
        return moved

    def _segment_text(self, image: Image.Image, prompt: SegmentPrompt) -> list[Mask]:
        processor = self.models.image_processor
        kwargs: dict[str, Any] = {}
        if prompt.boxes:
            kwargs["input_boxes"] = [[list(box) for box in prompt.boxes]]
            kwargs["input_boxes_labels"] = [[1] * len(prompt.boxes)]
        encoding = processor(images=image, text=prompt.text, return_tensors="pt", **kwargs)
        outputs = self.models.image(**self._inputs(encoding))
        result = processor.post_process_instance_segmentation(
            outputs,
            threshold=prompt.threshold,
            mask_threshold=0.5,
            target_sizes=encoding["original_sizes"].tolist(),
        )[0]
        scores = result["scores"].float().cpu().numpy()
        masks = result["masks"].cpu().numpy().astype(bool)
        order = np.argsort(-scores, kind="stable")[: prompt.max_masks]
        return [Mask(mask=masks[i], score=float(scores[i])) for i in order]

    def _segment_tracker(self, image: Image.Image, prompt: SegmentPrompt, *, points: bool) -> list[Mask]:
        processor = self.models.tracker_processor
        kwargs: dict[str, Any] = {}
        if points:
            # One object: all clicks together, with the optional box.
            kwargs["input_points"] = [[[[x, y] for x, y, _ in prompt.points]]]
            kwargs["input_labels"] = [[[label for _, _, label in prompt.points]]]
            if prompt.boxes:
                kwargs["input_boxes"] = [[list(prompt.boxes[0])]]
        else:
            # One object per box.
            kwargs["input_boxes"] = [[list(box) for box in prompt.boxes]]
        encoding = processor(images=image, return_tensors="pt", **kwargs)
        outputs = self.models.tracker(**self._inputs(encoding), multimask_output=True)
        # (objects, candidates, H, W) at the input's size, binarised at logit 0.
        candidates = processor.post_process_masks(outputs.pred_masks.float().cpu(), encoding["original_sizes"])[0]
        iou = outputs.iou_scores[0].float().cpu()  # (objects, candidates)
        best = iou.argmax(dim=-1)
        return [
            Mask(mask=candidates[obj, int(best[obj])].numpy().astype(bool), score=float(iou[obj, best[obj]]))
            for obj in range(candidates.shape[0])
        ]

    # --- clips -------------------------------------------------------------------------------------------------

    def track(self, frames: list[np.ndarray], prompt: TrackPrompt) -> list[Track]:
        """Objects prompted on ``prompt.frame`` followed through ``frames`` (H×W×3 uint8), in object-id order."""
        with self._lock, torch.inference_mode():
            if prompt.mode == "text":
                tracks = self._track_text(frames, prompt)
            else:
                tracks = self._track_tracker(frames, prompt)
        return sorted(tracks, key=lambda t: t.object_id)

    @staticmethod
    def _directions(start: int) -> list[bool]:
        """Forward from the prompt frame, then backward to frame 0 if there is anything before it."""
        return [False, True] if start > 0 else [False]

    def _track_tracker(self, frames: list[np.ndarray], prompt: TrackPrompt) -> list[Track]:
        processor = self.models.tracker_video_processor
        model = self.models.tracker_video
        session = processor.init_video_session(video=frames, inference_device=self.device, dtype=self.dtype)
        if prompt.points:
            object_ids = [1]
            kwargs: dict[str, Any] = {
                "input_points": [[[[x, y] for x, y, _ in prompt.points]]],
                "input_labels": [[[label for _, _, label in prompt.points]]],
            }
            if prompt.boxes:
                kwargs["input_boxes"] = [[list(prompt.boxes[0])]]
        else:
            object_ids = list(range(1, len(prompt.boxes) + 1))
            kwargs = {"input_boxes": [[list(box) for box in prompt.boxes]]}
        processor.add_inputs_to_inference_session(
            inference_session=session, frame_idx=prompt.frame, obj_ids=object_ids, **kwargs
        )
        height, width = frames[0].shape[:2]
        tracks = {object_id: Track(object_id) for object_id in object_ids}
        for reverse in self._directions(prompt.frame):
            for output in model.propagate_in_video_iterator(session, start_frame_idx=prompt.frame, reverse=reverse):
                masks = processor.post_process_masks(
                    [output.pred_masks.float().cpu()], original_sizes=[[height, width]], binarize=True
                )[0]  # (objects, 1, H, W)
                scores = torch.sigmoid(output.object_score_logits.float().cpu()).reshape(-1)
                for index, object_id in enumerate(output.object_ids):
                    tracks[int(object_id)].frames.setdefault(
                        output.frame_idx, Mask(mask=masks[index, 0].numpy().astype(bool), score=float(scores[index]))
                    )
        return list(tracks.values())

    def _track_text(self, frames: list[np.ndarray], prompt: TrackPrompt) -> list[Track]:
        processor = self.models.video_processor
        model = self.models.video
        session = processor.init_video_session(
            video=frames,
            inference_device=self.device,
            processing_device="cpu",
            video_storage_device="cpu",
            dtype=self.dtype,
        )
        session = processor.add_text_prompt(inference_session=session, text=prompt.text)
        tracks: dict[int, Track] = {}
        for reverse in self._directions(prompt.frame):
            for output in model.propagate_in_video_iterator(
                inference_session=session, start_frame_idx=prompt.frame, reverse=reverse
            ):
                result = processor.postprocess_outputs(session, output)
                ids = result["object_ids"].tolist()
                scores = result["scores"].float().cpu().tolist()
                masks = result["masks"].cpu().numpy().astype(bool)
                for index, object_id in enumerate(ids):
                    track = tracks.setdefault(int(object_id), Track(int(object_id)))
                    track.frames.setdefault(output.frame_idx, Mask(mask=masks[index], score=float(scores[index])))
        kept = [track for track in tracks.values() if track.best_score >= prompt.threshold]
        kept.sort(key=lambda t: -t.best_score)
        return kept[: prompt.max_masks]
