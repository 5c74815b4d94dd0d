"""Dates relative to today: new input meets them, stored rows are never judged by them.

Before these rules a birth date in 2030 was accepted (a gap then read "-3 years"), and so were
tests passed and certificates issued years ahead.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from models.common import input_context, input_today
from models.schemas.workers import WorkerCreate
from models.worker import Worker, WorkerProfile
from tests import factories

TODAY = date(2026, 6, 15)


def _years_before(day: date, years: int) -> date:
    return day.replace(year=day.year - years)


def _input_errors(data: dict[str, Any], today: date = TODAY) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        WorkerProfile.model_validate(data, context=input_context(today))
    return {".".join(map(str, e["loc"])): e["msg"] for e in caught.value.errors()}


def _certificate(**changes: Any) -> dict[str, Any]:
    return {**factories.worker_data()["certificates"][0], **changes}


@pytest.mark.parametrize(
    ("override", "field", "fragment"),
    [
        ({"birth_date": "2030-01-01"}, "birth_date", "in the future (2030-01-01 is after today)"),
        ({"birth_date": "2026-06-16"}, "birth_date", "in the future"),
        (
            {"birth_date": "2011-06-16"},
            "birth_date",
            "gives an age of 14 today; a worker must be 15 to 70 years old",
        ),
        ({"birth_date": "1955-06-15"}, "birth_date", "gives an age of 71 today"),
        (
            {"japanese": [{"test": "JLPT", "level": "N4", "passed_on": "2026-06-16"}]},
            "japanese.0.passed_on",
            "must not be in the future (2026-06-16 is after today)",
        ),
        (
            {
                "ssw_tests": [
                    {"field": "nursing_care"},
                    {"field": "food_service", "passed_on": "2027-01-01"},
                ]
            },
            "ssw_tests.1.passed_on",
            "must not be in the future",
        ),
        (
            {"certificates": [_certificate(issued_on="2026-07-01", expires_on="2029-07-01")]},
            "certificates.0.issued_on",
            "must not be in the future",
        ),
        (
            {"intern_training": [{"field": "nursing_care", "completed_on": "2026-12-31"}]},
            "intern_training.0.completed_on",
            "must not be in the future",
        ),
    ],
)
def test_new_input_is_judged_against_today(
    override: dict[str, Any], field: str, fragment: str
) -> None:
    errors = _input_errors(factories.worker_data(**override))
    assert list(errors) == [field], errors
    assert fragment in errors[field]


def test_every_future_date_of_a_row_is_reported_at_once() -> None:
    errors = _input_errors(
        factories.worker_data(
            birth_date="2031-01-01",
            japanese=[
                {"test": "JLPT", "level": "N4", "passed_on": "2026-01-01"},
                {"test": "care-japanese", "level": "pass", "passed_on": "2026-09-01"},
            ],
            certificates=[_certificate(issued_on="2027-01-01", expires_on="2030-01-01")],
        )
    )
    assert set(errors) == {"birth_date", "japanese.1.passed_on", "certificates.0.issued_on"}


def test_the_edges_are_accepted() -> None:
    for years in (15, 70):
        birth = _years_before(TODAY, years)
        worker = WorkerProfile.model_validate(
            factories.worker_data(birth_date=birth.isoformat()), context=input_context(TODAY)
        )
        assert worker.age_on(TODAY) == years
    today_everywhere = factories.worker_data(
        japanese=[{"test": "JLPT", "level": "N4", "passed_on": TODAY.isoformat()}],
        ssw_tests=[{"field": "nursing_care", "passed_on": TODAY.isoformat()}],
        certificates=[_certificate(issued_on=TODAY.isoformat(), expires_on="2029-06-15")],
        intern_training=[{"field": "nursing_care", "completed_on": TODAY.isoformat()}],
        available_from="2027-04-01",  # availability and expiry may well be ahead
    )
    WorkerProfile.model_validate(today_everywhere, context=input_context(TODAY))


def test_stored_rows_are_not_judged_against_today() -> None:
    """A worker registered at 70 is 71 a year later; reading the row must not fail."""
    aged = factories.worker_data(birth_date="1940-01-01")
    future = factories.worker_data(
        japanese=[{"test": "JLPT", "level": "N4", "passed_on": "2099-01-01"}]
    )
    for data in (aged, future):
        assert WorkerProfile.model_validate(data).external_id
        assert Worker.model_validate({**data, "id": 1, "agency_id": 1}).id == 1
        assert WorkerProfile.model_validate_json(WorkerProfile(**data).model_dump_json())


def test_carried_fields_are_not_judged_again() -> None:
    aged = factories.worker_data(birth_date="1950-01-01")
    context = input_context(TODAY, carried=frozenset({"birth_date"}))
    assert WorkerProfile.model_validate(aged, context=context).birth_date == date(1950, 1, 1)
    assert "birth_date" in _input_errors(aged)


def test_the_create_body_is_new_input_without_a_context() -> None:
    """FastAPI validates ``WorkerCreate`` with no context: the body supplies its own."""
    with pytest.raises(ValidationError) as caught:
        WorkerCreate.model_validate(factories.worker_data(birth_date="2030-01-01"))
    assert [e["loc"] for e in caught.value.errors()] == [("birth_date",)]
    with pytest.raises(ValidationError):
        WorkerCreate.model_validate_json(
            WorkerProfile(**factories.worker_data(birth_date="1940-01-01")).model_dump_json()
        )
    assert WorkerCreate.model_validate(factories.worker_data()).full_name == "Siti Rahmawati"


def test_today_is_the_date_furthest_ahead_on_earth() -> None:
    """A test passed today in Tokyo is not "in the future" on a server still in yesterday."""
    now = datetime.now(UTC)
    assert input_today() in {(now + timedelta(hours=14)).date(), (now + timedelta(hours=15)).date()}
    assert input_today() >= now.date()
    tokyo_today = (now + timedelta(hours=9)).date()
    WorkerCreate.model_validate(
        factories.worker_data(
            japanese=[{"test": "JLPT", "level": "N4", "passed_on": tokyo_today.isoformat()}]
        )
    )
