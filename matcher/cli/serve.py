"""``matcher serve``: the HTTP API under uvicorn (``api.server`` runs the processes)."""

from __future__ import annotations

from typing import Annotated

import typer


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Server processes, one per core, each with its own index in memory "
            "(MATCHER_THREADS is split among them). Use 1 for the first start on a new "
            "database: that start encodes every profile.",
        ),
    ] = 1,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs)."""
    from api.server import serve

    serve(host, port, workers=workers, log_level=log_level)
