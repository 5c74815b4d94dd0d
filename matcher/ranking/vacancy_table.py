"""The skill-test and Japanese requirements of every vacancy as arrays, for recommendations.

Why: recommending vacancies to one worker checked every open vacancy with
``check_eligibility`` in Python, tens of milliseconds per request at an event's catalogue size
(docs/benchmarks.md, "Measurements behind the code"), although a worker is eligible for a few
hundred at most. Two
requirements rule out most of the catalogue and depend only on the vacancy's job category,
visa and requirement levels, not on dates: the SSW skill test of the vacancy's category and the
Japanese level (with care Japanese for nursing care). ``VacancyRequirementTable.passing`` tests one
worker against all of them at once with numpy; the full ``check_eligibility`` then runs on the
survivors only. The table mirrors the checks' "met" rules exactly (exemptions included), so it
never drops a vacancy the full check would accept (property-tested against it).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from matcher.ranking.eligibility import (
    CARE,
    care_japanese_applies,
    exempt_categories,
    has_care_japanese,
    japanese_exempt_rank,
    japanese_rank,
    required_japanese,
    required_ssw_level,
    tested_categories,
)
from matcher.ranking.recognitions import NO_RECOGNITIONS, RecognitionTable
from models.categories import ssw_categories
from models.japanese import level_rank
from models.vacancy import Vacancy, vacancy_category
from models.worker import WorkerProfile

IdArray = npt.NDArray[np.int64]


class VacancyRequirementTable:
    """Immutable: built from a catalogue snapshot, rebuilt when the catalogue changes."""

    def __init__(self, vacancies: Iterable[tuple[int, Vacancy]]) -> None:
        rows = sorted(vacancies, key=lambda item: item[0])
        self.categories = list(ssw_categories())
        self._position = {code: i for i, code in enumerate(self.categories)}
        n = len(rows)
        self.ids = np.fromiter((i for i, _ in rows), dtype=np.int64, count=n)

        def category_index(vacancy: Vacancy) -> int:
            category = vacancy_category(vacancy)
            return -1 if category is None else self._position[category.code]

        self._category = np.fromiter((category_index(v) for _, v in rows), np.int32, n)
        self._needs_test = np.fromiter((v.requirements.ssw_test for _, v in rows), bool, n)
        self._test_level = np.fromiter((required_ssw_level(v) for _, v in rows), np.int8, n)
        self._ssw1 = np.fromiter((v.visa == "ssw1" for _, v in rows), bool, n)
        self._japanese = np.fromiter(
            (level_rank(level) if (level := required_japanese(v)) else 0 for _, v in rows),
            np.int8,
            n,
        )
        self._care = np.fromiter((care_japanese_applies(v) for _, v in rows), bool, n)

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def _flags(self, categories: Iterable[str]) -> npt.NDArray[np.bool_]:
        # one extra slot, always False, for vacancies whose category is unknown (index -1)
        flags = np.zeros(len(self.categories) + 1, dtype=bool)
        for code in categories:
            flags[self._position[code]] = True
        return flags

    def passing(
        self,
        worker: WorkerProfile,
        allowed: IdArray | None = None,
        recognitions: RecognitionTable = NO_RECOGNITIONS,
    ) -> IdArray:
        """Ids (sorted; within ``allowed`` when given) whose skill-test, Japanese and
        care-Japanese requirements the worker may meet; other requirements are not tested.
        Recognitions are taken regardless of dates and certificate validity (a superset)."""
        recognised = recognitions.categories_of_codes(
            {RecognitionTable.code_of(c) for c in worker.certificates}
        )
        level1 = self._flags(tested_categories(worker, 1))
        level1 |= self._flags(exempt_categories(worker))
        level1 |= self._flags(recognised)
        level2 = self._flags(tested_categories(worker, 2))
        category = self._category
        # _check_ssw_test: the category's test at the visa's level, or (SSW i) an exemption.
        by_level = np.where(self._test_level == 2, level2[category], level1[category])
        test_ok = ~self._needs_test | ((category >= 0) & by_level)
        # _check_japanese: the required level, or (SSW i) a training exempting up to it.
        exempt = self._ssw1 & (japanese_exempt_rank(worker) >= self._japanese)
        japanese_ok = (self._japanese == 0) | (japanese_rank(worker) >= self._japanese) | exempt
        # _check_care_japanese: the care test, or (SSW i) good-standing training in care.
        care_exempt = self._ssw1 & (CARE in exempt_categories(worker))
        care_ok = ~self._care | has_care_japanese(worker) | care_exempt
        ids: IdArray = self.ids[test_ok & japanese_ok & care_ok]
        if allowed is None:
            return ids
        within: IdArray = np.intersect1d(ids, allowed, assume_unique=True)
        return within
