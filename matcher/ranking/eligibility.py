"""Hard requirements of a vacancy, checked one by one for one worker (DOMAIN.md, "Job categories",
"Certificates you can trust", "Matching rules"; every rule and its source: docs/eligibility.md).

Each requirement yields a ``RequirementCheck`` with status ``met``, ``not_met`` or ``unknown``
and a message (a reason when met, a gap otherwise). ``unknown`` means the profile holds no data
that could confirm it; it counts as not met, because a requirement the data cannot confirm is not
met. The job category (``models.vacancy.vacancy_category``), not the field, is the unit:

* Category open: the category (and its field) admits SSW workers on the start date.
* Skill test: a test of the vacancy's category at the visa's level (a test without a category
  counts only in a single-category field). For SSW(i) also: training completed in good standing
  in a job type related to the category, or a valid certificate of a scheme the recognition
  table recognises for the category on the start date.
* Japanese: the higher of the employer's level and the category's legal level for the visa
  (N3 for taxi and bus drivers; none for most SSW(ii)). Training completed in good standing in
  any job type exempts from the SSW(i) test up to the programme's level (N4).
* Nursing care: the care-Japanese test too, exempt by good-standing training related to care.
* Licences the vacancy requires held: valid on the start date (no expiry date on a kind that
  expires is unknown). Licences the category needs but that may be obtained in Japan are a
  note, not a requirement (``licences_to_obtain``).
* SSW(ii): the practical experience the category asks for: years in the field, as a supervisor
  or team leader where the data says so (no figure in the sources: some such experience).
* SSW(i): fewer than 60 months already used.
* Certificates: each required name needs a valid certificate of a scheme the name resolves to
  (``certificates.py``); expired, revoked, suspended and undated ones never count.
* KKNI: the highest level among valid certificates of schemes relevant to the vacancy's field.
* Experience, age and availability as before: years in the field; 18 at least; a known date.

``WorkerFeatureTable`` and ``VacancyRequirementTable`` mirror these rules with the same fact
helpers below (property-tested equal).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

from matcher.ranking.certificates import certificate_matches, certificate_scheme, unique_names
from matcher.ranking.messages import Message, Param
from matcher.ranking.recognitions import NO_RECOGNITIONS, RecognitionTable
from models.categories import (
    LicenceRule,
    SSWCategory,
    categories_of,
    categories_of_job_type,
    programmes,
    single_category,
)
from models.japanese import LEVEL_RANK, level_rank
from models.recognition import Recognition
from models.vacancy import Vacancy, vacancy_category
from models.vocabulary import ssw_fields
from models.worker import SSW1_MAX_MONTHS, Certificate, InternTraining, JapaneseTest, WorkerProfile

Requirement = Literal[
    "field_open",
    "ssw_test",
    "japanese",
    "care_japanese",
    "licence",
    "ssw2_experience",
    "ssw1_time",
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
"""The Japanese level of the SSW(i) test in most categories (JLPT N4 = JFT-Basic A2)."""
NURSING_CARE = "nursing_care"
CARE = "care"
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


# --- facts about a worker, shared with scoring and the vectorised tables --------------------


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


def test_category(field: str, category: str | None) -> str | None:
    """The category a test or training record stands for: its own, else its field's only one."""
    if category is not None:
        return category
    only = single_category(field)
    return None if only is None else only.code


def tested_categories(worker: WorkerProfile, level: int) -> frozenset[str]:
    """Categories in which the worker passed a skill test of ``level`` or higher."""
    return frozenset(
        code
        for test in worker.ssw_tests
        if test.level >= level and (code := test_category(test.field, test.category)) is not None
    )


def ssw_test_level(worker: WorkerProfile, field: str) -> int:
    """Highest SSW skill-test level passed in ``field``, any category (0 when none)."""
    return max((test.level for test in worker.ssw_tests if test.field == field), default=0)


def training_categories(training: InternTraining) -> frozenset[str]:
    """The categories a training's job type is related to: the one named, else those the data
    maps the job type to, else the field's only category; empty when it cannot be told."""
    if training.category is not None:
        return frozenset({training.category})
    if training.job_type is not None:
        mapped = categories_of_job_type(training.field, training.job_type)
        if mapped:
            return mapped
    only = test_category(training.field, None)
    return frozenset() if only is None else frozenset({only})


def in_good_standing(worker: WorkerProfile) -> list[InternTraining]:
    """Trainings completed in good standing, of a programme the data knows."""
    known = programmes()
    return [
        t
        for t in worker.intern_training
        if t.completion == "good_standing" and t.programme in known
    ]


def intern_fields(worker: WorkerProfile) -> frozenset[str]:
    """Fields of every intern training recorded, whatever its completion (for filters)."""
    return frozenset(training.field for training in worker.intern_training)


def exempt_categories(worker: WorkerProfile) -> frozenset[str]:
    """Categories whose SSW(i) skill test is exempt by training in a related job type."""
    return frozenset(
        code
        for training in in_good_standing(worker)
        if "skill_test" in programmes()[training.programme].related_exempts
        for code in training_categories(training)
    )


def exempting_training(worker: WorkerProfile, category: str) -> InternTraining | None:
    for training in in_good_standing(worker):
        if "skill_test" in programmes()[
            training.programme
        ].related_exempts and category in training_categories(training):
            return training
    return None


def japanese_exempt_rank(worker: WorkerProfile) -> int:
    """Highest Japanese rank a good-standing training exempts from (0: none)."""
    best = 0
    for training in in_good_standing(worker):
        programme = programmes()[training.programme]
        if "japanese" in programme.unrelated_exempts and programme.japanese_exempt_up_to:
            best = max(best, level_rank(programme.japanese_exempt_up_to))
    return best


def japanese_exempting(worker: WorkerProfile, rank: int) -> InternTraining | None:
    for training in in_good_standing(worker):
        programme = programmes()[training.programme]
        if (
            "japanese" in programme.unrelated_exempts
            and programme.japanese_exempt_up_to
            and level_rank(programme.japanese_exempt_up_to) >= rank
        ):
            return training
    return None


def experience_years(worker: WorkerProfile, field: str) -> float:
    """Total years of experience entries in ``field`` (entries without a field do not count)."""
    return math.fsum(entry.years for entry in worker.experience if entry.field == field)


def supervisory_years(worker: WorkerProfile, field: str) -> float:
    """Years of experience in ``field`` recorded as supervisory."""
    return math.fsum(
        entry.years for entry in worker.experience if entry.field == field and entry.supervisory
    )


def valid_certificates(worker: WorkerProfile, on: date) -> list[Certificate]:
    """Certificates valid on ``on`` (``Certificate.valid_on``)."""
    return [certificate for certificate in worker.certificates if certificate.valid_on(on)]


def relevant_to(certificate: Certificate, field: str) -> bool:
    """Whether the certificate's scheme (by the catalogue) is relevant to the SSW ``field``."""
    scheme = certificate_scheme(certificate)
    return scheme is not None and field in scheme.fields


def max_kkni(worker: WorkerProfile, on: date, field: str) -> int:
    """Highest KKNI level among valid certificates relevant to ``field`` (0 when none)."""
    return max(
        (
            c.kkni_level or 0
            for c in valid_certificates(worker, on)
            if c.kkni_level and relevant_to(c, field)
        ),
        default=0,
    )


def recognised_certificate(
    worker: WorkerProfile, category: str, on: date, recognitions: RecognitionTable
) -> tuple[Certificate, Recognition] | None:
    """A valid certificate that the recognition table counts as ``category``'s skill test."""
    in_force = recognitions.in_force(category, on)
    if not in_force:
        return None
    for certificate in valid_certificates(worker, on):
        entry = in_force.get(recognitions.code_of(certificate))
        if entry is not None:
            return certificate, entry
    return None


def required_ssw_level(vacancy: Vacancy) -> int:
    """Skill-test level the visa needs: 2 for SSW(ii), else 1."""
    return 2 if vacancy.visa == "ssw2" else 1


def legal_japanese(vacancy: Vacancy) -> str | None:
    """The Japanese level the visa needs in the vacancy's category; with the category unknown,
    the strictest of the field's categories."""
    category = vacancy_category(vacancy)
    candidates = [category] if category is not None else list(categories_of(vacancy.ssw_field))
    levels = [c.legal_japanese(vacancy.visa) for c in candidates]
    known = [level for level in levels if level is not None]
    return max(known, key=level_rank) if known else None


def required_japanese(vacancy: Vacancy) -> str | None:
    """The level checked: the employer's or the law's, whichever is higher."""
    levels = [lv for lv in (vacancy.requirements.japanese, legal_japanese(vacancy)) if lv]
    return max(levels, key=level_rank) if levels else None


def effective_min_age(vacancy: Vacancy) -> int:
    """The vacancy's minimum age, never below the SSW floor of 18."""
    return max(vacancy.requirements.min_age or 0, SSW_MIN_AGE)


def care_japanese_applies(vacancy: Vacancy) -> bool:
    """Whether the vacancy needs the care-Japanese test (nursing care with SSW tests required)."""
    return vacancy.ssw_field == NURSING_CARE and vacancy.requirements.ssw_test


@dataclass(frozen=True, slots=True)
class SSW2Experience:
    """The practical experience an SSW(ii) vacancy's category asks for: ``years`` in the field
    (0: some, the sources give no figure), as a supervisor or team leader when ``supervisory``."""

    supervisory: bool
    years: float


def ssw2_experience_needed(vacancy: Vacancy) -> SSW2Experience | None:
    """What SSW(ii) asks in the vacancy's category (None: SSW(i), or nothing stated)."""
    category = vacancy_category(vacancy)
    if vacancy.visa != "ssw2" or category is None or category.ssw2 is None:
        return None
    terms = category.ssw2
    if not terms.supervisory and not terms.supervisory_years:
        return None
    return SSW2Experience(terms.supervisory, float(terms.supervisory_years or 0))


def ssw2_experience_years(worker: WorkerProfile, field: str, needed: SSW2Experience) -> float:
    """The worker's years that count towards ``needed``."""
    if needed.supervisory:
        return supervisory_years(worker, field)
    return experience_years(worker, field)


def ssw1_months_left(worker: WorkerProfile) -> int:
    """Months of SSW(i) the worker may still spend (five years in total)."""
    return max(SSW1_MAX_MONTHS - worker.ssw1_months_used, 0)


def licences_to_obtain(vacancy: Vacancy) -> list[LicenceRule]:
    """Licences the category's work needs that the vacancy does not ask to be held already:
    the worker obtains them in Japan during a preparatory stay (a note, not a requirement)."""
    category = vacancy_category(vacancy)
    if category is None:
        return []
    held = set(vacancy.requirements.licences)
    return [
        rule
        for rule in category.licences
        if vacancy.visa in rule.visas and rule.may_obtain_in_japan and rule.kind not in held
    ]


def required_licences(vacancy: Vacancy) -> list[str]:
    """Licences to hold on the start date: those the vacancy names and those the category
    needs that cannot be obtained after arrival."""
    category = vacancy_category(vacancy)
    kinds = list(vacancy.requirements.licences)
    if category is not None:
        kinds.extend(
            rule.kind
            for rule in category.licences
            if vacancy.visa in rule.visas and not rule.may_obtain_in_japan
        )
    return list(dict.fromkeys(kinds))


def holds_licence(worker: WorkerProfile, kind: str, on: date) -> bool:
    """Whether the worker holds a licence of ``kind`` valid on ``on``."""
    return any(lic.kind == kind and lic.valid_on(on) for lic in worker.licences)


def category_open(vacancy: Vacancy, on: date) -> bool:
    """Whether the vacancy's category (its field when the category is unknown) admits SSW
    workers on ``on``."""
    category = vacancy_category(vacancy)
    if category is None:
        return ssw_fields()[vacancy.ssw_field].active_on(on)
    return category.active_on(on)


# --- the checks -------------------------------------------------------------------------------


def _check(
    requirement: Requirement, status: CheckStatus, code: str, **params: Param
) -> RequirementCheck:
    return RequirementCheck(requirement, status, Message.of(code, **params))


def _check_open(vacancy: Vacancy, category: SSWCategory | None, on: date) -> RequirementCheck:
    field = vacancy.ssw_field
    if category is None:
        if ssw_fields()[field].active_on(on):
            return _check("field_open", "met", "reason.field_open", field=field)
        opens = ssw_fields()[field].valid_from
        return _check("field_open", "not_met", "gap.field_not_open", field=field, date=opens)
    if category.active_on(on):
        return _check("field_open", "met", "reason.category_open", category=category.code)
    if category.valid_to is not None and on >= category.valid_to:
        return _check(
            "field_open",
            "not_met",
            "gap.category_closed",
            category=category.code,
            date=category.valid_to,
        )
    opens = max(category.valid_from, ssw_fields()[field].valid_from)
    return _check(
        "field_open", "not_met", "gap.category_not_open", category=category.code, date=opens
    )


def _check_ssw_test(
    worker: WorkerProfile,
    vacancy: Vacancy,
    category: SSWCategory | None,
    on: date,
    recognitions: RecognitionTable,
) -> RequirementCheck:
    field = vacancy.ssw_field
    needed = required_ssw_level(vacancy)
    if category is None:
        return _check("ssw_test", "unknown", "gap.vacancy_category_unknown", field=field)
    code = category.code
    if code in tested_categories(worker, needed):
        met = "reason.ssw_test_level2" if needed == 2 else "reason.ssw_test"
        return _check("ssw_test", "met", met, category=code)
    if needed == 1:
        training = exempting_training(worker, code)
        if training is not None:
            return _check(
                "ssw_test",
                "met",
                "reason.ssw_test_exempt",
                category=code,
                programme=training.programme,
            )
        recognised = recognised_certificate(worker, code, on, recognitions)
        if recognised is not None:
            certificate, entry = recognised
            return _check(
                "ssw_test",
                "met",
                "reason.ssw_test_recognised",
                scheme=certificate.scheme,
                category=code,
                date=entry.effective_from,
                source=entry.source,
            )
    gap = "gap.ssw_test_level2" if needed == 2 else "gap.ssw_test"
    in_field = [t for t in worker.ssw_tests if t.field == field and t.level >= needed]
    other = next((t.category for t in in_field if t.category not in (None, code)), None)
    if other is not None:
        return _check(
            "ssw_test",
            "not_met",
            "gap.ssw_test_other_category",
            other_category=other,
            category=code,
        )
    if any(t.category is None for t in in_field):
        return _check(
            "ssw_test", "unknown", "gap.ssw_test_category_missing", field=field, category=code
        )
    if needed == 1:
        pending = next(
            (
                t
                for t in worker.intern_training
                if t.completion != "good_standing"
                and t.field == field
                and (not training_categories(t) or code in training_categories(t))
            ),
            None,
        )
        if pending is not None:
            status: CheckStatus = "unknown" if pending.completion is None else "not_met"
            return _check(
                "ssw_test",
                status,
                "gap.training_not_good_standing",
                programme=pending.programme,
                field=field,
            )
    known = bool(worker.ssw_tests or worker.intern_training)
    return _check("ssw_test", "not_met" if known else "unknown", gap, category=code)


def _check_japanese(
    worker: WorkerProfile, vacancy: Vacancy, category: SSWCategory | None, required: str
) -> RequirementCheck:
    best = best_japanese_test(worker)
    rank = level_rank(required)
    if best is not None and level_rank(best.level) >= rank:
        return _check("japanese", "met", "reason.japanese", level=best.level)
    if vacancy.visa == "ssw1":
        training = japanese_exempting(worker, rank)
        if training is not None:
            return _check(
                "japanese",
                "met",
                "reason.japanese_exempt",
                required_level=required,
                programme=training.programme,
            )
    legal = legal_japanese(vacancy)
    by_law = (
        category is not None
        and legal is not None
        and level_rank(legal) == rank
        and level_rank(legal) > SSW1_JAPANESE_RANK
    )
    if best is None:
        if by_law and category is not None:
            return _check(
                "japanese",
                "unknown",
                "gap.japanese_category_unknown",
                category=category.code,
                required_level=required,
            )
        return _check("japanese", "unknown", "gap.japanese_unknown", required_level=required)
    if by_law and category is not None:
        return _check(
            "japanese",
            "not_met",
            "gap.japanese_category",
            category=category.code,
            required_level=required,
            has=best.level,
        )
    return _check("japanese", "not_met", "gap.japanese", required_level=required, has=best.level)


def _check_care_japanese(worker: WorkerProfile, vacancy: Vacancy) -> RequirementCheck:
    if has_care_japanese(worker):
        return _check("care_japanese", "met", "reason.care_japanese")
    if vacancy.visa == "ssw1":
        training = exempting_training(worker, CARE)
        if training is not None:
            return _check(
                "care_japanese",
                "met",
                "reason.care_japanese_exempt",
                programme=training.programme,
            )
    status: CheckStatus = "not_met" if worker.japanese else "unknown"
    return _check("care_japanese", status, "gap.care_japanese")


def _check_licence(worker: WorkerProfile, kind: str, on: date) -> RequirementCheck:
    if holds_licence(worker, kind, on):
        return _check("licence", "met", "reason.licence", licence=kind)
    if any(lic.kind == kind for lic in worker.licences):
        return _check("licence", "not_met", "gap.licence_not_valid", licence=kind, date=on)
    status: CheckStatus = "not_met" if worker.licences else "unknown"
    return _check("licence", status, "gap.licence", licence=kind)


def _check_ssw2_experience(
    worker: WorkerProfile, vacancy: Vacancy, needed: SSW2Experience
) -> RequirementCheck:
    field = vacancy.ssw_field
    years = ssw2_experience_years(worker, field, needed)
    if years >= needed.years and years > 0:
        code = "reason.supervisory" if needed.supervisory else "reason.experience"
        return _check("ssw2_experience", "met", code, years=years, field=field)
    status: CheckStatus = "not_met" if worker.experience else "unknown"
    if not needed.supervisory:
        return _check(
            "ssw2_experience",
            status,
            "gap.ssw2_experience",
            field=field,
            required=needed.years,
            has=years,
        )
    if any(e.field == field and e.supervisory is None for e in worker.experience):
        return _check("ssw2_experience", "unknown", "gap.supervisory_unknown", field=field)
    if needed.years == 0:
        return _check("ssw2_experience", status, "gap.supervisory_some", field=field)
    return _check(
        "ssw2_experience",
        status,
        "gap.supervisory",
        field=field,
        required=needed.years,
        has=years,
    )


def _check_ssw1_time(worker: WorkerProfile) -> RequirementCheck:
    left = ssw1_months_left(worker)
    if left > 0:
        return _check("ssw1_time", "met", "reason.ssw1_time_left", months=left)
    return _check("ssw1_time", "not_met", "gap.ssw1_time_used", months=worker.ssw1_months_used)


def _check_certificate(worker: WorkerProfile, name: str, on: date) -> RequirementCheck:
    matching = [c for c in worker.certificates if certificate_matches(c, name)]
    valid = [c for c in matching if c.valid_on(on)]
    if valid:
        held = valid[0]
        return _check(
            "certificate",
            "met",
            "reason.certificate",
            name=name,
            scheme=held.scheme,
            verified=held.verified,
        )
    if any(c.status == "valid" and c.expires_on is None for c in matching):
        return _check("certificate", "unknown", "gap.certificate_no_expiry", name=name)
    if matching:
        return _check("certificate", "not_met", "gap.certificate_not_valid", name=name, date=on)
    status: CheckStatus = "not_met" if worker.certificates else "unknown"
    return _check("certificate", status, "gap.certificate", name=name)


def _check_kkni(
    worker: WorkerProfile, vacancy: Vacancy, required: int, on: date
) -> RequirementCheck:
    field = vacancy.ssw_field
    has = max_kkni(worker, on, field)
    if has >= required:
        return _check("min_kkni_level", "met", "reason.kkni", level=has)
    if has == 0:
        return _check(
            "min_kkni_level", "unknown", "gap.kkni_unknown", required=required, field=field
        )
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


def check_eligibility(
    worker: WorkerProfile,
    vacancy: Vacancy,
    on: date,
    recognitions: RecognitionTable = NO_RECOGNITIONS,
) -> Eligibility:
    """Check every hard requirement of ``vacancy`` for ``worker`` on the start date ``on``.

    ``on`` is the vacancy's start date, or today when it has none (see ``start_date``);
    ``recognitions`` the recognition table in force (empty unless an admin filled it).
    """
    requirements = vacancy.requirements
    category = vacancy_category(vacancy)
    checks: list[RequirementCheck] = [_check_open(vacancy, category, on)]
    if requirements.ssw_test:
        checks.append(_check_ssw_test(worker, vacancy, category, on, recognitions))
    japanese = required_japanese(vacancy)
    if japanese is not None:
        checks.append(_check_japanese(worker, vacancy, category, japanese))
    if care_japanese_applies(vacancy):
        checks.append(_check_care_japanese(worker, vacancy))
    checks.extend(_check_licence(worker, kind, on) for kind in required_licences(vacancy))
    experience = ssw2_experience_needed(vacancy)
    if experience is not None:
        checks.append(_check_ssw2_experience(worker, vacancy, experience))
    if vacancy.visa == "ssw1":
        checks.append(_check_ssw1_time(worker))
    checks.extend(
        _check_certificate(worker, name, on) for name in unique_names(requirements.certificates)
    )
    if requirements.min_kkni_level is not None:
        checks.append(_check_kkni(worker, vacancy, requirements.min_kkni_level, on))
    if requirements.min_experience_years is not None:
        checks.append(_check_experience(worker, vacancy, requirements.min_experience_years))
    checks.extend(_check_ages(worker, vacancy, on))
    checks.append(_check_availability(worker, on))
    return Eligibility(tuple(checks))
