"""Liveness, readiness and metrics (unauthenticated; keep them off the public internet)."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from api.deps import get_engine, pool_of
from api.metrics import ApiMetrics
from api.problems import problem_response, problem_responses
from matcher.storage.database import UNAVAILABLE_RETRY_AFTER_S

router = APIRouter(tags=["health"])
log = logging.getLogger("api")


@router.get("/healthz", summary="The process is alive")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="The database answers and the matching engine is loaded",
    responses=problem_responses(503),
)
async def readyz(request: Request) -> JSONResponse:
    try:
        async with asyncio.timeout(2):
            async with pool_of(request).acquire() as conn:
                await conn.fetchval("SELECT 1")
    except Exception as exc:  # any failure means "not ready", never a 500
        log.warning("readiness: database unreachable: %s", exc)
        return problem_response(
            503,
            "not-ready",
            "the database is not reachable",
            headers={"Retry-After": str(UNAVAILABLE_RETRY_AFTER_S)},
        )
    engine = get_engine(request)
    if engine is None:
        return problem_response(503, "not-ready", "the matching engine is not loaded")
    stats = engine.stats()
    if stats.get("ready", True) is False:
        return problem_response(503, "not-ready", "the matching engine is still loading")
    return JSONResponse({"status": "ready", "engine": stats})


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
async def metrics(request: Request) -> Response:
    api_metrics: ApiMetrics = request.app.state.metrics
    engine = get_engine(request)
    body = api_metrics.render(engine.stats() if engine is not None else None)
    return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")
