"""The HTTP service: routes only validate and delegate to :class:`milimo_sam.segmenter.Segmenter`.

The model loads in a background thread at startup (building the tiny test model first when no weights are
configured); ``/health`` answers ``loading`` meanwhile and ``error`` with the reason if loading failed, and the
inference routes answer 503 until it is ready.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from milimo_common.settings import CommonSettings as Settings
from milimo_common.settings import get_common_settings as get_settings
from milimo_common.site_guard import GuardPolicy, SiteGuard, is_loopback
from milimo_common.test_models import is_test_model
from milimo_sam.images import decode_image
from milimo_sam.masks import encode_png, mask_box
from milimo_sam.schemas import (
    BadRequest,
    Health,
    MaskOut,
    SegmentPrompt,
    SegmentResponse,
    TrackFrame,
    TrackObject,
    TrackPrompt,
    TrackResponse,
    describe_errors,
    parse_prompt,
)
from milimo_sam.segmenter import Mask, Segmenter, pick_device

log = logging.getLogger(__name__)

CAPABILITIES = ["text", "boxes", "points", "track"]


def resolve_source(settings: Settings) -> tuple[str, bool]:
    """``(source, needs_build)``: the configured weights, or the tiny test folder (to build if it is missing)."""
    if settings.sam3_source:
        return settings.sam3_source, False
    folder = settings.test_models_dir / "sam3"
    return str(folder), not folder.exists()


class ModelState:
    """Loading status shared between the loader thread and the routes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.source, self._needs_build = resolve_source(settings)
        self.device = pick_device(settings.device)
        self.status = "loading"
        self.detail: str | None = None
        self.segmenter: Segmenter | None = None
        self.test_model = False

    def load(self) -> None:
        try:
            if self._needs_build:
                from milimo_sam.tiny_model import build_tiny_sam3

                log.info("building the tiny SAM 3 test model in %s", self.source)
                try:
                    build_tiny_sam3(self.source, seed=self.settings.test_model_seed)
                except FileExistsError:  # another process built it meanwhile
                    pass
            self.test_model = is_test_model(self.source) if Path(self.source).exists() else False
            log.info("loading SAM 3 from %s on %s", self.source, self.device)
            self.segmenter = Segmenter.load(self.source, self.device)
            self.device = self.segmenter.device
            self.status = "ok"
            log.info("SAM 3 ready%s", " (tiny random-weight test model)" if self.test_model else "")
        except Exception as error:  # noqa: BLE001 - reported on /health, the process stays up
            log.exception("loading SAM 3 failed")
            self.status = "error"
            self.detail = f"{type(error).__name__}: {error}"

    def ready(self) -> Segmenter:
        if self.segmenter is not None:
            return self.segmenter
        if self.status == "error":
            raise BadRequest(503, f"model failed to load: {self.detail}")
        raise BadRequest(503, "model is still loading")


class BodyLimit:
    """ASGI middleware: 413 for a request body over ``limit`` bytes, by Content-Length and while reading.

    The body is read (up to the limit) before the app sees it, so an oversized upload is refused without being
    parsed; a body within the limit is replayed to the app unchanged.
    """

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict, receive: Callable[[], Awaitable[dict]], send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        too_large = f"request body is larger than {self.limit} bytes (MILIMO_SAM_MAX_REQUEST_BYTES)"
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await _send_json(send, 413, {"detail": too_large})
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await _send_json(send, 413, {"detail": too_large})
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _send_json(send: Any, status: int, payload: dict) -> None:
    body = json.dumps(payload).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _mask_out(mask: Mask) -> dict[str, Any]:
    return {
        "score": mask.score,
        "box": mask_box(mask.mask),
        "area": int(mask.mask.sum()),
        "png": encode_png(mask.mask),
    }


class SamRefused(RuntimeError):
    """The service must not start with these settings (the message says why)."""


def sam_guard_policy(settings: Settings) -> GuardPolicy:
    """Only the names the service is reached by; only the API's calls (the shared secret) once off loopback."""
    secret = (settings.sam_secret or "").strip() or None
    if secret is not None and len(secret) < 16:
        raise SamRefused(f"MILIMO_SAM_SECRET is {len(secret)} characters; use at least 16")
    if secret is None and not is_loopback(settings.sam_service_host):
        raise SamRefused(
            f"the SAM service binds to {settings.sam_service_host} (not loopback): set MILIMO_SAM_SECRET (the same "
            "value for the API and this service) so that it answers the studio's API only"
        )
    return GuardPolicy.build(
        bind_host=settings.sam_service_host,
        allowed_hosts=settings.allowed_hosts,
        token=secret,
        login_path=None,
        open_paths=(),
    )


def create_app(settings: Settings | None = None, *, load_in_background: bool = True) -> FastAPI:
    """The service for ``settings`` (default: the environment). The model starts loading when the app starts."""
    settings = settings or get_settings()
    policy = sam_guard_policy(settings)  # raises SamRefused: the service must not start
    state = ModelState(settings)

    # Every model call runs on this one thread: torch keeps one warm CPU thread team (anyio's pool hands each call
    # to whichever worker is free, and on the CPU that made tracking several times slower), and calls queue in order.
    inference = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sam3-inference")

    async def on_model_thread(function: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(inference, function, *args)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if load_in_background:
            threading.Thread(target=state.load, name="sam3-loader", daemon=True).start()
        else:
            state.load()
        yield
        inference.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(title="Milimo SAM 3 service", version="0.1.0", lifespan=lifespan)
    app.state.model = state
    app.add_middleware(BodyLimit, limit=settings.sam_max_request_bytes)
    app.add_middleware(SiteGuard, policy=policy)  # outermost: a foreign host or a web page gets nothing

    @app.exception_handler(BadRequest)
    async def _bad_request(_: Request, error: BadRequest) -> JSONResponse:
        return JSONResponse({"detail": error.detail}, status_code=error.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": describe_errors(list(error.errors()))}, status_code=422)

    @app.get("/health", response_model=Health)
    def health() -> Health:
        return Health(
            status=state.status,
            model=state.source,
            device=state.device,
            test_model=state.test_model,
            capabilities=CAPABILITIES,
            detail=state.detail,
        )

    @app.post("/segment", response_model=SegmentResponse)
    async def segment(
        image: UploadFile = File(description="PNG, JPEG or WebP."),
        prompt: str = Form(description="JSON: {text, boxes, points, threshold, max_masks}."),
    ) -> SegmentResponse:
        request = parse_prompt(prompt, SegmentPrompt)
        picture = decode_image(await image.read(), settings.sam_max_image_side)
        request.check_inside(picture.width, picture.height)
        segmenter = state.ready()
        masks = await on_model_thread(segmenter.segment, picture, request)
        encoded = await run_in_threadpool(lambda: [_mask_out(m) for m in masks])
        return SegmentResponse(
            width=picture.width,
            height=picture.height,
            model=state.source,
            test_model=state.test_model,
            masks=[MaskOut(**m) for m in encoded],
        )

    @app.post("/track", response_model=TrackResponse)
    async def track(
        video: UploadFile = File(description="A short clip (any container/codec PyAV decodes)."),
        prompt: str = Form(description="JSON: {frame, text | points | boxes, threshold, max_masks}."),
    ) -> TrackResponse:
        from milimo_sam.video import read_clip

        request = parse_prompt(prompt, TrackPrompt)
        data = await video.read()
        clip = await run_in_threadpool(read_clip, data, settings.sam_max_track_frames, settings.sam_max_image_side)
        if request.frame >= len(clip.frames):
            raise BadRequest(
                422, f"frame {request.frame} is out of range: the clip has {len(clip.frames)} frames (0-based)"
            )
        request.check_inside(clip.width, clip.height, what="video frame")
        segmenter = state.ready()
        tracks = await on_model_thread(segmenter.track, clip.frames, request)

        def encode() -> list[TrackObject]:
            empty = _mask_out(Mask(mask=_blank(clip.height, clip.width), score=None))
            objects = []
            for item in tracks:
                frames = []
                for index in range(len(clip.frames)):
                    mask = item.frames.get(index)
                    frames.append(TrackFrame(frame=index, **(_mask_out(mask) if mask is not None else empty)))
                objects.append(TrackObject(object_id=item.object_id, frames=frames))
            return objects

        objects = await run_in_threadpool(encode)
        return TrackResponse(
            width=clip.width,
            height=clip.height,
            num_frames=len(clip.frames),
            fps=clip.fps,
            model=state.source,
            test_model=state.test_model,
            objects=objects,
        )

    return app


def _blank(height: int, width: int) -> Any:
    import numpy as np

    return np.zeros((height, width), dtype=bool)
