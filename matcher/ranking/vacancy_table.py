"""The skill-test and Japanese requirements of every vacancy as arrays, for recommendations.

Why: recommending vacancies to one worker checked every open vacancy with
``check_eligibility`` in Python, 32 ms (p50) to 95 ms (p99) at 6,000 vacancies (measured,
``bench/findings.md``), although a worker is eligible for a few hundred at most. Two
requirements rule out most of the catalogue and depend only on the vacancy's field, visa and
requirement levels, not on dates: the SSW skill test in the vacancy's field and the Japanese
level (with care Japanese for nursing care). ``VacancyRequirementTable.passing`` tests one
worker against all of them at once with numpy; the full ``check_eligibility`` then runs on the
survivors only. The table mirrors the checks' "met" rules exactly (exemptions included), so it
never drops a vacancy the full check would accept (property-tested against it).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from matcher.ranking.eligibility import (
    NURSING_CARE,
    SSW1_JAPANESE_RANK,
    care_japanese_applies,
    has_care_japanese,
    intern_fields,
    japanese_rank,
    required_ssw_level,
)
from models.japanese import level_rank
from models.vacancy import Vacancy
from models.worker import WorkerProfile

IdArray = npt.NDArray[np.int64]


class VacancyRequirementTable:
    """Immutable: built from a catalogue snapshot, rebuilt when the catalogue changes."""

    def __init__(self, vacancies: Iterable[tuple[int, Vacancy]]) -> None:
        rows = sorted(vacancies, key=lambda item: item[0])
        self.fields = sorted({v.ssw_field for _, v in rows})
        self._position = {field: i for i, field in enumerate(self.fields)}
        self.ids = np.fromiter((i for i, _ in rows), dtype=np.int64, count=len(rows))
        self._field = np.fromiter(
            (self._position[v.ssw_field] for _, v in rows), np.int32, len(rows)
        )
        self._needs_test = np.fromiter((v.requirements.ssw_test for _, v in rows), bool, len(rows))
        self._test_level = np.fromiter((required_ssw_level(v) for _, v in rows), np.int8, len(rows))
        self._ssw1 = np.fromiter((v.visa == "ssw1" for _, v in rows), bool, len(rows))
        self._japanese = np.fromiter(
            (
                level_rank(v.requirements.japanese) if v.requirements.japanese else 0
                for _, v in rows
            ),
            np.int8,
            len(rows),
        )
        self._care = np.fromiter((care_japanese_applies(v) for _, v in rows), bool, len(rows))
        self._nursing = self._field == self._position.get(NURSING_CARE, -1)

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def passing(self, worker: WorkerProfile, allowed: IdArray | None = None) -> IdArray:
        """Ids (sorted; within ``allowed`` when given) whose skill-test, Japanese and
        care-Japanese requirements the worker meets; other requirements are not tested."""
        n_fields = len(self.fields)
        tested = np.zeros(n_fields, dtype=np.int8)
        interned = np.zeros(n_fields, dtype=bool)
        position = self._position
        for test in worker.ssw_tests:
            i = position.get(test.field)
            if i is not None:
                tested[i] = max(tested[i], test.level)
        for code in intern_fields(worker):
            i = position.get(code)
            if i is not None:
                interned[i] = True
        field = self._field
        # _check_ssw_test: the level the visa needs in the field, or intern training in it (SSW i).
        test_ok = (
            ~self._needs_test | (tested[field] >= self._test_level) | (self._ssw1 & interned[field])
        )
        # _check_japanese: the required level, or intern training anywhere for SSW(i) up to N4.
        exempt = self._ssw1 & (self._japanese <= SSW1_JAPANESE_RANK) & bool(worker.intern_training)
        japanese_ok = (self._japanese == 0) | (japanese_rank(worker) >= self._japanese) | exempt
        # _check_care_japanese: the care test, or nursing-care intern training for SSW(i).
        care_ok = (
            ~self._care | has_care_japanese(worker) | (self._ssw1 & interned[field] & self._nursing)
        )
        ids: IdArray = self.ids[test_ok & japanese_ok & care_ok]
        if allowed is None:
            return ids
        within: IdArray = np.intersect1d(ids, allowed, assume_unique=True)
        return within
