"""Liveness, readiness and metrics (unauthenticated; keep them off the public internet)."""

from __future__ import annotations

import asyncio
import json
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
        return _loading(_count(stats.get("build_done")), _count(stats.get("build_total")))
    return JSONResponse({"status": "ready", "engine": stats})


def _count(value: int | bool | str | None) -> int:
    """A progress number from ``engine.stats()`` (0 when the engine does not report it)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _loading(done: int, total: int) -> JSONResponse:
    """503 while the index is built, with how far it got: the first start on a new database
    encodes every profile, and a bare "still loading" leaves the operator guessing how long.
    ``total`` is 0 until the profiles are counted, so the percentage is only given after."""
    if total > 0:
        detail = (
            f"the matching engine is still loading: {done} of {total} profiles and vacancies "
            f"indexed ({100 * done // total}%)"
        )
    else:
        detail = "the matching engine is still loading: counting profiles and vacancies"
    retry = {"Retry-After": str(UNAVAILABLE_RETRY_AFTER_S)}
    response = problem_response(503, "not-ready", detail, headers=retry)
    body = json.loads(bytes(response.body))
    body["progress"] = {"done": done, "total": total}
    return JSONResponse(body, status_code=503, media_type=response.media_type, headers=retry)


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
