"""Hard requirements of a vacancy, checked one by one for one worker (DOMAIN.md, "Matching rules").

Each requirement yields a ``RequirementCheck`` with status ``met``, ``not_met`` or ``unknown``
and a message (a reason when met, a gap otherwise). ``unknown`` means the profile holds no data
of that kind at all (no Japanese test, no certificate, no availability date...); it counts as not
met, because a requirement the data cannot confirm is not met.

Decisions, each also mirrored by ``features.WorkerFeatureTable``:

* Test and training records are facts: a recorded pass counts whatever its ``passed_on``.
* SSW skill test: a test in the vacancy's field at level 1 (SSW(i)) or 2 (SSW(ii)). Completed
  Technical Intern Training (ii) in the same field exempts, for SSW(i) only.
* Japanese: the best JLPT / JFT-Basic level ranked by ``level_rank`` (A2 = N4). Intern training in
  any field exempts from the Japanese test of SSW(i), which is N4 / A2; a vacancy asking for more
  (N3 and up) asks for more than the visa, so the exemption does not cover it.
* Nursing care: when the vacancy requires the SSW tests, the care-Japanese evaluation test is
  required too, exempt by intern training in nursing care (SSW(i)).
* Certificates: each required name needs a certificate matching it (``certificates.py``) that is
  valid on the start date; expired and revoked certificates never count.
* KKNI: the highest level among certificates valid on the start date.
* Experience: the sum of years of experience entries in the vacancy's field.
* Age on the start date: at least ``max(min_age, 18)`` (18 is the SSW floor), at most ``max_age``.
* Availability: ``available_from`` on or before the start date; no date is unknown, not met.
* The vacancy's field must accept SSW workers on the start date (fields are a dated list): the
  same for every worker, but a vacancy starting before its field opens has no eligible worker.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

from matcher.ranking.certificates import certificate_matches, unique_names
from matcher.ranking.messages import Message, Param
from models.japanese import LEVEL_RANK, level_rank
from models.vacancy import Vacancy
from models.vocabulary import ssw_fields
from models.worker import Certificate, JapaneseTest, WorkerProfile

Requirement = Literal[
    "field_open",
    "ssw_test",
    "japanese",
    "care_japanese",
    "certificate",
    "min_kkni_level",
    "min_experience_years",
    "min_age",
    "max_age",
    "availability",
]
CheckStatus = Literal["met", "not_met", "unknown"]

SSW_MIN_AGE = 18
"""Nobody under 18 can hold SSW status, whatever the vacancy says."""
SSW1_JAPANESE_RANK = LEVEL_RANK["N4"]
"""The Japanese level of the SSW(i) test (JLPT N4 = JFT-Basic A2); intern training exempts it."""
NURSING_CARE = "nursing_care"
GENERAL_TESTS = frozenset({"JLPT", "JFT-Basic"})


@dataclass(frozen=True, slots=True)
class RequirementCheck:
    """The outcome of one hard requirement: a reason when met, a gap otherwise."""

    requirement: Requirement
    status: CheckStatus
    message: Message

    @property
    def met(self) -> bool:
        """Only ``met`` is met; ``unknown`` is not."""
        return self.status == "met"


@dataclass(frozen=True, slots=True)
class Eligibility:
    """All hard-requirement checks of one worker for one vacancy on one start date."""

    checks: tuple[RequirementCheck, ...]

    @property
    def eligible(self) -> bool:
        """True only when every check is met."""
        return all(check.met for check in self.checks)

    @property
    def unmet(self) -> tuple[RequirementCheck, ...]:
        """The checks that are not met or unknown."""
        return tuple(check for check in self.checks if not check.met)


# --- facts about a worker, shared with scoring and the vectorised table ---------------------


def start_date(vacancy: Vacancy, today: date) -> date:
    """The date requirements are checked on: the vacancy's start date, else ``today``."""
    return vacancy.starts_on or today


def best_japanese_test(worker: WorkerProfile) -> JapaneseTest | None:
    """The worker's highest general-ability test (JLPT or JFT-Basic), first one on ties."""
    best: JapaneseTest | None = None
    for test in worker.japanese:
        if test.test in GENERAL_TESTS and (
            best is None or level_rank(test.level) > level_rank(best.level)
        ):
            best = test
    return best


def japanese_rank(worker: WorkerProfile) -> int:
    """Rank of the best general-ability level (N5=1 .. N1=5), 0 without any test."""
    best = best_japanese_test(worker)
    return 0 if best is None else level_rank(best.level)


def has_care_japanese(worker: WorkerProfile) -> bool:
    """Whether the worker passed the Nursing Care Japanese Language Evaluation Test."""
    return any(test.test == "care-japanese" for test in worker.japanese)


def ssw_test_level(worker: WorkerProfile, field: str) -> int:
    """Highest SSW skill-test level passed in ``field`` (0 when none)."""
    return max((test.level for test in worker.ssw_tests if test.field == field), default=0)


def intern_fields(worker: WorkerProfile) -> frozenset[str]:
    """Fields in which the worker completed Technical Intern Training (ii)."""
    return frozenset(training.field for training in worker.intern_training)


def experience_years(worker: WorkerProfile, field: str) -> float:
    """Total years of experience entries in ``field`` (entries without a field do not count)."""
    return math.fsum(entry.years for entry in worker.experience if entry.field == field)


def valid_certificates(worker: WorkerProfile, on: date) -> list[Certificate]:
    """Certificates valid on ``on``: expired, revoked and not-yet-issued ones are left out."""
    return [certificate for certificate in worker.certificates if certificate.valid_on(on)]


def max_kkni(worker: WorkerProfile, on: date) -> int:
    """Highest KKNI level among certificates valid on ``on`` (0 when none states one)."""
    return max((c.kkni_level or 0 for c in valid_certificates(worker, on)), default=0)


def required_ssw_level(vacancy: Vacancy) -> int:
    """Skill-test level the visa needs: 2 for SSW(ii), else 1."""
    return 2 if vacancy.visa == "ssw2" else 1


def effective_min_age(vacancy: Vacancy) -> int:
    """The vacancy's minimum age, never below the SSW floor of 18."""
    return max(vacancy.requirements.min_age or 0, SSW_MIN_AGE)


def japanese_exempt(worker: WorkerProfile, vacancy: Vacancy) -> bool:
    """Intern training in any field exempts from the SSW(i) Japanese test (N4 / A2 and below)."""
    required = vacancy.requirements.japanese
    return (
        vacancy.visa == "ssw1"
        and required is not None
        and level_rank(required) <= SSW1_JAPANESE_RANK
        and bool(worker.intern_training)
    )


def care_japanese_applies(vacancy: Vacancy) -> bool:
    """Whether the vacancy needs the care-Japanese test (nursing care with SSW tests required)."""
    return vacancy.ssw_field == NURSING_CARE and vacancy.requirements.ssw_test


# --- the checks -------------------------------------------------------------------------------


def _check(
    requirement: Requirement, status: CheckStatus, code: str, **params: Param
) -> RequirementCheck:
    return RequirementCheck(requirement, status, Message.of(code, **params))


def field_open(vacancy: Vacancy, on: date) -> bool:
    """Whether the vacancy's SSW field accepts workers on ``on``."""
    return ssw_fields()[vacancy.ssw_field].active_on(on)


def _check_field_open(vacancy: Vacancy, on: date) -> RequirementCheck:
    field = vacancy.ssw_field
    if field_open(vacancy, on):
        return _check("field_open", "met", "reason.field_open", field=field)
    opens = ssw_fields()[field].valid_from
    return _check("field_open", "not_met", "gap.field_not_open", field=field, date=opens)


def _check_ssw_test(worker: WorkerProfile, vacancy: Vacancy) -> RequirementCheck:
    field = vacancy.ssw_field
    needed = required_ssw_level(vacancy)
    if ssw_test_level(worker, field) >= needed:
        code = "reason.ssw_test_level2" if needed == 2 else "reason.ssw_test"
        return _check("ssw_test", "met", code, field=field)
    if vacancy.visa == "ssw1" and field in intern_fields(worker):
        return _check("ssw_test", "met", "reason.ssw_test_exempt", field=field)
    known = bool(worker.ssw_tests or worker.intern_training)
    code = "gap.ssw_test_level2" if needed == 2 else "gap.ssw_test"
    return _check("ssw_test", "not_met" if known else "unknown", code, field=field)


def _check_japanese(worker: WorkerProfile, vacancy: Vacancy, required: str) -> RequirementCheck:
    best = best_japanese_test(worker)
    if best is not None and level_rank(best.level) >= level_rank(required):
        return _check("japanese", "met", "reason.japanese", level=best.level)
    if japanese_exempt(worker, vacancy):
        field = worker.intern_training[0].field
        return _check("japanese", "met", "reason.japanese_exempt", field=field)
    if best is None:
        return _check("japanese", "unknown", "gap.japanese_unknown", required_level=required)
    return _check("japanese", "not_met", "gap.japanese", required_level=required, has=best.level)


def _check_care_japanese(worker: WorkerProfile, vacancy: Vacancy) -> RequirementCheck:
    if has_care_japanese(worker):
        return _check("care_japanese", "met", "reason.care_japanese")
    if vacancy.visa == "ssw1" and NURSING_CARE in intern_fields(worker):
        return _check("care_japanese", "met", "reason.care_japanese_exempt")
    status: CheckStatus = "not_met" if worker.japanese else "unknown"
    return _check("care_japanese", status, "gap.care_japanese")


def _check_certificate(worker: WorkerProfile, name: str, on: date) -> RequirementCheck:
    matching = [c for c in worker.certificates if certificate_matches(c, name)]
    valid = [c for c in matching if c.valid_on(on)]
    if valid:
        return _check("certificate", "met", "reason.certificate", name=name, scheme=valid[0].scheme)
    if matching:
        return _check("certificate", "not_met", "gap.certificate_not_valid", name=name, date=on)
    status: CheckStatus = "not_met" if worker.certificates else "unknown"
    return _check("certificate", status, "gap.certificate", name=name)


def _check_kkni(worker: WorkerProfile, required: int, on: date) -> RequirementCheck:
    has = max_kkni(worker, on)
    if has >= required:
        return _check("min_kkni_level", "met", "reason.kkni", level=has)
    if has == 0:
        return _check("min_kkni_level", "unknown", "gap.kkni_unknown", required=required)
    return _check("min_kkni_level", "not_met", "gap.kkni", required=required, has=has)


def _check_experience(worker: WorkerProfile, vacancy: Vacancy, required: float) -> RequirementCheck:
    field = vacancy.ssw_field
    years = experience_years(worker, field)
    if years >= required:
        return _check("min_experience_years", "met", "reason.experience", years=years, field=field)
    status: CheckStatus = "not_met" if worker.experience else "unknown"
    return _check(
        "min_experience_years", status, "gap.experience", required=required, has=years, field=field
    )


def _check_ages(worker: WorkerProfile, vacancy: Vacancy, on: date) -> list[RequirementCheck]:
    age = worker.age_on(on)
    minimum = effective_min_age(vacancy)
    checks = [
        _check("min_age", "met", "reason.age", age=age)
        if age >= minimum
        else _check("min_age", "not_met", "gap.min_age", min_age=minimum, age=age)
    ]
    maximum = vacancy.requirements.max_age
    if maximum is not None:
        checks.append(
            _check("max_age", "met", "reason.age", age=age)
            if age <= maximum
            else _check("max_age", "not_met", "gap.max_age", max_age=maximum, age=age)
        )
    return checks


def _check_availability(worker: WorkerProfile, on: date) -> RequirementCheck:
    available = worker.available_from
    if available is None:
        return _check("availability", "unknown", "gap.availability_unknown", date=on)
    if available <= on:
        return _check("availability", "met", "reason.available", date=available)
    return _check("availability", "not_met", "gap.availability", available=available, date=on)


def check_eligibility(worker: WorkerProfile, vacancy: Vacancy, on: date) -> Eligibility:
    """Check every hard requirement of ``vacancy`` for ``worker`` on the start date ``on``.

    ``on`` is the vacancy's start date, or today when it has none (see ``start_date``).
    """
    requirements = vacancy.requirements
    checks: list[RequirementCheck] = [_check_field_open(vacancy, on)]
    if requirements.ssw_test:
        checks.append(_check_ssw_test(worker, vacancy))
    if requirements.japanese is not None:
        checks.append(_check_japanese(worker, vacancy, requirements.japanese))
    if care_japanese_applies(vacancy):
        checks.append(_check_care_japanese(worker, vacancy))
    checks.extend(
        _check_certificate(worker, name, on) for name in unique_names(requirements.certificates)
    )
    if requirements.min_kkni_level is not None:
        checks.append(_check_kkni(worker, requirements.min_kkni_level, on))
    if requirements.min_experience_years is not None:
        checks.append(_check_experience(worker, vacancy, requirements.min_experience_years))
    checks.extend(_check_ages(worker, vacancy, on))
    checks.append(_check_availability(worker, on))
    return Eligibility(tuple(checks))
