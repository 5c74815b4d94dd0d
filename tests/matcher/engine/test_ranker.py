"""The one ranking pipeline: order, paging and explanation of the page only."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import numpy as np

from matcher.engine.highlights import query_reason
from matcher.engine.ranker import PairCandidate, TextCandidate, page_rows, rank_pairs, rank_texts
from matcher.engine.results import MatchQuery
from matcher.ranking import rank_one
from matcher.ranking.lexical import default_lexicon
from matcher.ranking.recognitions import NO_RECOGNITIONS
from matcher.ranking.scoring import RankingWeights, ScoringFacts, VacancyTerms
from matcher.storage.search import NameMatch
from models.vacancy import Vacancy
from models.worker import Worker, WorkerProfile
from tests.matcher.ranking.factories import START, make_vacancy, make_worker


def _stored(profile: WorkerProfile, worker_id: int) -> Worker:
    return Worker(**profile.model_dump(), id=worker_id, agency_id=1)


def _pair(worker: Worker, vacancy: Vacancy, cosine: float) -> PairCandidate:
    return PairCandidate(
        subject_id=worker.id,
        other_id=vacancy.id,
        subject=worker,
        worker=worker,
        vacancy=vacancy,
        facts=ScoringFacts.of(worker),
        terms=VacancyTerms.of(vacancy),
        on=START,
        cosine=cosine,
        inferred=None,
        occupation_code=vacancy.occupation,
    )


def _vacancy() -> Vacancy:
    return make_vacancy(id=7)


def test_page_rows_sorts_by_keys_first_primary() -> None:
    ids = np.asarray([5, 3, 1, 9])
    score = np.asarray([0.2, 0.2, 1.0, 0.9])
    assert page_rows([-score, ids], 3) == [2, 3, 1]
    assert page_rows([np.asarray([1, 0, 1, 0]), -score, ids], 4) == [3, 1, 2, 0]
    assert page_rows([np.asarray([])], 3) == []


def test_pairs_are_ordered_eligible_first_then_score_then_id() -> None:
    vacancy = _vacancy()
    strong = make_worker()
    late = make_worker(available_from=START + timedelta(days=1))  # not available: ineligible
    candidates = [
        _pair(_stored(strong, 5), vacancy, 0.2),
        _pair(_stored(strong, 3), vacancy, 0.2),
        _pair(_stored(late, 1), vacancy, 1.0),
        _pair(_stored(strong, 9), vacancy, 0.9),
    ]
    verdicts = np.asarray([True, True, False, True])
    weights = RankingWeights()
    both = MatchQuery(limit=10, include_ineligible=True)
    ranked = rank_pairs(candidates, both, weights, NO_RECOGNITIONS, verdicts)
    assert [r.subject_id for r in ranked] == [9, 3, 5, 1]
    assert ranked[3].score > ranked[0].score  # the best score, still after everyone eligible
    assert not ranked[3].eligible and ranked[3].gaps

    by_score = MatchQuery(limit=10, include_ineligible=True, order="score")
    ranked = rank_pairs(candidates, by_score, weights, NO_RECOGNITIONS, verdicts)
    assert [r.subject_id for r in ranked] == [1, 9, 3, 5]

    eligible_only = rank_pairs(candidates, MatchQuery(limit=10), weights, NO_RECOGNITIONS, None)
    assert [r.subject_id for r in eligible_only] == [9, 3, 5]


def test_a_near_miss_does_not_take_the_page_from_someone_eligible() -> None:
    """With a page of 1, the eligible worker is returned although a near miss scores higher."""
    vacancy = _vacancy()
    candidates = [
        _pair(_stored(make_worker(available_from=START + timedelta(days=1)), 1), vacancy, 1.0),
        _pair(_stored(make_worker(), 2), vacancy, 0.1),
    ]
    query = MatchQuery(limit=1, include_ineligible=True)
    ranked = rank_pairs(
        candidates, query, RankingWeights(), NO_RECOGNITIONS, np.asarray([False, True])
    )
    assert [r.subject_id for r in ranked] == [2]


def test_only_the_returned_page_is_explained() -> None:
    vacancy = _vacancy()
    candidates = [_pair(_stored(make_worker(), i), vacancy, i / 100) for i in range(1, 41)]
    with mock.patch("matcher.engine.ranker.rank_one", wraps=rank_one) as explained:
        ranked = rank_pairs(
            candidates, MatchQuery(limit=5, lang="id"), RankingWeights(), NO_RECOGNITIONS, None
        )
    assert explained.call_count == 5
    assert [r.subject_id for r in ranked] == [40, 39, 38, 37, 36]
    assert all(call.args[5] == "id" for call in explained.call_args_list)


def test_text_results_put_name_matches_first_exact_before_fuzzy() -> None:
    people = {i: _stored(make_worker(full_name=f"Person {i}"), i) for i in (1, 2, 3, 4)}
    silent = default_lexicon().profile([""])  # names no trade: lexical 0 for everyone
    candidates = [
        TextCandidate(people[1], 0.9, None, silent),
        TextCandidate(people[2], 0.1, None, silent, NameMatch(worker_id=2, score=0.6, exact=False)),
        TextCandidate(people[3], 0.2, None, silent, NameMatch(worker_id=3, score=1.0, exact=True)),
        TextCandidate(people[4], 0.5, 0.9, silent),
    ]
    only_meaning = RankingWeights(lexical=0)
    query = MatchQuery(limit=10, lang="ja")
    ranked = rank_texts(candidates, query, only_meaning, START, silent)
    assert [r.subject_id for r in ranked] == [3, 2, 1, 4]  # 0.9 alone beats (0.5 + 0.9) / 2
    assert ranked[0].components["name"] == 1.0 and ranked[0].score == 1.0
    assert ranked[0].reasons[0] == "氏名または ID が検索語と一致"
    assert "occupation" in ranked[3].components and "occupation" not in ranked[2].components


def test_text_results_name_the_trade_terms_both_texts_used() -> None:
    """A Japanese query and an Indonesian profile meet on the formwork trade: the lexical
    component counts it and the reasons say which words matched."""
    lexicon = default_lexicon()
    formwork = _stored(make_worker(summary="Tukang bekisting 4 thn di proyek gedung"), 1)
    other = _stored(make_worker(summary="Perawat lansia di panti jompo"), 2)
    candidates = [TextCandidate(w, 0.3, None, lexicon.worker_profile(w)) for w in (formwork, other)]
    query_terms = lexicon.profile(["型枠大工募集。経験者優遇。"])
    ranked = rank_texts(
        candidates, MatchQuery(limit=2, lang="en"), RankingWeights(), START, query_terms
    )
    assert [r.subject_id for r in ranked] == [1, 2]
    assert ranked[0].components["lexical"] > 0 and ranked[1].components["lexical"] == 0
    assert any("↔" in reason for reason in ranked[0].reasons)
    assert not any("↔" in reason for reason in ranked[1].reasons)


def test_indonesian_reasons_write_decimals_with_a_comma() -> None:
    assert query_reason(0.3306, "id") == "Mirip dengan pencarian Anda (kemiripan 0,33)"
    assert query_reason(0.3306, "en") == "Similar to your search (similarity 0.33)"
    worker = _stored(
        make_worker(experience=[{"title": "Caregiver", "field": "nursing_care", "years": 4.5}]), 1
    )
    (result,) = rank_texts(
        [TextCandidate(worker, 0.5, None, default_lexicon().profile([""]))],
        MatchQuery(limit=1, lang="id"),
        RankingWeights(),
        START,
        default_lexicon().profile([""]),
    )
    assert any("4,5 tahun" in reason for reason in result.reasons), result.reasons
