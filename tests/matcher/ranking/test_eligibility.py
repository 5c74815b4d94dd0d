from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings

from matcher.ranking.eligibility import (
    RequirementCheck,
    check_eligibility,
    experience_years,
    start_date,
)
from models.vacancy import Vacancy
from models.worker import WorkerProfile

from .factories import START, make_certificate, make_vacancy, make_worker, replace
from .strategies import start_dates, vacancies, workers


def only(worker: WorkerProfile, vacancy: Vacancy, requirement: str) -> RequirementCheck:
    checks = [
        c for c in check_eligibility(worker, vacancy, START).checks if c.requirement == requirement
    ]
    assert len(checks) == 1, checks
    return checks[0]


def status(worker: WorkerProfile, vacancy: Vacancy, requirement: str) -> str:
    return only(worker, vacancy, requirement).status


def test_default_worker_is_eligible_with_every_check_met() -> None:
    result = check_eligibility(make_worker(), make_vacancy(), START)
    assert result.eligible
    assert result.unmet == ()
    assert {c.requirement for c in result.checks} == {
        "field_open",
        "ssw_test",
        "japanese",
        "care_japanese",
        "certificate",
        "ssw1_time",
        "min_age",
        "availability",
    }


def test_start_date_falls_back_to_today() -> None:
    assert start_date(make_vacancy(), date(2030, 1, 1)) == START
    assert start_date(make_vacancy(starts_on=None), date(2030, 1, 1)) == date(2030, 1, 1)


def test_field_must_be_open_on_the_start_date() -> None:
    vacancy = make_vacancy(
        ssw_field="linen_supply", occupation=None, requirements={"certificates": []}
    )
    worker = make_worker(ssw_tests=[{"field": "linen_supply"}])
    assert status(worker, vacancy, "field_open") == "not_met"
    assert only(worker, vacancy, "field_open").message.render("en") == (
        "Linen supply accepts SSW workers only from 2027-04-01"
    )
    assert check_eligibility(worker, vacancy, date(2027, 4, 1)).eligible


# --- SSW skill test -------------------------------------------------------------------------


def test_ssw_test_in_another_field_is_not_met() -> None:
    worker = make_worker(ssw_tests=[{"field": "construction"}])
    check = only(worker, make_vacancy(), "ssw_test")
    assert check.status == "not_met"
    assert check.message.code == "gap.ssw_test"


def test_ssw_test_without_any_test_data_is_unknown() -> None:
    worker = make_worker(ssw_tests=[])
    assert status(worker, make_vacancy(), "ssw_test") == "unknown"
    assert not check_eligibility(worker, make_vacancy(), START).eligible


def test_ssw_test_not_checked_when_vacancy_does_not_require_it() -> None:
    vacancy = make_vacancy(requirements={"ssw_test": False})
    worker = make_worker(ssw_tests=[])
    checks = check_eligibility(worker, vacancy, START).checks
    assert all(c.requirement not in {"ssw_test", "care_japanese"} for c in checks)


def test_ssw2_needs_a_level_2_test() -> None:
    vacancy = make_vacancy(
        ssw_field="construction", category="building", occupation=None, visa="ssw2"
    )
    level1 = make_worker(ssw_tests=[{"field": "construction", "category": "building", "level": 1}])
    level2 = make_worker(ssw_tests=[{"field": "construction", "category": "building", "level": 2}])
    assert only(level1, vacancy, "ssw_test").message.code == "gap.ssw_test_level2"
    assert status(level1, vacancy, "ssw_test") == "not_met"
    assert status(level2, vacancy, "ssw_test") == "met"


def test_intern_training_in_same_field_exempts_from_skill_and_care_tests() -> None:
    worker = make_worker(
        ssw_tests=[],
        japanese=[],
        intern_training=[
            {
                "field": "nursing_care",
                "completed_on": date(2024, 1, 1),
                "completion": "good_standing",
            }
        ],
    )
    result = check_eligibility(worker, make_vacancy(), START)
    assert result.eligible
    codes = {c.message.code for c in result.checks}
    assert {
        "reason.ssw_test_exempt",
        "reason.japanese_exempt",
        "reason.care_japanese_exempt",
    } <= codes


def test_intern_training_in_another_field_exempts_only_from_japanese() -> None:
    worker = make_worker(
        ssw_tests=[],
        japanese=[{"test": "care-japanese", "level": "pass"}],
        intern_training=[
            {
                "field": "construction",
                "category": "building",
                "completed_on": date(2024, 1, 1),
                "completion": "good_standing",
            }
        ],
    )
    vacancy = make_vacancy()
    assert status(worker, vacancy, "ssw_test") == "not_met"
    assert status(worker, vacancy, "japanese") == "met"
    assert status(worker, vacancy, "care_japanese") == "met"


def test_intern_training_does_not_exempt_from_ssw2_skill_test() -> None:
    vacancy = make_vacancy(
        ssw_field="construction", category="building", occupation=None, visa="ssw2"
    )
    training = {
        "field": "construction",
        "category": "building",
        "completed_on": date(2024, 1, 1),
        "completion": "good_standing",
    }
    worker = make_worker(ssw_tests=[], intern_training=[training])
    assert status(worker, vacancy, "ssw_test") == "not_met"


def test_intern_exemption_does_not_cover_japanese_above_the_visa_level() -> None:
    vacancy = make_vacancy(requirements={"japanese": "N3"})
    worker = make_worker(
        japanese=[{"test": "JLPT", "level": "N4"}, {"test": "care-japanese", "level": "pass"}],
        intern_training=[
            {
                "field": "nursing_care",
                "completed_on": date(2024, 1, 1),
                "completion": "good_standing",
            }
        ],
    )
    assert status(worker, vacancy, "japanese") == "not_met"


# --- Japanese -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tests", "required", "expected"),
    [
        ([{"test": "JLPT", "level": "N4"}], "N4", "met"),
        ([{"test": "JFT-Basic", "level": "A2"}], "N4", "met"),  # A2 = N4
        ([{"test": "JLPT", "level": "N4"}], "A2", "met"),
        ([{"test": "JLPT", "level": "N2"}], "N3", "met"),
        ([{"test": "JLPT", "level": "N5"}], "N4", "not_met"),
        ([{"test": "JFT-Basic", "level": "A2"}], "N3", "not_met"),
        ([{"test": "care-japanese", "level": "pass"}], "N4", "unknown"),  # no general level
        ([], "N5", "unknown"),
    ],
)
def test_japanese_level(tests: list[dict[str, Any]], required: str, expected: str) -> None:
    worker = make_worker(japanese=tests)
    assert status(worker, make_vacancy(requirements={"japanese": required}), "japanese") == expected


def test_japanese_gap_names_the_levels() -> None:
    worker = make_worker(japanese=[{"test": "JLPT", "level": "N5"}])
    message = only(worker, make_vacancy(), "japanese").message
    assert message.render("en") == "needs JLPT N4 or JFT-Basic A2 (has N5)"


def test_no_japanese_requirement_and_none_by_law_means_no_japanese_check() -> None:
    # SSW(ii) in construction sets no general Japanese test (DOMAIN.md: do not default N4)
    vacancy = make_vacancy(
        ssw_field="construction",
        category="building",
        occupation=None,
        visa="ssw2",
        requirements={"japanese": None, "certificates": []},
    )
    worker = make_worker(japanese=[{"test": "care-japanese", "level": "pass"}])
    assert all(
        c.requirement != "japanese" for c in check_eligibility(worker, vacancy, START).checks
    )


def test_no_employer_requirement_still_checks_the_legal_level() -> None:
    vacancy = make_vacancy(requirements={"japanese": None})
    worker = make_worker(japanese=[{"test": "care-japanese", "level": "pass"}])
    check = only(worker, vacancy, "japanese")
    assert check.status == "unknown"
    assert check.message.params_dict["required_level"] == "N4"


def test_nursing_care_needs_the_care_japanese_test() -> None:
    worker = make_worker(japanese=[{"test": "JLPT", "level": "N3"}])
    assert status(worker, make_vacancy(), "care_japanese") == "not_met"
    assert status(make_worker(japanese=[]), make_vacancy(), "care_japanese") == "unknown"


def test_other_fields_do_not_need_the_care_japanese_test() -> None:
    vacancy = make_vacancy(ssw_field="construction", occupation=None)
    checks = check_eligibility(make_worker(), vacancy, START).checks
    assert all(c.requirement != "care_japanese" for c in checks)


# --- certificates ---------------------------------------------------------------------------


def test_certificate_valid_on_start_date_is_met() -> None:
    assert status(make_worker(), make_vacancy(), "certificate") == "met"


@pytest.mark.parametrize(
    "certificate",
    [
        {"status": "expired"},
        {"status": "revoked"},
        {"expires_on": START},  # expiry is exclusive
        {"expires_on": START - timedelta(days=1)},
        {"issued_on": START + timedelta(days=1), "expires_on": START + timedelta(days=900)},
        {"status": "expired", "expires_on": None},
        {"status": "revoked", "expires_on": None},
    ],
)
def test_expired_revoked_or_future_certificates_never_satisfy(certificate: dict[str, Any]) -> None:
    worker = make_worker(certificates=[make_certificate(**certificate)])
    check = only(worker, make_vacancy(), "certificate")
    assert check.status == "not_met"
    assert check.message.code == "gap.certificate_not_valid"
    assert not check_eligibility(worker, make_vacancy(), START).eligible


def test_certificate_without_expiry_has_unknown_validity() -> None:
    worker = make_worker(certificates=[make_certificate(expires_on=None)])
    check = only(worker, make_vacancy(), "certificate")
    assert check.status == "unknown"
    assert check.message.code == "gap.certificate_no_expiry"


def test_suspended_certificate_never_counts() -> None:
    worker = make_worker(certificates=[make_certificate(status="suspended")])
    check = only(worker, make_vacancy(), "certificate")
    assert check.status == "not_met"
    assert "dibekukan" in check.message.render("id")


def test_certificate_missing_or_unknown() -> None:
    other = make_certificate(
        scheme="Welder SMAW", scheme_code=None, qualification_id=None, qualification_en=None
    )
    assert status(make_worker(certificates=[other]), make_vacancy(), "certificate") == "not_met"
    assert status(make_worker(certificates=[]), make_vacancy(), "certificate") == "unknown"


def test_each_required_certificate_is_a_check() -> None:
    vacancy = make_vacancy(requirements={"certificates": ["Caregiver", "Welder", "caregiver"]})
    checks = [
        c
        for c in check_eligibility(make_worker(), vacancy, START).checks
        if c.requirement == "certificate"
    ]
    assert [c.status for c in checks] == ["met", "not_met"]


# --- KKNI and experience --------------------------------------------------------------------


def test_min_kkni_level_over_valid_certificates_only() -> None:
    vacancy = make_vacancy(requirements={"min_kkni_level": 3})
    strong_expired = make_certificate(kkni_level=4, status="expired")
    weak = make_certificate(kkni_level=2)
    assert (
        status(make_worker(certificates=[weak, strong_expired]), vacancy, "min_kkni_level")
        == "not_met"
    )
    assert (
        status(
            make_worker(certificates=[make_certificate(kkni_level=3)]), vacancy, "min_kkni_level"
        )
        == "met"
    )
    no_level = make_certificate(kkni_level=None)
    assert status(make_worker(certificates=[no_level]), vacancy, "min_kkni_level") == "unknown"


def test_min_experience_sums_years_in_the_field_only() -> None:
    vacancy = make_vacancy(requirements={"min_experience_years": 3})
    worker = make_worker(
        experience=[
            {"title": "Caregiver", "field": "nursing_care", "years": 1.5},
            {"title": "Caregiver", "field": "nursing_care", "years": 1.5},
            {"title": "Welder", "field": "construction", "years": 10},
            {"title": "Helper", "years": 10},
        ]
    )
    assert experience_years(worker, "nursing_care") == 3
    assert status(worker, vacancy, "min_experience_years") == "met"
    short = replace(worker, experience=worker.experience[1:])
    assert status(short, vacancy, "min_experience_years") == "not_met"
    assert status(make_worker(experience=[]), vacancy, "min_experience_years") == "unknown"


# --- age and availability -------------------------------------------------------------------


def test_minimum_age_on_the_start_date_with_the_ssw_floor() -> None:
    birthday_18 = date(START.year - 18, START.month, START.day)
    vacancy = make_vacancy(requirements={"min_age": None})
    assert status(make_worker(birth_date=birthday_18), vacancy, "min_age") == "met"
    one_day_short = make_worker(birth_date=birthday_18 + timedelta(days=1))
    assert status(one_day_short, vacancy, "min_age") == "not_met"
    # a vacancy asking for 15 cannot lower the SSW floor of 18
    young = make_vacancy(requirements={"min_age": 15})
    assert status(one_day_short, young, "min_age") == "not_met"
    assert only(one_day_short, young, "min_age").message.params_dict["min_age"] == 18


def test_maximum_age() -> None:
    vacancy = make_vacancy(requirements={"max_age": 30})
    turns_31 = date(START.year - 31, START.month, START.day)
    assert status(make_worker(birth_date=turns_31), vacancy, "max_age") == "not_met"
    assert status(make_worker(birth_date=turns_31 + timedelta(days=1)), vacancy, "max_age") == "met"


def test_availability() -> None:
    vacancy = make_vacancy()
    assert status(make_worker(available_from=START), vacancy, "availability") == "met"
    late = make_worker(available_from=START + timedelta(days=1))
    assert status(late, vacancy, "availability") == "not_met"
    unknown = make_worker(available_from=None)
    assert status(unknown, vacancy, "availability") == "unknown"
    assert not check_eligibility(unknown, vacancy, START).eligible


# --- properties -----------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(worker=workers(), vacancy=vacancies(), on=start_dates)
def test_eligible_exactly_when_every_check_is_met(
    worker: WorkerProfile, vacancy: Vacancy, on: date
) -> None:
    result = check_eligibility(worker, vacancy, on)
    assert result.eligible == all(c.status == "met" for c in result.checks)
    assert all(c.status in {"met", "not_met", "unknown"} for c in result.checks)
    for check in result.checks:
        expected_prefix = "reason." if check.met else "gap."
        assert check.message.code.startswith(expected_prefix)
