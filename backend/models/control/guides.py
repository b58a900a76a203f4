"""Turn a clip into the guide an IC-LoRA follows: as it is (restyle), its edges (Canny, OpenCV), its depth (a
transformers depth estimator) or its performer's pose (ViTPose, in ``pose.py``). Frames in and out are uint8 RGB
``(N, H, W, 3)`` of the same size.

Both derived guides are made consistent across the clip rather than frame by frame, so the guide does not flicker:
Canny's two thresholds come from the whole clip's median brightness, and depth is scaled to the whole clip's range.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["depth_map", "derive_guide", "edges"]

DEPTH_BATCH = 8  # frames per depth-estimator forward: bounded memory whatever the clip's length


def edges(frames: np.ndarray, sigma: float = 0.33) -> np.ndarray:
    """White Canny edges on black. Thresholds ``(1 - sigma, 1 + sigma) x`` the clip's median grey level (the usual
    automatic choice), the same for every frame."""
    import cv2

    grey = np.stack([cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY) for frame in frames])
    median = float(np.median(grey))
    low, high = int(max(0, (1 - sigma) * median)), int(min(255, (1 + sigma) * median))
    lines = [cv2.Canny(cv2.GaussianBlur(g, (3, 3), 0), low, max(high, low + 1)) for g in grey]
    return np.repeat(np.stack(lines)[..., None], 3, axis=-1)


def depth_map(estimator: Any, frames: np.ndarray) -> np.ndarray:
    """Depth as grey (near is bright, as Depth Anything predicts it), scaled to the clip's own nearest and farthest."""
    height, width = frames.shape[1:3]
    maps = []
    for start in range(0, len(frames), DEPTH_BATCH):
        batch = list(frames[start : start + DEPTH_BATCH])
        outputs = estimator.forward(batch)
        sized = estimator.processor.post_process_depth_estimation(outputs, target_sizes=[(height, width)] * len(batch))
        maps.extend(item["predicted_depth"].float().cpu().numpy() for item in sized)
    depth = np.stack(maps)
    low, high = float(depth.min()), float(depth.max())
    scaled = (depth - low) / (high - low) if high > low else np.zeros_like(depth)
    grey = np.round(scaled * 255).astype(np.uint8)
    return np.repeat(grey[..., None], 3, axis=-1)


def derive_guide(kind: str, frames: np.ndarray, estimator: Any = None) -> np.ndarray:
    """The guide of ``kind`` for ``frames`` (``estimator``: the loaded depth or pose model those kinds need)."""
    if kind == "raw":
        return frames
    if kind == "canny":
        return edges(frames)
    if kind == "depth":
        return depth_map(estimator, frames)
    if kind == "pose":
        from backend.models.control.pose import pose_skeletons

        return pose_skeletons(estimator, frames)
    raise ValueError(f"no control guide of kind {kind!r}")
