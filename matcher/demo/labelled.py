"""The hand-labelled evaluation set in ``matcher/eval/labelled/`` and its relevance grades.

Three files, each a JSON array with one item per line:

- ``vacancies.json``: ``{"occupation": code, "vacancy": VacancyProfile}``, written in Japanese;
- ``workers.json``: ``{"occupation": code, "profile": WorkerProfile}``, written in Indonesian;
- ``queries.json``: ``{"id": ..., "occupation": code, "lang": "ja"|"id"|"en", "query": text}``.

The ``occupation`` code is the label and stays outside the text the engine sees: vacancies carry
no ``occupation`` and experience entries no occupation code (SSW field codes, which agencies and
employers do fill in, are kept). Job categories are kept too, because the law asks for them:
a vacancy names its category (required where the field has several), every SSW test the
category it was passed in, and intern training its category or job type and its completion. Relevance between any two items is graded from the labels:
2 = same occupation, 1 = same SSW field, 0 otherwise, which is what NDCG@10, MRR and P@1 need for
vacancy -> workers, worker -> vacancies and query -> workers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any, Literal

from models import VacancyProfile, WorkerProfile, occupations

QueryLang = Literal["ja", "id", "en"]

VACANCIES_FILE = "vacancies.json"
WORKERS_FILE = "workers.json"
QUERIES_FILE = "queries.json"


@dataclass(frozen=True, slots=True)
class LabelledWorker:
    """A worker profile with its true occupation (the label)."""

    occupation: str
    profile: WorkerProfile

    @property
    def key(self) -> str:
        """Stable identifier: the profile's external id."""
        return self.profile.external_id


@dataclass(frozen=True, slots=True)
class LabelledVacancy:
    """A vacancy with its true occupation (the label)."""

    occupation: str
    vacancy: VacancyProfile

    @property
    def key(self) -> str:
        """Stable identifier: the vacancy's external id."""
        return self.vacancy.external_id


@dataclass(frozen=True, slots=True)
class LabelledQuery:
    """A free-text search with the occupation it is looking for."""

    id: str
    occupation: str
    lang: QueryLang
    query: str

    @property
    def key(self) -> str:
        """Stable identifier: the query id."""
        return self.id


LabelledItem = LabelledWorker | LabelledVacancy | LabelledQuery


def relevance(a: LabelledItem, b: LabelledItem) -> int:
    """2 when both items have the same occupation, 1 the same SSW field, else 0."""
    if a.occupation == b.occupation:
        return 2
    known = occupations()
    return 1 if known[a.occupation].field == known[b.occupation].field else 0


@dataclass(frozen=True)
class LabelledSet:
    """The whole evaluation set."""

    vacancies: tuple[LabelledVacancy, ...]
    workers: tuple[LabelledWorker, ...]
    queries: tuple[LabelledQuery, ...]

    def relevance(self, a: LabelledItem, b: LabelledItem) -> int:
        """See module-level ``relevance``."""
        return relevance(a, b)

    def judgements(
        self, queries: Iterable[LabelledItem], documents: Sequence[LabelledItem]
    ) -> dict[str, dict[str, int]]:
        """Graded judgements ``{query key: {document key: grade}}``, grades > 0 only."""
        result: dict[str, dict[str, int]] = {}
        for query in queries:
            grades = {doc.key: g for doc in documents if (g := relevance(query, doc)) > 0}
            result[query.key] = grades
        return result

    def occupations(self) -> set[str]:
        """Occupation codes that appear anywhere in the set."""
        items: list[LabelledItem] = [*self.vacancies, *self.workers, *self.queries]
        return {item.occupation for item in items}

    def queries_in(self, lang: QueryLang) -> tuple[LabelledQuery, ...]:
        """Queries written in ``lang``."""
        return tuple(q for q in self.queries if q.lang == lang)


def _default_directory() -> Traversable:
    return resources.files("matcher").joinpath("eval", "labelled")


def _read_rows(directory: Traversable | Path, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(directory.joinpath(name).read_text(encoding="utf-8"))
    return rows


def _check_occupation(code: str, where: str) -> str:
    if code not in occupations():
        raise ValueError(f"{where}: unknown occupation {code!r}")
    return code


def load_labelled(directory: Path | None = None) -> LabelledSet:
    """Load and validate the labelled set (``directory`` defaults to ``matcher/eval/labelled``).

    Every profile is validated with pydantic; unknown occupation codes, duplicate keys or a
    vacancy whose ``ssw_field`` or ``category`` disagrees with its label raise ``ValueError``.
    """
    source: Traversable | Path = directory if directory is not None else _default_directory()
    known = occupations()
    vacancies = tuple(
        LabelledVacancy(
            occupation=_check_occupation(row["occupation"], f"vacancy {i}"),
            vacancy=VacancyProfile.model_validate(row["vacancy"]),
        )
        for i, row in enumerate(_read_rows(source, VACANCIES_FILE))
    )
    for v in vacancies:
        if known[v.occupation].field != v.vacancy.ssw_field:
            raise ValueError(f"vacancy {v.key}: ssw_field disagrees with label {v.occupation}")
        if known[v.occupation].category != v.vacancy.category:
            raise ValueError(f"vacancy {v.key}: category disagrees with label {v.occupation}")
    workers = tuple(
        LabelledWorker(
            occupation=_check_occupation(row["occupation"], f"worker {i}"),
            profile=WorkerProfile.model_validate(row["profile"]),
        )
        for i, row in enumerate(_read_rows(source, WORKERS_FILE))
    )
    queries = tuple(
        LabelledQuery(
            id=row["id"],
            occupation=_check_occupation(row["occupation"], f"query {row['id']}"),
            lang=row["lang"],
            query=row["query"],
        )
        for row in _read_rows(source, QUERIES_FILE)
    )
    for q in queries:
        if q.lang not in ("ja", "id", "en"):
            raise ValueError(f"query {q.id}: unknown language {q.lang!r}")
    for kind, keys in (
        ("vacancy", [v.key for v in vacancies]),
        ("worker", [w.key for w in workers]),
        ("query", [q.key for q in queries]),
    ):
        if len(keys) != len(set(keys)):
            raise ValueError(f"duplicate {kind} keys in the labelled set")
    return LabelledSet(vacancies=vacancies, workers=workers, queries=queries)
