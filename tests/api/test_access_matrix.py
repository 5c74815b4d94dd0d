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
from tests.api.job_polling import job_result, wait_for_job

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
    # consent and personal data (docs/privacy.md): the worker, its agency and admins only
    "list w1's consents": (
        "GET",
        "/v1/workers/{w1}/consents",
        None,
        {"admin": 200, "ag1": 200, "ag2": 403, "e1": 403, "e2": 403, "w1": 200, "org": 403},
    ),
    "list hidden w3's consents": (
        "GET",
        "/v1/workers/{w3}/consents",
        None,
        {"admin": 200, "ag1": 404, "ag2": 200, "e1": 404, "e2": 404, "w1": 404, "org": 404},
    ),
    "give consent for w1 (refused only)": (
        "POST",
        "/v1/workers/{w1}/consents",
        lambda s: {"purpose": "contact_sharing", "scope": "all_employers", "form_reference": "F"},
        {"ag2": 403, "e1": 403, "e2": 403, "org": 403},
    ),
    "give consent for hidden w3 (refused only)": (
        "POST",
        "/v1/workers/{w3}/consents",
        lambda s: {"purpose": "contact_sharing", "scope": "all_employers", "form_reference": "F"},
        {"ag1": 404, "e1": 404, "e2": 404, "w1": 404, "org": 404},
    ),
    "withdraw a consent of w1 (refused only)": (
        "POST",
        "/v1/workers/{w1}/consents/1/withdraw",
        None,
        {"ag2": 403, "e1": 403, "e2": 403, "org": 403},
    ),
    "export w1": (
        "GET",
        "/v1/workers/{w1}/export",
        None,
        {"admin": 200, "ag1": 200, "ag2": 403, "e1": 403, "e2": 403, "w1": 200, "org": 403},
    ),
    "export hidden w3": (
        "GET",
        "/v1/workers/{w3}/export",
        None,
        {"admin": 200, "ag1": 404, "ag2": 200, "e1": 404, "e2": 404, "w1": 404, "org": 404},
    ),
    "erase w1 (refused only)": (
        "DELETE",
        "/v1/workers/{w1}?erase=true&confirm=" + W1["external_id"],
        None,
        {"ag2": 403, "e1": 403, "e2": 403, "w1": 403, "org": 403},
    ),
    "erase hidden w3 (refused only)": (
        "DELETE",
        "/v1/workers/{w3}?erase=true&confirm=" + factories.worker_data(3)["external_id"],
        None,
        {"ag1": 404, "e1": 404, "e2": 404, "w1": 404, "org": 404},
    ),
    "accept an interview of w1 (refused only)": (
        "PUT",
        "/v1/workers/{w1}/interviews/1/acceptance",
        None,
        {"ag2": 403, "e1": 403, "e2": 403, "org": 403},
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
    # worker search by name and listings (issue 19): a 422 names `filters.mine_only` or `sort`
    "search workers by name": (
        "POST",
        "/v1/search/workers",
        lambda s: {"query": "Siti Rahmawati"},
        {"admin": 200, "ag1": 200, "ag2": 200, "e1": 200, "e2": 200, "w1": 403, "org": 200},
    ),
    "list workers without a query": (
        "POST",
        "/v1/search/workers",
        lambda s: {"sort": "updated", "descending": True},
        {"admin": 200, "ag1": 200, "ag2": 200, "e1": 200, "e2": 200, "w1": 403, "org": 200},
    ),
    "list my workers": (
        "POST",
        "/v1/search/workers",
        lambda s: {"filters": {"mine_only": True}},
        {"admin": 422, "ag1": 200, "ag2": 200, "e1": 422, "e2": 422, "w1": 403, "org": 422},
    ),
    "list workers sorted by name": (
        "POST",
        "/v1/search/workers",
        lambda s: {"sort": "name"},
        {"admin": 200, "ag1": 200, "ag2": 200, "e1": 422, "e2": 422, "w1": 403, "org": 422},
    ),
    "search vacancies": ("POST", "/v1/search/vacancies", lambda s: {"query": "介護"}, ALL_200),
    # imports: 202 with a job once the file is stored (issue 17)
    "import workers": (
        "POST",
        "/v1/imports/workers",
        lambda s: _import_rows(),
        {"admin": 202, "ag1": 202, "ag2": 202, "e1": 403, "e2": 403, "w1": 403, "org": 403},
    ),
    "import workers for another agency": (
        "POST",
        "/v1/imports/workers?agency=AG2",
        lambda s: _import_rows(),
        {"admin": 202, "ag1": 403, "ag2": 202, "e1": 403, "e2": 403, "w1": 403, "org": 403},
    ),
    "import vacancies": (
        "POST",
        "/v1/imports/vacancies",
        _import_vacancy,
        {"admin": 202, "ag1": 403, "ag2": 403, "e1": 202, "e2": 202, "w1": 403, "org": 403},
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
    # --- one-time sign-in codes (issue 19): agencies for their own workers, organisers for
    # workers at their events (event_id required: 422 without), employers and workers never.
    "create sign-in code for an AG1 worker": (
        "POST",
        "/v1/signin-codes",
        lambda s: {"worker_ids": [s.world.worker["w1"]]},
        {"admin": 201, "ag1": 201, "ag2": 404, "e1": 403, "e2": 403, "w1": 403, "org": 422},
    ),
    "create sign-in code for a hidden AG2 worker": (
        "POST",
        "/v1/signin-codes",
        lambda s: {"worker_ids": [s.world.worker["w3"]]},
        {"admin": 201, "ag1": 404, "ag2": 201, "e1": 403, "e2": 403, "w1": 403, "org": 422},
    ),
    "list sign-in codes": (
        "GET",
        "/v1/signin-codes",
        None,
        {"admin": 200, "ag1": 200, "ag2": 200, "e1": 403, "e2": 403, "w1": 403, "org": 200},
    ),
    "revoke a missing sign-in code": (
        "DELETE",
        "/v1/signin-codes/987654",
        None,
        {"admin": 404, "ag1": 404, "ag2": 404, "e1": 403, "e2": 403, "w1": 403, "org": 404},
    ),
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
    "ssw_tests": [
        {"field": "food_service", "category": "food_service", "passed_on": "2024-02-01", "level": 1}
    ],
    "intern_training": [
        {
            "field": "nursing_care",
            "category": "care",
            "job_type": None,
            "programme": "technical_intern_training_ii",
            "completed_on": "2023-01-31",
            "completion": "good_standing",
        }
    ],
    "licences": [
        {"kind": "forklift", "number": None, "issued_on": "2024-01-10", "expires_on": None}
    ],
    "ssw1_months_used": 12,
    "experience": [
        {
            "title": "Supervisor",
            "field": "nursing_care",
            "occupation": None,
            "years": 9.0,
            "supervisory": True,
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
    assert after["ssw_tests"] == [
        {**t, "level": 1, "category": None} for t in factories.worker_data(1)["ssw_tests"]
    ]
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


# -- consent and personal data (DOMAIN.md "Consent and personal data"; docs/privacy.md) -------


def _problem_field(response: Any) -> str | None:
    """The field a problem+json answer names (its first error)."""
    assert response.headers["content-type"].startswith("application/problem+json")
    errors = response.json().get("errors") or [{}]
    field: str | None = errors[0].get("field")
    return field


async def _consent(
    shared: Shared, worker_id: int, headers: dict[str, str], **body: Any
) -> dict[str, Any]:
    r = await shared.client.post(f"/v1/workers/{worker_id}/consents", json=body, headers=headers)
    assert r.status_code == 201, r.text
    created: dict[str, Any] = r.json()
    return created


async def _view(shared: Shared, worker_id: int, who: str) -> str | None:
    """The view ``who`` gets of the worker (``None``: not found)."""
    r = await shared.client.get(f"/v1/workers/{worker_id}", headers=shared.world.auth(who))
    if r.status_code == 404:
        return None
    assert r.status_code == 200, r.text
    view: str = r.json()["view"]
    return view


@pytest.mark.parametrize("actor", ["self", "ag1", "admin"])
async def test_contact_data_reaches_an_employer_only_under_a_consent_in_force(
    shared: Shared, actor: str
) -> None:
    """The worker (or its agency, or an admin, with the form's reference) gives a consent for
    one employer: that employer sees the full profile from the next request, others do not;
    the withdrawal takes effect on the request after it."""
    c, w = shared.client, shared.world
    worker_id, own = await _worker_with_token(shared)
    headers = own if actor == "self" else w.auth(actor)
    assert await _view(shared, worker_id, "e1") == "masked"
    body: dict[str, Any] = {
        "purpose": "contact_sharing",
        "scope": "employer",
        "employer_id": w.employer["e1"],
    }
    if actor != "self":
        body["form_reference"] = "AG1/2026/0042.pdf"
    consent = await _consent(shared, worker_id, headers, **body)
    assert consent["given_by"] == ("worker" if actor == "self" else "agency")
    assert consent["in_force"] and consent["withdrawn_at"] is None
    full = (await c.get(f"/v1/workers/{worker_id}", headers=w.auth("e1"))).json()
    assert full["view"] == "full" and full["contact"]["email"]
    assert await _view(shared, worker_id, "e2") == "masked"

    listed = (await c.get(f"/v1/workers/{worker_id}/consents", headers=own)).json()
    assert [x["id"] for x in listed["data"]] == [consent["id"]]
    r = await c.post(f"/v1/workers/{worker_id}/consents/{consent['id']}/withdraw", headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["in_force"] is False and r.json()["withdrawn_by_role"] == (
        "worker" if actor == "self" else ("agency" if actor == "ag1" else "admin")
    )
    assert await _view(shared, worker_id, "e1") == "masked"
    # The record stays, withdrawn: it proves what was allowed until then.
    after = (await c.get(f"/v1/workers/{worker_id}/consents", headers=own)).json()["data"]
    assert after[0]["withdrawn_at"] is not None


async def test_full_views_name_the_consent_that_allowed_them(shared: Shared) -> None:
    c, w = shared.client, shared.world
    worker_id, own = await _worker_with_token(shared)
    consent = await _consent(
        shared, worker_id, own, purpose="contact_sharing", scope="all_employers"
    )
    for who in ("e1", "e2"):
        assert await _view(shared, worker_id, who) == "full"
    audit = await c.get(f"/v1/audit?worker_id={worker_id}&limit=200", headers=w.auth("admin"))
    reads = [e for e in audit.json()["data"] if e["role"] == "employer"]
    assert len(reads) == 2
    assert {e["consent_id"] for e in reads} == {consent["id"]}
    assert {e["interview_id"] for e in reads} == {None}
    # Reads by the owning agency need no consent and name none.
    await c.get(f"/v1/workers/{worker_id}", headers=w.auth("ag1"))
    audit = await c.get(f"/v1/audit?worker_id={worker_id}&limit=200", headers=w.auth("admin"))
    agency_reads = [
        e for e in audit.json()["data"] if e["action"] == "read" and e["role"] == "agency"
    ]
    assert agency_reads and agency_reads[-1]["consent_id"] is None


async def test_withdrawal_is_followed_by_matches_and_lists(shared: Shared) -> None:
    c, w = shared.client, shared.world
    worker_id, own = await _worker_with_token(shared)
    consent = await _consent(
        shared, worker_id, own, purpose="contact_sharing", scope="employer",
        employer_id=w.employer["e1"],
    )  # fmt: skip

    async def seen_in_matches() -> str:
        r = await c.get(f"/v1/vacancies/{w.vacancy['v1']}/matches?limit=200", headers=w.auth("e1"))
        assert r.status_code == 200, r.text
        views: dict[int, str] = {m["worker"]["id"]: m["worker"]["view"] for m in r.json()["data"]}
        return views[worker_id]

    async def seen_in_list() -> str:
        r = await c.get("/v1/workers?limit=200", headers=w.auth("e1"))
        views: dict[int, str] = {x["id"]: x["view"] for x in r.json()["data"]}
        return views[worker_id]

    assert await seen_in_matches() == "full"
    assert await seen_in_list() == "full"
    await c.post(f"/v1/workers/{worker_id}/consents/{consent['id']}/withdraw", headers=own)
    assert await seen_in_matches() == "masked"
    assert await seen_in_list() == "masked"


async def test_an_agency_records_paper_consent_only_with_the_forms_reference(
    shared: Shared,
) -> None:
    c, w = shared.client, shared.world
    worker_id, own = await _worker_with_token(shared)
    body = {"purpose": "contact_sharing", "scope": "all_employers"}
    refused = await c.post(f"/v1/workers/{worker_id}/consents", json=body, headers=w.auth("ag1"))
    assert refused.status_code == 422, refused.text
    assert _problem_field(refused) == "form_reference"
    refused = await c.post(f"/v1/workers/{worker_id}/consents", json=body, headers=w.auth("admin"))
    assert refused.status_code == 422 and _problem_field(refused) == "form_reference"
    # The worker's own word needs no form.
    assert (
        await c.post(f"/v1/workers/{worker_id}/consents", json=body, headers=own)
    ).status_code == 201


BAD_CONSENTS = [
    ({"purpose": "employer_ranking", "scope": "employer", "employer_id": 1}, 422, "scope"),
    ({"purpose": "event_participation", "scope": "all_employers"}, 422, "scope"),
    ({"purpose": "contact_sharing", "scope": "employer"}, 422, "employer_id"),
    ({"purpose": "contact_sharing", "scope": "event"}, 422, "event_id"),
    ({"purpose": "contact_sharing", "scope": "all_employers", "employer_id": 1}, 422, "employer_id"),
    ({"purpose": "contact_sharing", "scope": "employer", "employer_id": 1, "event_id": 1}, 422, "event_id"),
    ({"purpose": "contact_sharing", "scope": "employer", "employer_id": 987654}, 404, "employer_id"),
    ({"purpose": "contact_sharing", "scope": "event", "event_id": 987654}, 404, "event_id"),
    ({"purpose": "marketing", "scope": "all_employers"}, 422, "purpose"),
    ({"purpose": "contact_sharing", "scope": "everyone"}, 422, "scope"),
    ({"purpose": "contact_sharing", "scope": "all_employers", "form_reference": "a\u202eb"}, 422, "form_reference"),
    ({"purpose": "contact_sharing", "scope": "all_employers", "form_reference": "x" * 201}, 422, "form_reference"),
    ({"purpose": "contact_sharing", "scope": "all_employers", "note": "x"}, 422, "note"),
    ({"scope": "all_employers"}, 422, "purpose"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "status", "field"), BAD_CONSENTS)
async def test_bad_consents_are_refused_naming_the_field(
    shared: Shared, body: dict[str, Any], status: int, field: str
) -> None:
    worker_id, own = await _worker_with_token(shared)
    r = await shared.client.post(f"/v1/workers/{worker_id}/consents", json=body, headers=own)
    assert r.status_code == status, r.text
    assert _problem_field(r) == field, r.json()
    listed = await shared.client.get(f"/v1/workers/{worker_id}/consents", headers=own)
    assert listed.json()["count"] == 0


async def test_one_consent_in_force_per_purpose_and_target(shared: Shared) -> None:
    c, w = shared.client, shared.world
    worker_id, own = await _worker_with_token(shared)
    other_id, other = await _worker_with_token(shared)
    body = {"purpose": "contact_sharing", "scope": "employer", "employer_id": w.employer["e1"]}
    first = await _consent(shared, worker_id, own, **body)
    again = await c.post(f"/v1/workers/{worker_id}/consents", json=body, headers=own)
    assert again.status_code == 409 and _problem_field(again) == "purpose"
    assert str(first["id"]) in again.json()["detail"]
    url = f"/v1/workers/{worker_id}/consents/{first['id']}/withdraw"
    assert (await c.post(url, headers=own)).status_code == 200
    twice = await c.post(url, headers=own)
    assert twice.status_code == 409 and _problem_field(twice) == "consent_id"
    # After the withdrawal a new one may be given; another worker's consent id is not found.
    assert (
        await c.post(f"/v1/workers/{worker_id}/consents", json=body, headers=own)
    ).status_code == 201
    foreign = await c.post(f"/v1/workers/{other_id}/consents/{first['id']}/withdraw", headers=other)
    assert foreign.status_code == 404


async def test_ranking_consent_is_what_makes_a_worker_discoverable(shared: Shared) -> None:
    c, w = shared.client, shared.world
    made = await c.post(
        "/v1/workers", json=factories.worker_data(next(_serial), discoverable=False),
        headers=w.auth("ag1"),
    )  # fmt: skip
    worker_id = made.json()["id"]
    assert await _view(shared, worker_id, "e1") is None
    consent = await _consent(
        shared, worker_id, w.auth("ag1"), purpose="employer_ranking", scope="all_employers",
        form_reference="FORM-7",
    )  # fmt: skip
    assert await _view(shared, worker_id, "e1") == "masked"
    assert await _view(shared, worker_id, "org") == "masked"
    await c.post(
        f"/v1/workers/{worker_id}/consents/{consent['id']}/withdraw", headers=w.auth("ag1")
    )
    assert await _view(shared, worker_id, "e1") is None
    assert await _view(shared, worker_id, "ag2") is None
    assert (await c.get(f"/v1/workers/{worker_id}", headers=w.auth("ag1"))).json()[
        "discoverable"
    ] is False


_EVENT = factories.small_event_data("Consent event")


async def _event_with(shared: Shared, worker_id: int) -> int:
    """An event of ORG-1 with e1 (vacancy v1), the worker registered and shortlisted."""
    c, w = shared.client, shared.world
    org = w.auth("org")
    created = await c.post("/v1/events", json=_EVENT, headers=org)
    assert created.status_code == 201, created.text
    eid: int = created.json()["id"]
    body = {"employer_id": w.employer["e1"], "vacancy_ids": [w.vacancy["v1"]], "booths": 1}
    assert (await c.put(f"/v1/events/{eid}/employers", json=body, headers=org)).status_code == 200
    r = await c.put(
        f"/v1/events/{eid}/workers", json={"worker_id": worker_id}, headers=w.auth("ag1")
    )
    assert r.status_code == 200, r.text
    await job_result(
        c,
        await c.post(f"/v1/events/{eid}/shortlists", json={"limit_per_vacancy": 200}, headers=org),
        org,
    )
    return eid


async def test_an_event_scoped_consent_reaches_that_events_employers_only(shared: Shared) -> None:
    c, w = shared.client, shared.world
    worker_id, own = await _worker_with_token(shared)
    eid = await _event_with(shared, worker_id)
    await _consent(shared, worker_id, own, purpose="contact_sharing", scope="event", event_id=eid)
    assert await _view(shared, worker_id, "e1") == "full"  # registered at the event
    assert await _view(shared, worker_id, "e2") == "masked"  # not at it
    listed = (await c.get(f"/v1/events/{eid}/shortlists", headers=w.auth("e1"))).json()["data"]
    assert {x["worker"]["view"] for x in listed if x["worker"]["id"] == worker_id} == {"full"}


async def test_an_interview_discloses_only_once_accepted_and_while_it_stands(
    shared: Shared,
) -> None:
    """Scheduled is not enough: the worker accepts; declining, or a re-plan that drops the
    interview, ends the disclosure on the next request, in views, shortlists and exports."""
    c, w = shared.client, shared.world
    worker_id, own = await _worker_with_token(shared)
    eid = await _event_with(shared, worker_id)
    org, e1 = w.auth("org"), w.auth("e1")
    pin = f"/v1/events/{eid}/shortlists/{w.vacancy['v1']}/{worker_id}"
    assert (await c.put(pin, json={"decision": "pin"}, headers=org)).status_code == 204
    planned = await job_result(
        c, await c.post(f"/v1/events/{eid}/timetable", json={"mode": "optimal"}, headers=org), org
    )
    mine = [i for i in planned["data"] if i["worker_id"] == worker_id]
    assert len(mine) == 1
    interview = mine[0]["id"]

    async def seen() -> tuple[str | None, set[str], str]:
        shortlist = (await c.get(f"/v1/events/{eid}/shortlists", headers=e1)).json()["data"]
        export = (await c.get(f"/v1/events/{eid}/exports/employer", headers=e1)).text
        in_list = {x["worker"]["view"] for x in shortlist if x["worker"]["id"] == worker_id}
        name = "full" if "Siti Rahmawati" in export else "short"
        return await _view(shared, worker_id, "e1"), in_list, name

    assert await seen() == ("masked", {"masked"}, "short")  # scheduled, not accepted
    accept = f"/v1/workers/{worker_id}/interviews/{interview}/acceptance"
    r = await c.put(accept, headers=own)
    assert r.status_code == 200 and r.json()["accepted"] is True, r.text
    assert await seen() == ("full", {"full"}, "full")
    audit = await c.get(f"/v1/audit?worker_id={worker_id}&limit=200", headers=w.auth("admin"))
    full_reads = [e for e in audit.json()["data"] if e["role"] == "employer"]
    assert full_reads and {e["interview_id"] for e in full_reads} == {interview}

    r = await c.delete(accept, headers=own)
    assert r.status_code == 200 and r.json()["accepted"] is False
    assert await seen() == ("masked", {"masked"}, "short")
    assert (await c.put(accept, headers=w.auth("ag1"))).status_code == 200  # the agency, for it
    assert await _view(shared, worker_id, "e1") == "full"

    # The organiser drops the pair and re-plans: the interview is gone, and so is the view.
    assert (await c.put(pin, json={"decision": "exclude"}, headers=org)).status_code == 204
    replanned = await job_result(
        c, await c.post(f"/v1/events/{eid}/timetable", json={"replan": True}, headers=org), org
    )
    assert worker_id not in {i["worker_id"] for i in replanned["data"]}
    assert await seen() == ("masked", {"masked"}, "short")
    gone = await c.put(accept, headers=own)
    assert gone.status_code == 404  # the interview no longer exists


async def test_only_a_scheduled_interview_of_the_worker_can_be_accepted(shared: Shared) -> None:
    c, w = shared.client, shared.world
    worker_id, own = await _worker_with_token(shared)
    other_id, other = await _worker_with_token(shared)
    eid = await _event_with(shared, worker_id)
    org = w.auth("org")
    pin = f"/v1/events/{eid}/shortlists/{w.vacancy['v1']}/{worker_id}"
    await c.put(pin, json={"decision": "pin"}, headers=org)
    planned = await job_result(
        c, await c.post(f"/v1/events/{eid}/timetable", json={}, headers=org), org
    )
    interview = next(i["id"] for i in planned["data"] if i["worker_id"] == worker_id)
    # Another worker's interview id is simply not found.
    r = await c.put(f"/v1/workers/{other_id}/interviews/{interview}/acceptance", headers=other)
    assert r.status_code == 404
    outcome = f"/v1/events/{eid}/interviews/{interview}/outcome"
    assert (await c.put(outcome, json={"status": "no_show"}, headers=org)).status_code == 200
    late = await c.put(f"/v1/workers/{worker_id}/interviews/{interview}/acceptance", headers=own)
    assert late.status_code == 409 and _problem_field(late) == "interview_id"


async def test_withdrawing_event_participation_cancels_the_registration(shared: Shared) -> None:
    c, w = shared.client, shared.world
    worker_id, own = await _worker_with_token(shared)
    eid = await _event_with(shared, worker_id)
    org = w.auth("org")
    await c.put(
        f"/v1/events/{eid}/shortlists/{w.vacancy['v1']}/{worker_id}", json={"decision": "pin"},
        headers=org,
    )  # fmt: skip
    planned = await job_result(
        c, await c.post(f"/v1/events/{eid}/timetable", json={}, headers=org), org
    )
    assert worker_id in {i["worker_id"] for i in planned["data"]}
    consent = await _consent(
        shared, worker_id, own, purpose="event_participation", scope="event", event_id=eid
    )
    r = await c.post(f"/v1/workers/{worker_id}/consents/{consent['id']}/withdraw", headers=own)
    assert r.status_code == 200, r.text
    regs = (await c.get(f"/v1/events/{eid}/workers", headers=org)).json()["data"]
    assert {x["status"] for x in regs if x["worker_id"] == worker_id} == {"cancelled"}
    timetable = (await c.get(f"/v1/events/{eid}/timetable", headers=org)).json()["data"]
    assert {i["status"] for i in timetable if i["worker_id"] == worker_id} == {"cancelled"}


async def test_erasure_needs_the_external_id_as_confirmation(shared: Shared) -> None:
    c, w = shared.client, shared.world
    data = factories.worker_data(next(_serial))
    made = (await c.post("/v1/workers", json=data, headers=w.auth("ag1"))).json()
    url = f"/v1/workers/{made['id']}?erase=true"
    for suffix in ("", "&confirm=wrong", "&confirm=AG1-000001"):
        r = await c.delete(url + suffix, headers=w.auth("ag1"))
        assert r.status_code == 422, r.text
        assert _problem_field(r) == "confirm"
    assert (await c.get(f"/v1/workers/{made['id']}", headers=w.auth("ag1"))).status_code == 200
    r = await c.delete(url + "&confirm=" + data["external_id"], headers=w.auth("ag1"))
    assert r.status_code == 202, r.text  # erased; a job scrubs the index and the snapshots
    assert (await c.get(f"/v1/workers/{made['id']}", headers=w.auth("ag1"))).status_code == 404
    assert (await wait_for_job(c, r, w.auth("ag1")))["state"] == "succeeded"
