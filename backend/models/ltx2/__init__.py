"""LTX-2 (Lightricks' joint audio-video diffusion model) through diffusers: loading, and one module per task.

Importing this package imports torch and diffusers (seconds): import it from the worker, not from request
handlers. (The names are bound eagerly on purpose: ``text_to_video`` is both a submodule and a function, and a
lazy lookup would hand back the module once the submodule has been imported.)
"""

from backend.models.ltx2.loader import load_ltx2_pipeline
from backend.models.ltx2.text_to_video import TextToVideoRequest, VideoResult, text_to_video

__all__ = ["TextToVideoRequest", "VideoResult", "load_ltx2_pipeline", "text_to_video"]
