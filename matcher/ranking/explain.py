"""One explained match: score, eligibility, components, reasons and gaps.

Pure functions: the caller (``matcher.engine.ranker``, which orders the candidates) passes a
worker and a vacancy with their cosine similarity; nothing here reads a database or an index.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from matcher.ranking.certificates import certificate_matches, name_tokens, unique_names
from matcher.ranking.eligibility import (
    CheckStatus,
    Eligibility,
    Requirement,
    best_japanese_test,
    check_eligibility,
    exempting_training,
    experience_years,
    holds_licence,
    japanese_rank,
    licences_to_obtain,
    max_kkni,
    required_japanese,
    tested_categories,
    valid_certificates,
)
from matcher.ranking.lexical import LexicalProfile, Lexicon, default_lexicon
from matcher.ranking.messages import Message
from matcher.ranking.recognitions import NO_RECOGNITIONS, RecognitionTable
from matcher.ranking.scoring import RankingWeights, combine, score_components
from models.common import Lang
from models.japanese import level_rank
from models.vacancy import Vacancy, vacancy_category
from models.worker import WorkerProfile

INFERRED_REASON_THRESHOLD = 0.5
"""Inferred-occupation probability from which the match is named as a reason."""

_NOT_A_MERIT: frozenset[Requirement] = frozenset({"field_open", "min_age", "max_age", "ssw1_time"})
"""Met checks not shown as reasons: being old enough, or the field being open, is no merit."""


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """One hard requirement as shown to a user: status and the rendered reason or gap."""

    requirement: Requirement
    status: CheckStatus
    message: str


@dataclass(frozen=True, slots=True)
class MatchExplanation:
    """Everything a match result carries (DOMAIN.md, "A match result").

    ``reasons`` and ``gaps`` are rendered in the requested language; ``reason_messages`` and
    ``gap_messages`` keep the codes so a caller can render them again in another one.
    """

    score: float
    eligible: bool
    components: dict[str, float]
    reasons: list[str]
    gaps: list[str]
    checks: list[CheckOutcome]
    reason_messages: tuple[Message, ...]
    gap_messages: tuple[Message, ...]


def _unique(messages: Iterable[Message]) -> tuple[Message, ...]:
    return tuple(dict.fromkeys(messages))


def _soft_reasons(
    worker: WorkerProfile, vacancy: Vacancy, on: date, components: dict[str, float]
) -> list[Message]:
    """Reasons beyond the hard requirements: strengths the vacancy did not demand (the
    preferred prefecture as the score found it, from ``components``)."""
    field = vacancy.ssw_field
    reasons: list[Message] = []
    category = vacancy_category(vacancy)
    if category is not None:
        code = category.code
        if code in tested_categories(worker, 2):
            reasons.append(Message.of("reason.ssw_test_level2", category=code))
        elif code in tested_categories(worker, 1):
            reasons.append(Message.of("reason.ssw_test", category=code))
        elif (training := exempting_training(worker, code)) is not None:
            reasons.append(
                Message.of("reason.ssw_test_exempt", category=code, programme=training.programme)
            )
    best = best_japanese_test(worker)
    required = required_japanese(vacancy)
    if best is not None and level_rank(best.level) >= level_rank(required or "N5"):
        # a level below the requirement is a gap, not a reason
        reasons.append(Message.of("reason.japanese", level=best.level))
    valid = valid_certificates(worker, on)
    for name in unique_names([*vacancy.requirements.certificates, *vacancy.preferred.certificates]):
        held = next((c for c in valid if certificate_matches(c, name)), None)
        if held is not None:
            reasons.append(
                Message.of(
                    "reason.certificate", name=name, scheme=held.scheme, verified=held.verified
                )
            )
    kkni = max_kkni(worker, on, field)
    if kkni and kkni >= (vacancy.requirements.min_kkni_level or 1):
        reasons.append(Message.of("reason.kkni", level=kkni))
    years = experience_years(worker, field)
    if years > 0:
        reasons.append(Message.of("reason.experience", years=years, field=field))
    occupation = vacancy.occupation
    if occupation is not None and any(e.occupation == occupation for e in worker.experience):
        reasons.append(Message.of("reason.occupation", occupation=occupation))
    if field in worker.preferred_fields:
        reasons.append(Message.of("reason.preferred_field", field=field))
    if vacancy.prefecture is not None and components["preferred_prefecture"] > 0:
        reasons.append(Message.of("reason.preferred_prefecture", prefecture=vacancy.prefecture))
    return reasons


def trade_term_reasons(
    query: LexicalProfile, candidate: LexicalProfile, lexicon: Lexicon | None = None
) -> list[Message]:
    """lexical signal (issue 16): the trades behind a pair's lexical score, each with the
    words both texts used ("型枠大工 ↔ bekisting"), so the component is never unexplained."""
    chosen = lexicon or default_lexicon()
    return [
        Message.of(
            "reason.trade_terms",
            name=f"{match.query_term} ↔ {match.candidate_term}",
            occupation=match.occupation,
        )
        for match in chosen.term_matches(query, candidate)
    ]


def _soft_gaps(worker: WorkerProfile, vacancy: Vacancy, on: date) -> list[Message]:
    """Preferred conditions the worker does not (or cannot be shown to) meet."""
    preferred = vacancy.preferred
    gaps: list[Message] = []
    if preferred.japanese is not None and japanese_rank(worker) < level_rank(preferred.japanese):
        gaps.append(Message.of("gap.preferred_japanese", required_level=preferred.japanese))
    valid = valid_certificates(worker, on)
    required = {name_tokens(n) for n in vacancy.requirements.certificates}
    for name in unique_names(preferred.certificates):
        if name_tokens(name) in required:
            continue
        if not any(certificate_matches(c, name) for c in valid):
            gaps.append(Message.of("gap.preferred_certificate", name=name))
    for rule in licences_to_obtain(vacancy):
        if not holds_licence(worker, rule.kind, on):
            gaps.append(
                Message.of(
                    "gap.licence_to_obtain",
                    licence=rule.kind,
                    months=rule.preparatory_stay_months or 0,
                )
            )
    wanted = preferred.experience_years
    years = experience_years(worker, vacancy.ssw_field)
    if wanted is not None and years < wanted:
        gaps.append(
            Message.of(
                "gap.preferred_experience", required=wanted, has=years, field=vacancy.ssw_field
            )
        )
    return gaps


def explain(
    worker: WorkerProfile,
    vacancy: Vacancy,
    eligibility: Eligibility,
    components: dict[str, float],
    weights: RankingWeights,
    on: date,
    lang: Lang,
) -> MatchExplanation:
    """Assemble a ``MatchExplanation`` from an eligibility result and score components."""
    met = [c.message for c in eligibility.checks if c.met and c.requirement not in _NOT_A_MERIT]
    reasons = _unique([*met, *_soft_reasons(worker, vacancy, on, components)])
    gaps = _unique([*(c.message for c in eligibility.unmet), *_soft_gaps(worker, vacancy, on)])
    return MatchExplanation(
        score=combine(components, weights),
        eligible=eligibility.eligible,
        components=components,
        reasons=[m.render(lang) for m in reasons],
        gaps=[m.render(lang) for m in gaps],
        checks=[
            CheckOutcome(c.requirement, c.status, c.message.render(lang))
            for c in eligibility.checks
        ],
        reason_messages=reasons,
        gap_messages=gaps,
    )


def rank_one(
    worker: WorkerProfile,
    vacancy: Vacancy,
    semantic: float,
    on: date,
    weights: RankingWeights | None = None,
    lang: Lang = "en",
    *,
    inferred_occupation: float | None = None,
    inferred_occupation_code: str | None = None,
    components: dict[str, float] | None = None,
    recognitions: RecognitionTable = NO_RECOGNITIONS,
    lexical_profiles: tuple[LexicalProfile, LexicalProfile] | None = None,
) -> MatchExplanation:
    """Score, check and explain one worker for one vacancy on the start date ``on``.

    ``semantic`` is the cosine similarity of the two embeddings in [-1, 1];
    ``inferred_occupation`` the probability that both texts are about the same occupation, and
    ``inferred_occupation_code`` that occupation (shown as a reason when it is likely).
    ``components`` are this pair's score components when the caller already computed them
    (the engine scores every candidate before explaining the best); they must be what
    ``score_components`` gives for the same arguments. ``lexical_profiles`` are the vacancy's
    and the worker's lexical profiles when the caller has them (derived here otherwise).
    """
    eligibility = check_eligibility(worker, vacancy, on, recognitions)
    if components is None:
        components = score_components(worker, vacancy, semantic, on, inferred_occupation)
    explanation = explain(
        worker, vacancy, eligibility, components, weights or RankingWeights(), on, lang
    )
    explicit = vacancy.occupation is not None and any(
        e.occupation == vacancy.occupation for e in worker.experience
    )
    if (
        not explicit
        and inferred_occupation is not None
        and inferred_occupation >= INFERRED_REASON_THRESHOLD
        and inferred_occupation_code is not None
    ):
        message = Message.of("reason.occupation_inferred", occupation=inferred_occupation_code)
        explanation = replace(
            explanation,
            reasons=[*explanation.reasons, message.render(lang)],
            reason_messages=(*explanation.reason_messages, message),
        )
    if components.get("lexical", 0.0) > 0:  # lexical signal (issue 16): name the trade terms
        lexicon = default_lexicon()
        query, candidate = lexical_profiles or (
            lexicon.vacancy_profile(vacancy),
            lexicon.worker_profile(worker),
        )
        messages = trade_term_reasons(query, candidate, lexicon)
        explanation = replace(
            explanation,
            reasons=[*explanation.reasons, *(m.render(lang) for m in messages)],
            reason_messages=(*explanation.reason_messages, *messages),
        )
    return explanation
