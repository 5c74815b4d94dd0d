"""Hard requirements over many workers at once, as numpy columns (no loop per worker per query).

``WorkerFeatureTable`` holds one row per worker and one row per certificate. Each query turns
the vacancy's requirements into a few vectorised comparisons, so ``eligible_ids`` over 100k
workers costs milliseconds. It must agree exactly with ``eligibility.check_eligibility`` (a
hypothesis test compares them); to make that easy, every per-worker fact is computed with the
same helper functions as the per-worker check.

Layout:

* worker columns: birth date (ordinal), best Japanese rank and the rank training exempts from,
  care-Japanese flag, bitmasks over the job categories (skill test level >= 1, level 2, exempt by
  training) and over the SSW fields ("related to the field" for filters), years of experience
  and of supervisory experience per field, licence validity per licence kind (one licence per
  kind), SSW(i) months used, available-from (ordinal; unknown is a sentinel later than any
  date), province code;
* certificate columns: owning row, issue and expiry ordinals, usable (status ``valid`` with an
  expiry date), KKNI level, catalogue scheme, fields the scheme is relevant to, recognition
  code, alive; plus an inverted index from (name field, token) to certificate ids, so "holds a
  certificate matching X valid on D" is a few sorted-array intersections (``certificates.py``
  defines matching by catalogue scheme or token containment).

Rows of removed or replaced workers are marked dead and skipped, not reclaimed: rebuild the table
from the store (``from_workers``) when churn has accumulated.
"""

from __future__ import annotations

import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from matcher.ranking.certificates import certificate_scheme, name_tokens, unique_names
from matcher.ranking.eligibility import (
    CARE,
    Requirement,
    care_japanese_applies,
    category_open,
    effective_min_age,
    exempt_categories,
    experience_years,
    has_care_japanese,
    intern_fields,
    japanese_exempt_rank,
    japanese_rank,
    required_japanese,
    required_licences,
    required_ssw_level,
    ssw2_experience_needed,
    supervisory_years,
    tested_categories,
)
from matcher.ranking.recognitions import NO_RECOGNITIONS, RecognitionTable
from models.categories import licence_kinds, ssw_categories
from models.japanese import level_rank
from models.schemes import resolve_scheme_name, schemes
from models.vacancy import Vacancy, vacancy_category
from models.vocabulary import ssw_fields
from models.worker import SSW1_MAX_MONTHS, Certificate, WorkerProfile

IdArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

NEVER = np.int64(2**62)
"""Ordinal of "no date": later than every real date (unknown availability, no expiry)."""
_NAME_SLOTS = 4  # scheme, scheme_code, qualification_id, qualification_en
DATED_CACHE_BYTES = 32 * 2**20
"""Bound of the per-day certificate masks kept between queries (``_remembered``): 320 masks
at 100k workers, 32 at 1M."""


def latest_birth_date_for_age(on: date, age: int) -> date:
    """The latest birth date of someone at least ``age`` years old on ``on``.

    Mirrors ``WorkerProfile.age_on``: a birthday on Feb 29 counts as reached on Mar 1 in common
    years, so for ``on`` = Feb 29 the cut-off in a common year is Feb 28.
    """
    year = on.year - age
    try:
        return date(year, on.month, on.day)
    except ValueError:  # Feb 29 in a common year
        return date(year, 2, 28)


def related_fields(worker: WorkerProfile) -> frozenset[str]:
    """Fields a worker is related to, for the ``field`` filter: tests, training, work, wishes."""
    return frozenset(
        [
            *(test.field for test in worker.ssw_tests),
            *intern_fields(worker),
            *(entry.field for entry in worker.experience if entry.field is not None),
            *worker.preferred_fields,
        ]
    )


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _cert_name_slots(certificate: Certificate) -> tuple[str | None, ...]:
    return (
        certificate.scheme,
        certificate.scheme_code,
        certificate.qualification_id,
        certificate.qualification_en,
    )


class _Column:
    """A numpy array that grows by doubling, so appending one row is amortised O(1)."""

    def __init__(self, dtype: Any, fill: Any) -> None:
        self.fill = fill
        self.data: np.ndarray[Any, Any] = np.full(16, fill, dtype=dtype)

    def reserve(self, size: int) -> None:
        capacity = self.data.shape[0]
        if size <= capacity:
            return
        while capacity < size:
            capacity *= 2
        grown = np.full(capacity, self.fill, dtype=self.data.dtype)
        grown[: self.data.shape[0]] = self.data
        self.data = grown


class WorkerFeatureTable:
    """Hard-requirement features of many workers; see the module docstring."""

    def __init__(self) -> None:
        fields = list(ssw_fields())
        categories = list(ssw_categories())
        if len(fields) > 62 or len(categories) > 62:
            raise ValueError("bitmasks hold at most 62 SSW fields and 62 job categories")
        self._field_bit = {code: 1 << i for i, code in enumerate(fields)}
        self._category_bit = {code: 1 << i for i, code in enumerate(categories)}
        self._scheme_id = {code: i for i, code in enumerate(schemes())}
        self._code_id: dict[frozenset[str], int] = {}
        self._rows = 0
        self._row_of: dict[int, int] = {}
        self._province_code: dict[str, int] = {}
        self._c: dict[str, _Column] = {
            "id": _Column(np.int64, 0),
            "alive": _Column(np.bool_, False),
            "birth": _Column(np.int64, 0),
            "jp": _Column(np.int8, 0),
            "jp_exempt": _Column(np.int8, 0),
            "care": _Column(np.bool_, False),
            "ssw1": _Column(np.int64, 0),
            "ssw2": _Column(np.int64, 0),
            "exempt": _Column(np.int64, 0),
            "related": _Column(np.int64, 0),
            "ssw1_used": _Column(np.int16, 0),
            "available": _Column(np.int64, NEVER),
            "province": _Column(np.int32, -1),
            # years of experience per field: one contiguous column per field
            **{f"experience:{code}": _Column(np.float64, 0.0) for code in fields},
            **{f"supervisory:{code}": _Column(np.float64, 0.0) for code in fields},
            # licence validity per kind: [issued, expires); no licence is an empty interval
            **{f"licence_from:{kind}": _Column(np.int64, NEVER) for kind in licence_kinds()},
            **{f"licence_to:{kind}": _Column(np.int64, 0) for kind in licence_kinds()},
            "cert_start": _Column(np.int64, 0),  # a row's certificates are contiguous
            "cert_end": _Column(np.int64, 0),
        }
        self._certs = 0
        self._k: dict[str, _Column] = {
            "row": _Column(np.int64, 0),
            "issued": _Column(np.int64, 0),
            "expires": _Column(np.int64, NEVER),
            "usable": _Column(np.bool_, False),
            "kkni": _Column(np.int8, 0),
            "scheme": _Column(np.int32, -1),
            "scheme_fields": _Column(np.int64, 0),
            "code": _Column(np.int32, -1),
            "alive": _Column(np.bool_, False),
        }
        self._postings: dict[tuple[int, str], list[int]] = {}
        self._name_cache: dict[frozenset[str], BoolArray] = {}
        self._dated: OrderedDict[tuple[object, ...], BoolArray] = OrderedDict()

    # --- building --------------------------------------------------------------------------

    @classmethod
    def from_workers(cls, workers: Iterable[tuple[int, WorkerProfile]]) -> WorkerFeatureTable:
        """A table holding ``(worker_id, profile)`` pairs; a repeated id keeps the last profile."""
        table = cls()
        for worker_id, profile in workers:
            table.upsert(worker_id, profile)
        return table

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, worker_id: object) -> bool:
        return worker_id in self._row_of

    def ids(self) -> IdArray:
        """Ids of all workers in the table, ascending."""
        return np.sort(self._col("id")[self._col("alive")])

    def row_ids(self) -> IdArray:
        """The worker id of every row, dead rows included (``requirement_masks`` answers per
        row in this order)."""
        return self._col("id")

    def alive_rows(self) -> BoolArray:
        """Per row: does it hold a current worker?"""
        return self._col("alive")

    def in_category(self, category: str) -> IdArray:
        """Ids (ascending) of workers who passed a skill test of ``category`` (SSW(i) or (ii))
        or are exempt from it by intern training: the same bits eligibility reads. An unknown
        code matches nobody."""
        if category not in self._category_bit:
            return np.zeros(0, dtype=np.int64)
        ok = self._col("alive") & (
            self._has_category("ssw1", category)
            | self._has_category("ssw2", category)
            | self._has_category("exempt", category)
        )
        return np.sort(self._col("id")[ok])

    def upsert(self, worker_id: int, profile: WorkerProfile) -> None:
        """Add a worker or replace its features."""
        self.remove(worker_id)
        row = self._rows
        self._rows += 1
        for column in self._c.values():
            column.reserve(self._rows)
        c = {name: column.data for name, column in self._c.items()}
        c["id"][row] = worker_id
        c["alive"][row] = True
        c["birth"][row] = profile.birth_date.toordinal()
        c["jp"][row] = japanese_rank(profile)
        c["jp_exempt"][row] = japanese_exempt_rank(profile)
        c["care"][row] = has_care_japanese(profile)
        c["ssw1"][row] = self._category_mask(tested_categories(profile, 1))
        c["ssw2"][row] = self._category_mask(tested_categories(profile, 2))
        c["exempt"][row] = self._category_mask(exempt_categories(profile))
        c["related"][row] = self._mask(related_fields(profile))
        c["ssw1_used"][row] = profile.ssw1_months_used
        for licence in profile.licences:
            kinds = licence_kinds()
            start = licence.issued_on.toordinal() if licence.issued_on else 0
            if licence.expires_on is not None:
                end = licence.expires_on.toordinal()
            else:
                end = 0 if kinds[licence.kind].expires else int(NEVER)
            c[f"licence_from:{licence.kind}"][row] = start
            c[f"licence_to:{licence.kind}"][row] = end
        if profile.available_from is not None:
            c["available"][row] = profile.available_from.toordinal()
        if profile.province is not None:
            key = _fold(profile.province)
            c["province"][row] = self._province_code.setdefault(key, len(self._province_code))
        for field in {entry.field for entry in profile.experience if entry.field is not None}:
            c[f"experience:{field}"][row] = experience_years(profile, field)
            c[f"supervisory:{field}"][row] = supervisory_years(profile, field)
        self._row_of[worker_id] = row
        c["cert_start"][row] = self._certs
        for certificate in profile.certificates:
            self._add_certificate(row, certificate)
        c["cert_end"][row] = self._certs
        self._forget_derived()

    def _add_certificate(self, row: int, certificate: Certificate) -> None:
        cid = self._certs
        self._certs += 1
        for column in self._k.values():
            column.reserve(self._certs)
        k = {name: column.data for name, column in self._k.items()}
        k["row"][cid] = row
        k["issued"][cid] = certificate.issued_on.toordinal()
        if certificate.expires_on is not None:
            k["expires"][cid] = certificate.expires_on.toordinal()
        k["usable"][cid] = certificate.status == "valid" and certificate.expires_on is not None
        k["kkni"][cid] = certificate.kkni_level or 0
        scheme = certificate_scheme(certificate)
        if scheme is not None:
            k["scheme"][cid] = self._scheme_id[scheme.code]
            k["scheme_fields"][cid] = self._mask(scheme.fields)
        code = RecognitionTable.code_of(certificate)
        if code:
            k["code"][cid] = self._code_id.setdefault(code, len(self._code_id))
        k["alive"][cid] = True
        for slot, text in enumerate(_cert_name_slots(certificate)):
            if text:
                for token in name_tokens(text):
                    self._postings.setdefault((slot, token), []).append(cid)

    def remove(self, worker_id: int) -> None:
        """Drop a worker (no-op when absent); its rows stay allocated but dead."""
        row = self._row_of.pop(worker_id, None)
        if row is None:
            return
        self._c["alive"].data[row] = False
        first, end = self._c["cert_start"].data[row], self._c["cert_end"].data[row]
        self._k["alive"].data[first:end] = False
        self._forget_derived()

    def _forget_derived(self) -> None:
        """Drop what was derived from the rows: any change may alter it."""
        self._name_cache.clear()
        self._dated.clear()

    def _mask(self, fields: Iterable[str]) -> int:
        mask = 0
        for field in fields:
            mask |= self._field_bit[field]
        return mask

    def _category_mask(self, categories: Iterable[str]) -> int:
        mask = 0
        for category in categories:
            mask |= self._category_bit[category]
        return mask

    # --- column views ----------------------------------------------------------------------

    def _col(self, name: str) -> np.ndarray[Any, Any]:
        return self._c[name].data[: self._rows]

    def _cert(self, name: str) -> np.ndarray[Any, Any]:
        return self._k[name].data[: self._certs]

    def _has_bit(self, name: str, field: str) -> BoolArray:
        result: BoolArray = (self._col(name) & self._field_bit[field]) != 0
        return result

    def _has_category(self, name: str, category: str) -> BoolArray:
        result: BoolArray = (self._col(name) & self._category_bit[category]) != 0
        return result

    def _remembered(self, key: tuple[object, ...], compute: Callable[[], BoolArray]) -> BoolArray:
        """``compute()``, kept (read-only) until the table changes.

        The certificate masks depend only on the table, a name and a day, and the vacancies of
        an event share a few start dates and certificate names: recomputing them was most of an
        ``eligible_ids`` call (docs/benchmarks.md, "Measurements behind the code"). At most
        ``DATED_CACHE_BYTES`` are kept, least recently used first out.
        """
        found = self._dated.get(key)
        if found is not None:
            self._dated.move_to_end(key)
            return found
        value = compute()
        value.flags.writeable = False
        self._dated[key] = value
        while len(self._dated) > max(1, DATED_CACHE_BYTES // max(self._rows, self._certs, 1)):
            self._dated.popitem(last=False)
        return value

    def _valid_certificates(self, on: date) -> BoolArray:
        """Per certificate: alive, usable and within its validity on ``on``."""
        day = on.toordinal()

        def compute() -> BoolArray:
            valid: BoolArray = (
                self._cert("alive")
                & self._cert("usable")
                & (self._cert("issued") <= day)
                & (day < self._cert("expires"))
            )
            return valid

        return self._remembered(("valid", day), compute)

    def _rows_of_certificates(self, selected: BoolArray) -> BoolArray:
        """Rows owning at least one selected certificate (a prefix sum over contiguous spans)."""
        counts = np.concatenate(([0], np.cumsum(selected, dtype=np.int64)))
        owned: BoolArray = counts[self._col("cert_end")] > counts[self._col("cert_start")]
        return owned

    def _certificates_named(self, name: str) -> BoolArray:
        """Per certificate (dead ones included): do its name fields match ``name``?"""
        wanted = name_tokens(name)
        cached = self._name_cache.get(wanted)
        if cached is not None:
            return cached
        selected = np.zeros(self._certs, dtype=np.bool_)
        if wanted:
            resolved = [self._scheme_id[s.code] for s in resolve_scheme_name(name)]
            if resolved:
                selected |= np.isin(self._cert("scheme"), resolved)
            for slot in range(_NAME_SLOTS):
                lists = [self._postings.get((slot, token)) for token in wanted]
                if any(not ids for ids in lists):
                    continue
                arrays = sorted((np.asarray(ids, dtype=np.int64) for ids in lists if ids), key=len)
                common = arrays[0]
                for other in arrays[1:]:
                    common = np.intersect1d(common, other, assume_unique=True)
                selected[common] = True
        self._name_cache[wanted] = selected
        return selected

    def _holding(self, name: str, on: date) -> BoolArray:
        """Rows holding a certificate matching ``name`` that is valid on ``on``."""
        return self._remembered(
            ("holding", name_tokens(name), on.toordinal()),
            lambda: self._rows_of_certificates(
                self._certificates_named(name) & self._valid_certificates(on)
            ),
        )

    def _holding_kkni(self, level: int, on: date, field: str) -> BoolArray:
        """Rows holding a certificate of KKNI level ``level`` or higher valid on ``on`` of a
        scheme relevant to ``field``."""
        bit = self._field_bit[field]
        return self._remembered(
            ("kkni", level, on.toordinal(), field),
            lambda: self._rows_of_certificates(
                self._valid_certificates(on)
                & (self._cert("kkni") >= level)
                & ((self._cert("scheme_fields") & bit) != 0)
            ),
        )

    def _holding_recognised(
        self, category: str, on: date, recognitions: RecognitionTable
    ) -> BoolArray:
        """Rows holding a valid certificate the table recognises for ``category`` on ``on``."""
        codes = [
            self._code_id[c] for c in recognitions.in_force(category, on) if c in self._code_id
        ]
        if not codes:
            return np.zeros(self._rows, dtype=np.bool_)
        return self._rows_of_certificates(
            self._valid_certificates(on) & np.isin(self._cert("code"), codes)
        )

    def _licence_valid(self, kind: str, on: date) -> BoolArray:
        day = on.toordinal()
        valid: BoolArray = (self._col(f"licence_from:{kind}") <= day) & (
            day < self._col(f"licence_to:{kind}")
        )
        return valid

    # --- queries ---------------------------------------------------------------------------

    def requirement_masks(
        self, vacancy: Vacancy, on: date, recognitions: RecognitionTable = NO_RECOGNITIONS
    ) -> dict[Requirement, BoolArray]:
        """Per requirement the vacancy sets, per row: is it met on ``on``?

        The keys are the requirements ``check_eligibility`` reports for this vacancy; a row meets
        ``"certificate"`` when it meets every required certificate name and ``"licence"`` when
        it holds every required licence. Dead rows are included (``eligible_mask`` removes
        them). Useful on its own to count who fails what.
        """
        req = vacancy.requirements
        field = vacancy.ssw_field
        category = vacancy_category(vacancy)
        ssw1 = vacancy.visa == "ssw1"
        rows = self._rows
        masks: dict[Requirement, BoolArray] = {
            "field_open": np.full(rows, category_open(vacancy, on), dtype=np.bool_)
        }
        if req.ssw_test:
            if category is None:
                passed = np.zeros(rows, dtype=np.bool_)
            else:
                level_column = "ssw2" if required_ssw_level(vacancy) == 2 else "ssw1"
                passed = self._has_category(level_column, category.code)
                if ssw1:
                    passed |= self._has_category("exempt", category.code)
                    passed |= self._holding_recognised(category.code, on, recognitions)
            masks["ssw_test"] = passed
        japanese = required_japanese(vacancy)
        if japanese is not None:
            required = level_rank(japanese)
            speaks: BoolArray = self._col("jp") >= required
            if ssw1:
                speaks |= self._col("jp_exempt") >= required
            masks["japanese"] = speaks
        if care_japanese_applies(vacancy):
            care: BoolArray = self._col("care").copy()
            if ssw1:
                care |= self._has_category("exempt", CARE)
            masks["care_japanese"] = care
        licences = required_licences(vacancy)
        if licences:
            holds = np.ones(rows, dtype=np.bool_)
            for kind in licences:
                holds &= self._licence_valid(kind, on)
            masks["licence"] = holds
        experience = ssw2_experience_needed(vacancy)
        if experience is not None:
            kind = "supervisory" if experience.supervisory else "experience"
            years = self._col(f"{kind}:{field}")
            masks["ssw2_experience"] = (years >= experience.years) & (years > 0)
        if ssw1:
            masks["ssw1_time"] = self._col("ssw1_used") < SSW1_MAX_MONTHS
        names = unique_names(req.certificates)
        if names:
            holding = np.ones(rows, dtype=np.bool_)
            for name in names:
                holding &= self._holding(name, on)
            masks["certificate"] = holding
        if req.min_kkni_level is not None:
            masks["min_kkni_level"] = self._holding_kkni(req.min_kkni_level, on, field)
        if req.min_experience_years is not None:
            years = self._col(f"experience:{field}")
            masks["min_experience_years"] = years >= req.min_experience_years
        birth = self._col("birth")
        oldest_allowed_birth = latest_birth_date_for_age(on, effective_min_age(vacancy))
        masks["min_age"] = birth <= oldest_allowed_birth.toordinal()
        if req.max_age is not None:
            too_old = latest_birth_date_for_age(on, req.max_age + 1)
            masks["max_age"] = birth > too_old.toordinal()
        masks["availability"] = self._col("available") <= on.toordinal()
        return masks

    def eligible_mask(
        self, vacancy: Vacancy, on: date, recognitions: RecognitionTable = NO_RECOGNITIONS
    ) -> BoolArray:
        """Per row: alive and meeting every hard requirement of ``vacancy`` on ``on``."""
        ok: BoolArray = self._col("alive").copy()
        for mask in self.requirement_masks(vacancy, on, recognitions).values():
            ok &= mask
        return ok

    def eligible_ids(
        self, vacancy: Vacancy, on: date, recognitions: RecognitionTable = NO_RECOGNITIONS
    ) -> IdArray:
        """Ids (ascending) of the workers meeting every hard requirement of ``vacancy`` on ``on``.

        Agrees exactly with ``check_eligibility(worker, vacancy, on, recognitions).eligible``.
        """
        return np.sort(self._col("id")[self.eligible_mask(vacancy, on, recognitions)])

    def matches_filters(
        self,
        on: date,
        *,
        field: str | None = None,
        min_japanese: str | None = None,
        certificate: str | None = None,
        province: str | None = None,
        available_by: date | None = None,
    ) -> IdArray:
        """Ids (ascending) of workers passing every given user filter; ``None`` means no filter.

        ``field``: related to the field (``related_fields``); ``min_japanese``: a passed JLPT /
        JFT-Basic level at least this one (no exemptions: a filter asks what was shown);
        ``certificate``: holds a certificate matching the name and valid on ``on``;
        ``province``: case-insensitive equality; ``available_by``: available on or before that
        date (unknown availability never passes).
        """
        ok: BoolArray = self._col("alive").copy()
        if field is not None:
            ok &= self._has_bit("related", field) if field in self._field_bit else np.zeros_like(ok)
        if min_japanese is not None:
            ok &= self._col("jp") >= max(level_rank(min_japanese), 1)
        if certificate is not None:
            ok &= self._holding(certificate, on)
        if province is not None:
            code = self._province_code.get(_fold(province), -2)
            ok &= self._col("province") == code
        if available_by is not None:
            ok &= self._col("available") <= available_by.toordinal()
        return np.sort(self._col("id")[ok])
