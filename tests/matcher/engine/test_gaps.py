"""Near misses for an agency: workers who lack exactly one requirement, grouped by it."""

from __future__ import annotations

from datetime import date

import numpy as np

from matcher.engine.gaps import near_misses
from matcher.ranking import WorkerFeatureTable
from matcher.ranking.recognitions import NO_RECOGNITIONS
from tests.matcher.ranking.factories import START, make_vacancy, make_worker


def test_workers_lacking_only_one_requirement_are_grouped_by_it() -> None:
    eligible = make_worker()
    only_n4 = make_worker(japanese=[{"test": "care-japanese", "level": "pass"}])
    two_missing = make_worker(japanese=[], ssw_tests=[])
    table = WorkerFeatureTable.from_workers([(1, eligible), (2, only_n4), (3, two_missing)])
    vacancies = [(10, make_vacancy(id=10)), (11, make_vacancy(id=11))]
    groups = near_misses(table, np.array([1, 2, 3]), vacancies, START, NO_RECOGNITIONS)
    assert [(g.requirement, g.detail, g.worker_ids, g.vacancy_ids) for g in groups] == [
        ("japanese", "N4", {2}, {10, 11})
    ]
    assert groups[0].line("id").startswith("1 pekerja Anda hanya kurang")
    assert groups[0].line("id").endswith("untuk 2 lowongan")


def test_closed_vacancies_and_other_agencies_workers_do_not_count() -> None:
    only_n4 = make_worker(japanese=[{"test": "care-japanese", "level": "pass"}])
    table = WorkerFeatureTable.from_workers([(2, only_n4), (5, only_n4)])
    vacancies = [(10, make_vacancy(id=10, status="closed"))]
    assert near_misses(table, np.array([2]), vacancies, date(2025, 10, 1), NO_RECOGNITIONS) == []
    open_one = [(11, make_vacancy(id=11))]
    groups = near_misses(table, np.array([2]), open_one, START, NO_RECOGNITIONS)
    assert [g.worker_ids for g in groups] == [{2}]
