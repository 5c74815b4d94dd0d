"""Request limits: body size (413) as ASGI middleware, and a per-token rate limit (429)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem_response
from matcher.access.errors import PayloadTooLarge

IMPORT_PREFIX = "/v1/imports/"


class BodySizeLimitMiddleware:
    """413 for bodies above the cap: at once from ``Content-Length``, else while streaming.

    Imports get their own, larger cap; they are spooled to disk, never held in memory.
    """

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_import_bytes: int) -> None:
        self.app = app
        self.max_body = max_body_bytes
        self.max_import = max_import_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        cap = self.max_import if path.startswith(IMPORT_PREFIX) else self.max_body
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > cap
            except ValueError:
                too_big = False
            if too_big:
                response = problem_response(
                    413, "payload-too-large", f"the request body is larger than {cap} bytes"
                )
                await response(scope, receive, send)
                return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    raise PayloadTooLarge(f"the request body is larger than {cap} bytes")
            return message

        await self.app(scope, counting_receive, send)


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


@dataclass(slots=True)
class TokenBucketLimiter:
    """In-memory token buckets keyed by API token id (one process; see docs/api.md)."""

    per_minute: float
    burst: int
    _buckets: dict[int, _Bucket] = field(default_factory=dict)

    def acquire(self, key: int, now: float | None = None) -> int | None:
        """Spend one request; ``None`` when allowed, else whole seconds until the next one."""
        now = time.monotonic() if now is None else now
        rate = self.per_minute / 60.0
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return None
        return max(1, math.ceil((1.0 - bucket.tokens) / rate))
