"""Legal cases of DOMAIN.md "Job categories" through a real ``matcher serve``: an agency posts the
worker, an employer posts the vacancy, and the employer's ranking says eligible or not, with
the check that decides it. Each case is one the engine once got wrong (issue 15)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tests import factories
from tests.api.live.conftest import LiveServer

CARE_CERT_EXPIRES = "2029-05-01"


def _no_care() -> dict[str, Any]:
    """A worker of another trade: no care tests or certificate, N4, available."""
    return {
        "japanese": [{"test": "JLPT", "level": "N4", "passed_on": "2024-07-07"}],
        "certificates": [],
        "ssw_tests": [],
        "experience": [],
        "preferred_fields": [],
    }


def _job(field: str, category: str | None, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "ssw_field": field,
        "occupation": None,
        "requirements": {"certificates": [], **extra.pop("requirements", {})},
        "preferred": {},
        **extra,
    }
    if category is not None:
        data["category"] = category
    return data


@dataclass(frozen=True)
class Case:
    name: str
    worker: dict[str, Any]
    vacancy: dict[str, Any]
    eligible: bool
    deciding: str | None = None  # the requirement not met (for ineligible cases)
    gap: str | None = None  # text the Japanese gap or reason contains
    extra: dict[str, Any] = field(default_factory=dict)


def _test(field: str, category: str | None, level: int = 1) -> list[dict[str, Any]]:
    return [{"field": field, "category": category, "level": level, "passed_on": "2024-02-01"}]


_N3 = [{"test": "JLPT", "level": "N3", "passed_on": "2024-07-07"}]

CASES = [
    Case(
        "aquaculture pass for a fishing-boat job",
        {**_no_care(), "ssw_tests": _test("fishery", "aquaculture")},
        _job("fishery", "fishing"),
        False,
        "ssw_test",
        "養殖業の技能試験は漁業の求人には使えません",
    ),
    Case(
        "fishing pass for a fishing-boat job",
        {**_no_care(), "ssw_tests": _test("fishery", "fishing")},
        _job("fishery", "fishing"),
        True,
    ),
    Case(
        "livestock pass for crop farming",
        {**_no_care(), "ssw_tests": _test("agriculture", "livestock")},
        _job("agriculture", "crop_farming"),
        False,
        "ssw_test",
    ),
    Case(
        "truck pass for a taxi job",
        {**_no_care(), "ssw_tests": _test("automobile_transportation", "truck_driver")},
        _job("automobile_transportation", "taxi_driver"),
        False,
        "ssw_test",
    ),
    Case(
        "taxi pass with N4 for a taxi job that says N4",
        {**_no_care(), "ssw_tests": _test("automobile_transportation", "taxi_driver")},
        _job("automobile_transportation", "taxi_driver", requirements={"japanese": "N4"}),
        False,
        "japanese",
        "N3",
    ),
    Case(
        "taxi pass with N3: eligible, the licence is obtained in Japan",
        {
            **_no_care(),
            "japanese": _N3,
            "ssw_tests": _test("automobile_transportation", "taxi_driver"),
        },
        _job("automobile_transportation", "taxi_driver"),
        True,
        None,
        "第二種運転免許",
    ),
    Case(
        "taxi job that wants the licence held, worker without one",
        {
            **_no_care(),
            "japanese": _N3,
            "ssw_tests": _test("automobile_transportation", "taxi_driver"),
        },
        _job(
            "automobile_transportation",
            "taxi_driver",
            requirements={"licences": ["jp_driving_second_class"]},
        ),
        False,
        "licence",
    ),
    Case(
        "crop-farming intern in good standing for crop farming",
        {
            **_no_care(),
            "japanese": [],
            "intern_training": [
                {
                    "field": "agriculture",
                    "job_type": "耕種農業（施設園芸）",
                    "completed_on": "2023-01-31",
                    "completion": "good_standing",
                }
            ],
        },
        _job("agriculture", "crop_farming"),
        True,
    ),
    Case(
        "crop-farming intern for a livestock job",
        {
            **_no_care(),
            "japanese": [],
            "intern_training": [
                {
                    "field": "agriculture",
                    "category": "crop_farming",
                    "completed_on": "2023-01-31",
                    "completion": "good_standing",
                }
            ],
        },
        _job("agriculture", "livestock"),
        False,
        "ssw_test",
    ),
    Case(
        "intern training without recorded completion",
        {
            **_no_care(),
            "japanese": [],
            "intern_training": [
                {"field": "agriculture", "category": "crop_farming", "completed_on": "2023-01-31"}
            ],
        },
        _job("agriculture", "crop_farming"),
        False,
        "ssw_test",
        "良好に修了",
    ),
    Case(
        "five years of SSW(i) used up",
        {"ssw1_months_used": 60},
        {},
        False,
        "ssw1_time",
    ),
    Case(
        "care certificate without an expiry date",
        {"certificates": [{**factories.worker_data()["certificates"][0], "expires_on": None}]},
        {},
        False,
        "certificate",
    ),
    Case(
        "suspended care certificate",
        {"certificates": [{**factories.worker_data()["certificates"][0], "status": "suspended"}]},
        {},
        False,
        "certificate",
    ),
    Case(
        "an employer writing 介護 finds the caregiver certificate",
        {},
        {"requirements": {"certificates": ["介護"]}},
        True,
        None,
        "Caregiver (Perawat Lansia)",
    ),
    Case(
        "a welding KKNI 3 does not satisfy a care KKNI 3",
        {
            "certificates": [
                factories.worker_data()["certificates"][0],
                {
                    "number": "LAS-0001",
                    "scheme": "Juru Las SMAW 3G",
                    "scheme_code": "SKM-LAS-3G",
                    "issuer": "LSP Logam",
                    "kkni_level": 3,
                    "issued_on": "2024-01-01",
                    "expires_on": "2028-01-01",
                },
            ]
        },
        {"requirements": {"certificates": [], "min_kkni_level": 3}},
        False,
        "min_kkni_level",
    ),
    Case(
        "SSW(ii) fishing with N3 and supervisory experience",
        {
            **_no_care(),
            "japanese": _N3,
            "ssw_tests": _test("fishery", "fishing", 2),
            "experience": [
                {"title": "Mandor kapal", "field": "fishery", "years": 3, "supervisory": True}
            ],
        },
        _job("fishery", "fishing", visa="ssw2"),
        True,
    ),
    Case(
        "SSW(ii) fishing without supervisory experience",
        {
            **_no_care(),
            "japanese": _N3,
            "ssw_tests": _test("fishery", "fishing", 2),
            "experience": [{"title": "ABK", "field": "fishery", "years": 3, "supervisory": False}],
        },
        _job("fishery", "fishing", visa="ssw2"),
        False,
        "ssw2_experience",
    ),
]


@pytest.fixture
async def ranked(live_server: LiveServer) -> dict[str, tuple[int, dict[str, Any] | None]]:
    """Every case posted through the API and ranked for the employer: case name -> (status
    code of the posting, the worker's match or None)."""
    world = live_server.world
    results: dict[str, tuple[int, dict[str, Any] | None]] = {}
    async with httpx.AsyncClient(base_url=live_server.base_url, timeout=30) as client:
        posted: list[tuple[Case, int, int]] = []
        for n, case in enumerate(CASES, start=100):
            worker = factories.worker_data(n, **case.worker)
            made = await client.post("/v1/workers", json=worker, headers=world.auth("ag1"))
            assert made.status_code == 201, (case.name, made.text)
            vacancy = factories.vacancy_data(
                n, employer=None, employer_id=world.employer["e1"], **case.vacancy
            )
            job = await client.post("/v1/vacancies", json=vacancy, headers=world.auth("e1"))
            assert job.status_code == 201, (case.name, job.text)
            posted.append((case, made.json()["id"], job.json()["id"]))
        for case, worker_id, vacancy_id in posted:
            response = await client.get(
                f"/v1/vacancies/{vacancy_id}/matches",
                params={"limit": 200, "lang": "ja", "include_ineligible": "true"},
                headers=world.auth("e1"),
            )
            assert response.status_code == 200, response.text
            match = next(
                (m for m in response.json()["data"] if m["worker"]["id"] == worker_id), None
            )
            results[case.name] = (response.status_code, match)
    return results


async def test_every_legal_case_through_the_api(
    ranked: dict[str, tuple[int, dict[str, Any] | None]],
) -> None:
    wrong: list[str] = []
    for case in CASES:
        _, match = ranked[case.name]
        assert match is not None, f"{case.name}: the worker is not in the ranking"
        if match["eligible"] != case.eligible:
            wrong.append(f"{case.name}: eligible={match['eligible']}, gaps={match['gaps']}")
            continue
        if case.deciding is not None:
            unmet = {c["requirement"] for c in match["checks"] if c["status"] != "met"}
            if case.deciding not in unmet:
                wrong.append(f"{case.name}: {case.deciding} not among unmet {sorted(unmet)}")
        if case.gap is not None:
            texts = [*match["gaps"], *match["reasons"]]
            if not any(case.gap in text for text in texts):
                wrong.append(f"{case.name}: no message contains {case.gap!r}: {texts}")
    assert wrong == []


REFUSED = [
    (_job("agriculture", None), "category"),
    (_job("nursing_care", "care", employment="dispatch"), "employment"),
    (_job("nursing_care", "care", visa="ssw2"), "visa"),
    ({"requirements": {"certificates": ["Sertifikat Ajaib"]}}, "requirements.certificates.0"),
]


async def test_the_api_refuses_vacancies_the_law_forbids(live_server: LiveServer) -> None:
    world = live_server.world
    async with httpx.AsyncClient(base_url=live_server.base_url, timeout=30) as client:
        for n, (vacancy, field_name) in enumerate(REFUSED, start=700):
            data = factories.vacancy_data(
                n, employer=None, employer_id=world.employer["e1"], **vacancy
            )
            response = await client.post("/v1/vacancies", json=data, headers=world.auth("e1"))
            assert response.status_code == 422, response.text
            assert response.headers["content-type"].startswith("application/problem+json")
            located = {e["field"] for e in response.json()["errors"]}
            assert any(loc.endswith(field_name) for loc in located), located
        listed = await client.get("/v1/vacancies?limit=200", headers=world.auth("e1"))
        stored = {v["external_id"] for v in listed.json()["data"]}
        assert not stored & {f"MYG-{n:04d}" for n in range(700, 700 + len(REFUSED))}
