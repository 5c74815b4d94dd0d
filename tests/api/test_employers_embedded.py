"""Employers embedded in a vacancy (issue 14, observation 4: no silent overwrite).

An embedded employer is created when its external id is new; when it exists, only the fields
sent change and every other field keeps its stored value; only a caller who may edit that
employer may change it (admins; an employer token only itself). docs/api.md, "PUT, PATCH and
embedded objects".
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests import factories
from tests.api.conftest import World
from tests.api.job_polling import run_import
from tests.api.test_basics import assert_problem

DEMO_E7 = factories.demo_employer_e7()
_PROFILE_FIELDS = ("external_id", "name", "name_ja", "prefecture", "city", "description", "website")


def _profile(employer: dict[str, Any]) -> dict[str, Any]:
    return {k: employer.get(k) for k in _PROFILE_FIELDS}


async def _create_employer(client: httpx.AsyncClient, world: World, data: dict[str, Any]) -> int:
    made = await client.post("/v1/employers", json=data, headers=world.auth("admin"))
    assert made.status_code == 201, made.text
    employer_id: int = made.json()["id"]
    return employer_id


async def _employer(client: httpx.AsyncClient, world: World, employer_id: int) -> dict[str, Any]:
    got = await client.get(f"/v1/employers/{employer_id}", headers=world.auth("admin"))
    assert got.status_code == 200, got.text
    body: dict[str, Any] = got.json()
    return body


async def _post_vacancy(
    client: httpx.AsyncClient, world: World, who: str, n: int, employer: dict[str, Any]
) -> httpx.Response:
    body = factories.vacancy_data(n, employer=employer)
    return await client.post("/v1/vacancies", json=body, headers=world.auth(who))


async def test_the_docs_example_keeps_the_fields_it_does_not_send(
    client: httpx.AsyncClient, world: World
) -> None:
    """The example of docs/api.md (external id, name, prefecture) used to blank name_ja, city,
    description and website of the stored employer."""
    employer_id = await _create_employer(client, world, DEMO_E7)
    sent = {"external_id": "E-7", "name": "Sendai Kaigo Co.", "prefecture": "Miyagi"}

    posted = await _post_vacancy(client, world, "admin", 42, sent)

    assert posted.status_code == 201, posted.text
    assert posted.json()["employer_id"] == employer_id
    stored = await _employer(client, world, employer_id)
    assert _profile(stored) == {**DEMO_E7, **sent}


async def test_an_employer_named_by_external_id_and_name_keeps_everything_else(
    client: httpx.AsyncClient, world: World
) -> None:
    employer_id = await _create_employer(client, world, DEMO_E7)

    posted = await _post_vacancy(
        client, world, "admin", 43, {"external_id": "E-7", "name": "Akita Air Service"}
    )

    assert posted.status_code == 201, posted.text
    stored = await _employer(client, world, employer_id)
    assert _profile(stored) == {**DEMO_E7, "name": "Akita Air Service"}


async def test_an_existing_employer_can_be_named_by_its_external_id_alone(
    client: httpx.AsyncClient, world: World
) -> None:
    employer_id = await _create_employer(client, world, DEMO_E7)
    before = await _employer(client, world, employer_id)

    posted = await _post_vacancy(client, world, "admin", 44, {"external_id": "E-7"})

    assert posted.status_code == 201, posted.text
    assert posted.json()["employer_id"] == employer_id
    assert await _employer(client, world, employer_id) == before  # updated_at included


async def test_embedding_the_same_employer_twice_is_idempotent(
    client: httpx.AsyncClient, world: World
) -> None:
    first = await _post_vacancy(client, world, "admin", 45, DEMO_E7)
    assert first.status_code == 201, first.text
    employer_id = first.json()["employer_id"]
    created = await _employer(client, world, employer_id)
    assert _profile(created) == DEMO_E7

    second = await _post_vacancy(client, world, "admin", 46, DEMO_E7)

    assert second.status_code == 201, second.text
    assert second.json()["employer_id"] == employer_id
    assert await _employer(client, world, employer_id) == created  # not even updated_at moved
    listed = (await client.get("/v1/employers", headers=world.auth("admin"))).json()["data"]
    assert [e["id"] for e in listed if e["external_id"] == "E-7"] == [employer_id]


async def test_a_field_sent_as_null_is_cleared(client: httpx.AsyncClient, world: World) -> None:
    employer_id = await _create_employer(client, world, DEMO_E7)

    posted = await _post_vacancy(client, world, "admin", 47, {"external_id": "E-7", "city": None})

    assert posted.status_code == 201, posted.text
    assert _profile(await _employer(client, world, employer_id)) == {**DEMO_E7, "city": None}


async def test_a_change_that_breaks_the_employer_is_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    employer_id = await _create_employer(client, world, DEMO_E7)
    before = await _employer(client, world, employer_id)

    refused = await _post_vacancy(client, world, "admin", 48, {"external_id": "E-7", "name": None})

    body = assert_problem(refused, 422, "validation")
    assert [e["field"] for e in body["errors"]] == ["employer.name"]
    assert await _employer(client, world, employer_id) == before


async def test_a_new_embedded_employer_needs_its_required_fields(
    client: httpx.AsyncClient, world: World
) -> None:
    refused = await _post_vacancy(client, world, "admin", 49, {"external_id": "E-99", "name": "X"})

    body = assert_problem(refused, 422, "validation")
    assert [e["field"] for e in body["errors"]] == ["employer.prefecture"]
    listed = (await client.get("/v1/employers", headers=world.auth("admin"))).json()["data"]
    assert "E-99" not in {e["external_id"] for e in listed}


async def test_an_embedded_employer_is_validated_field_by_field(
    client: httpx.AsyncClient, world: World
) -> None:
    refused = await _post_vacancy(
        client, world, "admin", 50, {"external_id": "E-7", "website": "not a url", "color": "red"}
    )

    body = assert_problem(refused, 422, "validation")
    assert {e["field"] for e in body["errors"]} == {"employer.website", "employer.color"}


async def test_an_employer_token_may_not_embed_another_employer(
    client: httpx.AsyncClient, world: World
) -> None:
    """Refused with 403 whether the other employer exists or not (existence is not told), and
    the other employer is left exactly as it was."""
    other_id = world.employer["e2"]
    before = await _employer(client, world, other_id)
    changes = {**_profile(before), "name": "Taken Over", "prefecture": "Tokyo", "city": "Nowhere"}

    refused = await _post_vacancy(client, world, "e1", 51, changes)
    missing = await _post_vacancy(client, world, "e1", 52, {**changes, "external_id": "E-404"})

    for response in (refused, missing):
        body = assert_problem(response, 403, "forbidden")
        assert "only for themselves" in body["detail"]
    assert await _employer(client, world, other_id) == before
    listed = (await client.get("/v1/employers", headers=world.auth("admin"))).json()["data"]
    assert "E-404" not in {e["external_id"] for e in listed}
    vacancies = (await client.get("/v1/vacancies", headers=world.auth("e1"))).json()["data"]
    assert not {v["external_id"] for v in vacancies} & {"MYG-0051", "MYG-0052"}


async def test_an_employer_token_may_not_name_another_employer_by_id(
    client: httpx.AsyncClient, world: World
) -> None:
    body = factories.vacancy_data(53, employer=None, employer_id=world.employer["e2"])
    refused = await client.post("/v1/vacancies", json=body, headers=world.auth("e1"))
    assert_problem(refused, 403, "forbidden")


async def test_an_employer_token_changes_only_the_fields_it_sends_to_itself(
    client: httpx.AsyncClient, world: World
) -> None:
    """Allowed, with the same rights as PATCH /v1/employers/{own id}; nothing else changes."""
    own_id = world.employer["e1"]
    before = await _employer(client, world, own_id)

    posted = await _post_vacancy(
        client, world, "e1", 54, {"external_id": before["external_id"], "city": "Sendai"}
    )

    assert posted.status_code == 201, posted.text
    assert posted.json()["employer_id"] == own_id
    assert _profile(await _employer(client, world, own_id)) == {
        **_profile(before),
        "city": "Sendai",
    }


async def test_imports_keep_the_fields_an_embedded_employer_does_not_send(
    client: httpx.AsyncClient, world: World
) -> None:
    employer_id = await _create_employer(client, world, DEMO_E7)
    rows = [
        factories.vacancy_data(60, employer={"external_id": "E-7", "name": "Akita Air Service"}),
        factories.vacancy_data(61, employer={"external_id": "E-7"}),
    ]
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"

    imported = await run_import(
        client,
        "/v1/imports/vacancies",
        {**world.auth("admin"), "content-type": "application/x-ndjson"},
        content=body.encode(),
    )

    assert (imported["created"], imported["error_count"]) == (2, 0)
    assert _profile(await _employer(client, world, employer_id)) == {
        **DEMO_E7,
        "name": "Akita Air Service",
    }


async def test_an_employer_import_naming_another_employer_leaves_it_unchanged(
    client: httpx.AsyncClient, world: World
) -> None:
    other_id = world.employer["e2"]
    before = await _employer(client, world, other_id)
    row = factories.vacancy_data(
        62, employer={"external_id": before["external_id"], "name": "Taken Over"}
    )

    report = await run_import(
        client,
        "/v1/imports/vacancies",
        {**world.auth("e1"), "content-type": "application/x-ndjson"},
        content=(json.dumps(row, ensure_ascii=False) + "\n").encode(),
    )

    assert report["created"] == 0
    assert [(e["row"], e["field"]) for e in report["errors"]] == [(1, "employer.external_id")]
    assert await _employer(client, world, other_id) == before


async def test_a_refused_vacancy_leaves_its_embedded_employer_as_it_was(
    client: httpx.AsyncClient, world: World
) -> None:
    """The employer is written in the vacancy's transaction: a 409 for the vacancy undoes it."""
    first = await _post_vacancy(client, world, "admin", 70, DEMO_E7)
    assert first.status_code == 201, first.text
    employer_id = first.json()["employer_id"]
    before = await _employer(client, world, employer_id)

    again = await _post_vacancy(client, world, "admin", 70, {"external_id": "E-7", "city": "Oga"})

    assert_problem(again, 409, "conflict")
    assert await _employer(client, world, employer_id) == before
