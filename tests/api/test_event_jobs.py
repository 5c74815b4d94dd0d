"""Shortlist builds and timetable plans as jobs: refusals are still immediate 4xx naming what is
wrong, progress counts vacancies, an employer's build covers its own vacancies only, and a plan
whose inputs change while it is solved is solved again from the new inputs before it is stored."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from matcher.events.timetable import PlanOutcome, TimetableInputs, solve_inputs
from matcher.settings import Settings
from models.schemas.events import TimetableRequest
from tests.api.conftest import World, api_settings, real_engine_factory
from tests.api.job_polling import job_result, wait_for_job
from tests.api.test_events import EVENT


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings, api_settings=api_settings(), engine_factory=real_engine_factory)


async def event_with_two_employers(client: httpx.AsyncClient, world: World) -> int:
    """An event with e1 (v1) and e2 (v2) and workers w1 and w2 registered, by the organiser."""
    org = world.auth("org")
    r = await client.post("/v1/events", json=EVENT, headers=org)
    assert r.status_code == 201, r.text
    eid: int = r.json()["id"]
    for key, vacancy in (("e1", "v1"), ("e2", "v2")):
        body = {"employer_id": world.employer[key], "vacancy_ids": [world.vacancy[vacancy]]}
        r = await client.put(f"/v1/events/{eid}/employers", json=body, headers=org)
        assert r.status_code == 200, r.text
    for key in ("w1", "w2"):
        body = {"worker_id": world.worker[key], "max_interviews": 2}
        r = await client.put(f"/v1/events/{eid}/workers", json=body, headers=org)
        assert r.status_code == 200, r.text
    return eid


async def test_shortlist_builds_are_jobs_with_progress_in_the_callers_scope(
    client: httpx.AsyncClient, world: World
) -> None:
    org, e1 = world.auth("org"), world.auth("e1")
    eid = await event_with_two_employers(client, world)
    url = f"/v1/events/{eid}/shortlists"

    # Refusals come at once, before any job is stored.
    assert (await client.post(url, json={}, headers=world.auth("w1"))).status_code == 403
    missing = await client.post("/v1/events/999999/shortlists", json={}, headers=org)
    assert missing.status_code == 404
    bad = await client.post(url, json={"limit_per_vacancy": 0}, headers=org)
    assert bad.status_code == 422 and "limit_per_vacancy" in bad.text

    accepted = await client.post(url, json={"limit_per_vacancy": 5}, headers=org)
    job = await wait_for_job(client, accepted, org)
    assert job["state"] == "succeeded", job
    assert job["progress"] == {"done": 2, "total": 2}
    assert job["result"]["vacancies"] == 2 and job["result"]["entries"] > 0
    listed = (await client.get(url, headers=org)).json()["data"]
    assert len(listed) == job["result"]["entries"]

    # An employer ranks its own vacancy only; the other employer's shortlist stays as it was.
    before = {
        (x["vacancy_id"], x["worker"]["id"], x["rank"])
        for x in listed
        if x["vacancy_id"] == world.vacancy["v2"]
    }
    own = await job_result(client, await client.post(url, json={}, headers=e1), e1)
    assert own["vacancies"] == 1
    after = (await client.get(url, headers=org)).json()["data"]
    assert {
        (x["vacancy_id"], x["worker"]["id"], x["rank"])
        for x in after
        if x["vacancy_id"] == world.vacancy["v2"]
    } == before

    # The job is its owner's: another employer does not learn it exists.
    other = await client.get(accepted.headers["location"], headers=world.auth("e2"))
    assert other.status_code == 404


async def test_a_plan_whose_inputs_change_while_it_is_solved_is_solved_again(
    client: httpx.AsyncClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = world.auth("org")
    eid = await event_with_two_employers(client, world)
    await job_result(client, await client.post(f"/v1/events/{eid}/shortlists", headers=org), org)
    leaver = world.worker["w2"]
    solved: list[PlanOutcome] = []

    async def solve_while_a_worker_leaves(
        inputs: TimetableInputs, request: TimetableRequest
    ) -> PlanOutcome:
        outcome = await solve_inputs(inputs, request)
        if not solved:  # the worker cancels while the first solve runs
            r = await client.delete(f"/v1/events/{eid}/workers/{leaver}", headers=org)
            assert r.status_code == 204, r.text
        solved.append(outcome)
        return outcome

    monkeypatch.setattr("matcher.jobs.events.solve_inputs", solve_while_a_worker_leaves)
    planned = await job_result(
        client, await client.post(f"/v1/events/{eid}/timetable", json={}, headers=org), org
    )
    assert len(solved) == 2
    assert str(leaver) in {i.worker_id for i in solved[0].timetable.interviews}
    assert leaver not in {i["worker_id"] for i in planned["data"]}
    stored = (await client.get(f"/v1/events/{eid}/timetable", headers=org)).json()["data"]
    assert sorted(i["id"] for i in stored) == sorted(i["id"] for i in planned["data"])


async def test_a_plan_that_cannot_place_its_pins_fails_with_a_reason_in_the_readers_language(
    client: httpx.AsyncClient, world: World
) -> None:
    org = world.auth("org")
    eid = await event_with_two_employers(client, world)
    await job_result(client, await client.post(f"/v1/events/{eid}/shortlists", headers=org), org)
    # w1 may have one interview but is pinned for both vacancies: no timetable honours that.
    one = {"worker_id": world.worker["w1"], "max_interviews": 1}
    assert (await client.put(f"/v1/events/{eid}/workers", json=one, headers=org)).is_success
    for vacancy in ("v1", "v2"):
        pin = f"/v1/events/{eid}/shortlists/{world.vacancy[vacancy]}/{world.worker['w1']}"
        r = await client.put(pin, json={"decision": "pin"}, headers=org)
        assert r.status_code == 204, r.text
    accepted = await client.post(f"/v1/events/{eid}/timetable", json={}, headers=org)
    job = await wait_for_job(client, accepted, org)
    assert job["state"] == "failed", job
    assert [e["code"] for e in job["errors"]] == ["timetable_infeasible"]
    polled = await client.get(f"{accepted.headers['location']}?lang=ja", headers=org)
    assert polled.json()["errors"][0]["message"].startswith("失敗しました")
    # Nothing was stored.
    stored = await client.get(f"/v1/events/{eid}/timetable", headers=org)
    assert stored.json()["count"] == 0
