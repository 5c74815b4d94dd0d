"""Builders of valid domain objects for tests: override only what a test is about."""

from __future__ import annotations

from datetime import date
from typing import Any

from models.employer import EmployerProfile
from models.vacancy import VacancyProfile
from models.worker import WorkerProfile


def worker_data(n: int = 1, **overrides: Any) -> dict[str, Any]:
    """A contract-shaped worker dict: an eligible N4 caregiver with a valid certificate."""
    data: dict[str, Any] = {
        "external_id": f"AG1-{n:06d}",
        "full_name": "Siti Rahmawati",
        "birth_date": "1999-03-14",
        "province": "Jawa Barat",
        "summary": "Berpengalaman merawat lansia di panti wreda selama tiga tahun.",
        "contact": {"email": f"siti{n}@example.org", "phone": "+62 812 3456 7890"},
        "japanese": [
            {"test": "JLPT", "level": "N4", "passed_on": "2024-07-07"},
            {"test": "care-japanese", "level": "pass", "passed_on": "2024-07-07"},
        ],
        "certificates": [
            {
                "number": f"62090 2513 3 {n:07d} 2024",
                "scheme": "Caregiver (Perawat Lansia)",
                "scheme_code": "SKM-CG-01",
                "issuer": "LSP Kesehatan",
                "kkni_level": 2,
                "units": ["Memberikan bantuan mandi"],
                "issued_on": "2024-05-01",
                "expires_on": "2027-05-01",
            }
        ],
        "ssw_tests": [{"field": "nursing_care", "passed_on": "2024-02-01"}],
        "experience": [
            {
                "title": "Caregiver",
                "field": "nursing_care",
                "occupation": "elderly_care",
                "years": 3,
            }
        ],
        "preferred_fields": ["nursing_care"],
        "preferred_prefectures": ["Miyagi"],
        "available_from": "2025-01-01",
        "discoverable": True,
    }
    data.update(overrides)
    return data


def worker(n: int = 1, **overrides: Any) -> WorkerProfile:
    return WorkerProfile.model_validate(worker_data(n, **overrides))


def employer_data(n: int = 7, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "external_id": f"E-{n}",
        "name": "Sendai Kaigo Co.",
        "prefecture": "Miyagi",
    }
    data.update(overrides)
    return data


def demo_employer_e7() -> dict[str, Any]:
    """Demo employer E-7 with every optional field set, as `matcher demo load` stores it
    (matcher/demo/employers.py, default seed): what an embedded employer must never blank."""
    return {
        "external_id": "E-7",
        "name": "Akita Air Service Co., Ltd.",
        "name_ja": "秋田エアサービス株式会社",
        "prefecture": "Akita",
        "city": "Akita",
        "description": "秋田県秋田市で航空分野の事業を営んでいます。",
        "website": "https://akita-aviation-7.example.jp",
    }


def employer(n: int = 7, **overrides: Any) -> EmployerProfile:
    return EmployerProfile.model_validate(employer_data(n, **overrides))


def vacancy_data(n: int = 42, **overrides: Any) -> dict[str, Any]:
    """A contract-shaped vacancy dict for a caregiver in Miyagi, with an embedded employer."""
    data: dict[str, Any] = {
        "external_id": f"MYG-{n:04d}",
        "employer": employer_data(),
        "title": "介護職員",
        "description": "特別養護老人ホームでの入浴・食事・排泄介助。夜勤あり、寮完備。",
        "ssw_field": "nursing_care",
        "occupation": "elderly_care",
        "visa": "ssw1",
        "prefecture": "Miyagi",
        "headcount": 2,
        "salary_monthly_jpy": 210000,
        "starts_on": "2026-10-01",
        "requirements": {
            "japanese": "N4",
            "ssw_test": True,
            "certificates": ["Caregiver"],
            "min_age": 18,
        },
        "preferred": {"japanese": "N3", "certificates": [], "experience_years": 2},
    }
    data.update(overrides)
    return data


def vacancy(n: int = 42, **overrides: Any) -> VacancyProfile:
    return VacancyProfile.model_validate(vacancy_data(n, **overrides))


def today() -> date:
    return date(2026, 11, 1)


def small_event_data(name: str) -> dict[str, Any]:
    """A one-hour event in Jakarta on 2026-12-05 with 20-minute slots (two slots)."""
    return {
        "name": name,
        "venue": "Jakarta",
        "timezone": "Asia/Jakarta",
        "starts_on": "2026-12-05",
        "slot_plan": [
            {
                "day_start": "2026-12-05T09:00:00+07:00",
                "day_end": "2026-12-05T10:00:00+07:00",
                "slot_minutes": 20,
                "gap_minutes": 10,
            }
        ],
    }
