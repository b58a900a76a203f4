"""The doors, tried from outside against the real server on loopback: foreign hosts, cross-site writes (every
multipart route, JSON, Origin null, Sec-Fetch-Site), the access token on a non-loopback bind, response headers.

Each refusal is checked for its status and JSON ``detail``, and for having changed nothing.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from backend.api.access import AccessRefused, access_token
from backend.api.app import create_app
from backend.config import Settings
from backend.testing.server_process import ApiServer
from tests.api.conftest import seed_test_models

EVIL = "https://evil.example"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 200, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, tiny_models_root: Path) -> Iterator[ApiServer]:
    data = tmp_path_factory.mktemp("doors") / "data"
    seed_test_models(data, tiny_models_root)
    with ApiServer(data, env={"MILIMO_PRELOAD_MODELS": "false"}) as running:
        yield running


@pytest.fixture(scope="module")
def project(server: ApiServer) -> dict:
    response = httpx.post(f"{server.url}/projects", json={"name": "Doors", "width": 64, "height": 64})
    assert response.status_code == 201, response.text
    return response.json()


def refused(response: httpx.Response, status: int, words: str) -> None:
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json")
    assert words in response.json()["detail"], response.json()


def multipart_routes() -> list[str]:
    """Every route of the OpenAPI schema that takes a multipart body (a plain HTML form can post to them)."""
    schema = create_app(start_worker=False).openapi()
    routes = []
    for path, operations in schema["paths"].items():
        body = operations.get("post", {}).get("requestBody", {})
        if "multipart/form-data" in body.get("content", {}):
            routes.append(path)
    return sorted(routes)


def test_a_foreign_host_is_not_served(server: ApiServer, project: dict) -> None:
    for method, path in (
        ("GET", "/projects"),
        ("GET", f"/projects/{project['id']}"),
        ("GET", "/"),
        ("POST", "/projects"),
    ):
        response = httpx.request(
            method, f"{server.url}{path}", headers={"Host": "evil.example.com"}, json={"name": "x"}
        )
        refused(response, 421, "does not answer to the host 'evil.example.com'")
    refused(
        httpx.get(f"{server.url}/health", headers={"Host": "rebind.attacker.net:8000"}), 421, "MILIMO_ALLOWED_HOSTS"
    )
    # the names it is reached by
    for host in ("127.0.0.1", "localhost", f"127.0.0.1:{server.port}", f"localhost:{server.port}", "[::1]:80"):
        assert httpx.get(f"{server.url}/projects", headers={"Host": host}).status_code == 200, host
    assert len(httpx.get(f"{server.url}/projects").json()) == 1  # the refused POST created nothing


def test_every_multipart_route_refuses_a_cross_site_form(server: ApiServer, project: dict) -> None:
    routes = multipart_routes()
    assert "/projects/import-archive" in routes and "/projects/{project_id}/assets" in routes
    before = httpx.get(f"{server.url}/projects/{project['id']}").json()
    for route in routes:
        url = server.url + route.replace("{project_id}", project["id"]).replace("{shot_id}", "x")
        files = {"file": ("x.png", png(), "image/png"), "image": ("x.png", png(), "image/png")}
        for headers in ({"Origin": EVIL}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
            refused(httpx.post(url, files=files, headers=headers), 403, "cross-site request refused")
    after = httpx.get(f"{server.url}/projects/{project['id']}").json()
    assert after["assets"] == before["assets"] and len(httpx.get(f"{server.url}/projects").json()) == 1


def test_cross_site_json_is_refused_and_the_own_origin_is_served(server: ApiServer, project: dict) -> None:
    pid = project["id"]
    attempts = [
        ("POST", "/projects", {"name": "planted"}),
        ("PATCH", f"/projects/{pid}", {"version": project["version"], "name": "renamed"}),
        ("DELETE", f"/projects/{pid}", None),
        ("POST", "/generate/advanced", {"project_id": pid, "mode": "t2i", "prompt": "x"}),
    ]
    for method, path, body in attempts:
        for origin in (EVIL, "null", "http://localhost:3000", f"http://127.0.0.1:{server.port + 1}"):
            response = httpx.request(method, f"{server.url}{path}", json=body, headers={"Origin": origin})
            refused(response, 403, "cross-site request refused")
    current = httpx.get(f"{server.url}/projects/{pid}").json()
    assert current["name"] == "Doors" and len(httpx.get(f"{server.url}/projects").json()) == 1
    # A page of the studio itself (its origin is where the request went), and clients that send no Origin.
    own = httpx.post(f"{server.url}/projects", json={"name": "own"}, headers={"Origin": server.url})
    assert own.status_code == 201, own.text
    same = httpx.post(
        f"{server.url}/projects", json={"name": "same"}, headers={"Sec-Fetch-Site": "same-origin", "Origin": server.url}
    )
    assert same.status_code == 201 and httpx.post(f"{server.url}/projects", json={"name": "curl"}).status_code == 201
    for created in (own, same):
        assert httpx.delete(f"{server.url}/projects/{created.json()['id']}").status_code == 204
    # Reading stays open to GET (no CORS headers: a browser still keeps another site from reading the answer).
    read = httpx.get(f"{server.url}/projects", headers={"Origin": EVIL})
    assert read.status_code == 200 and "access-control-allow-origin" not in read.headers


def test_headers_that_keep_a_browser_safe(server: ApiServer, project: dict) -> None:
    listing = httpx.get(f"{server.url}/projects")
    assert listing.headers["x-content-type-options"] == "nosniff" and listing.headers["x-frame-options"] == "DENY"
    page = httpx.get(f"{server.url}/")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    asset = httpx.post(f"{server.url}/projects/{project['id']}/assets", files={"file": ("a.png", png(), "image/png")})
    assert asset.status_code == 201, asset.text
    media = httpx.get(server.url + asset.json()["url"])
    assert media.headers["content-type"] == "image/png" and "sandbox" in media.headers["content-security-policy"]
    download = httpx.get(server.url + asset.json()["url"], params={"download": 1})
    assert download.headers["content-disposition"].startswith("attachment")
    # A file the studio did not make (a planted .html or .svg) goes out as an opaque download, never as a page.
    folder = server.data_dir / "projects" / project["id"] / "assets"
    for name, body in (("page.html", b"<script>alert(1)</script>"), ("logo.svg", b"<svg onload='alert(1)'/>")):
        (folder / name).write_bytes(body)
        planted = httpx.get(f"{server.url}/projects/{project['id']}/assets/{name}")
        assert planted.status_code == 200 and planted.headers["content-type"] == "application/octet-stream"
        assert planted.headers["content-disposition"].startswith("attachment")
    html_upload = httpx.post(
        f"{server.url}/projects/{project['id']}/assets",
        files={"file": ("x.png", b"<html><script>alert(1)</script></html>", "image/png")},
    )
    assert html_upload.status_code in (415, 422), html_upload.text  # validated by content, not by its name


def test_off_loopback_every_request_needs_the_token(tmp_path: Path, tiny_models_root: Path) -> None:
    data = tmp_path / "data"
    seed_test_models(data, tiny_models_root)
    with ApiServer(data, env={"MILIMO_PRELOAD_MODELS": "false"}, host="0.0.0.0") as server:
        token = (data / "access_token").read_text().strip()
        assert len(token) >= 32 and (data / "access_token").stat().st_mode & 0o077 == 0  # its owner's only
        assert f"/login?token={token}" in server.log_path.read_text()  # printed at start: the login link
        for path in ("/projects", "/health", "/"):
            refused(httpx.get(f"{server.url}{path}"), 401, "access token")
        refused(httpx.get(f"{server.url}/projects", headers={"Authorization": "Bearer wrong"}), 401, "access token")
        assert httpx.get(f"{server.url}/projects", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        # the login link: a wrong token is refused; the right one becomes an HttpOnly, SameSite cookie
        refused(httpx.get(f"{server.url}/login", params={"token": "nope"}), 401, "login link")
        login = httpx.get(f"{server.url}/login", params={"token": token})
        assert login.status_code == 303 and login.headers["location"] == "/"
        cookie = login.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        with httpx.Client(base_url=server.url, cookies=login.cookies) as browser:
            assert browser.get("/projects").status_code == 200
            assert browser.post("/projects", json={"name": "x"}, headers={"Origin": server.url}).status_code == 201
            # the cookie does not make a cross-site write acceptable
            refused(browser.post("/projects", json={"name": "y"}, headers={"Origin": EVIL}), 403, "cross-site")
        # the same token next start: kept, not regenerated
    with ApiServer(data, env={"MILIMO_PRELOAD_MODELS": "false"}, host="0.0.0.0") as again:
        assert (data / "access_token").read_text().strip() == token
        assert httpx.get(f"{again.url}/projects", headers=again.auth_headers()).status_code == 200


def test_a_configured_token_on_loopback_and_a_weak_one_refused(tmp_path: Path) -> None:
    base = Settings(data_dir=tmp_path / "data")
    assert access_token(base) is None  # loopback, none configured: no token asked
    assert access_token(base.model_copy(update={"access_token": "x" * 20})) == "x" * 20
    with pytest.raises(AccessRefused, match="at least 16"):
        access_token(base.model_copy(update={"access_token": "short"}))
    with pytest.raises(AccessRefused, match="at least 16"):
        create_app(base.model_copy(update={"access_token": "short", "host": "0.0.0.0"}), start_worker=False)
    assert not (tmp_path / "data" / "access_token").exists()


def test_serve_refuses_to_start_and_says_why(tmp_path: Path) -> None:
    import subprocess
    import sys

    from backend.config import REPO_ROOT

    result = subprocess.run(
        [sys.executable, "-m", "backend", "serve"],
        cwd=REPO_ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "MILIMO_DATA_DIR": str(tmp_path),
            "MILIMO_HOST": "0.0.0.0",
            "MILIMO_ACCESS_TOKEN": "abc",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "not starting: MILIMO_ACCESS_TOKEN is 3 characters" in result.stderr
