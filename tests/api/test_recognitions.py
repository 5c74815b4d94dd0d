"""/v1/recognitions: admins write, every authenticated caller reads; 422s name the field.

The ranking side (the next query answers by the new table) is tested against the real engine
in tests/matcher/engine/test_recognitions.py and tests/api/live/test_recognitions_live.py.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import pytest

from tests.api.conftest import Shared

ROLES = ("admin", "ag1", "ag2", "e1", "e2", "w1", "org")
SOURCE = "https://www.moj.go.jp/isa/example-recognition.html"
_day = itertools.count(1)


def _entry(**overrides: Any) -> dict[str, Any]:
    """A valid entry with a start date no other test of the module uses (the table refuses
    the same scheme, category and start date twice)."""
    start = date(2027, 1, 1) + timedelta(days=next(_day))
    body: dict[str, Any] = {
        "scheme_code": "SKM-CG-01",
        "category": "care",
        "replaces": "skill_test",
        "effective_from": start.isoformat(),
        "effective_to": None,
        "source": SOURCE,
    }
    body.update(overrides)
    return body


async def _create(shared: Shared, **overrides: Any) -> dict[str, Any]:
    response = await shared.client.post(
        "/v1/recognitions", json=_entry(**overrides), headers=shared.world.auth("admin")
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


@pytest.mark.parametrize("role", ROLES)
async def test_only_admins_add_entries(shared: Shared, role: str) -> None:
    body = _entry()
    response = await shared.client.post(
        "/v1/recognitions", json=body, headers=shared.world.auth(role)
    )
    assert response.status_code == (201 if role == "admin" else 403), response.text
    listed = (
        await shared.client.get("/v1/recognitions", headers=shared.world.auth("admin"))
    ).json()
    stored = [e for e in listed["data"] if e["effective_from"] == body["effective_from"]]
    if role == "admin":
        created = response.json()
        assert isinstance(created["id"], int) and created["id"] >= 1
        assert {k: created[k] for k in body} == body
        assert stored == [created]
    else:
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["type"].endswith("/forbidden")
        assert stored == []


@pytest.mark.parametrize("role", ROLES)
async def test_every_authenticated_caller_reads_the_table(shared: Shared, role: str) -> None:
    created = await _create(shared)
    response = await shared.client.get("/v1/recognitions", headers=shared.world.auth(role))
    assert response.status_code == 200, response.text
    listed = response.json()
    assert listed["count"] == len(listed["data"]) >= 1
    assert created in listed["data"]
    ids = [e["id"] for e in listed["data"]]
    assert ids == sorted(ids)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
async def test_only_admins_remove_entries(shared: Shared, role: str) -> None:
    created = await _create(shared)
    for target in (created["id"], 987_654):  # refused whether or not the entry exists
        response = await shared.client.delete(
            f"/v1/recognitions/{target}", headers=shared.world.auth(role)
        )
        assert response.status_code == 403, response.text
    listed = (await shared.client.get("/v1/recognitions", headers=shared.world.auth(role))).json()
    assert created in listed["data"]


async def test_an_admin_removes_an_entry_once(shared: Shared) -> None:
    created = await _create(shared)
    admin = shared.world.auth("admin")
    response = await shared.client.delete(f"/v1/recognitions/{created['id']}", headers=admin)
    assert response.status_code == 204 and response.content == b""
    listed = (await shared.client.get("/v1/recognitions", headers=admin)).json()
    assert created["id"] not in [e["id"] for e in listed["data"]]
    again = await shared.client.delete(f"/v1/recognitions/{created['id']}", headers=admin)
    assert again.status_code == 404
    assert again.headers["content-type"].startswith("application/problem+json")
    assert again.json()["type"].endswith("/not-found")


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v1/recognitions"), ("POST", "/v1/recognitions"), ("DELETE", "/v1/recognitions/1")],
)
async def test_anonymous_callers_are_refused(shared: Shared, method: str, path: str) -> None:
    kwargs: dict[str, Any] = {"json": _entry()} if method == "POST" else {}
    response = await shared.client.request(method, path, **kwargs)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"scheme_code": "SKM-NOPE-99"}, "scheme_code"),
        ({"category": "crop_farming_xyz"}, "category"),
        ({"category": "nursing_care"}, "category"),  # a field, not a job category
        ({"replaces": "japanese_test"}, "replaces"),
        ({"effective_from": "2027-02-30"}, "effective_from"),
        ({"effective_from": None}, "effective_from"),
        ({"effective_to": "2026-12-31"}, "effective_to"),  # before effective_from
        ({"source": "http://www.moj.go.jp/isa/example.html"}, "source"),
        ({"source": "see the MoU"}, "source"),
        ({"colour": "blue"}, "colour"),
    ],
)
async def test_bad_entries_are_422_naming_the_field(
    shared: Shared, overrides: dict[str, Any], field: str
) -> None:
    body = _entry(**overrides)
    response = await shared.client.post(
        "/v1/recognitions", json=body, headers=shared.world.auth("admin")
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert [e["field"] for e in problem["errors"]] == [field], problem
    assert field in problem["detail"]


async def test_a_missing_field_is_named(shared: Shared) -> None:
    body = _entry()
    del body["source"]
    response = await shared.client.post(
        "/v1/recognitions", json=body, headers=shared.world.auth("admin")
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["source"]


async def test_the_same_entry_twice_is_a_conflict(shared: Shared) -> None:
    body = _entry()
    admin = shared.world.auth("admin")
    assert (
        await shared.client.post("/v1/recognitions", json=body, headers=admin)
    ).status_code == 201
    again = await shared.client.post("/v1/recognitions", json=body, headers=admin)
    assert again.status_code == 409, again.text
    assert again.json()["errors"][0]["field"] == "effective_from"


async def test_a_bounded_entry_round_trips(shared: Shared) -> None:
    """`effective_to` is stored and answered as sent; `replaces` defaults to the skill test."""
    body = _entry(effective_to="2030-01-01")
    del body["replaces"]
    response = await shared.client.post(
        "/v1/recognitions", json=body, headers=shared.world.auth("admin")
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["replaces"] == "skill_test" and created["effective_to"] == "2030-01-01"


async def test_an_out_of_range_id_is_422(shared: Shared) -> None:
    response = await shared.client.delete(
        f"/v1/recognitions/{2**63}", headers=shared.world.auth("admin")
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["path.recognition_id"]
