"""Prometheus metrics with a registry per app (tests build many apps in one process)."""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class ApiMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "matcher_http_requests",
            "HTTP requests by route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "matcher_http_request_duration_seconds",
            "HTTP request latency by route template.",
            ["method", "route"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.engine_stat = Gauge(
            "matcher_engine_stat",
            "Engine statistics from MatchingEngine.stats() (index sizes; booleans as 0/1).",
            ["name"],
            registry=self.registry,
        )
        self.engine_up = Gauge(
            "matcher_engine_up", "1 when a matching engine is running.", registry=self.registry
        )

    def render(self, engine_stats: dict[str, int | bool | str] | None) -> bytes:
        self.engine_up.set(0 if engine_stats is None else 1)
        for name, value in (engine_stats or {}).items():
            if not isinstance(value, str):  # model ids and index kinds are not numbers
                self.engine_stat.labels(name=name).set(float(value))
        return generate_latest(self.registry)


class MetricsMiddleware:
    """Counts and times every HTTP request by its route template (``/v1/workers/{worker_id}``),
    never by raw path, so ids do not explode the label set."""

    def __init__(self, app: ASGIApp, *, metrics: ApiMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500
        started = time.perf_counter()

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = str(scope.get("method", ""))
            m = self.metrics
            m.requests.labels(method=method, route=template, status=str(status)).inc()
            m.latency.labels(method=method, route=template).observe(time.perf_counter() - started)
