"""The recognition table through a real server: changing it changes the NEXT query's answers.

A caregiver holds a valid SKM-CG-01 certificate (to 2027-05-01) but no nursing-care skill test,
so she is not eligible for a nursing-care vacancy. An admin's POST /v1/recognitions for
(SKM-CG-01, care) in force on the vacancy's start date makes the very next ranking request
eligible, with a reason naming the recognition and its source; DELETE takes it back. An entry
not yet in force on a vacancy's start date does not count for that vacancy.
"""

from __future__ import annotations

from typing import Any

import httpx

from tests import factories
from tests.api.live.conftest import LiveServer

SOURCE = "https://www.mhlw.go.jp/stf/example-mutual-recognition.html"


async def _ranking(
    client: httpx.AsyncClient, server: LiveServer, vacancy_id: int, worker_id: int
) -> tuple[dict[str, Any] | None, bool]:
    """The worker's result among all candidates (ineligible included), and whether the
    eligible-only ranking lists her."""
    admin = server.world.auth("admin")
    every = await client.get(
        f"/v1/vacancies/{vacancy_id}/matches",
        params={"include_ineligible": "true", "limit": 200},
        headers=admin,
    )
    assert every.status_code == 200, every.text
    found = [m for m in every.json()["data"] if m["worker"]["id"] == worker_id]
    eligible_only = await client.get(
        f"/v1/vacancies/{vacancy_id}/matches", params={"limit": 200}, headers=admin
    )
    assert eligible_only.status_code == 200, eligible_only.text
    listed = worker_id in {m["worker"]["id"] for m in eligible_only.json()["data"]}
    return (found[0] if found else None), listed


async def _setup(client: httpx.AsyncClient, server: LiveServer) -> tuple[int, int, int]:
    """The caregiver without a skill test and two care vacancies of E-1 (starting 2026-10-01
    and 2027-02-01); their ids."""
    w = server.world
    worker = await client.post(
        "/v1/workers", json=factories.worker_data(501, ssw_tests=[]), headers=w.auth("ag1")
    )
    assert worker.status_code == 201, worker.text
    ids = []
    for n, starts in ((501, "2026-10-01"), (502, "2027-02-01")):
        body = factories.vacancy_data(
            n, employer=None, employer_id=w.employer["e1"], starts_on=starts
        )
        vacancy = await client.post("/v1/vacancies", json=body, headers=w.auth("e1"))
        assert vacancy.status_code == 201, vacancy.text
        ids.append(vacancy.json()["id"])
    return worker.json()["id"], ids[0], ids[1]


async def _recognise(client: httpx.AsyncClient, server: LiveServer, effective_from: str) -> int:
    body = {
        "scheme_code": "SKM-CG-01",
        "category": "care",
        "replaces": "skill_test",
        "effective_from": effective_from,
        "effective_to": None,
        "source": SOURCE,
    }
    created = await client.post("/v1/recognitions", json=body, headers=server.world.auth("admin"))
    assert created.status_code == 201, created.text
    entry_id: int = created.json()["id"]
    return entry_id


async def test_the_next_query_answers_by_the_changed_table(live_server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=live_server.base_url, timeout=30) as client:
        worker_id, early, _ = await _setup(client, live_server)
        before, listed = await _ranking(client, live_server, early, worker_id)
        assert before is not None and before["eligible"] is False and not listed
        assert not any(SOURCE in r for r in before["reasons"])

        entry_id = await _recognise(client, live_server, "2026-01-01")
        after, listed = await _ranking(client, live_server, early, worker_id)
        assert after is not None and after["eligible"] is True and listed
        (reason,) = [r for r in after["reasons"] if SOURCE in r]
        assert "Caregiver (Perawat Lansia)" in reason, reason  # the certificate's scheme
        assert "2026-01-01" in reason

        deleted = await client.delete(
            f"/v1/recognitions/{entry_id}", headers=live_server.world.auth("admin")
        )
        assert deleted.status_code == 204, deleted.text
        again, listed = await _ranking(client, live_server, early, worker_id)
        assert again is not None and again["eligible"] is False and not listed
        assert not any(SOURCE in r for r in again["reasons"])


async def test_an_entry_not_in_force_on_the_start_date_does_not_count(
    live_server: LiveServer,
) -> None:
    async with httpx.AsyncClient(base_url=live_server.base_url, timeout=30) as client:
        worker_id, early, late = await _setup(client, live_server)
        await _recognise(client, live_server, "2027-01-01")
        on_early, listed_early = await _ranking(client, live_server, early, worker_id)
        on_late, listed_late = await _ranking(client, live_server, late, worker_id)
        # Starts 2026-10-01, before the entry is in force: still no skill test.
        assert on_early is not None and on_early["eligible"] is False and not listed_early
        assert not any(SOURCE in r for r in on_early["reasons"])
        # Starts 2027-02-01: the entry is in force and the certificate still valid.
        assert on_late is not None and on_late["eligible"] is True and listed_late
        assert any(SOURCE in r for r in on_late["reasons"])
