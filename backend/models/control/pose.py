"""Pose guides: the skeleton of the person in each frame (ViTPose, 17 COCO keypoints) drawn on black, limbs in the
fixed colours pose-control models are trained on, so the IC-LoRA reads left from right.

ViTPose is a top-down estimator: it finds the keypoints of a person inside a box. The box here is the whole frame
(one subject per shot, the common case for a performance guide); a shot of a crowd needs a detector in front of it,
which the studio does not run yet.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["LIMBS", "pose_skeletons"]

# COCO keypoint pairs: head, arms, torso, legs; one colour each (hue steps around the wheel)
LIMBS = (
    (0, 1), (0, 2), (1, 3), (2, 4), (5, 6), (5, 7), (7, 9), (6, 8), (8, 10),
    (5, 11), (6, 12), (11, 12), (11, 13), (13, 15), (12, 14), (14, 16),
)  # fmt: skip
POSE_BATCH = 8
MIN_SCORE = 0.3  # keypoints the model is less sure of are left out rather than drawn in the wrong place


def _colour(index: int) -> tuple[int, int, int]:
    import colorsys

    r, g, b = colorsys.hsv_to_rgb(index / len(LIMBS), 1.0, 1.0)
    return int(r * 255), int(g * 255), int(b * 255)


def _draw(points: np.ndarray, scores: np.ndarray, height: int, width: int) -> np.ndarray:
    import cv2

    canvas = np.zeros((height, width, 3), np.uint8)
    thick = max(2, round(min(height, width) / 96))
    seen = scores >= MIN_SCORE
    for index, (a, b) in enumerate(LIMBS):
        if a < len(points) and b < len(points) and seen[a] and seen[b]:
            start, end = tuple(int(v) for v in points[a]), tuple(int(v) for v in points[b])
            cv2.line(canvas, start, end, _colour(index), thick, cv2.LINE_AA)
    for point in points[seen]:
        cv2.circle(canvas, tuple(int(v) for v in point), thick + 1, (255, 255, 255), -1, cv2.LINE_AA)
    return canvas


def pose_skeletons(estimator: Any, frames: np.ndarray) -> np.ndarray:
    height, width = frames.shape[1:3]
    drawn = []
    for start in range(0, len(frames), POSE_BATCH):
        batch = list(frames[start : start + POSE_BATCH])
        boxes = [[[0.0, 0.0, float(width), float(height)]] for _ in batch]  # COCO (x, y, w, h): the whole frame
        outputs = estimator.forward(batch, boxes=boxes)
        for found in estimator.processor.post_process_pose_estimation(outputs, boxes=boxes):
            person = found[0]
            points = person["keypoints"].float().cpu().numpy()
            scores = person["scores"].float().cpu().numpy()
            drawn.append(_draw(points, scores, height, width))
    return np.stack(drawn)
