"""The matching engine: embeddings, FAISS indexes and explained ranking over PostgreSQL data."""

from matcher.engine.results import (
    MatchQuery,
    MatchResult,
    RequirementCheck,
    VacancyFilters,
    WorkerFilters,
)
from matcher.engine.runtime import EngineNotReady
from matcher.engine.service import MatchingEngine

__all__ = [
    "EngineNotReady",
    "MatchQuery",
    "MatchResult",
    "MatchingEngine",
    "RequirementCheck",
    "VacancyFilters",
    "WorkerFilters",
]
