"""With ineligible candidates included, "eligible_first" (the default) lists every eligible
one before them and "score" interleaves by score alone (issue 19: a near miss ranked above
people who can be hired, with the same green bar)."""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest

from matcher.engine import MatchingEngine, MatchQuery
from matcher.engine.ranker import order_results
from matcher.engine.results import MatchOrder, MatchResult
from matcher.settings import get_settings
from tests.matcher.engine.test_service import _seed


@pytest.mark.parametrize("order", ["eligible_first", "score"])
async def test_order_of_ineligible_results(pool: asyncpg.Pool[Any], order: MatchOrder) -> None:
    ids = await _seed(pool)
    engine = await MatchingEngine.start(pool, get_settings())
    try:
        query = MatchQuery(limit=10, include_ineligible=True, order=order)
        results = await engine.match_vacancy(ids["care"], query)
        recommended = await engine.recommend_vacancies(
            ids["w2"], MatchQuery(limit=10, include_ineligible=True, order=order)
        )
    finally:
        await engine.close()
    assert {r.eligible for r in results} == {True, False}, "the seed has both kinds"
    for listed in (results, recommended):
        if order == "eligible_first":
            flags = [r.eligible for r in listed]
            assert flags == sorted(flags, reverse=True)
            for group in (True, False):
                scores = [r.score for r in listed if r.eligible is group]
                assert scores == sorted(scores, reverse=True)
        else:
            scores = [r.score for r in listed]
            assert scores == sorted(scores, reverse=True)


async def test_both_orders_return_the_same_people(pool: asyncpg.Pool[Any]) -> None:
    ids = await _seed(pool)
    engine = await MatchingEngine.start(pool, get_settings())
    try:
        by_score = await engine.match_vacancy(
            ids["care"], MatchQuery(limit=10, include_ineligible=True, order="score")
        )
        eligible_first = await engine.match_vacancy(
            ids["care"], MatchQuery(limit=10, include_ineligible=True)
        )
    finally:
        await engine.close()
    assert sorted(r.subject_id for r in by_score) == sorted(r.subject_id for r in eligible_first)
    assert MatchQuery().order == "eligible_first"


def _result(subject_id: int, score: float, eligible: bool) -> MatchResult:
    return MatchResult(
        subject_id=subject_id,
        score=score,
        eligible=eligible,
        components={},
        reasons=[],
        gaps=[] if eligible else ["JLPT N4 required"],
        checks=[],
        other_id=1,
    )


def test_a_near_miss_with_a_higher_score_goes_after_the_eligible_ones() -> None:
    def results() -> list[MatchResult]:
        return [_result(1, 0.5, True), _result(2, 0.9, False), _result(3, 0.7, True)]

    assert [r.subject_id for r in order_results(results(), 10)] == [3, 1, 2]
    assert [r.subject_id for r in order_results(results(), 10, "score")] == [2, 3, 1]
    assert [r.subject_id for r in order_results(results(), 2)] == [
        3,
        1,
    ]  # the limit cuts the misses
