"""The FastAPI application factory."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI

from backend import __version__
from backend.api.access import guard_policy, login_link
from backend.api.errors import install_error_handlers
from backend.api.middleware import BodySizeLimit, RequestContext
from backend.api.routes import (
    analysis,
    assets,
    batches,
    director,
    elements,
    events,
    frames,
    generate,
    health,
    interchange,
    jobs,
    loras,
    media,
    model_library,
    projects,
    render,
    scenes,
    segmentation,
    shots,
    storyboard,
    timeline,
)
from backend.api.web import install_web_app
from backend.config import Settings, get_settings
from backend.logging_setup import configure_logging
from backend.studio import Studio
from milimo_common.site_guard import SiteGuard

API_ROUTERS = (
    health,
    projects,
    scenes,
    shots,
    elements,
    assets,
    storyboard,
    timeline,
    analysis,
    generate,
    frames,
    director,
    segmentation,
    render,
    jobs,
    batches,
    loras,
    model_library,
    events,
    interchange,
    media,
)


def create_app(settings: Settings | None = None, *, start_worker: bool = True) -> FastAPI:
    settings = settings or get_settings()
    policy = guard_policy(settings)  # raises AccessRefused (a bad token): the server must not start

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings)
        if policy.token is not None:
            print(f"Milimo Video needs its access token here. Open: {login_link(settings, policy.token)}", flush=True)
        studio = Studio.open(settings)
        app.state.studio = studio
        app.state.read_lane = anyio.CapacityLimiter(settings.whole_reads_at_once)
        # What start-up imported lives as long as the process: keep full collections from walking it (~0.2 s
        # pauses of every thread); the model manager does the same after each load.
        gc.collect()
        gc.freeze()
        if start_worker:
            studio.start()
        try:
            yield
        finally:
            studio.close()

    app = FastAPI(
        title="Milimo Video API",
        version=__version__,
        description="Local-first AI cinematic studio: projects, shots, generation jobs and live progress.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    for module in API_ROUTERS:
        app.include_router(module.router)
    install_web_app(app, settings.web_dist_dir)  # last: its catch-all must not shadow the API
    app.add_middleware(
        BodySizeLimit, max_bytes=settings.max_upload_bytes + 64 * 1024, max_json_bytes=settings.max_json_bytes
    )
    app.add_middleware(SiteGuard, policy=policy)  # before anything reads the body: a refused request costs nothing
    app.add_middleware(RequestContext)
    return app
