"""Talking to the SAM 3 segmentation service (``sam3/``), which runs as its own process on ``SAM_SERVICE_PORT``."""
