"""Matching and search schemas: explained results in the DOMAIN.md shape."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from models.common import FREE_TEXT, Code, Lang, ShortText
from models.schemas.common import RequestModel
from models.schemas.vacancies import VacancyPublic
from models.schemas.workers import WorkerView

MAX_QUERY_CHARS = 1000
MAX_RESULTS = 200

SearchQuery = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_QUERY_CHARS),
    AfterValidator(FREE_TEXT.check),
]


class WorkerSearchFilters(RequestModel):
    """Filters narrow; missing data never satisfies one."""

    mine_only: bool = Field(
        False, description="Agencies: only the agency's own workers (other roles: a 422)."
    )
    ssw_field: Code | None = None
    category: Code | None = Field(
        None,
        description="Job category (業務区分) code: passed its skill test, or exempt from it.",
    )
    min_japanese: str | None = Field(None, pattern=r"^(N[1-5]|A2)$")
    certificate: ShortText | None = None
    province: ShortText | None = None
    available_by: date | None = None


class VacancySearchFilters(RequestModel):
    ssw_field: Code | None = None
    prefecture: ShortText | None = None


class _SearchRequest(RequestModel):
    query: SearchQuery
    limit: int = Field(20, ge=1, le=MAX_RESULTS)
    lang: Lang = "en"
    include_ineligible: bool = False


WorkerSort = Literal["relevance", "name", "updated", "japanese", "available", "id"]
NAME_SORT_ROLES = ("admin", "agency")
MAX_SEARCH_DEPTH = 300
"""A query's results reach at most this deep (``offset + limit``): past it the semantic
ranking is no longer an answer to the query. Listings without a query page without a bound."""


class WorkerSearchRequest(RequestModel):
    """A ranked search (``query``) or, without one, a sorted listing of the filtered workers.

    Either way a name or external id in ``query`` puts that person first (see docs/api.md).
    """

    query: SearchQuery | None = None
    limit: int = Field(20, ge=1, le=MAX_RESULTS)
    offset: int = Field(0, ge=0, le=1_000_000)
    sort: WorkerSort = Field(
        "relevance",
        description="`relevance` (a query's order; without a query, the same as `id`), "
        "`name`, `updated`, `japanese` (highest level), `available` (start date) or `id`. "
        "Only `relevance` with a query; `name` only for admins and agencies.",
    )
    descending: bool = False
    lang: Lang = "en"
    include_ineligible: bool = False
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "query": "caregiver with experience in elderly care, night shifts",
                    "filters": {"ssw_field": "nursing_care", "min_japanese": "N4"},
                    "limit": 10,
                    "lang": "en",
                }
            ]
        }
    )
    filters: WorkerSearchFilters = Field(default_factory=WorkerSearchFilters)


class VacancySearchRequest(_SearchRequest):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"query": "介護 夜勤 寮", "filters": {"prefecture": "Miyagi"}, "lang": "ja"}
            ]
        }
    )
    filters: VacancySearchFilters = Field(default_factory=VacancySearchFilters)


class RequirementCheckPublic(BaseModel):
    requirement: str
    status: str = Field(description='"met", "not_met" or "unknown" (unknown counts as not met)')
    message: str


class _MatchFields(BaseModel):
    score: float = Field(examples=[0.87])
    eligible: bool
    components: dict[str, float] = Field(examples=[{"semantic": 0.71, "field": 1.0}])
    reasons: list[str]
    gaps: list[str]
    checks: list[RequirementCheckPublic] = Field(default_factory=list)


class WorkerMatch(_MatchFields):
    """A ranked worker, shown as the caller may see it (full, contact hidden or masked)."""

    worker: WorkerView


class VacancyMatch(_MatchFields):
    vacancy: VacancyPublic


class WorkerMatchList(BaseModel):
    data: list[WorkerMatch]
    count: int


class WorkerSearchList(WorkerMatchList):
    total: int = Field(
        description="Workers passing the filters that the caller may see (with a query, all of "
        "them are ranked; `data` holds one page of that ranking)."
    )


class VacancyMatchList(BaseModel):
    data: list[VacancyMatch]
    count: int


class EligibilityGap(BaseModel):
    """(worker, open vacancy) pairs that fail exactly one hard requirement, by what is missing."""

    requirement: str = Field(examples=["japanese"])
    detail: str | None = Field(
        description="The level (`N4`) or job category code the vacancies ask for, where one "
        "applies",
        examples=["N4"],
    )
    workers: int
    vacancies: int
    worker_ids: list[int]
    text: str = Field(examples=["3 of your workers lack only Japanese N4 for 12 vacancies"])


class EligibilityGapList(BaseModel):
    data: list[EligibilityGap]
    count: int
