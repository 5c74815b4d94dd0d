"""Every role against every resource (DOMAIN.md "Who sees what"; OWASP API1 and API5).

Expected statuses: 2xx allowed; 403 for an action the role may never take on an object it can
see; 404 for an object it may not see, exactly as for one that does not exist.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from tests import factories
from tests.api.conftest import Shared

ROLES = ("admin", "ag1", "ag2", "e1", "e2", "w1", "org")
_serial = itertools.count(1000)
W1 = factories.worker_data(1)  # the seeded w1
# The fields a worker may change on itself (docs/api.md "Who changes what"); every other field
# of the profile is the agency's (or an admin's) to change.
WORKER_STATED = (
    "summary",
    "contact",
    "preferred_fields",
    "preferred_prefectures",
    "available_from",
    "discoverable",
)


def _new_worker() -> dict[str, Any]:
    return factories.worker_data(next(_serial))


def _new_vacancy(shared: Shared) -> dict[str, Any]:
    return factories.vacancy_data(
        next(_serial), employer=None, employer_id=shared.world.employer["e1"]
    )


def _import_rows() -> str:
    return json.dumps(factories.worker_data(next(_serial))) + "\n"


def _import_vacancy(shared: Shared) -> str:
    return json.dumps(_new_vacancy(shared)) + "\n"


# (method, path, body builder or None, {role: expected status}); paths use world keys.
Case = tuple[str, str, Any, dict[str, int]]
ALL_200 = dict.fromkeys(ROLES, 200)
CASES: dict[str, Case] = {
    # workers: read
    "get own-agency discoverable worker": (
        "GET",
        "/v1/workers/{w1}",
        None,
        ALL_200,
    ),
    "get hidden worker of AG2": (
        "GET",
        "/v1/workers/{w3}",
        None,
        {"admin": 200, "ag1": 404, "ag2": 200, "e1": 404, "e2": 404, "w1": 404, "org": 404},
    ),
    "get another worker as a worker": (
        "GET",
        "/v1/workers/{w2}",
        None,
        {"admin": 200, "ag1": 200, "ag2": 200, "e1": 200, "e2": 200, "w1": 404, "org": 200},
    ),
    "get missing worker": ("GET", "/v1/workers/987654", None, dict.fromkeys(ROLES, 404)),
    # workers: write
    "create worker": (
        "POST",
        "/v1/workers",
        lambda s: _new_worker(),
        {"admin": 201, "ag1": 201, "ag2": 201, "e1": 403, "e2": 403, "w1": 403, "org": 403},
    ),
    "patch w1": (
        "PATCH",
        "/v1/workers/{w1}",
        lambda s: {"province": "Jawa Barat"},
        {"admin": 200, "ag1": 200, "ag2": 403, "e1": 403, "e2": 403, "w1": 403, "org": 403},
    ),
    # What a worker states itself (values unchanged, so the shared worker stays as seeded).
    "patch w1 with what a worker states": (
        "PATCH",
        "/v1/workers/{w1}",
        lambda s: {k: W1[k] for k in WORKER_STATED},
        {"admin": 200, "ag1": 200, "ag2": 403, "e1": 403, "e2": 403, "w1": 200, "org": 403},
    ),
    # What the agency attests: a worker may not declare a skill test or rename its external id.
    "patch w1's skill tests and external id": (
        "PATCH",
        "/v1/workers/{w1}",
        lambda s: {"external_id": W1["external_id"], "ssw_tests": W1["ssw_tests"]},
        {"admin": 200, "ag1": 200, "ag2": 403, "e1": 403, "e2": 403, "w1": 403, "org": 403},
    ),
    "patch hidden w3": (
        "PATCH",
        "/v1/workers/{w3}",
        lambda s: {"province": "Bali"},
        {"admin": 200, "ag1": 404, "ag2": 200, "e1": 404, "e2": 404, "w1": 404, "org": 404},
    ),
    "delete w1 (refused only)": (
        "DELETE",
        "/v1/workers/{w1}",
        None,
        {"ag2": 403, "e1": 403, "e2": 403, "w1": 403, "org": 403},
    ),
    "delete hidden w3 (refused only)": (
        "DELETE",
        "/v1/workers/{w3}",
        None,
        {"ag1": 404, "e1": 404, "e2": 404, "w1": 404, "org": 404},
    ),
    "disclose w1 to e1": (
        "POST",
        "/v1/workers/{w1}/disclosures",
        lambda s: {"employer_id": s.world.employer["e2"]},
        {"admin": 204, "ag1": 204, "ag2": 403, "e1": 403, "e2": 403, "w1": 204, "org": 403},
    ),
    # employers
    "get employer e1": (
        "GET",
        "/v1/employers/{e1}",
        None,
        {**ALL_200, "e2": 404},
    ),
    "create employer": (
        "POST",
        "/v1/employers",
        lambda s: factories.employer_data(next(_serial)),
        {"admin": 201, "ag1": 403, "ag2": 403, "e1": 403, "e2": 403, "w1": 403, "org": 403},
    ),
    "patch employer e1": (
        "PATCH",
        "/v1/employers/{e1}",
        lambda s: {"city": "Sendai"},
        {"admin": 200, "ag1": 403, "ag2": 403, "e1": 200, "e2": 404, "w1": 403, "org": 403},
    ),
    "delete employer e1 (refused only)": (
        "DELETE",
        "/v1/employers/{e1}",
        None,
        {"ag1": 403, "ag2": 403, "e1": 403, "e2": 404, "w1": 403, "org": 403},
    ),
    # vacancies
    "get vacancy v1": ("GET", "/v1/vacancies/{v1}", None, {**ALL_200, "e2": 404}),
    "create vacancy for e1": (
        "POST",
        "/v1/vacancies",
        _new_vacancy,
        {"admin": 201, "ag1": 403, "ag2": 403, "e1": 201, "e2": 403, "w1": 403, "org": 403},
    ),
    "patch vacancy v1": (
        "PATCH",
        "/v1/vacancies/{v1}",
        lambda s: {"headcount": 3},
        {"admin": 200, "ag1": 403, "ag2": 403, "e1": 200, "e2": 404, "w1": 403, "org": 403},
    ),
    "delete vacancy v1 (refused only)": (
        "DELETE",
        "/v1/vacancies/{v1}",
        None,
        {"ag1": 403, "ag2": 403, "e2": 404, "w1": 403, "org": 403},
    ),
    # matching
    "matches for v1": (
        "GET",
        "/v1/vacancies/{v1}/matches",
        None,
        {"admin": 200, "ag1": 200, "ag2": 200, "e1": 200, "e2": 404, "w1": 403, "org": 200},
    ),
    "recommendations for w1": (
        "GET",
        "/v1/workers/{w1}/recommendations",
        None,
        {"admin": 200, "ag1": 200, "ag2": 403, "e1": 403, "e2": 403, "w1": 200, "org": 403},
    ),
    "recommendations for hidden w3": (
        "GET",
        "/v1/workers/{w3}/recommendations",
        None,
        {"admin": 200, "ag1": 404, "ag2": 200, "e1": 404, "e2": 404, "w1": 404, "org": 404},
    ),
    "search workers": (
        "POST",
        "/v1/search/workers",
        lambda s: {"query": "caregiver"},
        {"admin": 200, "ag1": 200, "ag2": 200, "e1": 200, "e2": 200, "w1": 403, "org": 200},
    ),
    "search vacancies": ("POST", "/v1/search/vacancies", lambda s: {"query": "介護"}, ALL_200),
    # imports
    "import workers": (
        "POST",
        "/v1/imports/workers",
        lambda s: _import_rows(),
        {"admin": 200, "ag1": 200, "ag2": 200, "e1": 403, "e2": 403, "w1": 403, "org": 403},
    ),
    "import workers for another agency": (
        "POST",
        "/v1/imports/workers?agency=AG2",
        lambda s: _import_rows(),
        {"admin": 200, "ag1": 403, "ag2": 200, "e1": 403, "e2": 403, "w1": 403, "org": 403},
    ),
    "import vacancies": (
        "POST",
        "/v1/imports/vacancies",
        _import_vacancy,
        {"admin": 200, "ag1": 403, "ag2": 403, "e1": 200, "e2": 200, "w1": 403, "org": 403},
    ),
    # administration
    "list tokens": ("GET", "/v1/tokens", None, {**dict.fromkeys(ROLES, 403), "admin": 200}),
    "create token": (
        "POST",
        "/v1/tokens",
        lambda s: {"name": "x", "role": "admin"},
        {**dict.fromkeys(ROLES, 403), "admin": 201},
    ),
    "read audit log": ("GET", "/v1/audit", None, {**dict.fromkeys(ROLES, 403), "admin": 200}),
    "who am i": ("GET", "/v1/me", None, ALL_200),
}

PARAMS = [
    pytest.param(name, role, id=f"{name} as {role}")
    for name, (_, _, _, expected) in CASES.items()
    for role in expected
]


@pytest.mark.parametrize(("case", "role"), PARAMS)
async def test_access_matrix(shared: Shared, case: str, role: str) -> None:
    method, template, body, expected = CASES[case]
    w = shared.world
    ids = {**w.worker, **w.employer, **w.vacancy}
    path = template.format(**ids)
    kwargs: dict[str, Any] = {"headers": w.auth(role)}
    if body is not None:
        payload = body(shared)
        if isinstance(payload, str):
            kwargs["content"] = payload.encode()
            kwargs["headers"] = {**kwargs["headers"], "content-type": "application/x-ndjson"}
        else:
            kwargs["json"] = payload
    response = await shared.client.request(method, path, **kwargs)
    assert response.status_code == expected[role], response.text
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")
    if path.startswith("/v1/imports") and response.status_code == 200:
        report = response.json()
        if case == "import vacancies" and role == "e2":  # rows of e1: refused row by row
            assert report["created"] == 0
            assert report["errors"][0]["field"] == "employer_id"
        else:
            assert report["error_count"] == 0, report


@pytest.mark.parametrize(
    ("role", "sees", "hidden"),
    [
        ("admin", {"w1", "w2", "w3"}, set()),
        ("ag1", {"w1", "w2"}, {"w3"}),
        ("ag2", {"w1", "w2", "w3"}, set()),
        ("e1", {"w1", "w2"}, {"w3"}),
        ("org", {"w1", "w2"}, {"w3"}),
        ("w1", {"w1"}, {"w2", "w3"}),
    ],
)
async def test_worker_list_visibility(
    shared: Shared, role: str, sees: set[str], hidden: set[str]
) -> None:
    w = shared.world
    response = await shared.client.get("/v1/workers?limit=200", headers=w.auth(role))
    listed = {item["id"] for item in response.json()["data"]}
    assert {w.worker[k] for k in sees} <= listed
    assert not {w.worker[k] for k in hidden} & listed
    if role == "w1":
        assert listed == {w.worker["w1"]}


@pytest.mark.parametrize(
    ("role", "employers", "vacancies"),
    [("e1", {"e1"}, {"v1"}), ("e2", {"e2"}, {"v2"}), ("ag1", {"e1", "e2"}, {"v1", "v2"})],
)
async def test_employer_tenancy_in_lists(
    shared: Shared, role: str, employers: set[str], vacancies: set[str]
) -> None:
    w = shared.world
    listed_e = (await shared.client.get("/v1/employers", headers=w.auth(role))).json()["data"]
    listed_v = (await shared.client.get("/v1/vacancies", headers=w.auth(role))).json()["data"]
    if role.startswith("e"):
        assert {e["id"] for e in listed_e} == {w.employer[k] for k in employers}
        assert {v["employer_id"] for v in listed_v} == {w.employer[k] for k in employers}
    else:
        assert {w.employer[k] for k in employers} <= {e["id"] for e in listed_e}
        assert {w.vacancy[k] for k in vacancies} <= {v["id"] for v in listed_v}


async def test_allowed_deletes(shared: Shared) -> None:
    """Deletes allowed by the matrix, on objects made for the purpose."""
    c, w = shared.client, shared.world
    made = (await c.post("/v1/workers", json=_new_worker(), headers=w.auth("ag1"))).json()
    assert (await c.delete(f"/v1/workers/{made['id']}", headers=w.auth("ag1"))).status_code == 204
    vacancy = (
        await c.post("/v1/vacancies", json=_new_vacancy(shared), headers=w.auth("e1"))
    ).json()
    gone = await c.delete(f"/v1/vacancies/{vacancy['id']}", headers=w.auth("e1"))
    assert gone.status_code == 204
    employer = (
        await c.post(
            "/v1/employers", json=factories.employer_data(next(_serial)), headers=w.auth("admin")
        )
    ).json()
    assert (
        await c.delete(f"/v1/employers/{employer['id']}", headers=w.auth("admin"))
    ).status_code == 204


async def _worker_with_token(shared: Shared) -> tuple[int, dict[str, str]]:
    """A new worker of AG1 and a token acting for it."""
    c, w = shared.client, shared.world
    made = await c.post("/v1/workers", json=_new_worker(), headers=w.auth("ag1"))
    assert made.status_code == 201, made.text
    worker_id: int = made.json()["id"]
    token = await c.post(
        "/v1/tokens",
        json={"name": "self", "role": "worker", "subject_id": worker_id},
        headers=w.auth("admin"),
    )
    assert token.status_code == 201, token.text
    return worker_id, {"Authorization": f"Bearer {token.json()['token']}"}


# A changed value for every field a worker may not change on itself.
ATTESTED_CHANGES: dict[str, Any] = {
    "external_id": "RENAMED-000001",
    "full_name": "Someone Else",
    "birth_date": "1995-01-01",
    "province": "Bali",
    "japanese": [{"test": "JLPT", "level": "N1", "passed_on": "2024-07-07"}],
    "certificates": [],
    "ssw_tests": [{"field": "food_service", "passed_on": "2024-02-01", "level": 1}],
    "intern_training": [{"field": "nursing_care", "completed_on": "2023-01-31"}],
    "experience": [
        {
            "title": "Supervisor",
            "field": "nursing_care",
            "occupation": None,
            "years": 9.0,
            "description": None,
        }
    ],
}


def test_every_patchable_field_is_classified() -> None:
    """A field added to WorkerUpdate must be decided: worker-stated, or attested (tested here)."""
    from models.schemas import WorkerUpdate

    assert set(WorkerUpdate.model_fields) == set(WORKER_STATED) | set(ATTESTED_CHANGES)


@pytest.mark.parametrize("field", sorted(ATTESTED_CHANGES))
async def test_worker_may_not_change_attested_fields(shared: Shared, field: str) -> None:
    c, w = shared.client, shared.world
    worker_id, own = await _worker_with_token(shared)
    url = f"/v1/workers/{worker_id}"
    before = (await c.get(url, headers=w.auth("admin"))).json()
    refused = await c.patch(url, json={field: ATTESTED_CHANGES[field]}, headers=own)
    assert refused.status_code == 403, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert field in refused.json()["detail"]
    after = (await c.get(url, headers=w.auth("admin"))).json()
    assert after == before  # nothing stored, not even the version
    # The owning agency may make the same change.
    allowed = await c.patch(url, json={field: ATTESTED_CHANGES[field]}, headers=w.auth("ag1"))
    assert allowed.status_code == 200, allowed.text
    assert allowed.json()[field] == ATTESTED_CHANGES[field]


async def test_worker_patch_mixing_stated_and_attested_fields_stores_nothing(
    shared: Shared,
) -> None:
    c, w = shared.client, shared.world
    worker_id, own = await _worker_with_token(shared)
    url = f"/v1/workers/{worker_id}"
    body = {
        "summary": "Saya lulus ujian.",
        "external_id": "MINE-1",
        "ssw_tests": ATTESTED_CHANGES["ssw_tests"],
    }
    refused = await c.patch(url, json=body, headers=own)
    assert refused.status_code == 403, refused.text
    offending = refused.json()["detail"].split(";")[0]  # then what a worker may change
    assert "external_id" in offending and "ssw_tests" in offending
    assert "summary" not in offending
    after = (await c.get(url, headers=w.auth("admin"))).json()
    assert after["summary"] == factories.worker_data(1)["summary"]
    assert after["ssw_tests"] == [{**t, "level": 1} for t in factories.worker_data(1)["ssw_tests"]]
    assert after["version"] == 1
    stated = {
        "summary": "Saya suka merawat lansia.",
        "contact": {"email": "baru@example.org", "phone": "+62 812 3456 7890"},
        "preferred_fields": ["food_service"],
        "preferred_prefectures": ["Miyagi", "Iwate"],
        "available_from": "2026-04-01",
        "discoverable": False,
    }
    changed = await c.patch(url, json=stated, headers=own)
    assert changed.status_code == 200, changed.text
    assert {k: changed.json()[k] for k in stated} == stated


async def test_deleting_a_subject_revokes_its_tokens(shared: Shared) -> None:
    """A deleted worker's (or employer's) token answers 401 on the very next request."""
    c, w = shared.client, shared.world
    worker_id, own = await _worker_with_token(shared)
    assert (await c.get("/v1/me", headers=own)).status_code == 200
    assert (await c.delete(f"/v1/workers/{worker_id}", headers=w.auth("ag1"))).status_code == 204
    gone = await c.get("/v1/me", headers=own)
    assert gone.status_code == 401, gone.text
    assert gone.headers["content-type"].startswith("application/problem+json")
    assert (await c.get(f"/v1/workers/{worker_id}", headers=own)).status_code == 401

    employer = await c.post(
        "/v1/employers", json=factories.employer_data(next(_serial)), headers=w.auth("admin")
    )
    employer_id = employer.json()["id"]
    issued = await c.post(
        "/v1/tokens",
        json={"name": "hr", "role": "employer", "subject_id": employer_id},
        headers=w.auth("admin"),
    )
    hr = {"Authorization": f"Bearer {issued.json()['token']}"}
    assert (await c.get("/v1/vacancies", headers=hr)).status_code == 200
    deleted = await c.delete(f"/v1/employers/{employer_id}", headers=w.auth("admin"))
    assert deleted.status_code == 204
    assert (await c.get("/v1/vacancies", headers=hr)).status_code == 401

    tokens = (await c.get("/v1/tokens?limit=200", headers=w.auth("admin"))).json()["data"]
    revoked = {t["id"] for t in tokens if t["revoked_at"] is not None}
    assert issued.json()["id"] in revoked
    # Other subjects' tokens are untouched.
    for who in ("w1", "e1", "ag1"):
        assert (await c.get("/v1/me", headers=w.auth(who))).status_code == 200
