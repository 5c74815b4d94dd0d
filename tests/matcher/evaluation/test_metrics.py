"""Ranking metrics: known values, and the ideal ordering over all judged items."""

from __future__ import annotations

import math

import pytest

from matcher.evaluation import mrr, ndcg_at_k, precision_at_1


def test_perfect_ranking_scores_one() -> None:
    assert ndcg_at_k([2, 2, 1, 0], [2, 2, 1, 0, 0]) == pytest.approx(1.0)
    assert mrr([2, 0]) == 1.0
    assert precision_at_1([2]) == 1.0


def test_missing_relevant_items_are_penalised() -> None:
    # Two relevant items exist but only one was returned.
    assert ndcg_at_k([2, 0, 0], [2, 2, 0]) == pytest.approx(3 / (3 + 3 / math.log2(3)))


def test_same_field_is_a_near_miss_for_mrr_and_p_at_1() -> None:
    assert mrr([1, 1, 2]) == pytest.approx(1 / 3)
    assert precision_at_1([1, 2]) == 0.0
    assert mrr([0, 0]) == 0.0
    assert ndcg_at_k([], [0, 0]) == 0.0
