"""The match score: a weighted sum of components, each in [0, 1] (DOMAIN.md, "Matching rules").

Components (``COMPONENTS``) and what earns credit:

* ``semantic``: cosine similarity from the embedding index, mapped by ``clip(cos, 0, 1)``: sentence
  encoders put unrelated texts near 0, so a negative cosine carries no useful signal and a linear
  map above 0 keeps the spread of the useful range (``(cos + 1) / 2`` would squeeze it into
  [0.5, 1]). NaN maps to 0.
* ``field``: 0.6 for an SSW skill test or completed intern training in the vacancy's field, plus 0.4
  for experience in that field.
* ``occupation``: 1 for an experience entry whose occupation is the vacancy's; 0.5 when the
  occupation's label (any language) appears in an experience title or description or in the
  summary; 0 when the vacancy names no occupation.
* ``lexical`` (issue 16): how strongly the worker's texts name the trades the vacancy's texts
  name, in the taxonomy's vocabulary of any language (``matcher.ranking.lexical``: BM25 over
  the occupations' terms); 0 when either names no trade term. Non-decreasing as text is added.
* ``certificates``: the share of the vacancy's certificate names (required and preferred) matched
  by a certificate valid on the start date; 0 when the vacancy names none.
* ``japanese``: best level rank divided by the target (the higher of required and preferred,
  N3 when the vacancy states neither), capped at 1; for nursing care 20 % of it is the
  care-Japanese test.
* ``experience``: years in the vacancy's field over the target (preferred, else the required
  minimum, else 3 years), capped at 1.
* ``kkni``: the highest KKNI level of a valid certificate over max(required minimum, 3), capped.
* ``preferred_field`` / ``preferred_prefecture``: 1 when the worker's stated preferences name the
  vacancy's field / prefecture.
* ``availability``: 1 when available by the start date, decreasing linearly to 0 at 180 days late.

Free-text queries have only the components a text can earn (``QUERY_COMPONENTS``: semantic,
lexical and, when the query's occupation can be inferred, occupation). One formula scores both
(``combine_table``): the weighted mean of the components present, with the weights normalised
over those components, clamped to [0, 1].

Missing data earns 0, never a neutral credit; every component is non-decreasing as data is added
to a profile, which is what makes the metamorphic properties hold (adding a valid certificate, a
higher Japanese level or experience in the field never lowers the score). Gender, religion,
marital status and photos are not in the model and never signals.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Final

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, model_validator

from matcher.ranking.certificates import certificate_matches, unique_names
from matcher.ranking.eligibility import (
    NURSING_CARE,
    experience_years,
    has_care_japanese,
    intern_fields,
    japanese_rank,
)
from matcher.ranking.lexical import LexicalProfile, default_lexicon
from models.common import LANGS
from models.japanese import LEVEL_RANK, level_rank
from models.vacancy import Vacancy
from models.vocabulary import find_prefecture, occupation_label
from models.worker import Certificate, WorkerProfile

COMPONENTS: Final = (
    "semantic",
    "field",
    "occupation",
    "lexical",
    "certificates",
    "japanese",
    "experience",
    "kkni",
    "preferred_field",
    "preferred_prefecture",
    "availability",
)

QUERY_COMPONENTS: Final = ("semantic", "occupation", "lexical")
"""What a free-text query can earn: it has no qualifications, only meaning, occupation and the
trade terms it names."""

DEFAULT_JAPANESE_TARGET = LEVEL_RANK["N3"]
DEFAULT_EXPERIENCE_YEARS = 3.0
DEFAULT_KKNI_TARGET = 3
AVAILABILITY_GRACE_DAYS = 180


class RankingWeights(BaseModel):
    """Relative weight of each score component; normalised to sum 1 when used.

    Embedded in the application settings, so it validates like settings: unknown keys are
    rejected, weights are finite and non-negative, and at least one is positive.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    # Relevance (semantic, occupation, field) carries most of the weight: employers rank by "is
    # this the job" first and by how well qualified second; ``matcher eval`` measured the gain
    # over an even split (docs/benchmarks.md, "Measurements behind the code").
    semantic: float = Field(0.35, ge=0)
    occupation: float = Field(0.35, ge=0)
    # lexical signal (issue 16): chosen on the development split of the trade set only (USE v3,
    # grid 0-1 by saturation 0.5-4, docs/benchmarks.md); 0.5-1 with saturation 2-3 is a plateau.
    lexical: float = Field(0.70, ge=0)
    field: float = Field(0.10, ge=0)
    certificates: float = Field(0.05, ge=0)
    japanese: float = Field(0.05, ge=0)
    experience: float = Field(0.04, ge=0)
    kkni: float = Field(0.01, ge=0)
    preferred_field: float = Field(0.02, ge=0)
    preferred_prefecture: float = Field(0.01, ge=0)
    availability: float = Field(0.02, ge=0)

    @model_validator(mode="after")
    def _some_weight(self) -> RankingWeights:
        if sum(getattr(self, name) for name in COMPONENTS) <= 0:
            raise ValueError("at least one ranking weight must be positive")
        return self

    def normalised(self) -> dict[str, float]:
        """Weights by component name, summing to 1."""
        raw = {name: float(getattr(self, name)) for name in COMPONENTS}
        total = sum(raw.values())
        return {name: value / total for name, value in raw.items()}


def semantic_component(cosine: float) -> float:
    """Map a cosine in [-1, 1] to [0, 1]: ``clip(cos, 0, 1)``, NaN as 0."""
    if math.isnan(cosine):
        return 0.0
    return min(1.0, max(0.0, cosine))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass(frozen=True, slots=True)
class ScoringFacts:
    """What the score reads of a worker, derived once from its profile.

    Ranking scores dozens of candidates per query, and deriving these (years per field, the
    best Japanese level, folded texts) was most of a candidate's scoring time; the engine keeps
    them per worker version (``matcher.engine.worker_cache``). Build with ``ScoringFacts.of``.
    """

    ssw_levels: Mapping[str, int]
    """Highest skill-test level passed, by field."""
    intern_fields: frozenset[str]
    years: Mapping[str, float]
    """Years of experience entries, by field (entries without a field do not count)."""
    occupations: frozenset[str]
    """Occupations of experience entries."""
    texts: tuple[str, ...]
    """Summary, experience titles and descriptions: folded, empty ones left out."""
    japanese_rank: int
    care_japanese: bool
    certificates: tuple[Certificate, ...]
    preferred_fields: frozenset[str]
    prefectures: frozenset[str]
    """Preferred prefectures as ``prefecture_key`` writes them."""
    available_from: date | None
    lexical: LexicalProfile
    """What the worker's texts say about trades (``matcher.ranking.lexical``)."""

    @classmethod
    def of(cls, worker: WorkerProfile) -> ScoringFacts:
        levels: dict[str, int] = {}
        for test in worker.ssw_tests:
            levels[test.field] = max(levels.get(test.field, 0), test.level)
        fields = {entry.field for entry in worker.experience if entry.field is not None}
        texts = [worker.summary or ""]
        for entry in worker.experience:
            texts.extend((entry.title, entry.description or ""))
        return cls(
            ssw_levels=levels,
            intern_fields=intern_fields(worker),
            years={field: experience_years(worker, field) for field in fields},
            occupations=frozenset(
                e.occupation for e in worker.experience if e.occupation is not None
            ),
            texts=tuple(_fold(text) for text in texts if text),
            japanese_rank=japanese_rank(worker),
            care_japanese=has_care_japanese(worker),
            certificates=tuple(worker.certificates),
            preferred_fields=frozenset(worker.preferred_fields),
            prefectures=frozenset(prefecture_key(p) for p in worker.preferred_prefectures),
            available_from=worker.available_from,
            lexical=default_lexicon().worker_profile(worker),
        )

    def valid_certificates(self, on: date) -> list[Certificate]:
        """Certificates valid on ``on`` (``eligibility.valid_certificates``)."""
        return [c for c in self.certificates if c.valid_on(on)]


@dataclass(frozen=True, slots=True)
class VacancyTerms:
    """What the score reads of a vacancy: computed once per query, not once per candidate."""

    field: str
    nursing_care: bool
    occupation: str | None
    occupation_labels: frozenset[str]
    certificate_names: tuple[str, ...]
    japanese_target: int
    experience_target: float
    kkni_target: int
    prefecture: str | None
    """The vacancy's prefecture as ``prefecture_key`` writes it."""
    lexical: LexicalProfile
    """What the vacancy's texts say about the trade (``matcher.ranking.lexical``)."""

    @classmethod
    def of(cls, vacancy: Vacancy) -> VacancyTerms:
        occupation = vacancy.occupation
        return cls(
            field=vacancy.ssw_field,
            nursing_care=vacancy.ssw_field == NURSING_CARE,
            occupation=occupation,
            occupation_labels=frozenset() if occupation is None else _occupation_labels(occupation),
            certificate_names=tuple(certificate_names(vacancy)),
            japanese_target=japanese_target(vacancy),
            experience_target=experience_target(vacancy),
            kkni_target=max(vacancy.requirements.min_kkni_level or 0, DEFAULT_KKNI_TARGET),
            prefecture=None if vacancy.prefecture is None else prefecture_key(vacancy.prefecture),
            lexical=default_lexicon().vacancy_profile(vacancy),
        )


def field_component(facts: ScoringFacts, terms: VacancyTerms) -> float:
    """0.6 for a skill test or intern training in the field, plus 0.4 for experience in it."""
    field = terms.field
    tested = facts.ssw_levels.get(field, 0) > 0 or field in facts.intern_fields
    experienced = facts.years.get(field, 0.0) > 0
    return 0.6 * tested + 0.4 * experienced


@lru_cache(maxsize=1024)
def _occupation_labels(occupation: str) -> frozenset[str]:
    """The occupation's labels in every language and its code as words, folded (cached: a
    handful of occupations, looked up for every candidate)."""
    labels = {_fold(occupation_label(occupation, lang)) for lang in LANGS}
    labels.add(_fold(occupation.replace("_", " ")))
    return frozenset(labels)


def occupation_component(
    facts: ScoringFacts, terms: VacancyTerms, inferred: float | None = None
) -> float:
    """1 for experience in the vacancy's occupation, 0.5 when only mentioned; at least
    ``inferred``, the probability (from the texts' embeddings) that both are about the same
    occupation, when the engine supplies it. 0 when there is nothing to go on."""
    explicit = 0.0
    if terms.occupation is not None:
        if terms.occupation in facts.occupations:
            explicit = 1.0
        elif any(
            label and label in text for label in terms.occupation_labels for text in facts.texts
        ):
            explicit = 0.5
    if inferred is None or math.isnan(inferred):
        return explicit
    return max(explicit, min(1.0, max(0.0, inferred)))


def lexical_component(facts: ScoringFacts, terms: VacancyTerms) -> float:
    """The lexical score of the worker's texts for the vacancy's (``Lexicon.similarity``)."""
    return default_lexicon().similarity(terms.lexical, facts.lexical)


def certificate_names(vacancy: Vacancy) -> list[str]:
    """Certificate names of the vacancy, required first, then preferred, without repeats."""
    return unique_names([*vacancy.requirements.certificates, *vacancy.preferred.certificates])


def certificates_component(facts: ScoringFacts, terms: VacancyTerms, on: date) -> float:
    """Share of the vacancy's certificate names held as certificates valid on ``on``."""
    names = terms.certificate_names
    if not names:
        return 0.0
    valid = facts.valid_certificates(on)
    held = sum(any(certificate_matches(c, name) for c in valid) for name in names)
    return held / len(names)


def japanese_target(vacancy: Vacancy) -> int:
    """The rank that earns full Japanese credit: the higher of required and preferred, or N3."""
    levels = [vacancy.requirements.japanese, vacancy.preferred.japanese]
    ranks = [level_rank(level) for level in levels if level is not None]
    return max(ranks, default=DEFAULT_JAPANESE_TARGET)


def japanese_component(facts: ScoringFacts, terms: VacancyTerms) -> float:
    """Best level over the target, capped; nursing care gives 20 % to the care-Japanese test."""
    general = min(1.0, facts.japanese_rank / terms.japanese_target)
    if terms.nursing_care:
        return 0.8 * general + 0.2 * facts.care_japanese
    return general


def experience_target(vacancy: Vacancy) -> float:
    """Years that earn full experience credit: preferred, else required minimum, else 3."""
    for years in (vacancy.preferred.experience_years, vacancy.requirements.min_experience_years):
        if years is not None and years > 0:
            return years
    return DEFAULT_EXPERIENCE_YEARS


def experience_component(facts: ScoringFacts, terms: VacancyTerms) -> float:
    """Years of experience in the vacancy's field over the target, capped at 1."""
    return min(1.0, facts.years.get(terms.field, 0.0) / terms.experience_target)


def kkni_component(facts: ScoringFacts, terms: VacancyTerms, on: date) -> float:
    """Highest KKNI level of a valid certificate over max(required minimum, 3), capped."""
    best = max((c.kkni_level or 0 for c in facts.valid_certificates(on)), default=0)
    return min(1.0, best / terms.kkni_target)


def prefecture_key(name: str) -> str:
    """One key per prefecture however it is written (宮城県, 宮城, Miyagi, miyagi-ken: its JIS
    code); a name the table does not know is compared folded, as written."""
    known = find_prefecture(name)
    return f"jis:{known.code}" if known is not None else _fold(name)


def prefecture_component(facts: ScoringFacts, terms: VacancyTerms) -> float:
    """1 when the worker's preferred prefectures name the vacancy's (case-insensitive)."""
    if terms.prefecture is None:
        return 0.0
    return float(terms.prefecture in facts.prefectures)


def availability_component(facts: ScoringFacts, on: date) -> float:
    """1 when available by ``on``; linear down to 0 at 180 days late; 0 when unknown."""
    available = facts.available_from
    if available is None:
        return 0.0
    late = (available - on).days
    if late <= 0:
        return 1.0
    return max(0.0, 1.0 - late / AVAILABILITY_GRACE_DAYS)


def components_of(
    facts: ScoringFacts,
    terms: VacancyTerms,
    semantic: float,
    on: date,
    inferred_occupation: float | None = None,
    lexical: float | None = None,
) -> dict[str, float]:
    """Every component of ``COMPONENTS`` for this pair, each in [0, 1].

    ``inferred_occupation`` is the engine's estimate that worker and vacancy are about the same
    occupation (see ``matcher.engine.occupations``); like ``semantic`` it comes from the texts.
    ``lexical`` is this pair's lexical score when the caller computed it for all candidates at
    once (``Lexicon.similarities``, equal to ``lexical_component``); computed here otherwise.
    """
    return {
        "semantic": semantic_component(semantic),
        "field": field_component(facts, terms),
        "occupation": occupation_component(facts, terms, inferred_occupation),
        "lexical": lexical_component(facts, terms) if lexical is None else lexical,
        "certificates": certificates_component(facts, terms, on),
        "japanese": japanese_component(facts, terms),
        "experience": experience_component(facts, terms),
        "kkni": kkni_component(facts, terms, on),
        "preferred_field": float(terms.field in facts.preferred_fields),
        "preferred_prefecture": prefecture_component(facts, terms),
        "availability": availability_component(facts, on),
    }


def score_components(
    worker: WorkerProfile,
    vacancy: Vacancy,
    semantic: float,
    on: date,
    inferred_occupation: float | None = None,
) -> dict[str, float]:
    """``components_of`` for one pair, deriving the facts on the spot."""
    return components_of(
        ScoringFacts.of(worker), VacancyTerms.of(vacancy), semantic, on, inferred_occupation
    )


FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class ScoreTable:
    """Score components of many candidates as one matrix, and their totals.

    ``matrix[i, j]`` is component ``names[j]`` of candidate ``i``; NaN where the component does
    not exist for that candidate (a query whose occupation cannot be inferred), which is not the
    same as 0 (a component that exists and earned nothing).
    """

    names: tuple[str, ...]
    matrix: FloatArray
    totals: FloatArray

    def __len__(self) -> int:
        return int(self.totals.shape[0])

    def components(self, row: int) -> dict[str, float]:
        """The components of candidate ``row`` that exist, by name."""
        values = self.matrix[row]
        return {
            name: float(value)
            for name, value in zip(self.names, values.tolist(), strict=True)
            if not math.isnan(value)
        }


def weight_vector(weights: RankingWeights, names: tuple[str, ...]) -> FloatArray:
    """The raw weights of ``names`` in that order (normalised per row by ``combine_table``)."""
    return np.asarray([float(getattr(weights, name)) for name in names], dtype=np.float64)


def combine_table(
    names: tuple[str, ...], matrix: FloatArray, weights: RankingWeights
) -> FloatArray:
    """Totals of every row: the weighted mean of its present (non-NaN) components, weights
    normalised over those components, clamped to [0, 1]. A row whose present components all
    weigh 0 gets their plain mean, so a configuration that weighs only qualifications still
    orders free-text results by meaning instead of tying them all at 0."""
    present = ~np.isnan(matrix)
    values = np.where(present, matrix, 0.0)
    w = weight_vector(weights, names)
    weight_sum = present @ w
    weighted = values @ w
    counts = present.sum(axis=1)
    plain = np.divide(values.sum(axis=1), counts, out=np.zeros(len(values)), where=counts > 0)
    totals: FloatArray = np.divide(weighted, weight_sum, out=plain.copy(), where=weight_sum > 0)
    return np.clip(totals, 0.0, 1.0, out=totals)


def combine(components: Mapping[str, float], weights: RankingWeights) -> float:
    """``combine_table`` for one candidate's components (the same formula, one row)."""
    names = tuple(name for name in COMPONENTS if name in components)
    row = np.asarray([[components[name] for name in names]], dtype=np.float64)
    return float(combine_table(names, row, weights)[0])


def _semantic_column(cosines: npt.ArrayLike) -> FloatArray:
    """``semantic_component`` of every cosine at once."""
    values = np.asarray(cosines, dtype=np.float64)
    return np.clip(np.nan_to_num(values, nan=0.0), 0.0, 1.0)


def _occupation_column(explicit: FloatArray, inferred: npt.ArrayLike) -> FloatArray:
    """``occupation_component`` from the explicit credit and the inferred probability (NaN:
    none inferred)."""
    probability = np.asarray(inferred, dtype=np.float64)
    clipped = np.clip(probability, 0.0, 1.0)
    return np.where(np.isnan(probability), explicit, np.maximum(explicit, clipped))


_COLUMN = {name: j for j, name in enumerate(COMPONENTS)}


def _lexical_column(pairs: Sequence[tuple[ScoringFacts, VacancyTerms, date]]) -> FloatArray:
    """``lexical_component`` of every pair: one array operation when the pairs share their
    vacancy (vacancy -> workers), one similarity per pair otherwise (worker -> vacancies)."""
    lexicon = default_lexicon()
    if pairs and all(terms is pairs[0][1] for _, terms, _ in pairs):
        return lexicon.similarities(pairs[0][1].lexical, [facts.lexical for facts, _, _ in pairs])
    return np.asarray(
        [lexicon.similarity(terms.lexical, facts.lexical) for facts, terms, _ in pairs],
        dtype=np.float64,
    )


def score_pairs(
    pairs: Sequence[tuple[ScoringFacts, VacancyTerms, date]],
    cosines: npt.ArrayLike,
    inferred: npt.ArrayLike,
    weights: RankingWeights,
) -> ScoreTable:
    """Components and totals of worker-vacancy candidates: each pair's facts and terms with
    the start date it is judged on, its cosine, and its inferred same-occupation probability
    (NaN where none). Row ``i`` equals ``components_of`` of pair ``i``, and its total
    ``combine`` of those components; the columns that need no per-candidate Python are
    computed as arrays."""
    n = len(pairs)
    matrix = np.zeros((n, len(COMPONENTS)), dtype=np.float64)
    explicit = np.zeros(n, dtype=np.float64)
    matrix[:, _COLUMN["lexical"]] = _lexical_column(pairs)
    for i, (facts, terms, on) in enumerate(pairs):
        row = matrix[i]
        row[_COLUMN["field"]] = field_component(facts, terms)
        explicit[i] = occupation_component(facts, terms)
        row[_COLUMN["certificates"]] = certificates_component(facts, terms, on)
        row[_COLUMN["japanese"]] = japanese_component(facts, terms)
        row[_COLUMN["experience"]] = experience_component(facts, terms)
        row[_COLUMN["kkni"]] = kkni_component(facts, terms, on)
        row[_COLUMN["preferred_field"]] = float(terms.field in facts.preferred_fields)
        row[_COLUMN["preferred_prefecture"]] = prefecture_component(facts, terms)
        row[_COLUMN["availability"]] = availability_component(facts, on)
    matrix[:, _COLUMN["semantic"]] = _semantic_column(cosines)
    matrix[:, _COLUMN["occupation"]] = _occupation_column(explicit, inferred)
    return ScoreTable(COMPONENTS, matrix, combine_table(COMPONENTS, matrix, weights))


def score_queries(
    cosines: npt.ArrayLike,
    inferred: npt.ArrayLike,
    lexical: npt.ArrayLike,
    weights: RankingWeights,
) -> ScoreTable:
    """Components and totals of free-text results: semantic from the cosine, occupation from
    the inferred probability (NaN, hence absent, where the query's or the candidate's
    occupation profile is missing), lexical from the query's and the candidate's trade terms
    (``Lexicon.similarities``)."""
    semantic = _semantic_column(cosines)
    probability = np.asarray(inferred, dtype=np.float64)
    occupation = np.where(np.isnan(probability), np.nan, np.clip(probability, 0.0, 1.0))
    terms = np.clip(np.asarray(lexical, dtype=np.float64), 0.0, 1.0)
    matrix = np.column_stack([semantic, occupation, terms]).reshape(len(semantic), 3)
    return ScoreTable(QUERY_COMPONENTS, matrix, combine_table(QUERY_COMPONENTS, matrix, weights))


def score(
    worker: WorkerProfile,
    vacancy: Vacancy,
    semantic: float,
    on: date,
    weights: RankingWeights | None = None,
    inferred_occupation: float | None = None,
) -> float:
    """The match score of ``worker`` for ``vacancy`` in [0, 1] (what ``rank_one`` reports,
    without the eligibility checks and messages: cheap enough to order many candidates)."""
    components = score_components(worker, vacancy, semantic, on, inferred_occupation)
    return combine(components, weights or RankingWeights())
