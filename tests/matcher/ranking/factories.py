"""Builders of workers, certificates and vacancies for the ranking tests.

``make_worker()`` is eligible for ``make_vacancy()`` on ``START``; each test overrides only
what it is about.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from models.vacancy import Vacancy
from models.worker import Certificate, WorkerProfile

START = date(2025, 10, 1)

_counter = iter(range(1, 10**9))


def make_certificate(**overrides: Any) -> Certificate:
    """A valid caregiver certificate issued in 2023, expiring in 2026."""
    data: dict[str, Any] = {
        "number": f"62090 2513 3 {next(_counter):07d} 2024",
        "scheme": "Caregiver (Perawat Lansia)",
        "scheme_code": "SKM-CG-01",
        "qualification_id": "Perawat Lansia",
        "qualification_en": "Elderly Caregiver",
        "issuer": "LSP Kesehatan",
        "kkni_level": 2,
        "units": ["Memberikan bantuan mandi"],
        "issued_on": date(2023, 5, 1),
        "expires_on": date(2026, 5, 1),
    }
    data.update(overrides)
    return Certificate.model_validate(data)


def make_worker(**overrides: Any) -> WorkerProfile:
    """A caregiver who meets every requirement of ``make_vacancy()`` on ``START``."""
    data: dict[str, Any] = {
        "external_id": "AG1-000123",
        "full_name": "Siti Rahmawati",
        "birth_date": date(1999, 3, 14),
        "province": "Jawa Barat",
        "summary": "Caregiver at a nursing home in Bandung",
        "japanese": [
            {"test": "JLPT", "level": "N4", "passed_on": date(2024, 7, 7)},
            {"test": "care-japanese", "level": "pass"},
        ],
        "certificates": [make_certificate()],
        "ssw_tests": [{"field": "nursing_care", "passed_on": date(2024, 2, 1)}],
        "experience": [
            {
                "title": "Caregiver",
                "field": "nursing_care",
                "occupation": "elderly_care",
                "years": 3,
                "description": "Bathing and feeding residents",
            }
        ],
        "preferred_fields": ["nursing_care"],
        "preferred_prefectures": ["Miyagi"],
        "available_from": date(2025, 1, 1),
    }
    data.update(overrides)
    return WorkerProfile.model_validate(data)


def make_vacancy(**overrides: Any) -> Vacancy:
    """A nursing-care vacancy in Miyagi starting on ``START`` asking for N4 and a caregiver cert."""
    requirements: dict[str, Any] = {"japanese": "N4", "certificates": ["Caregiver"]}
    requirements.update(overrides.pop("requirements", {}))
    preferred: dict[str, Any] = {"japanese": "N3", "experience_years": 2}
    preferred.update(overrides.pop("preferred", {}))
    data: dict[str, Any] = {
        "id": 42,
        "employer_id": 7,
        "external_id": "MYG-0042",
        "title": "介護職員",
        "description": "Care staff for a nursing home in Sendai",
        "ssw_field": "nursing_care",
        "occupation": "elderly_care",
        "prefecture": "Miyagi",
        "starts_on": START,
        "requirements": requirements,
        "preferred": preferred,
    }
    data.update(overrides)
    return Vacancy.model_validate(data)


def replace(worker: WorkerProfile, **changes: Any) -> WorkerProfile:
    """``worker`` with some attributes changed, validated again."""
    data = worker.model_dump()
    data.update(changes)
    return WorkerProfile.model_validate(data)
