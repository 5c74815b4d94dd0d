"""Matching and search schemas: explained results in the DOMAIN.md shape."""

from __future__ import annotations

from datetime import date
from typing import Annotated

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

    ssw_field: Code | None = None
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


class WorkerSearchRequest(_SearchRequest):
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


class VacancyMatchList(BaseModel):
    data: list[VacancyMatch]
    count: int
