"""The rules of DOMAIN.md "Job categories" and "Certificates you can trust", one test each."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from matcher.ranking.eligibility import RequirementCheck, check_eligibility
from matcher.ranking.explain import rank_one
from matcher.ranking.recognitions import NO_RECOGNITIONS, RecognitionTable
from models.recognition import Recognition
from models.vacancy import Vacancy
from models.worker import WorkerProfile

from .factories import START, make_certificate, make_vacancy, make_worker


def check(
    worker: WorkerProfile,
    vacancy: Vacancy,
    requirement: str,
    recognitions: RecognitionTable = NO_RECOGNITIONS,
    on: date = START,
) -> RequirementCheck:
    found = [
        c
        for c in check_eligibility(worker, vacancy, on, recognitions).checks
        if c.requirement == requirement
    ]
    assert len(found) == 1, found
    return found[0]


def job(field: str, category: str | None, **overrides: Any) -> Vacancy:
    requirements = {"certificates": [], **overrides.pop("requirements", {})}
    return make_vacancy(
        ssw_field=field, category=category, occupation=None, requirements=requirements, **overrides
    )


def with_test(field: str, category: str | None, level: int = 1, **overrides: Any) -> WorkerProfile:
    return make_worker(
        ssw_tests=[{"field": field, "category": category, "level": level}], **overrides
    )


def trained(field: str, completion: str | None, **training: Any) -> WorkerProfile:
    record = {"field": field, "completed_on": date(2024, 1, 31), **training}
    if completion is not None:
        record["completion"] = completion
    return make_worker(ssw_tests=[], japanese=[], intern_training=[record])


# --- the skill test is per category ------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "passed", "wanted"),
    [
        ("fishery", "aquaculture", "fishing"),
        ("agriculture", "livestock", "crop_farming"),
        ("automobile_transportation", "truck_driver", "taxi_driver"),
        ("construction", "civil_engineering", "building"),
    ],
)
def test_a_pass_in_another_category_of_the_field_does_not_qualify(
    field: str, passed: str, wanted: str
) -> None:
    result = check(with_test(field, passed), job(field, wanted), "ssw_test")
    assert result.status == "not_met"
    assert result.message.code == "gap.ssw_test_other_category"
    assert check(with_test(field, wanted), job(field, wanted), "ssw_test").met


def test_the_gap_says_why_in_japanese() -> None:
    result = check(with_test("fishery", "aquaculture"), job("fishery", "fishing"), "ssw_test")
    assert result.message.render("ja") == "養殖業の技能試験は漁業の求人には使えません"


def test_a_test_without_category_counts_only_in_a_single_category_field() -> None:
    single = check(with_test("food_service", None), job("food_service", "food_service"), "ssw_test")
    assert single.met
    multi = check(with_test("fishery", None), job("fishery", "fishing"), "ssw_test")
    assert multi.status == "unknown"
    assert multi.message.code == "gap.ssw_test_category_missing"
    assert "agensi" in multi.message.render("id")


def test_a_vacancy_without_category_is_judged_by_its_occupation_or_not_at_all() -> None:
    worker = with_test("agriculture", "crop_farming")
    by_occupation = make_vacancy(
        ssw_field="agriculture",
        category=None,
        occupation="crop_farming",
        requirements={"certificates": []},
    )
    assert check(worker, by_occupation, "ssw_test").met
    unknown = job("agriculture", None)
    result = check(worker, unknown, "ssw_test")
    assert result.status == "unknown"
    assert result.message.code == "gap.vacancy_category_unknown"


def test_a_category_opens_on_its_own_date() -> None:
    vacancy = job("industrial_products_manufacturing", "sewing", starts_on=date(2024, 6, 1))
    worker = with_test("industrial_products_manufacturing", "sewing")
    result = check(worker, vacancy, "field_open", on=date(2024, 6, 1))
    assert result.status == "not_met"
    assert result.message.code == "gap.category_not_open"
    later = job("industrial_products_manufacturing", "sewing", starts_on=date(2025, 6, 1))
    assert check(worker, later, "field_open", on=date(2025, 6, 1)).met


# --- intern training ---------------------------------------------------------------------------


def test_good_standing_in_a_related_job_type_exempts_from_both_tests() -> None:
    worker = trained("agriculture", "good_standing", job_type="耕種農業（施設園芸）")
    vacancy = job("agriculture", "crop_farming")
    assert check(worker, vacancy, "ssw_test").message.code == "reason.ssw_test_exempt"
    assert check(worker, vacancy, "japanese").message.code == "reason.japanese_exempt"
    assert check_eligibility(worker, vacancy, START).eligible


def test_good_standing_in_an_unrelated_job_type_exempts_from_japanese_only() -> None:
    worker = trained("agriculture", "good_standing", category="crop_farming")
    vacancy = job("agriculture", "livestock")
    assert check(worker, vacancy, "ssw_test").status == "not_met"
    assert check(worker, vacancy, "japanese").met


@pytest.mark.parametrize(("completion", "status"), [(None, "unknown"), ("incomplete", "not_met")])
def test_training_not_in_good_standing_exempts_from_nothing(
    completion: str | None, status: str
) -> None:
    worker = trained("agriculture", completion, category="crop_farming")
    vacancy = job("agriculture", "crop_farming")
    result = check(worker, vacancy, "ssw_test")
    assert result.status == status
    assert result.message.code == "gap.training_not_good_standing"
    assert not check(worker, vacancy, "japanese").met


def test_the_successor_programme_exempts_nothing_until_its_rules_are_data() -> None:
    worker = trained(
        "agriculture",
        "good_standing",
        category="crop_farming",
        programme="employment_for_skill_development",
    )
    vacancy = job("agriculture", "crop_farming")
    assert not check(worker, vacancy, "ssw_test").met
    assert not check(worker, vacancy, "japanese").met


def test_training_exempts_no_n3_that_the_category_needs() -> None:
    worker = trained("automobile_transportation", "good_standing", category="taxi_driver")
    result = check(worker, job("automobile_transportation", "taxi_driver"), "japanese")
    assert result.status == "unknown"
    assert result.message.code == "gap.japanese_category_unknown"


# --- Japanese by law ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "field", "needed"),
    [
        ("taxi_driver", "automobile_transportation", "N3"),
        ("bus_driver", "automobile_transportation", "N3"),
        ("truck_driver", "automobile_transportation", "N4"),
        ("transport_staff", "railway", "N3"),
    ],
)
def test_drivers_and_station_staff_need_the_level_the_law_sets(
    category: str, field: str, needed: str
) -> None:
    worker = with_test(field, category, japanese=[{"test": "JLPT", "level": "N4"}])
    vacancy = job(field, category, requirements={"japanese": "N4"})
    result = check(worker, vacancy, "japanese")
    assert result.met == (needed == "N4")
    if needed == "N3":
        assert result.message.code == "gap.japanese_category"
        assert "N3" in result.message.render("en")


def test_ssw2_sets_no_default_japanese_but_fishery_needs_n3() -> None:
    building = job("construction", "building", visa="ssw2", requirements={"japanese": None})
    assert all(
        c.requirement != "japanese"
        for c in check_eligibility(make_worker(), building, START).checks
    )
    fishing = job("fishery", "fishing", visa="ssw2")
    worker = with_test("fishery", "fishing", level=2, japanese=[{"test": "JLPT", "level": "N4"}])
    assert check(worker, fishing, "japanese").status == "not_met"


# --- SSW(ii) experience, SSW(i) time ------------------------------------------------------------


def _supervisor(supervisory: bool | None, years: float = 3) -> WorkerProfile:
    return with_test(
        "fishery",
        "fishing",
        level=2,
        japanese=[{"test": "JLPT", "level": "N3"}],
        experience=[
            {
                "title": "Mandor kapal",
                "field": "fishery",
                "years": years,
                "supervisory": supervisory,
            }
        ],
    )


def test_ssw2_needs_supervisory_experience_in_the_field() -> None:
    vacancy = job("fishery", "fishing", visa="ssw2")
    assert check(_supervisor(True), vacancy, "ssw2_experience").met
    assert check(_supervisor(True, years=1), vacancy, "ssw2_experience").status == "not_met"
    assert check(_supervisor(False), vacancy, "ssw2_experience").status == "not_met"
    unknown = check(_supervisor(None), vacancy, "ssw2_experience")
    assert unknown.status == "unknown"
    assert unknown.message.code == "gap.supervisory_unknown"
    assert check_eligibility(_supervisor(True), vacancy, START).eligible


def test_ssw1_is_limited_to_five_years() -> None:
    vacancy = make_vacancy()
    assert check(make_worker(ssw1_months_used=48), vacancy, "ssw1_time").message.params_dict == {
        "months": 12
    }
    used_up = check(make_worker(ssw1_months_used=60), vacancy, "ssw1_time")
    assert used_up.status == "not_met"
    assert "60" in used_up.message.render("ja")


# --- licences ----------------------------------------------------------------------------------


def _driver(**licence: Any) -> WorkerProfile:
    licences = [{"kind": "jp_driving_second_class", **licence}] if licence else []
    return with_test(
        "automobile_transportation",
        "taxi_driver",
        japanese=[{"test": "JLPT", "level": "N3"}],
        licences=licences,
    )


def test_a_licence_the_vacancy_requires_must_be_valid_on_the_start_date() -> None:
    vacancy = job(
        "automobile_transportation",
        "taxi_driver",
        requirements={"licences": ["jp_driving_second_class"]},
    )
    valid = _driver(issued_on=date(2024, 1, 1), expires_on=date(2027, 1, 1))
    assert check(valid, vacancy, "licence").met
    expired = _driver(issued_on=date(2020, 1, 1), expires_on=date(2025, 1, 1))
    assert check(expired, vacancy, "licence").status == "not_met"
    undated = _driver(issued_on=date(2024, 1, 1))
    assert check(undated, vacancy, "licence").message.code == "gap.licence_not_valid"
    assert check(_driver(), vacancy, "licence").status == "unknown"


def test_a_licence_obtainable_in_japan_is_a_note_not_a_requirement() -> None:
    vacancy = job("automobile_transportation", "taxi_driver")
    worker = _driver()
    explanation = rank_one(worker, vacancy, 0.5, START, lang="ja")
    assert explanation.eligible
    assert any("第二種運転免許" in gap and "12" in gap for gap in explanation.gaps)


# --- certificates ------------------------------------------------------------------------------


def test_kkni_counts_only_certificates_relevant_to_the_field() -> None:
    welder = make_certificate(
        scheme="Juru Las SMAW 3G",
        scheme_code="SKM-LAS-3G",
        qualification_id=None,
        qualification_en=None,
        kkni_level=3,
    )
    vacancy = make_vacancy(requirements={"min_kkni_level": 3, "certificates": []})
    worker = make_worker(certificates=[welder, make_certificate(kkni_level=2)])
    result = check(worker, vacancy, "min_kkni_level")
    assert result.status == "not_met"
    assert result.message.params_dict["has"] == 2


def test_an_employer_writing_kaigo_finds_the_caregiver_certificate() -> None:
    vacancy = make_vacancy(requirements={"certificates": ["介護"]})
    result = check(make_worker(), vacancy, "certificate")
    assert result.met
    assert "Caregiver (Perawat Lansia)" in result.message.render("ja")


def test_verification_is_shown_to_the_employer() -> None:
    certificate = make_certificate(verified="registry_checked", verified_on=date(2025, 1, 10))
    result = check(make_worker(certificates=[certificate]), make_vacancy(), "certificate")
    assert "BNSP登録簿で確認済み" in result.message.render("ja")


# --- recognition -------------------------------------------------------------------------------


def _recognition(start: date, end: date | None = None) -> RecognitionTable:
    return RecognitionTable(
        [
            Recognition(
                id=1,
                scheme_code="SKM-CG-01",
                category="care",
                effective_from=start,
                effective_to=end,
                source="https://example.org/mra-2027",
            )
        ]
    )


def test_a_recognised_certificate_counts_as_the_skill_test_while_in_force() -> None:
    worker = make_worker(ssw_tests=[])
    vacancy = make_vacancy()
    assert not check(worker, vacancy, "ssw_test").met
    in_force = check(worker, vacancy, "ssw_test", _recognition(date(2025, 1, 1)))
    assert in_force.met
    assert in_force.message.code == "reason.ssw_test_recognised"
    assert "https://example.org/mra-2027" in in_force.message.render("en")
    not_yet = check(worker, vacancy, "ssw_test", _recognition(date(2026, 1, 1)))
    assert not not_yet.met
    ended = check(worker, vacancy, "ssw_test", _recognition(date(2024, 1, 1), date(2025, 10, 1)))
    assert not ended.met


def test_a_recognition_needs_a_valid_certificate_and_does_not_replace_ssw2_tests() -> None:
    expired = make_worker(ssw_tests=[], certificates=[make_certificate(status="expired")])
    table = _recognition(date(2025, 1, 1))
    assert not check(expired, make_vacancy(), "ssw_test", table).met
    ssw2 = job("nursing_care", "care", visa="ssw2")
    assert not check(make_worker(ssw_tests=[]), ssw2, "ssw_test", table).met


def test_ssw2_without_a_figure_needs_some_supervisory_experience() -> None:
    vacancy = job("construction", "building", visa="ssw2")
    worker = with_test("construction", "building", level=2, experience=[])
    result = check(worker, vacancy, "ssw2_experience")
    assert result.message.code == "gap.supervisory_some"
    assert "0" not in result.message.render("en")


def test_ssw2_practical_experience_that_need_not_be_supervisory() -> None:
    vacancy = job("industrial_products_manufacturing", "machining_metal", visa="ssw2")
    short = with_test(
        "industrial_products_manufacturing",
        "machining_metal",
        level=2,
        experience=[
            {"title": "Operator CNC", "field": "industrial_products_manufacturing", "years": 2}
        ],
    )
    result = check(short, vacancy, "ssw2_experience")
    assert result.status == "not_met"
    assert result.message.code == "gap.ssw2_experience"
    long = with_test(
        "industrial_products_manufacturing",
        "machining_metal",
        level=2,
        experience=[
            {"title": "Operator CNC", "field": "industrial_products_manufacturing", "years": 3}
        ],
    )
    assert check(long, vacancy, "ssw2_experience").met


def test_a_job_type_related_to_several_categories_exempts_in_each() -> None:
    field = "industrial_products_manufacturing"
    worker = trained(field, "good_standing", job_type="機械加工")
    assert check(worker, job(field, "machining_metal"), "ssw_test").met
    assert check(worker, job(field, "electrical_electronic_assembly"), "ssw_test").met
    assert not check(worker, job(field, "metal_surface_treatment"), "ssw_test").met
