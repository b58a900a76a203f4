"""The model layer: one ModelManager owns the GPU; an adapter folder per family (ltx2, flux2, gemma); test models."""
