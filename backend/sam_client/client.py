"""HTTP client for the SAM 3 service: timeouts, connection retries, and errors that say what to do.

The service is optional: when it is down the studio keeps working and only segmentation answers 503. Requests are
retried only when the connection could not be made (nothing reached the service, so a retry cannot repeat work);
a request the service received and failed is never sent twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

from backend.config import Settings
from backend.errors import DomainError, InvalidInput, TooLarge

NOT_RUNNING = "segmentation service is not running — start it with ./run_sam.sh"


class SegmentationUnavailable(DomainError):
    """The SAM service cannot answer now (not started, crashed, still loading its model)."""

    status_code = 503


@dataclass(frozen=True)
class SamHealth:
    running: bool
    url: str
    status: str  # ok | loading | error | down
    model: str | None = None
    device: str | None = None
    test_model: bool | None = None
    detail: str | None = None


class SamClient:
    def __init__(self, settings: Settings, *, connect_retries: int = 2) -> None:
        self.base_url = f"http://{settings.sam_service_host}:{settings.sam_service_port}"
        self._segment_timeout = settings.sam_segment_timeout_s
        self._track_timeout = settings.sam_track_timeout_s
        # httpx retries connection failures only (never a request that reached the server).
        secret = (settings.sam_secret or "").strip()
        self._client = httpx.Client(
            base_url=self.base_url,
            transport=httpx.HTTPTransport(retries=connect_retries),
            timeout=httpx.Timeout(5.0),
            headers={"Authorization": f"Bearer {secret}"} if secret else None,  # the service answers only the API
        )

    def close(self) -> None:
        self._client.close()

    def health(self) -> SamHealth:
        try:
            response = self._client.get("/health", timeout=httpx.Timeout(2.0))
            body = response.json()
        except (httpx.HTTPError, ValueError) as error:
            return SamHealth(running=False, url=self.base_url, status="down", detail=f"{NOT_RUNNING} ({error})")
        return SamHealth(
            running=body.get("status") == "ok",
            url=self.base_url,
            status=str(body.get("status")),
            model=body.get("model"),
            device=body.get("device"),
            test_model=body.get("test_model"),
            detail=body.get("detail"),
        )

    def segment(self, image: bytes, filename: str, prompt: dict[str, Any]) -> dict[str, Any]:
        files = {"image": (filename, image, "application/octet-stream")}
        return self._post("/segment", files, prompt, self._segment_timeout)

    def track(self, video: bytes, filename: str, prompt: dict[str, Any]) -> dict[str, Any]:
        files = {"video": (filename, video, "application/octet-stream")}
        return self._post("/track", files, prompt, self._track_timeout)

    def _post(self, path: str, files: dict, prompt: dict[str, Any], timeout: float) -> dict[str, Any]:
        try:
            response = self._client.post(
                path, files=files, data={"prompt": json.dumps(prompt)}, timeout=httpx.Timeout(timeout, connect=3.0)
            )
        except httpx.ConnectError:
            raise SegmentationUnavailable(NOT_RUNNING) from None
        except httpx.TimeoutException:
            raise SegmentationUnavailable(
                f"the segmentation service did not answer within {timeout:.0f} s; it may be overloaded — try again"
            ) from None
        except httpx.HTTPError as error:  # the connection broke mid-request (e.g. the service was killed)
            raise SegmentationUnavailable(f"{NOT_RUNNING} (the connection was lost: {error})") from None
        detail = _detail(response)
        if response.status_code == 503:
            raise SegmentationUnavailable(f"segmentation service is not ready: {detail}")
        if response.status_code == 413:
            raise TooLarge(f"segmentation service: {detail}")
        if 400 <= response.status_code < 500:
            raise InvalidInput(f"segmentation service: {detail}")
        if response.status_code >= 500:
            raise SegmentationUnavailable(f"segmentation service failed: {detail}")
        return response.json()


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300] or f"HTTP {response.status_code}"
    detail = body.get("detail") if isinstance(body, dict) else None
    return detail if isinstance(detail, str) else json.dumps(detail)[:300]
