"""No caller can freeze the service: imports that hold no connection while their body arrives,
bounded import concurrency, and SIGTERM that ends the server within seconds.

Observed before the fix: ten concurrent ``POST /v1/imports/workers`` with ``[]`` from one token
froze every authenticated route for good (each import held the authentication connection and
waited for a second one), and SIGTERM was ignored; five imports trickling their body held all
connections for as long as they sent.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import anyio
import asyncpg
import httpx

from tests.api.live.conftest import LiveServer, server_env, start_server, stop_server

ANSWER_WITHIN_S = 5.0


async def _trickle_import(
    base_url: str, token: str, *, seconds: float, started: asyncio.Event | None = None
) -> bytes:
    """An import whose body arrives one byte a second; what the server answered (if anything)."""
    host, port = base_url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    body = b"[" + b" " * 200 + b"]"
    head = (
        "POST /v1/imports/workers HTTP/1.1\r\n"
        f"Host: {host}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    writer.write(head.encode())
    await writer.drain()
    if started is not None:
        started.set()
    answer = b""
    deadline = time.monotonic() + seconds
    try:
        for byte in body:
            if time.monotonic() > deadline:
                break
            writer.write(bytes([byte]))
            await writer.drain()
            try:
                answer = await asyncio.wait_for(reader.read(4096), timeout=1.0)
            except TimeoutError:
                continue
            if answer:
                break
    except ConnectionError:
        pass
    finally:
        writer.close()
    return answer


async def _idle_in_transaction(db_url: str) -> int:
    conn = await asyncpg.connect(db_url)
    try:
        count: int = await conn.fetchval(
            """SELECT count(*) FROM pg_stat_activity
               WHERE datname = current_database() AND state = 'idle in transaction'"""
        )
        return count
    finally:
        await conn.close()


async def test_concurrent_and_slow_imports_never_freeze_the_api(live_server: LiveServer) -> None:
    w = live_server.world
    # Five slow imports by tokens that may import workers: the process runs four at once.
    slow_tokens = [w.tokens[k] for k in ("admin", "ag1", "ag2", "ag2", "admin")]
    slow = [
        asyncio.ensure_future(_trickle_import(live_server.base_url, t, seconds=12))
        for t in slow_tokens
    ]
    await asyncio.sleep(1.0)
    async with httpx.AsyncClient(base_url=live_server.base_url, timeout=30) as client:
        bursts = await asyncio.gather(
            *(
                client.post(
                    "/v1/imports/workers",
                    content=b"[]",
                    headers={**w.auth("ag1"), "Content-Type": "application/json"},
                )
                for _ in range(10)
            )
        )
        statuses = sorted(r.status_code for r in bursts)
        # Beyond the token's share (or the server's total) an import is refused at once, with
        # Retry-After; none hangs and none fails.
        assert set(statuses) <= {202, 429, 503}, statuses  # 202: stored as a job (issue 17)
        assert all("Retry-After" in r.headers for r in bursts if r.status_code != 202)
        assert 429 in statuses or 503 in statuses

        # While the five slow bodies are still arriving, everything else answers promptly.
        assert await _idle_in_transaction(live_server.db_url) == 0
        started = time.monotonic()
        me = await client.get("/v1/me", headers=w.auth("ag2"))
        listed = await client.get("/v1/workers", headers=w.auth("admin"))
        assert me.status_code == 200 and listed.status_code == 200
        assert time.monotonic() - started < ANSWER_WITHIN_S
        assert not all(task.done() for task in slow), "the slow imports ended too early"
        busy = await client.post(
            "/v1/imports/workers",
            content=b"[]",
            headers={**w.auth("admin"), "Content-Type": "application/json"},
        )
        assert busy.status_code in (429, 503), busy.text
    answers = await asyncio.gather(*slow)
    # The total bound (4) lets four bodies in; the fifth was refused as it arrived.
    first_lines = [a.split(b"\r\n")[0] for a in answers if a]
    assert sum(b" 503 " in line for line in first_lines) == 1, first_lines


async def test_an_import_that_stops_sending_is_refused_and_holds_nothing(
    db_url: str, tmp_path: Path
) -> None:
    from tests.api.conftest import seed_world

    world = await seed_world(db_url)
    env = server_env(db_url, tmp_path / "var", MATCHER_API_IMPORT_BODY_IDLE_TIMEOUT_S="1.5")
    process, base_url = await anyio.to_thread.run_sync(start_server, env, tmp_path / "serve.log")
    try:
        host, port = base_url.removeprefix("http://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        writer.write(
            (
                "POST /v1/imports/workers HTTP/1.1\r\n"
                f"Host: {host}\r\nAuthorization: Bearer {world.tokens['ag1']}\r\n"
                "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n["
            ).encode()
        )
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=10)
        length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
        answer = head + await asyncio.wait_for(reader.readexactly(length), timeout=5)
        writer.close()
        assert answer.split(b"\r\n")[0].endswith(b"408 Request Timeout"), answer
        assert b"request-timeout" in answer
    finally:
        await anyio.to_thread.run_sync(stop_server, process)


async def test_sigterm_stops_the_server_within_seconds_mid_request(
    live_server: LiveServer,
) -> None:
    started = asyncio.Event()
    pending = asyncio.ensure_future(
        _trickle_import(
            live_server.base_url, live_server.world.tokens["ag1"], seconds=60, started=started
        )
    )
    await started.wait()
    await asyncio.sleep(0.5)
    began = time.monotonic()
    code = await anyio.to_thread.run_sync(stop_server, live_server.process, 20.0)
    took = time.monotonic() - began
    pending.cancel()
    # uvicorn re-raises the SIGTERM it handled once it has shut down cleanly.
    # 143 = 128 + SIGTERM: how serve exits after stopping an embedded database on SIGTERM
    assert code in (0, -15, 143), live_server.output()
    assert "Application shutdown complete" in live_server.output()
    assert took < 15.0, f"SIGTERM took {took:.1f} s"
