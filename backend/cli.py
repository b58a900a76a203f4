"""The ``milimo`` command line: serve the studio, inspect and build models."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import typer

from backend.config import get_settings

app = typer.Typer(help="Milimo Video studio.", no_args_is_help=True)


@app.command()
def serve(reload: bool = typer.Option(False, help="Restart on code changes (development).")) -> None:
    """Run the API (and the built web app) on MILIMO_HOST:MILIMO_PORT (127.0.0.1:8000 by default)."""
    import uvicorn

    from backend.api.access import AccessRefused, access_token

    settings = get_settings()
    try:
        access_token(settings)  # refuse now, with the reason, rather than from inside uvicorn's import
    except AccessRefused as refused:
        typer.echo(f"milimo serve: not starting: {refused}", err=True)
        raise typer.Exit(2) from refused
    uvicorn.run("backend.server:app", host=settings.host, port=settings.port, reload=reload, log_config=None)


@app.command()
def worker(
    address: str | None = typer.Option(None, "--address", help="The cluster to join: the head's host:port."),
    head: bool = typer.Option(False, "--head", help="Start the cluster's head here instead (port --port)."),
    port: int = typer.Option(6379, "--port", help="With --head: the port other machines join."),
    gpus: int | None = typer.Option(None, "--gpus", help="GPUs this machine offers (default: every GPU Ray finds)."),
    slots: int = typer.Option(1, "--slots", help="GPU slots, when MILIMO_RAY_GPU_RESOURCE is a custom resource."),
    cpus: int | None = typer.Option(None, "--cpus", help="CPU cores this machine offers (default: all)."),
) -> None:
    """Make this machine a worker node of the studio's Ray cluster (runs until stopped: Ctrl+C leaves the cluster).

    Jobs run here in this machine's environment: set MILIMO_DATA_DIR to where the shared data folder is mounted
    (and MILIMO_LTX2_SOURCE … where this machine keeps its weights, if not in the shared folder). docs/scale.md.
    """
    import os
    import shutil
    import sys

    if head == (address is not None):
        typer.echo("milimo worker: give --address HOST:PORT to join a cluster, or --head to start one", err=True)
        raise typer.Exit(2)
    ray = Path(sys.executable).with_name("ray")
    command = [str(ray) if ray.is_file() else (shutil.which("ray") or "ray"), "start", "--block"]
    command += ["--head", f"--port={port}", "--include-dashboard=false"] if head else [f"--address={address}"]
    resource = get_settings().ray_gpu_resource
    if resource != "GPU":
        command.append("--resources=" + json.dumps({resource: slots}))
    elif gpus is not None:
        command.append(f"--num-gpus={gpus}")
    if cpus is not None:
        command.append(f"--num-cpus={cpus}")
    # Ray's token authentication: the head writes ~/.ray/auth_token; a joining machine needs the same token
    # (RAY_AUTH_TOKEN or that file), and says it uses one.
    os.environ.setdefault("RAY_AUTH_MODE", "token")
    typer.echo("milimo worker: " + " ".join(command))
    os.execv(command[0], command)


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


@app.command()
def backup(folder: Path = typer.Argument(..., help="A new or empty folder to write the backup into.")) -> None:
    """Back up the studio (database and project media), also while it runs."""
    from backend.errors import InvalidInput
    from backend.services.backup import backup_studio

    try:
        report = backup_studio(get_settings(), folder)
    except InvalidInput as refused:
        typer.echo(f"milimo backup: {refused}", err=True)
        raise typer.Exit(2) from refused
    typer.echo(
        f"backed up {report.files} files ({report.bytes / 1e6:.1f} MB, schema {report.revision}) to {report.folder}"
    )


@app.command()
def restore(
    folder: Path = typer.Argument(..., help="A folder written by milimo backup."),
    data_dir: Path | None = typer.Option(None, "--data-dir", help="Restore here (default MILIMO_DATA_DIR); empty."),
) -> None:
    """Bring a backup back into an empty data folder (checksums checked first; the schema migrated)."""
    from backend.errors import InvalidInput
    from backend.services.backup import restore_studio

    settings = get_settings()
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir.resolve()})
    try:
        report = restore_studio(folder, settings)
    except InvalidInput as refused:
        typer.echo(f"milimo restore: {refused}", err=True)
        raise typer.Exit(2) from refused
    typer.echo(f"restored {report.files} files (schema {report.revision}) into {settings.data_dir}")


if __name__ == "__main__":
    app()
