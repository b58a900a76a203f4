"""Job handlers by kind (the generation ``mode``)."""

from __future__ import annotations

from backend.jobs.handlers.text_to_video import run_text_to_video

HANDLERS = {"t2v": run_text_to_video}
