"""What a ranking returns: one explained result per candidate, the shape DOMAIN.md specifies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from matcher.ranking.explain import (
    CheckOutcome as RequirementCheck,  # one shape for a check, shared
)
from models.common import Lang
from models.vacancy import Vacancy
from models.worker import Worker

__all__ = ["MatchQuery", "MatchResult", "RequirementCheck", "VacancyFilters", "WorkerFilters"]


@dataclass(frozen=True, slots=True)
class MatchResult:
    """A ranked candidate (a worker for a vacancy, or a vacancy for a worker), explained.

    ``subject_id`` is the id of the ranked object: a worker id for vacancy -> workers and
    worker searches, a vacancy id for recommendations and vacancy searches.
    """

    subject_id: int
    score: float
    eligible: bool
    components: dict[str, float]
    reasons: list[str]
    gaps: list[str]
    checks: list[RequirementCheck] = field(default_factory=list)
    other_id: int | None = None  # the vacancy (or worker) the explanation was computed against
    subject: Worker | Vacancy | None = None  # the ranked object as stored (callers mask it)


@dataclass(frozen=True, slots=True)
class WorkerFilters:
    """User filters for worker search; every filter narrows, none is ever satisfied by missing data."""

    ssw_field: str | None = None
    category: str | None = None  # a job category code: passed its skill test or exempt from it
    min_japanese: str | None = None  # "N4", "A2", ...
    certificate: str | None = None
    province: str | None = None
    available_by: date | None = None
    discoverable_only: bool = False
    agency_id: int | None = None  # only this agency's workers
    visible_to_agency: int | None = None  # discoverable workers plus this agency's own
    worker_ids: frozenset[int] | None = None  # only these workers (e.g. registered for an event)


@dataclass(frozen=True, slots=True)
class VacancyFilters:
    """User filters for vacancy search."""

    ssw_field: str | None = None
    prefecture: str | None = None
    employer_id: int | None = None
    open_only: bool = True


MatchOrder = Literal["eligible_first", "score"]


@dataclass(frozen=True, slots=True)
class MatchQuery:
    """Common options of every ranking entry point."""

    limit: int = 20
    lang: Lang = "en"
    include_ineligible: bool = False
    # With ``include_ineligible``: "eligible_first" lists every eligible result before the
    # ineligible ones (each group by score); "score" interleaves them by score alone.
    order: MatchOrder = "eligible_first"
