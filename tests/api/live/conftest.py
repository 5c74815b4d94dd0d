"""The real-server tier: ``matcher serve`` in a subprocess, driven by concurrent HTTP clients.

In-process ASGI tests wait for the whole app, so they cannot see what a client sees: a COMMIT
that runs after the response, two pooled connections per request, a server that ignores
SIGTERM. Every test here starts the real server (uvicorn, the fake embedder, its own database
cloned from the migrated template) on a free loopback port, and every loop is bounded in count
and time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import anyio
import httpx
import pytest

from tests.api.conftest import World, seed_world
from tests.ports import free_port

STARTUP_S = 90.0


@dataclass
class LiveServer:
    """A running ``matcher serve`` and the world seeded into its database."""

    process: subprocess.Popen[bytes]
    base_url: str
    world: World
    db_url: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def server_env(database_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "MATCHER_EMBEDDER": "fake",
            "MATCHER_DATA_DIR": str(data_dir),
            "MATCHER_THREADS": "1",
            "MATCHER_API_RATE_LIMIT_PER_MINUTE": "1000000",
            "MATCHER_API_RATE_LIMIT_BURST": "100000",
            "MATCHER_API_AUTH_FAILURE_BURST": "100000",
            "MATCHER_API_SIGNIN_FAILURE_BURST": "100000",  # sign-in codes (issue 19)
        }
    )
    env.update(extra)
    return env


def start_server(
    env: dict[str, str], log: Path, *, workers: int = 1
) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``matcher serve`` and wait until ``/readyz`` answers 200."""
    port = free_port()
    command = [sys.executable, "-m", "matcher_cli", "serve", "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    with log.open("ab") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_S
    while True:
        if process.poll() is not None:
            raise AssertionError(f"the server exited: {log.read_text(errors='replace')}")
        if time.monotonic() > deadline:
            stop_server(process)
            raise AssertionError(f"the server did not become ready: {log.read_text()}")
        try:
            if httpx.get(base_url + "/readyz", timeout=2).status_code == 200:
                return process, base_url
        except httpx.TransportError:
            pass
        time.sleep(0.2)


def stop_server(process: subprocess.Popen[bytes], timeout: float = 20.0) -> int:
    """SIGTERM, then SIGKILL if it has not stopped within ``timeout``; the exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


@pytest.fixture
async def live_server(db_url: str, tmp_path: Path) -> AsyncIterator[LiveServer]:
    """A seeded database (``tests.api.conftest.seed_world``) served by a real ``matcher serve``."""
    world = await seed_world(db_url)
    log = tmp_path / "serve.log"
    env = server_env(db_url, tmp_path / "var")
    process, base_url = await anyio.to_thread.run_sync(start_server, env, log)
    try:
        yield LiveServer(process, base_url, world, db_url, log)
    finally:
        await anyio.to_thread.run_sync(stop_server, process)
