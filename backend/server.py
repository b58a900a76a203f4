"""ASGI entry point: ``uvicorn backend.server:app`` (settings from ``MILIMO_*`` environment variables)."""

from backend.api.app import create_app

app = create_app()
