"""Validation of the vacancy contract and the ordering of Japanese levels."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from models.japanese import level_rank
from models.vacancy import VacancyProfile
from tests import factories


def _errors(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        VacancyProfile.model_validate(data)
    return {".".join(map(str, e["loc"])): e["msg"] for e in caught.value.errors()}


def test_japanese_levels_are_ordered_as_domain_says() -> None:
    assert (
        level_rank("N5")
        < level_rank("N4")
        == level_rank("A2")
        < level_rank("N3")
        < level_rank("N2")
        < level_rank("N1")
    )
    assert level_rank("pass") == 0


def test_the_contract_example_is_valid() -> None:
    vacancy = factories.vacancy()
    assert vacancy.requirements.certificates == ["Caregiver"]
    assert vacancy.employer is not None and vacancy.employer.prefecture == "Miyagi"


@pytest.mark.parametrize(
    ("override", "field", "fragment"),
    [
        ({"ssw_field": "space_travel"}, "ssw_field", "unknown SSW field"),
        ({"requirements": {"japanese": "N6"}}, "requirements.japanese", "unknown Japanese level"),
        (
            {"requirements": {"min_kkni_level": 0}},
            "requirements.min_kkni_level",
            "greater than or equal",
        ),
        ({"requirements": {"min_age": 30, "max_age": 20}}, "requirements", "max_age"),
        ({"visa": "tourist"}, "visa", "Input should be"),
        ({"headcount": 0}, "headcount", "greater than or equal"),
        ({"starts_on": "2025-13-01"}, "starts_on", "date"),
        ({"bonus": 1}, "bonus", "Extra inputs"),
    ],
)
def test_errors_name_the_field(override: dict[str, Any], field: str, fragment: str) -> None:
    errors = _errors(factories.vacancy_data(**override))
    assert field in errors, errors
    assert fragment.lower() in errors[field].lower()


def test_employer_is_given_exactly_once() -> None:
    both = factories.vacancy_data(employer_id=3)
    assert "exactly one of employer_id or employer" in _errors(both)[""]
    neither = {k: v for k, v in factories.vacancy_data().items() if k != "employer"}
    assert "exactly one" in _errors(neither)[""]
