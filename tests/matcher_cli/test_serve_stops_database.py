"""`matcher serve` stops the embedded PostgreSQL when it exits, `matcher stop` stops one left
running (issue 19: `make run` then Ctrl+C left PostgreSQL running, and there was no `make stop`).

These start a real embedded server in the test's own data directory (no DATABASE_URL), so they
see exactly what `make run` does.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.ports import free_port

STARTUP_S = 90.0


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MATCHER_DATABASE_URL")}
    env.update({"MATCHER_DATA_DIR": str(data_dir), "MATCHER_EMBEDDER": "fake"})
    env["MATCHER_THREADS"] = "1"
    return env


def _matcher(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "matcher_cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _postmaster_alive(pgdata: Path) -> bool:
    pid_file = pgdata / "postmaster.pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text().split("\n", 1)[0])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """A data directory outside pytest's ``tmp_path``: a concurrent pytest session resets
    ``/tmp/pytest-of-<user>`` to mode 0700, and the embedded server runs as another user when
    the suite runs as root."""
    root = Path(tempfile.mkdtemp(prefix="matcher-test-stop-"))
    path = root / "var"
    path.mkdir()
    try:
        yield path
    finally:
        _matcher(_env(path), "stop")  # never leave a server behind, whatever the test did
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serve_stops_the_embedded_database_on_exit(data_dir: Path, sig: signal.Signals) -> None:
    env = _env(data_dir)
    migrated = _matcher(env, "db", "migrate")
    assert migrated.returncode == 0, migrated.stderr
    pgdata = data_dir / "pg"
    assert _postmaster_alive(pgdata), "db migrate leaves the server running for the next command"

    port = free_port()
    log = data_dir / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "matcher_cli", "serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_S
        while True:
            assert server.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        server.send_signal(sig)  # Ctrl+C in `make run` is SIGINT; docker stop is SIGTERM
        server.wait(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    output = log.read_text(errors="replace")
    assert "stopped the embedded PostgreSQL" in output, output
    assert not _postmaster_alive(pgdata), output


def test_keep_database_leaves_it_running_and_stop_stops_it(data_dir: Path) -> None:
    env = _env(data_dir)
    started = _matcher(env, "db", "url")  # starts the embedded server and leaves it running
    assert started.returncode == 0, started.stderr
    pgdata = data_dir / "pg"
    assert _postmaster_alive(pgdata)

    stopped = _matcher(env, "stop")
    assert stopped.returncode == 0, stopped.stderr
    assert "stopped the embedded PostgreSQL" in stopped.stderr
    assert not _postmaster_alive(pgdata)

    again = _matcher(env, "stop")
    assert again.returncode == 0, again.stderr
    assert "is not running" in again.stderr


def test_stop_leaves_a_database_url_server_alone(tmp_path: Path) -> None:
    env = _env(tmp_path)
    env["DATABASE_URL"] = "postgresql://nobody@127.0.0.1:1/none"
    result = _matcher(env, "stop")
    assert result.returncode == 0, result.stderr
    assert "DATABASE_URL is set" in result.stderr
    assert not (tmp_path / "pg").exists()
