"""Every error is JSON with a ``detail`` that says what to fix; domain errors map to their 4xx status."""

from __future__ import annotations

import structlog
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from backend.disk_space import disk_full_message, full_folder, is_disk_full
from backend.errors import DomainError
from backend.storage.paths import PathRefused

log = structlog.get_logger(__name__)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_request: Request, error: DomainError) -> JSONResponse:
        return JSONResponse({"detail": error.message, **error.extra}, status_code=error.status_code)

    @app.exception_handler(PathRefused)
    async def _path(_request: Request, error: PathRefused) -> JSONResponse:
        return JSONResponse({"detail": f"not found: {error}"}, status_code=404)

    @app.exception_handler(IntegrityError)
    async def _integrity(_request: Request, error: IntegrityError) -> JSONResponse:
        # Checks run before writes, so this is a race with another request (two creates with one client-chosen id):
        # the transaction rolled back, nothing was saved.
        log.warning("request.integrity_conflict", error=str(error.orig))
        return JSONResponse(
            {
                "detail": "another request changed the same rows at the same moment; nothing was "
                "saved — reload and try again"
            },
            status_code=409,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        if is_disk_full(error):  # the write failed whole: uploads and rows are written to be all or nothing
            log.error("request.disk_full", path=request.url.path, error=str(error))
            folder = full_folder(error, request.app.state.studio.settings.projects_dir)  # where media is written
            size = int(request.headers.get("content-length") or 0)
            return JSONResponse({"detail": disk_full_message(folder, size, "this request")}, status_code=507)
        log.exception("request.unhandled")
        return JSONResponse({"detail": f"internal error: {type(error).__name__}"}, status_code=500)
