"""``python -m backend``: the ``milimo`` command line."""

from backend.cli import app

app()
