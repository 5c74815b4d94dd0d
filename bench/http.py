"""HTTP section: ``matcher serve`` in a subprocess on a free loopback port, loaded with aiohttp
clients (1 and 8 at a time, a bounded number of requests), vacancy -> top-20 workers.

The server loads the snapshots the in-process engine saved, over the same database, so it
starts in seconds. Client and server share the 2 cores, as a co-located proxy would.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import httpx

from bench.cpu import CpuMeter, postmaster_pid
from bench.stats import summarise_latencies
from matcher.settings import Settings

READY_TIMEOUT_S = 300.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_env(settings: Settings) -> dict[str, str]:
    """The engine's settings as ``MATCHER_*`` variables, with rate limits out of the way."""
    assert settings.database_url is not None
    env = dict(os.environ)
    env.update(
        {
            "MATCHER_DATABASE_URL": settings.database_url.get_secret_value(),
            "MATCHER_DATA_DIR": str(settings.data_dir.resolve()),
            "MATCHER_EMBEDDER": settings.embedder,
            "MATCHER_THREADS": str(settings.threads),
            "MATCHER_API_RATE_LIMIT_PER_MINUTE": "10000000",
            "MATCHER_API_RATE_LIMIT_BURST": "100000",
            "OMP_NUM_THREADS": str(settings.threads),
        }
    )
    if settings.embedder_model is not None:
        env["MATCHER_EMBEDDER_MODEL"] = settings.embedder_model
    return env


def _matcher_cli() -> list[str]:
    script = Path(sys.executable).with_name("matcher")
    return [str(script)] if script.exists() else [sys.executable, "-m", "matcher_cli"]


def create_admin_token(env: dict[str, str]) -> str:
    out = subprocess.run(
        [*_matcher_cli(), "token", "create", "--role", "admin", "--name", "bench"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return out.stdout.strip().splitlines()[-1]


@contextmanager
def running_server(
    env: dict[str, str], log_path: Path, workers: int = 1
) -> Iterator[tuple[str, int]]:
    """``matcher serve --workers N`` on 127.0.0.1:<free port>; yields its base URL and pid once
    every process answers /readyz with 200."""
    port = free_port()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [
                *_matcher_cli(),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
                "--workers",
                str(workers),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(base, process, workers)
            yield base, process.pid
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(base: str, process: subprocess.Popen[bytes], workers: int) -> None:
    """Until /readyz answered 200 on as many fresh connections in a row as there are
    processes times four (the kernel spreads connections over the processes, so a process
    still building its index would show up as a 503 among them)."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    needed = 4 * workers
    streak = 0
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"matcher serve exited with {process.returncode}")
        try:
            with httpx.Client(base_url=base, timeout=5.0) as client:
                ok = client.get("/readyz").status_code == 200
        except httpx.TransportError:
            ok = False
        streak = streak + 1 if ok else 0
        if streak >= needed:
            return
        if not ok:
            time.sleep(0.5)
    raise RuntimeError(f"matcher serve was not ready after {READY_TIMEOUT_S:.0f} s")


async def load_series(
    base: str, token: str, paths: list[str], clients: int
) -> tuple[list[float], int]:
    """Send ``paths`` with ``clients`` concurrent workers; per-request seconds and error count.

    The load generator is aiohttp (C HTTP parser): it shares the 2 cores with the server it
    measures, and httpx cost 3.0 ms of CPU per 40 KB response against aiohttp's 0.8 ms (same
    server, back to back, ``bench/findings.md``, "Fifth pass"), which the server lost.
    """
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    timings: list[float] = []
    errors = 0
    connector = aiohttp.TCPConnector(limit=clients)
    headers = {"Authorization": f"Bearer {token}"}
    timeout = aiohttp.ClientTimeout(total=60.0)
    async with aiohttp.ClientSession(
        base, connector=connector, headers=headers, timeout=timeout
    ) as session:

        async def worker() -> None:
            nonlocal errors
            while True:
                try:
                    path = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                began = time.perf_counter()
                async with session.get(path) as response:
                    await response.read()
                    status = response.status
                timings.append(time.perf_counter() - began)
                if status != 200:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(clients)))
    return timings, errors


async def bench_http(
    settings: Settings,
    vacancy_ids: list[int],
    requests: int,
    clients: tuple[int, ...],
    log_dir: Path,
    workers: int = 1,
    pgdata: Path | None = None,
) -> dict[str, Any]:
    """Latency and throughput per client count, and the CPU each request cost the client
    (this process), the server processes and PostgreSQL (``pgdata``'s server) on shared cores."""
    env = server_env(settings)
    token = create_admin_token(env)
    paths = [
        f"/v1/vacancies/{vacancy_ids[i % len(vacancy_ids)]}/matches?limit=20"
        for i in range(requests)
    ]
    out: dict[str, Any] = {
        "requests_per_series": requests,
        "server_processes": workers,
        "load_generator": f"aiohttp {aiohttp.__version__}",
    }
    with running_server(env, log_dir / "serve.log", workers) as (base, pid):
        meter = CpuMeter(
            {"server": pid, "postgres": None if pgdata is None else postmaster_pid(pgdata)}
        )
        await load_series(base, token, paths[: min(10, len(paths))], 1)  # warm-up
        for count in clients:
            began = time.perf_counter()
            before = meter.snapshot()
            timings, errors = await load_series(base, token, paths, count)
            elapsed = time.perf_counter() - began
            out[f"clients_{count}"] = {
                **summarise_latencies(timings).as_dict(),
                "errors": errors,
                "requests_per_s": round(len(timings) / elapsed, 1),
                "cpu_ms_per_request": meter.per_request_ms(before, meter.snapshot(), len(timings)),
            }
    return out
