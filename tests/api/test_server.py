"""``matcher serve --workers N``: several processes on one port, stopped together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from api.server import bound_socket
from tests.ports import free_port

STARTUP_S = 120.0


def _server_processes(pid: int) -> list[int]:
    """Children started by ``spawn`` (multiprocessing also starts a resource tracker)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    children = [int(p) for p in path.read_text().split()] if path.exists() else []
    return [
        child
        for child in children
        if b"multiprocessing.spawn" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


def _serve(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "matcher_cli", "serve", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _env(database_url: str, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "MATCHER_EMBEDDER": "fake",
            "MATCHER_DATA_DIR": str(data_dir),
            "MATCHER_THREADS": "2",
        }
    )
    return env


def test_two_sockets_can_share_a_port() -> None:
    first = bound_socket("127.0.0.1", 0)
    try:
        port = first.getsockname()[1]
        second = bound_socket("127.0.0.1", port)
        second.close()
    finally:
        first.close()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads children from /proc")
def test_serves_from_two_processes_and_stops_them_together(db_url: str, tmp_path: Path) -> None:
    port = free_port()
    process = _serve(port, _env(db_url, tmp_path), tmp_path / "serve.log")
    try:
        deadline = time.monotonic() + STARTUP_S
        ready = 0
        while ready < 8:  # fresh connections, spread over both processes by the kernel
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "the server did not become ready"
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code
            except httpx.TransportError:
                status = 0
            ready = ready + 1 if status == 200 else 0
            if status != 200:
                time.sleep(0.5)
        children = _server_processes(process.pid)
        assert len(children) == 2
        for child in children:
            # Each process threads within its share of MATCHER_THREADS.
            environ = Path(f"/proc/{child}/environ").read_bytes().split(b"\0")
            assert b"MATCHER_THREADS=1" in environ
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
        assert all(not Path(f"/proc/{child}").exists() for child in children)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_failing_process_stops_the_server_with_an_error(tmp_path: Path) -> None:
    closed = free_port()  # nothing listens here: every process fails its start-up
    env = _env(f"postgresql://nobody@127.0.0.1:{closed}/none", tmp_path)
    process = _serve(free_port(), env, tmp_path / "serve.log")
    try:
        code = process.wait(timeout=STARTUP_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert code != 0
    assert "a server process stopped" in (tmp_path / "serve.log").read_text()
