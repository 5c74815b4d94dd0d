"""Eligibility, scoring and explanations of worker-vacancy matches (framework-free, pure).

* ``check_eligibility`` checks one worker against a vacancy's hard requirements;
  ``WorkerFeatureTable.eligible_ids`` does the same for many workers at once, and agrees exactly;
  ``VacancyRequirementTable.passing`` narrows the vacancies one worker could be eligible for.
* ``score_pairs`` / ``score_queries`` score many candidates at once as one table, with one
  formula (``combine_table``); ``score_components`` / ``score`` do it for one pair.
* ``rank_one`` explains one match, with reasons and gaps rendered in English, Japanese or
  Indonesian (``messages.render``); ``matcher.engine.ranker`` orders and pages them.
"""

from __future__ import annotations

from matcher.ranking.certificates import certificate_matches, name_tokens
from matcher.ranking.eligibility import (
    CheckStatus,
    Eligibility,
    Requirement,
    RequirementCheck,
    check_eligibility,
    start_date,
)
from matcher.ranking.explain import (
    CheckOutcome,
    MatchExplanation,
    rank_one,
)
from matcher.ranking.features import WorkerFeatureTable
from matcher.ranking.messages import MESSAGES, Message, render
from matcher.ranking.scoring import COMPONENTS, RankingWeights, score, score_components
from matcher.ranking.vacancy_table import VacancyRequirementTable

__all__ = [
    "COMPONENTS",
    "MESSAGES",
    "CheckOutcome",
    "CheckStatus",
    "Eligibility",
    "MatchExplanation",
    "Message",
    "RankingWeights",
    "Requirement",
    "RequirementCheck",
    "VacancyRequirementTable",
    "WorkerFeatureTable",
    "certificate_matches",
    "check_eligibility",
    "name_tokens",
    "rank_one",
    "render",
    "score",
    "score_components",
    "start_date",
]
