"""Validation of the worker contract: every error names the field and says what is wrong."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from models.worker import Certificate, WorkerProfile
from tests import factories


def _errors(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        WorkerProfile.model_validate(data)
    return {".".join(map(str, e["loc"])): e["msg"] for e in caught.value.errors()}


def test_the_contract_example_is_valid() -> None:
    worker = factories.worker()
    assert worker.japanese[0].level == "N4"
    assert worker.age_on(date(2025, 3, 13)) == 25
    assert worker.age_on(date(2025, 3, 14)) == 26


@pytest.mark.parametrize(
    ("override", "field", "fragment"),
    [
        ({"birth_date": "1999-02-30"}, "birth_date", "date"),
        ({"birth_date": "1850-01-01"}, "birth_date", "between"),
        ({"favourite_colour": "blue"}, "favourite_colour", "Extra inputs"),
        ({"japanese": [{"test": "JLPT", "level": "A2"}]}, "japanese.0", "does not exist for JLPT"),
        (
            {"japanese": [{"test": "JFT-Basic", "level": "N4"}]},
            "japanese.0",
            "does not exist for JFT-Basic",
        ),
        ({"japanese": [{"test": "TOEIC", "level": "N4"}]}, "japanese.0.test", "Input should be"),
        ({"ssw_tests": [{"field": "space_travel"}]}, "ssw_tests.0.field", "unknown SSW field"),
        ({"preferred_fields": ["nursing_care", "moon"]}, "preferred_fields", "unknown SSW field"),
        ({"full_name": ""}, "full_name", "at least 1 character"),
        ({"full_name": "x" * 201}, "full_name", "at most 200"),
        (
            {"experience": [{"title": "Cook", "years": -1}]},
            "experience.0.years",
            "greater than or equal",
        ),
        ({"contact": {"email": "not-an-email"}}, "contact.email", "pattern"),
        ({"external_id": "has space"}, "external_id", "pattern"),
    ],
)
def test_errors_name_the_field(override: dict[str, Any], field: str, fragment: str) -> None:
    errors = _errors(factories.worker_data(**override))
    assert field in errors, errors
    assert fragment.lower() in errors[field].lower()


def test_certificate_rules() -> None:
    base = factories.worker_data()["certificates"][0]
    errors = _errors(factories.worker_data(certificates=[{**base, "expires_on": "2020-01-01"}]))
    assert "expires_on must be after issued_on" in errors["certificates.0"]
    errors = _errors(factories.worker_data(certificates=[{**base, "kkni_level": 10}]))
    assert "certificates.0.kkni_level" in errors
    errors = _errors(factories.worker_data(certificates=[base, base]))
    assert "same certificate number" in errors[""]


def test_certificate_validity() -> None:
    cert = Certificate(
        number="1",
        scheme="Caregiver",
        issuer="LSP",
        issued_on=date(2024, 1, 1),
        expires_on=date(2027, 1, 1),
    )
    assert cert.valid_on(date(2026, 12, 31))
    assert not cert.valid_on(date(2027, 1, 1))
    assert not cert.valid_on(date(2023, 12, 31))
    assert not cert.model_copy(update={"status": "revoked"}).valid_on(date(2025, 1, 1))
    assert not cert.model_copy(update={"status": "expired", "expires_on": None}).valid_on(
        date(2025, 1, 1)
    )


def test_lists_are_bounded() -> None:
    cert = factories.worker_data()["certificates"][0]
    many = [{**cert, "number": str(i)} for i in range(31)]
    assert "certificates" in _errors(factories.worker_data(certificates=many))


# --- categories, training, licences, verification (DOMAIN.md, contract additions) --------------


def test_the_contract_additions_are_valid() -> None:
    worker = factories.worker(
        ssw_tests=[
            {
                "field": "agriculture",
                "category": "crop_farming",
                "level": 1,
                "passed_on": "2024-02-01",
            }
        ],
        intern_training=[
            {
                "field": "agriculture",
                "category": "crop_farming",
                "job_type": "耕種農業（施設園芸）",
                "completed_on": "2023-01-31",
                "completion": "good_standing",
            }
        ],
        licences=[
            {
                "kind": "jp_driving_second_class",
                "issued_on": "2025-06-01",
                "expires_on": "2028-06-01",
            }
        ],
        experience=[
            {"title": "Mandor panen", "field": "agriculture", "years": 2, "supervisory": True}
        ],
        ssw1_months_used=0,
    )
    assert worker.ssw_tests[0].category == "crop_farming"
    assert worker.intern_training[0].completion == "good_standing"
    assert worker.licences[0].valid_on(date(2026, 1, 1))


def test_a_test_category_must_belong_to_its_field() -> None:
    errors = _errors(
        factories.worker_data(ssw_tests=[{"field": "fishery", "category": "livestock"}])
    )
    assert "fishing, aquaculture" in errors["ssw_tests.0.category"]


def test_training_completion_is_good_standing_or_incomplete() -> None:
    errors = _errors(
        factories.worker_data(
            intern_training=[
                {"field": "fishery", "completed_on": "2023-01-31", "completion": "passed"}
            ]
        )
    )
    assert "intern_training.0.completion" in errors


def test_licences_are_documented_kinds_one_per_kind() -> None:
    unknown = _errors(factories.worker_data(licences=[{"kind": "sim_a"}]))
    assert "jp_driving_first_class" in unknown["licences.0.kind"]
    twice = _errors(
        factories.worker_data(
            licences=[{"kind": "forklift"}, {"kind": "forklift", "number": "F-2"}]
        )
    )
    assert any("same kind appears twice" in message for message in twice.values())


def test_ssw1_months_used_is_at_most_five_years() -> None:
    assert "ssw1_months_used" in _errors(factories.worker_data(ssw1_months_used=61))


def test_a_checked_certificate_says_when() -> None:
    data = factories.worker_data()
    data["certificates"][0]["verified"] = "registry_checked"
    errors = _errors(data)
    assert any("verified_on is required" in message for message in errors.values())
    data["certificates"][0]["verified_on"] = "2025-01-10"
    assert WorkerProfile.model_validate(data).certificates[0].verified == "registry_checked"


def test_a_certificate_without_expiry_is_kept_but_never_valid() -> None:
    data = factories.worker_data()
    data["certificates"][0]["expires_on"] = None
    certificate = WorkerProfile.model_validate(data).certificates[0]
    assert not certificate.valid_on(date(2025, 1, 1))
