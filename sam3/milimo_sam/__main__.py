"""``python -m milimo_sam serve`` runs the service; ``build-tiny`` builds the tiny random-weight test model."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import typer

from milimo_common.settings import get_common_settings as get_settings

cli = typer.Typer(help="Milimo's SAM 3 segmentation service.", no_args_is_help=True)


@cli.command()
def serve(
    host: str | None = typer.Option(None, help="Bind address (default MILIMO_SAM_SERVICE_HOST, 127.0.0.1)."),
    port: int | None = typer.Option(None, help="Port (default SAM_SERVICE_PORT, 8001)."),
) -> None:
    """Serve /health, /segment and /track. Weights: MILIMO_SAM3_SOURCE, else the tiny test model (built if needed)."""
    settings = get_settings()
    if not settings.sam3_source or Path(settings.sam3_source).exists():
        # Local weights need no model hub; without this, transformers looks up optional kernels online (slow or
        # hanging without a network). Set before huggingface_hub is imported, which reads it once.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")

    import uvicorn

    from milimo_sam.app import SamRefused, create_app

    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if host:
        settings = settings.model_copy(update={"sam_service_host": host})  # the doors follow the real bind address
    try:
        app = create_app(settings)
    except SamRefused as refused:
        typer.echo(f"SAM service: not starting: {refused}", err=True)
        raise typer.Exit(2) from refused
    uvicorn.run(
        app,
        host=settings.sam_service_host,
        port=port or settings.sam_service_port,
        log_config=None,
    )


@cli.command("build-tiny")
def build_tiny(
    target: Path | None = typer.Option(None, help="Folder to write (default <data>/models/test/sam3)."),
    seed: int | None = typer.Option(None, help="Seed (default MILIMO_TEST_MODEL_SEED)."),
    overwrite: bool = typer.Option(False, help="Replace an existing folder."),
) -> None:
    """Build the tiny random-weight SAM 3 folder (the real facebook/sam3 layout; its output is noise)."""
    from milimo_sam.tiny_model import build_tiny_sam3

    settings = get_settings()
    folder = build_tiny_sam3(
        target or settings.test_models_dir / "sam3",
        settings.test_model_seed if seed is None else seed,
        overwrite=overwrite,
    )
    typer.echo(str(folder))


if __name__ == "__main__":
    cli()
