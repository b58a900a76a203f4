"""Serve the built web app at ``/``, with a fallback to ``index.html`` for the app's own client-side routes."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

_NOT_BUILT = """<!doctype html><title>Milimo Video</title><body style="font-family:sans-serif;background:#111;color:#eee">
<h1>Milimo Video API is running</h1><p>The web app is not built. Run <code>./studio.sh</code> from the repository
root (it builds <code>web-app/</code>), or see <a href="/docs" style="color:#8cf">the API docs</a>.</p></body>"""


#: The web app loads only its own files and talks only to its own origin; inline styles are React's ``style=``;
#: ``blob:``/``data:`` are the media previews it builds in the page. Nothing may frame it.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; font-src 'self' data:; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_HEADERS = {"Content-Security-Policy": CONTENT_SECURITY_POLICY}


def install_web_app(app: FastAPI, dist: Path) -> None:
    dist = dist.resolve()

    @app.get("/{path:path}", include_in_schema=False)
    def web_app(path: str, request: Request) -> Response:
        index = dist / "index.html"
        if path:
            candidate = (dist / path).resolve()
            if candidate.is_relative_to(dist) and candidate.is_file():
                return FileResponse(candidate, headers=_HEADERS)
            # Unknown files (a name with an extension) are a real 404, not the app shell.
            if "." in Path(path).name:
                return JSONResponse({"detail": f"not found: /{path}"}, status_code=404)
        if not index.is_file():
            return HTMLResponse(_NOT_BUILT, headers=_HEADERS)
        return FileResponse(index, headers={"Cache-Control": "no-cache", **_HEADERS})
