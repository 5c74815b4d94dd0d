"""The one ranking pipeline every entry point of the engine goes through.

allowed ids -> index search (the engine) -> ``score`` every candidate as one table
(``matcher.ranking.scoring.score_pairs`` / ``score_queries``) -> order them with one set of
keys -> explain only the page that is returned, in the requested language only.

Two kinds of candidate share it: worker-vacancy pairs (vacancy -> workers, worker ->
vacancies), explained with their eligibility checks, reasons and gaps; and free-text results
(query -> workers, query -> vacancies), explained with what the stored data shows. Nothing here
reads the database or an index: the engine gathers the candidates, this module ranks them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from matcher.engine.highlights import (
    name_reason,
    query_reason,
    vacancy_highlights,
    worker_highlights,
)
from matcher.engine.results import MatchOrder, MatchQuery, MatchResult
from matcher.ranking import MatchExplanation, RankingWeights, rank_one
from matcher.ranking.explain import trade_term_reasons
from matcher.ranking.lexical import LexicalProfile, default_lexicon
from matcher.ranking.recognitions import RecognitionTable
from matcher.ranking.scoring import (
    ScoreTable,
    ScoringFacts,
    VacancyTerms,
    score_pairs,
    score_queries,
)
from matcher.storage.search import NameMatch
from models.common import Lang
from models.vacancy import Vacancy
from models.worker import Worker

__all__ = [
    "PairCandidate",
    "TextCandidate",
    "order_results",
    "page_rows",
    "rank_pairs",
    "rank_texts",
]

IdArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def page_rows(keys: Sequence[npt.ArrayLike], limit: int) -> list[int]:
    """Indices of the first ``limit`` rows when sorted by ``keys``, the first key primary, each
    ascending (negate a key to sort it descending)."""
    arrays = [np.asarray(key) for key in keys]
    if not arrays or arrays[0].shape[0] == 0 or limit <= 0:
        return []
    order = np.lexsort(tuple(reversed(arrays)))
    return [int(i) for i in order[:limit]]


def order_results(
    results: list[MatchResult], limit: int, order: MatchOrder = "eligible_first"
) -> list[MatchResult]:
    """The returned order: best score first, ties by id. Ineligible results (only present when
    asked for) are marked; "eligible_first" lists every eligible one before them (a near miss
    must not push out someone who can be hired), "score" shows where a near miss would stand."""
    if order == "eligible_first":
        results.sort(key=lambda r: (not r.eligible, -r.score, r.subject_id))
    else:
        results.sort(key=lambda r: (-r.score, r.subject_id))
    return results[:limit]


@dataclass(frozen=True, slots=True)
class PairCandidate:
    """One worker-vacancy candidate as the engine found it.

    ``subject_id`` is the ranked side (a worker for vacancy -> workers, a vacancy for worker ->
    vacancies); ``inferred`` the same-occupation probability from the embeddings (``None``
    when a profile is missing) and ``occupation_code`` the vacancy's occupation, given or
    inferred, shown as a reason when likely.
    """

    subject_id: int
    other_id: int
    subject: Worker | Vacancy
    worker: Worker
    vacancy: Vacancy
    facts: ScoringFacts
    terms: VacancyTerms
    on: date
    cosine: float
    inferred: float | None
    occupation_code: str | None


def _nan_for_none(values: Sequence[float | None]) -> npt.NDArray[np.float64]:
    return np.asarray([np.nan if v is None else v for v in values], dtype=np.float64)


def _result(candidate: PairCandidate, explanation: MatchExplanation) -> MatchResult:
    return MatchResult(
        subject_id=candidate.subject_id,
        score=round(explanation.score, 6),
        eligible=explanation.eligible,
        components={k: round(v, 6) for k, v in explanation.components.items()},
        reasons=list(explanation.reasons),
        gaps=list(explanation.gaps),
        checks=list(explanation.checks),
        other_id=candidate.other_id,
        subject=candidate.subject,
    )


def rank_pairs(
    candidates: Sequence[PairCandidate],
    query: MatchQuery,
    weights: RankingWeights,
    recognitions: RecognitionTable,
    eligible: BoolArray | None,
) -> list[MatchResult]:
    """Score every candidate, explain the best ``query.limit``, return them in order.

    ``eligible`` is each candidate's verdict when the engine knows it in bulk (asked for
    ineligible ones too, ordered eligible first); ``None`` when every candidate was already
    filtered to the eligible. The explanation's own check is the final word: an ineligible
    result is dropped unless asked for.
    """
    if not candidates:
        return []
    table: ScoreTable = score_pairs(
        [(c.facts, c.terms, c.on) for c in candidates],
        [c.cosine for c in candidates],
        _nan_for_none([c.inferred for c in candidates]),
        weights,
    )
    ids = np.asarray([c.subject_id for c in candidates], dtype=np.int64)
    keys: list[npt.ArrayLike] = [-table.totals, ids]
    if eligible is not None and query.order == "eligible_first":
        keys.insert(0, ~eligible)
    results = []
    for row in page_rows(keys, query.limit):
        candidate = candidates[row]
        explanation = rank_one(
            candidate.worker,
            candidate.vacancy,
            candidate.cosine,
            candidate.on,
            weights,
            query.lang,
            inferred_occupation=candidate.inferred,
            inferred_occupation_code=candidate.occupation_code,
            components=table.components(row),
            recognitions=recognitions,
            lexical_profiles=(candidate.terms.lexical, candidate.facts.lexical),
        )
        if explanation.eligible or query.include_ineligible:
            results.append(_result(candidate, explanation))
    return order_results(results, query.limit, query.order)


@dataclass(frozen=True, slots=True)
class TextCandidate:
    """One free-text result: a worker or a vacancy with its cosine to the query, its
    same-occupation probability with the query, what its texts say about trades (``lexical``:
    scored against the query's by ``rank_texts``), and a name match when the query names it."""

    subject: Worker | Vacancy
    cosine: float
    inferred: float | None
    lexical: LexicalProfile
    name: NameMatch | None = None


def rank_texts(
    candidates: Sequence[TextCandidate],
    query: MatchQuery,
    weights: RankingWeights,
    on: date,
    query_terms: LexicalProfile,
) -> list[MatchResult]:
    """Score free-text results, explain the best ``query.limit``, return them in order.

    Order: name matches first (exact before fuzzy, each by its name score), then everyone by
    score, ties by id. A name match's score is the larger of its name score and its meaning
    score, with both in the components (``name``, ``semantic``). ``query_terms`` is what the
    query says about trades; the trade terms both texts used are named for the page only.
    Blocking CPU work (BM25): run it in a worker thread.
    """
    if not candidates:
        return []
    lexicon = default_lexicon()
    lexical = lexicon.similarities(query_terms, [c.lexical for c in candidates])
    table = score_queries(
        [c.cosine for c in candidates],
        _nan_for_none([c.inferred for c in candidates]),
        lexical,
        weights,
    )
    ids = np.asarray([c.subject.id for c in candidates], dtype=np.int64)
    tier = np.asarray(
        [2 if c.name is None else (0 if c.name.exact else 1) for c in candidates], dtype=np.int8
    )
    lexical = np.asarray([0.0 if c.name is None else c.name.score for c in candidates])
    results = []
    for row in page_rows([tier, -lexical, -table.totals, ids], query.limit):
        candidate = candidates[row]
        components = {k: round(v, 6) for k, v in table.components(row).items()}
        score = float(table.totals[row])
        lead = [query_reason(candidate.cosine, query.lang)]
        if candidate.name is not None:
            components["name"] = round(candidate.name.score, 6)
            score = max(score, candidate.name.score)
            lead = [name_reason(query.lang), *lead]
        if components.get("lexical", 0.0) > 0:  # the trade terms behind the lexical score
            terms = trade_term_reasons(query_terms, candidate.lexical, lexicon)
            lead += [m.render(query.lang) for m in terms]
        reasons, gaps = _highlights(candidate.subject, on, query.lang)
        results.append(
            MatchResult(
                subject_id=candidate.subject.id,
                score=round(score, 6),
                eligible=True,
                components=components,
                reasons=[*lead, *reasons],
                gaps=gaps,
                subject=candidate.subject,
            )
        )
    return results


def _highlights(subject: Worker | Vacancy, on: date, lang: Lang) -> tuple[list[str], list[str]]:
    """What the stored data shows of a free-text result: a vacancy's terms, or a worker's
    qualifications with what it lacks."""
    if isinstance(subject, Vacancy):
        return vacancy_highlights(subject, lang), []
    return worker_highlights(subject, on, lang)
