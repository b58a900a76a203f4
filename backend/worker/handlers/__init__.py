"""Job handlers by kind: the generation ``mode``; ``frame`` (storyboard concept frames); ``track`` (follow an object
through a clip with SAM 3); ``render``."""

from __future__ import annotations

from backend.worker.handlers.extend import run_extend
from backend.worker.handlers.frame import run_frame
from backend.worker.handlers.image import run_image
from backend.worker.handlers.render import run_render
from backend.worker.handlers.retake import run_retake
from backend.worker.handlers.track import run_track
from backend.worker.handlers.video import run_video

HANDLERS = {
    "t2v": run_video,
    "i2v": run_video,
    "keyframes": run_video,
    "t2i": run_image,
    "edit": run_image,
    "inpaint": run_image,
    "frame": run_frame,
    "extend": run_extend,
    "retake": run_retake,
    "track": run_track,
    "render": run_render,
}
