"""The ``milimo`` command line: serve the studio, inspect and build models."""

from __future__ import annotations

import dataclasses
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
        typer.echo(f"{status.role:10} {status.family:7} {status.state:9} {status.source or '-'}")


@app.command()
def models(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List model roles, their sources and whether they are test models."""
    from backend.models.manager import ModelManager

    rows = ModelManager(get_settings()).status()
    if as_json:
        typer.echo(json.dumps([dataclasses.asdict(r) for r in rows], indent=2))
        return
    for r in rows:
        kind = "TEST MODEL (noise)" if r.test_model else ("off" if r.source is None else "real weights")
        typer.echo(f"{r.role:10} {r.family:7} {kind:18} {r.state:9} {r.source or '-'}")


@app.command()
def verify(path: str = typer.Argument(..., help="A folder of weights in diffusers or transformers layout.")) -> None:
    """Check a folder of real weights without running it (layout, configs, tensor names and shapes)."""
    from backend.models.verify import verify_folder

    report = verify_folder(path)
    typer.echo(f"{report.path}: {report.pipeline or 'unknown layout'}")
    for problem in report.problems:
        typer.echo(f"  ✗ {problem}")
    for component in report.components:
        mark = "✓" if component.ok else "✗"
        size = (
            f"{component.parameters / 1e9:.2f} B params"
            if component.parameters >= 1e8
            else f"{component.parameters / 1e6:.3f} M params"
            if component.parameters
            else ""
        )
        typer.echo(f"  {mark} {component.name:16} {component.class_name:36} {size}")
        for problem in component.problems:
            typer.echo(f"      {problem}")
    typer.echo("OK" if report.ok else "PROBLEMS FOUND")
    raise typer.Exit(0 if report.ok else 1)


if __name__ == "__main__":
    app()
