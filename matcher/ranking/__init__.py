"""Eligibility, scoring and explanations of worker-vacancy matches (framework-free, pure).

* ``check_eligibility`` checks one worker against a vacancy's hard requirements;
  ``WorkerFeatureTable.eligible_ids`` does the same for many workers at once, and agrees exactly;
  ``VacancyRequirementTable.passing`` narrows the vacancies one worker could be eligible for.
* ``score_components`` / ``score`` compute the weighted match score (``RankingWeights``).
* ``rank_one`` / ``rank_candidates`` explain and order candidates, with reasons and gaps rendered
  in English, Japanese or Indonesian (``messages.render``).
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
    RankedMatch,
    rank_candidates,
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
    "RankedMatch",
    "RankingWeights",
    "Requirement",
    "RequirementCheck",
    "VacancyRequirementTable",
    "WorkerFeatureTable",
    "certificate_matches",
    "check_eligibility",
    "name_tokens",
    "rank_candidates",
    "rank_one",
    "render",
    "score",
    "score_components",
    "start_date",
]
