"""Structured logs: readable lines on the console, JSON lines in a rotating file under ``<data>/logs``.

Request and job ids are bound as context variables (see backend.api.middleware and backend.worker.worker), so every
line written while serving a request or running a job carries its id.
"""

from __future__ import annotations

import logging
import logging.handlers

import structlog

from backend.config import Settings

_SHARED = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure_logging(settings: Settings) -> None:
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    structlog.configure(
        processors=[*_SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    console = logging.StreamHandler()
    console.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.dev.ConsoleRenderer(colors=False),
            ],
            foreign_pre_chain=_SHARED,
        )
    )
    to_file = logging.handlers.RotatingFileHandler(
        settings.log_dir / "milimo.log", maxBytes=settings.log_max_bytes, backupCount=settings.log_backups
    )
    to_file.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(),
            ],
            foreign_pre_chain=_SHARED,
        )
    )
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_milimo", False):
            root.removeHandler(handler)
    for handler in (console, to_file):
        handler._milimo = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    # uvicorn's access log duplicates our request lines (which carry the request id).
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
