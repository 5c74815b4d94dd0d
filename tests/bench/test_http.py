"""The HTTP load generator against a small local server: every request timed, errors counted,
the token sent, never more requests in flight than clients."""

from __future__ import annotations

import asyncio
import socket

from aiohttp import web

from bench.http import load_series


async def test_load_series_times_every_request_and_counts_errors() -> None:
    in_flight = 0
    most = 0
    seen_tokens: set[str] = set()

    async def handle(request: web.Request) -> web.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        seen_tokens.add(request.headers.get("Authorization", ""))
        await asyncio.sleep(0.005)
        in_flight -= 1
        if request.match_info["name"] == "missing":
            return web.Response(status=404)
        return web.Response(body=b"x" * 40_000)

    app = web.Application()
    app.router.add_get("/items/{name}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    await web.SockSite(runner, sock).start()
    try:
        paths = [f"/items/{'missing' if i % 5 == 0 else i}" for i in range(40)]
        timings, errors = await load_series(f"http://127.0.0.1:{port}", "secret", paths, 4)
    finally:
        await runner.cleanup()
    assert len(timings) == 40
    assert all(t > 0.004 for t in timings)
    assert errors == 8
    assert seen_tokens == {"Bearer secret"}
    assert 1 < most <= 4
