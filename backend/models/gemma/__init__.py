"""Gemma 3 in transformers: the "virtual director" that rewrites plain shot instructions into cinematic prompts.

Importing this package imports torch (seconds): import it from the worker, not from request handlers.
"""

from backend.models.gemma.director import (
    Director,
    DirectorContext,
    EnrichResult,
    build_director_messages,
    enrich,
    load_director,
)

__all__ = ["Director", "DirectorContext", "EnrichResult", "build_director_messages", "enrich", "load_director"]
