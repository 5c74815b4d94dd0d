from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.ranking import features
from matcher.ranking.certificates import certificate_matches
from matcher.ranking.eligibility import check_eligibility, japanese_rank
from matcher.ranking.features import (
    WorkerFeatureTable,
    latest_birth_date_for_age,
    related_fields,
)
from matcher.ranking.recognitions import RecognitionTable
from matcher.ranking.vacancy_table import VacancyRequirementTable
from models.japanese import level_rank
from models.vacancy import Vacancy
from models.worker import WorkerProfile

from .factories import START, make_certificate, make_vacancy, make_worker
from .strategies import (
    FIELDS,
    LEVELS,
    PROVINCES,
    REQUIRED_NAMES,
    days,
    recognition_tables,
    start_dates,
    vacancies,
    workers,
)

_birthdays = st.dates(min_value=date(1950, 1, 1), max_value=date(2012, 12, 31))


@settings(max_examples=300, deadline=None)
@given(
    birth=_birthdays, on=st.one_of(start_dates, st.just(date(2028, 2, 29))), age=st.integers(15, 81)
)
def test_birth_date_cutoff_agrees_with_age_on(birth: date, on: date, age: int) -> None:
    worker = make_worker(birth_date=birth)
    assert (worker.age_on(on) >= age) == (birth <= latest_birth_date_for_age(on, age))


@settings(max_examples=150, deadline=None)
@given(
    people=st.lists(workers(), min_size=1, max_size=8),
    jobs=st.lists(st.tuples(vacancies(), start_dates), min_size=1, max_size=4),
    recognitions=recognition_tables(),
)
def test_table_agrees_with_check_eligibility(
    people: list[WorkerProfile], jobs: list[tuple[Vacancy, date]], recognitions: RecognitionTable
) -> None:
    table = WorkerFeatureTable.from_workers((100 + i, w) for i, w in enumerate(people))
    for vacancy, on in jobs:
        results = [check_eligibility(w, vacancy, on, recognitions) for w in people]
        expected = [100 + i for i, result in enumerate(results) if result.eligible]
        assert table.eligible_ids(vacancy, on, recognitions).tolist() == expected
        # requirement by requirement, so that agreement is tested even where few are eligible
        masks = table.requirement_masks(vacancy, on, recognitions)
        for row, result in enumerate(results):
            met: dict[str, bool] = {}
            for check in result.checks:
                met[check.requirement] = met.get(check.requirement, True) and check.met
            assert {name: bool(mask[row]) for name, mask in masks.items()} == met


@settings(max_examples=40, deadline=None)
@given(
    people=st.lists(workers(), min_size=2, max_size=6),
    replacement=workers(),
    jobs=st.lists(st.tuples(vacancies(), start_dates), min_size=1, max_size=3),
)
def test_upsert_and_remove_keep_the_table_in_agreement(
    people: list[WorkerProfile], replacement: WorkerProfile, jobs: list[tuple[Vacancy, date]]
) -> None:
    table = WorkerFeatureTable.from_workers(enumerate(people))
    for vacancy, on in jobs:  # fill the name cache before mutating
        table.eligible_ids(vacancy, on)
    current = dict(enumerate(people))
    table.remove(0)
    del current[0]
    table.upsert(1, replacement)
    current[1] = replacement
    table.upsert(50, people[0])
    current[50] = people[0]
    table.remove(999)  # absent: no-op
    assert len(table) == len(current)
    assert table.ids().tolist() == sorted(current)
    for vacancy, on in jobs:
        expected = sorted(
            i for i, w in current.items() if check_eligibility(w, vacancy, on).eligible
        )
        assert table.eligible_ids(vacancy, on).tolist() == expected


def test_expired_and_revoked_certificates_never_satisfy_in_the_table() -> None:
    vacancy = make_vacancy(requirements={"min_kkni_level": 2})
    table = WorkerFeatureTable.from_workers(
        [
            (1, make_worker()),
            (2, make_worker(certificates=[make_certificate(status="expired")])),
            (3, make_worker(certificates=[make_certificate(status="revoked")])),
            (4, make_worker(certificates=[make_certificate(expires_on=START)])),
        ]
    )
    assert table.eligible_ids(vacancy, START).tolist() == [1]
    assert table.eligible_ids(vacancy, START - timedelta(days=100)).tolist() == [1, 4]


def test_remembered_certificate_masks_are_bounded_read_only_and_follow_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Masks kept per (name, day) between queries: at most ``DATED_CACHE_BYTES`` of them,
    never writable by a caller, and never served after the table changed."""
    monkeypatch.setattr(features, "DATED_CACHE_BYTES", 3 * 2)  # three masks of two rows
    vacancy = make_vacancy(requirements={"min_kkni_level": 2})
    expiring = make_worker(certificates=[make_certificate(expires_on=START + timedelta(days=30))])
    table = WorkerFeatureTable.from_workers([(1, make_worker()), (2, expiring)])
    for shift in range(0, 60, 5):
        on = START + timedelta(days=shift)
        expected = [1] if shift >= 30 else [1, 2]
        assert table.eligible_ids(vacancy, on).tolist() == expected
        assert table.eligible_ids(vacancy, on).tolist() == expected  # served from memory
        assert len(table._dated) <= 3
    masks = table.requirement_masks(vacancy, START)
    with pytest.raises(ValueError, match="read-only"):
        masks["min_kkni_level"][0] = False
    assert table.eligible_ids(vacancy, START).tolist() == [1, 2]
    table.upsert(1, make_worker(certificates=[make_certificate(status="revoked")]))
    assert table.eligible_ids(vacancy, START).tolist() == [2]
    table.remove(2)
    assert table.eligible_ids(vacancy, START).tolist() == []


def test_intern_training_exemptions_in_the_table() -> None:
    exempt = make_worker(
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
    other_field = make_worker(
        ssw_tests=[],
        japanese=[],
        intern_training=[
            {
                "field": "construction",
                "completed_on": date(2024, 1, 1),
                "completion": "good_standing",
            }
        ],
    )
    unknown_completion = make_worker(
        ssw_tests=[],
        japanese=[],
        intern_training=[{"field": "nursing_care", "completed_on": date(2024, 1, 1)}],
    )
    table = WorkerFeatureTable.from_workers(
        [(1, exempt), (2, other_field), (3, unknown_completion)]
    )
    assert table.eligible_ids(make_vacancy(), START).tolist() == [1]
    assert table.eligible_ids(make_vacancy(visa="ssw2"), START).tolist() == []


def test_empty_table() -> None:
    table = WorkerFeatureTable()
    assert len(table) == 0
    assert table.eligible_ids(make_vacancy(), START).dtype == np.int64
    assert table.eligible_ids(make_vacancy(), START).tolist() == []
    assert table.matches_filters(START, field="nursing_care").tolist() == []


def test_table_grows_beyond_its_initial_capacity() -> None:
    worker = make_worker()
    table = WorkerFeatureTable.from_workers((i, worker) for i in range(40))
    assert table.eligible_ids(make_vacancy(), START).tolist() == list(range(40))
    assert 39 in table


def _reference_filters(
    worker: WorkerProfile,
    on: date,
    field: str | None,
    min_japanese: str | None,
    certificate: str | None,
    province: str | None,
    available_by: date | None,
) -> bool:
    if field is not None and field not in related_fields(worker):
        return False
    if min_japanese is not None and japanese_rank(worker) < level_rank(min_japanese):
        return False
    if certificate is not None and not any(
        certificate_matches(c, certificate) and c.valid_on(on) for c in worker.certificates
    ):
        return False
    if province is not None and (worker.province or "").casefold() != province.casefold():
        return False
    if province is not None and worker.province is None:
        return False
    return available_by is None or (
        worker.available_from is not None and worker.available_from <= available_by
    )


@settings(max_examples=60, deadline=None)
@given(
    people=st.lists(workers(), min_size=1, max_size=8),
    on=start_dates,
    field=st.one_of(st.none(), st.sampled_from(FIELDS)),
    min_japanese=st.one_of(st.none(), st.sampled_from(LEVELS)),
    certificate=st.one_of(st.none(), st.sampled_from(REQUIRED_NAMES)),
    province=st.one_of(st.none(), st.sampled_from([p for p in PROVINCES if p] + ["Papua"])),
    available_by=st.one_of(st.none(), days),
)
def test_matches_filters_agrees_with_a_per_worker_reference(
    people: list[WorkerProfile],
    on: date,
    field: str | None,
    min_japanese: str | None,
    certificate: str | None,
    province: str | None,
    available_by: date | None,
) -> None:
    table = WorkerFeatureTable.from_workers(enumerate(people))
    found = table.matches_filters(
        on,
        field=field,
        min_japanese=min_japanese,
        certificate=certificate,
        province=province,
        available_by=available_by,
    )
    expected = [
        i
        for i, w in enumerate(people)
        if _reference_filters(w, on, field, min_japanese, certificate, province, available_by)
    ]
    assert found.tolist() == expected


def test_filters_without_arguments_return_every_worker() -> None:
    table = WorkerFeatureTable.from_workers([(3, make_worker()), (1, make_worker())])
    assert table.matches_filters(START).tolist() == [1, 3]
    assert table.matches_filters(START, field="unknown_field").tolist() == []


@pytest.mark.parametrize("on", [START, date(2028, 2, 29), date(2027, 3, 1)])
def test_age_boundaries_agree_with_check_eligibility(on: date) -> None:
    vacancy = make_vacancy(requirements={"min_age": 20, "max_age": 30, "certificates": []})
    births = [
        latest_birth_date_for_age(on, years) + timedelta(days=shift)
        for years in (18, 20, 30, 31)
        for shift in (-1, 0, 1)
    ]
    people = [make_worker(birth_date=birth, available_from=on) for birth in births]
    table = WorkerFeatureTable.from_workers(enumerate(people))
    masks = table.requirement_masks(vacancy, on)
    for row, worker in enumerate(people):
        checks = {c.requirement: c.met for c in check_eligibility(worker, vacancy, on).checks}
        assert bool(masks["min_age"][row]) == checks["min_age"]
        assert bool(masks["max_age"][row]) == checks["max_age"]
    expected = [i for i, w in enumerate(people) if check_eligibility(w, vacancy, on).eligible]
    assert table.eligible_ids(vacancy, on).tolist() == expected
    assert expected  # some of them are within the range


@settings(max_examples=300, deadline=None)
@given(worker=workers(), job=vacancies(), on=start_dates)
def test_the_vacancy_table_never_excludes_an_eligible_pair(
    worker: WorkerProfile, job: Vacancy, on: date
) -> None:
    table = VacancyRequirementTable([(job.id, job)])
    passing = table.passing(worker).tolist() == [job.id]
    checks = {c.requirement: c.met for c in check_eligibility(worker, job, on).checks}
    if check_eligibility(worker, job, on).eligible:
        assert passing
    # Exact for the requirements it models: passing iff those checks are all met.
    modelled = [checks[r] for r in ("ssw_test", "japanese", "care_japanese") if r in checks]
    assert passing == all(modelled)


@settings(max_examples=200, deadline=None)
@given(worker=workers(), job=vacancies(), on=start_dates, recognitions=recognition_tables())
def test_the_vacancy_table_keeps_pairs_a_recognition_makes_eligible(
    worker: WorkerProfile, job: Vacancy, on: date, recognitions: RecognitionTable
) -> None:
    table = VacancyRequirementTable([(job.id, job)])
    passing = table.passing(worker, recognitions=recognitions).tolist() == [job.id]
    if check_eligibility(worker, job, on, recognitions).eligible:
        assert passing
