"""The hand-labelled evaluation set loads, validates and is broad enough to measure ranking."""

from __future__ import annotations

import re

from matcher.demo import load_labelled, relevance
from matcher.demo.labelled import LabelledItem
from matcher.ranking.eligibility import training_categories
from models import occupations
from models.categories import ssw_categories

CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_labelled_set_loads_and_covers_enough() -> None:
    labelled = load_labelled()
    assert 30 <= len(labelled.vacancies) <= 45
    assert 150 <= len(labelled.workers) <= 200
    assert len(labelled.queries) >= 30
    assert len(labelled.occupations()) >= 25
    fields = {occupations()[o].field for o in labelled.occupations()}
    assert len(fields) >= 15
    for lang in ("ja", "id", "en"):
        assert len(labelled.queries_in(lang)) >= 10
    assert all(CJK.search(v.vacancy.title) for v in labelled.vacancies)
    assert all(CJK.search(q.query) for q in labelled.queries_in("ja"))


def test_labels_stay_out_of_the_engine_input() -> None:
    labelled = load_labelled()
    assert all(v.vacancy.occupation is None for v in labelled.vacancies)
    for w in labelled.workers:
        assert all(e.occupation is None for e in w.profile.experience)


def test_relevance_grades() -> None:
    labelled = load_labelled()
    by_occupation = {w.occupation: w for w in labelled.workers}
    caregiver = by_occupation["elderly_care"]
    support = by_occupation["disability_care"]
    welder = by_occupation["welding"]
    assert relevance(caregiver, caregiver) == 2
    assert relevance(caregiver, support) == 1
    assert relevance(caregiver, welder) == 0
    assert labelled.relevance(welder, support) == 0


def test_every_query_and_vacancy_has_relevant_workers() -> None:
    labelled = load_labelled()
    queries: list[LabelledItem] = [*labelled.vacancies, *labelled.queries]
    judgements = labelled.judgements(queries, labelled.workers)
    for item in queries:
        grades = judgements[item.key]
        assert 2 in grades.values(), item.key


def test_categories_and_completion_are_recorded() -> None:
    labelled = load_labelled()
    known = occupations()
    for v in labelled.vacancies:
        assert v.vacancy.category == known[v.occupation].category, v.key
    for w in labelled.workers:
        for test in w.profile.ssw_tests:
            assert test.category is not None, w.key
            assert ssw_categories()[test.category].field == test.field
        for training in w.profile.intern_training:
            assert training.completion is not None, w.key
            assert training_categories(training), w.key
        for certificate in w.profile.certificates:
            assert certificate.expires_on is not None, w.key
