"""Request limits: body size (413) as ASGI middleware, rate limits per token and per client
address (429), and how many imports run at once (429/503)."""

from __future__ import annotations

import math
import time
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem_response
from matcher.access.errors import PayloadTooLarge, RateLimited, ServiceBusy

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


PRUNE_ABOVE = 10_000


@dataclass(slots=True)
class TokenBucketLimiter:
    """In-memory token buckets keyed by API token id or client address (one process; see
    docs/api.md). Buckets that have refilled are forgotten once there are many, so a stream of
    new addresses cannot grow the table without bound."""

    per_minute: float
    burst: int
    _buckets: dict[Hashable, _Bucket] = field(default_factory=dict)

    def _refilled(self, key: Hashable, now: float) -> _Bucket:
        rate = self.per_minute / 60.0
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= PRUNE_ABOVE:
                self._prune(now)
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        return bucket

    def _prune(self, now: float) -> None:
        rate = self.per_minute / 60.0
        full = [
            key
            for key, b in self._buckets.items()
            if b.tokens + (now - b.updated) * rate >= self.burst
        ]
        for key in full:
            del self._buckets[key]

    def _wait(self, bucket: _Bucket) -> int:
        return max(1, math.ceil((1.0 - bucket.tokens) / (self.per_minute / 60.0)))

    def acquire(self, key: Hashable, now: float | None = None) -> int | None:
        """Spend one request; ``None`` when allowed, else whole seconds until the next one."""
        bucket = self._refilled(key, time.monotonic() if now is None else now)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return None
        return self._wait(bucket)

    def blocked(self, key: Hashable, now: float | None = None) -> int | None:
        """Seconds until ``key`` may spend again, without spending; ``None`` when it may."""
        bucket = self._refilled(key, time.monotonic() if now is None else now)
        return None if bucket.tokens >= 1.0 else self._wait(bucket)


class ImportSlots:
    """How many imports run at once, per token and in total.

    An import holds a pooled connection while it writes, and its body may take long to arrive:
    without a bound, a few callers could hold every connection. Beyond a token's share the
    answer is 429, beyond the process's total 503, both with ``Retry-After``. Only the event
    loop touches the counters, so they need no lock.
    """

    RETRY_AFTER_S = 5

    def __init__(self, *, per_token: int, total: int) -> None:
        self.per_token = per_token
        self.total = total
        self.running = 0
        self._by_token: dict[int | None, int] = {}

    @contextmanager
    def hold(self, token_id: int | None) -> Iterator[None]:
        if self._by_token.get(token_id, 0) >= self.per_token:
            raise RateLimited(
                f"this token already runs {self.per_token} imports; wait for one to finish",
                retry_after=self.RETRY_AFTER_S,
            )
        if self.running >= self.total:
            raise ServiceBusy(
                f"the server already runs {self.total} imports; try again shortly",
                retry_after=self.RETRY_AFTER_S,
            )
        self.running += 1
        self._by_token[token_id] = self._by_token.get(token_id, 0) + 1
        try:
            yield
        finally:
            self.running -= 1
            left = self._by_token[token_id] - 1
            if left:
                self._by_token[token_id] = left
            else:
                del self._by_token[token_id]
