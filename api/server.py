"""Running the API: one uvicorn process, or several on one port that share the load.

Ranking is Python under the GIL, so one process uses one core whatever the number of concurrent
requests (8 clients got the throughput of 1: docs/benchmarks.md). Several processes are the way to use
more cores. uvicorn's own ``--workers`` shares one listening socket, and a busy process accepts
every new connection it can: in the benchmark all 8 keep-alive connections landed on one of two
processes while the other idled (seen with ``ss``). Here each process binds its own socket with
``SO_REUSEPORT``, and the kernel spreads connections over the sockets by address hash.

Processes are started with ``spawn``, never ``fork``: each is a fresh interpreter that loads
FAISS and the encoder itself, as PITFALLS.md asks (they can hang in a forked child). Each keeps
its own index and applies the shared change log before every query, so all answer from the same
data. If one process dies, the others are stopped and ``serve`` exits with an error rather than
serving on at reduced capacity unnoticed.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import time
from multiprocessing.process import BaseProcess
from types import FrameType

log = logging.getLogger(__name__)

STOP_GRACE_S = 30.0


class ServeError(RuntimeError):
    """The server could not start or one of its processes failed."""


def serve(host: str, port: int, *, workers: int = 1, log_level: str = "info") -> None:
    """Serve the API on ``host:port`` with ``workers`` processes (1: in this process)."""
    import uvicorn

    if workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers}")
    if workers == 1:
        from api.app import create_app

        uvicorn.run(
            create_app(),
            host=host,
            port=port,
            log_level=log_level,
            timeout_graceful_shutdown=_shutdown_grace(),
        )
        return
    if not hasattr(socket, "SO_REUSEPORT"):
        raise ServeError("several server processes need SO_REUSEPORT (Linux, macOS, BSD)")
    _prepare_environment(workers)
    _supervise(host, port, workers, log_level)


def _shutdown_grace() -> int:
    """Seconds uvicorn lets requests in flight finish after SIGTERM before it cancels them
    (without a bound it waits for ever, and a stuck request keeps the server up)."""
    from api.settings import ApiSettings

    return ApiSettings().shutdown_grace_s


def _prepare_environment(workers: int) -> None:
    """Settings the processes inherit through the environment.

    * The embedded PostgreSQL is started (or found) here and its URL handed down; the
      processes would otherwise race to start it.
    * ``MATCHER_THREADS`` is the machine's budget, so each process gets its share: with 2
      threads in each of 2 processes, FAISS's OpenMP threads spin on the core the other
      process needs (one thread each was faster: docs/benchmarks.md, "Measurements behind
      the code").
    """
    from matcher.settings import get_settings
    from matcher.storage.database import resolve_database_url

    settings = get_settings()
    os.environ["MATCHER_DATABASE_URL"] = resolve_database_url(settings)
    share = str(max(1, settings.threads // workers))
    os.environ["MATCHER_THREADS"] = share
    os.environ["OMP_NUM_THREADS"] = share


def bound_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` that other processes may bind too."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _run_one(host: str, port: int, log_level: str) -> None:
    """One server process: its own socket, the app built inside it (after the spawn)."""
    import uvicorn

    config = uvicorn.Config(
        "api.app:create_app",
        factory=True,
        log_level=log_level,
        timeout_graceful_shutdown=_shutdown_grace(),
    )
    server = uvicorn.Server(config)
    server.run(sockets=[bound_socket(host, port)])


def _supervise(host: str, port: int, workers: int, log_level: str) -> None:
    context = multiprocessing.get_context("spawn")
    # Bind once here first so a taken port fails at once, with a clear error, in this process.
    probe = bound_socket(host, port)
    processes: list[BaseProcess] = []
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for index in range(workers):
            process = context.Process(
                target=_run_one,
                args=(host, port, log_level),
                name=f"matcher-serve-{index + 1}",
                daemon=False,
            )
            process.start()
            processes.append(process)
        probe.close()
        log.info("serving on %s:%s with %d processes", host, port, workers)
        while not stopping:
            dead = [p for p in processes if not p.is_alive()]
            if dead:
                codes = ", ".join(f"{p.name} exited with {p.exitcode}" for p in dead)
                raise ServeError(f"a server process stopped ({codes}); stopping the others")
            time.sleep(0.5)
    finally:
        probe.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _stop_all(processes)


def _stop_all(processes: list[BaseProcess]) -> None:
    """SIGTERM (uvicorn finishes requests in flight and runs the lifespan's shutdown, which
    saves index snapshots), then SIGKILL whatever is still running after the grace period."""
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + STOP_GRACE_S
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()
