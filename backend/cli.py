"""The ``milimo`` command line: serve the studio, inspect and build models."""

from __future__ import annotations

import json

import typer

from backend.config import get_settings

app = typer.Typer(help="Milimo Video studio.", no_args_is_help=True)


@app.command()
def serve(reload: bool = typer.Option(False, help="Restart on code changes (development).")) -> None:
    """Run the API (and the built web app) on MILIMO_HOST:MILIMO_PORT (127.0.0.1:8000 by default)."""
    import uvicorn

    settings = get_settings()
    uvicorn.run("backend.server:app", host=settings.host, port=settings.port, reload=reload, log_config=None)


@app.command("build-test-models")
def build_test_models() -> None:
    """Build the tiny random-weight test models (noise generators of the real architectures) into the data folder."""
    from backend.models.manager import ModelManager

    manager = ModelManager(get_settings())
    manager.ensure_test_models()
    for status in manager.status():
        typer.echo(f"{status.role:10} {status.state:9} {status.source}")


@app.command()
def models(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List model roles, their sources and whether they are test models."""
    from backend.models.manager import ModelManager

    rows = ModelManager(get_settings()).status()
    if as_json:
        typer.echo(json.dumps([r.model_dump() for r in rows], indent=2))
        return
    for r in rows:
        typer.echo(f"{r.role:10} {'TEST MODEL (noise)' if r.test_model else 'real weights':18} {r.source}")


if __name__ == "__main__":
    app()
