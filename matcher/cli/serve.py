"""``matcher serve``: the HTTP API under uvicorn, in one process.

One process on purpose: FAISS and torch can hang in forked children (PITFALLS.md, fork
safety), so there is no ``--workers``/``--preload``; the engine loads inside the lifespan of
the process that serves. Scale out with more containers, not forks.
"""

from __future__ import annotations

from typing import Annotated

import typer


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the HTTP API (OpenAPI at /docs)."""
    import uvicorn

    from api.app import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level=log_level, workers=None)
