"""The GPU worker: claims queued jobs one at a time and runs the handler for each kind (``handlers/``)."""
