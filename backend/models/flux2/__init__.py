"""FLUX.2 (Black Forest Labs' image model) through diffusers: loading, and one module per mode.

Klein weights (``Flux2KleinPipeline``) do text-to-image, reference editing and in-painting; FLUX.2 [dev]
(``Flux2Pipeline``) does the first two. Importing this package imports torch and diffusers: import it from the
worker, not from request handlers. (Names are bound eagerly, as in ``backend.models.ltx2``, because
``text_to_image`` and ``inpaint`` are both submodules and functions.)
"""

from backend.models.flux2._common import text_encoder_out_layers
from backend.models.flux2.edit import EditRequest, edit_with_references
from backend.models.flux2.inpaint import InpaintRequest, inpaint
from backend.models.flux2.loader import inpaint_variant, load_flux2_pipeline, pipeline_class_for
from backend.models.flux2.results import ImageResult
from backend.models.flux2.text_to_image import TextToImageRequest, text_to_image

__all__ = [
    "EditRequest",
    "ImageResult",
    "InpaintRequest",
    "TextToImageRequest",
    "edit_with_references",
    "inpaint",
    "inpaint_variant",
    "load_flux2_pipeline",
    "pipeline_class_for",
    "text_encoder_out_layers",
    "text_to_image",
]
