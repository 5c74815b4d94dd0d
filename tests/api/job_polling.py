"""Clients of job routes: submit, then poll ``Location`` until the job has finished.

Used by every test of a route that answers 202 with a job, in-process and live.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import httpx

FINISHED = ("succeeded", "failed", "cancelled")


async def wait_for_job(
    client: httpx.AsyncClient,
    accepted: httpx.Response,
    headers: dict[str, str],
    *,
    within_s: float = 60.0,
    interval: float = 0.05,
) -> dict[str, Any]:
    """The finished job that the 202 ``accepted`` started (polling its ``Location``)."""
    assert accepted.status_code == 202, accepted.text
    location = accepted.headers["location"]
    deadline = time.monotonic() + within_s
    while True:
        polled = await client.get(location, headers=headers)
        assert polled.status_code == 200, polled.text
        job: dict[str, Any] = polled.json()
        if job["state"] in FINISHED:
            return job
        assert time.monotonic() < deadline, f"job still {job['state']} after {within_s} s: {job}"
        await asyncio.sleep(interval)


async def job_result(
    client: httpx.AsyncClient, accepted: httpx.Response, headers: dict[str, str]
) -> dict[str, Any]:
    """The result of the job the 202 ``accepted`` started, once it has succeeded (shortlist
    builds, timetable plans and previews, meeting plans)."""
    job = await wait_for_job(client, accepted, {"Authorization": headers["Authorization"]})
    assert job["state"] == "succeeded", job
    result: dict[str, Any] = job["result"]
    return result


async def run_import(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], **request: Any
) -> dict[str, Any]:
    """POST an import, wait for its job to succeed, and return the import report."""
    accepted = await client.post(url, headers=headers, **request)
    job = await wait_for_job(client, accepted, {"Authorization": headers["Authorization"]})
    assert job["state"] == "succeeded", job
    report: dict[str, Any] = job["result"]
    return report


@asynccontextmanager
async def workers_locked(db_url: str) -> AsyncIterator[None]:
    """Hold a lock that keeps every write to ``workers`` waiting, so an import job stays
    running (its first batch blocked) for as long as the test needs; reads go on."""
    conn = await asyncpg.connect(db_url)
    try:
        async with conn.transaction():
            await conn.execute("LOCK TABLE workers IN EXCLUSIVE MODE")
            yield
    finally:
        await conn.close()


async def wait_running(
    client: httpx.AsyncClient, location: str, headers: dict[str, str], *, within_s: float = 30
) -> dict[str, Any]:
    """The job once it runs and its heartbeat has saved the row count."""
    deadline = time.monotonic() + within_s
    while True:
        job: dict[str, Any] = (await client.get(location, headers=headers)).json()
        if job["state"] == "running" and job["progress"]["total"] is not None:
            return job
        assert job["state"] in ("queued", "running") and time.monotonic() < deadline, job
        await asyncio.sleep(0.02)
