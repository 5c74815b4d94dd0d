"""Demo workers: ``WorkerFactory.line()`` returns one ``WorkerProfile`` as a JSON line.

This is the hot path of the generator (a million rows for the benchmarks), so it builds the JSON
text directly instead of a dict for ``json.dumps``: constant parts (a certificate scheme with its
units, an SSW test's field) are serialised once up front, dates come from a precomputed table of
ISO strings, and every composed free-text string goes through ``json``'s C string encoder. The
tests validate every line against ``WorkerProfile``, so a slip here cannot go unnoticed.

Realism (see ``generator`` for the overall picture): ages 18-40, one main occupation and
sometimes a second one, Japanese tests from none to N2 (care-Japanese for many care workers),
0-3 certificates of the occupation's BNSP schemes with 3-year validity (5 in construction),
some expired (most marked ``expired``, some still marked ``valid``), a few revoked or suspended,
about 38% checked by the agency or against the registry (``verified``), the SSW test of the
occupation's job category for most of those with N4, a few Technical Intern Training (ii)
returnees, experience with field and occupation codes, and an Indonesian summary (sometimes with
English mixed in).

Job categories (DOMAIN.md, "Job categories"), drawn from a second stream (``terms``) so that
every attribute of generator version 1 keeps its value for a given seed:

* SSW tests carry the category: mostly the occupation's, ``OTHER_CATEGORY_SHARE`` of them
  another category of the same field (open on the test date), so that a crop farmer with a
  livestock pass is not eligible for crop farming; ``LEGACY_TEST_SHARE`` carry none, like
  records from before categories (unknown in a multi-category field). Some experienced workers
  also passed the SSW(ii) test (``level`` 2) where their category offers SSW(ii).
* Intern training names its category, a job type (職種・作業) the data relates to it, or both;
  ``completion`` is mostly ``good_standing``, some ``incomplete``, some absent (unknown).
  Returnees of a category without related job types trained in an unrelated one (exempt from
  the Japanese test only).
* ``CERTIFICATE_WITHOUT_EXPIRY`` (3%) of certificates carry no expiry date: a record an agency
  typed in without it; they never satisfy a requirement (validity unknown).
* Job changers already in Japan on SSW(i) (``ssw1_months_used`` > 0, a few at the 60-month
  limit), Japanese driving licences (drivers, job changers, returnees; some expired) and
  forklift certificates, and ``supervisory`` on experience (true, false or absent).
"""

from __future__ import annotations

import json
import random
from datetime import date
from json.encoder import encode_basestring
from typing import Final

from matcher.demo.sampling import Sampler, WeightedChoice
from matcher.demo.vocabulary import (
    CertificationScheme,
    DemoVocabulary,
    NameGroup,
    OccupationWords,
)
from models import ssw_fields
from models.categories import SSWCategory, categories_of, categories_of_job_type, ssw_categories

# Share of workers per SSW field: Indonesian SSW workers are mostly in care, food and
# manufacturing. Within a field, occupations are equally likely unless weighted below.
WORKER_FIELD_WEIGHTS: Final[dict[str, int]] = {
    "nursing_care": 20,
    "building_cleaning": 4,
    "industrial_products_manufacturing": 12,
    "construction": 8,
    "shipbuilding": 2,
    "automobile_maintenance": 3,
    "aviation": 2,
    "accommodation": 4,
    "agriculture": 8,
    "fishery": 5,
    "food_beverage_manufacturing": 15,
    "food_service": 7,
    "automobile_transportation": 3,
    "railway": 1,
    "forestry": 1,
    "wood_industry": 1,
    "linen_supply": 1,
    "logistics_warehousing": 2,
    "resource_circulation": 1,
}
OCCUPATION_WEIGHTS: Final[dict[str, int]] = {
    "seafood_processing": 4,
    "elderly_care": 3,
    "welding": 2,
}

AGENCY_WEIGHTS: Final = (30, 20, 15, 10, 10, 8, 5, 2)
"""Sending organisations (P3MI) registering workers, ``AG1`` .. ``AG8``: a few large ones."""

_JLPT_DATES: Final = (
    "2021-12-05",
    "2022-07-03",
    "2022-12-04",
    "2023-07-02",
    "2023-12-03",
    "2024-07-07",
    "2024-12-01",
    "2025-07-06",
    "2025-12-07",
    "2026-07-05",
)
_FIVE_YEAR_FIELDS: Final = frozenset({"construction"})
_FEMALE_SHARE: Final = {"nursing_care": 0.75, "construction": 0.05, "shipbuilding": 0.05}
_MOTIVATIONS: Final = (
    "Ingin bekerja di Jepang dengan visa tokutei ginou (SSW).",
    "Siap ditempatkan di mana saja di Jepang.",
    "Disiplin, jujur, dan siap bekerja shift.",
    "Siap kerja lembur dan shift malam.",
    "Bercita-cita menabung untuk membuka usaha sendiri setelah pulang dari Jepang.",
    "Sehat jasmani, tidak buta warna, dan terbiasa kerja tim.",
)
_ENGLISH_MIX: Final = (
    "Hardworking and willing to learn.",
    "Ready for SSW placement in Japan.",
    "Good teamwork, basic English.",
    "Looking for a long-term job in Japan.",
)
OTHER_CATEGORY_SHARE: Final = 0.15
"""Share of SSW tests passed in another category of the worker's field (where it has one)."""
LEGACY_TEST_SHARE: Final = 0.02
"""Share of SSW tests recorded without a category, as before categories existed."""
CERTIFICATE_WITHOUT_EXPIRY: Final = 0.03
"""Share of certificates recorded without an expiry date (validity unknown: they never count)."""
JOB_CHANGER_SHARE: Final = 0.12
"""Share of the workers who could be on SSW(i) already (test or exemption, N4) who are."""
_COMPLETION: Final = ((0.75, "good_standing"), (0.87, "incomplete"), (1.0, None))
"""Cumulative shares of intern-training completion: good standing, incomplete, not recorded."""
_DRIVING_LICENCE: Final = {
    "truck_driver": "jp_driving_first_class",
    "taxi_driver": "jp_driving_second_class",
    "bus_driver": "jp_driving_second_class",
}
_FORKLIFT_FIELDS: Final = frozenset(
    {"logistics_warehousing", "industrial_products_manufacturing", "food_beverage_manufacturing"}
)
_DAYS_BACK: Final = 16_000
_DAYS_AHEAD: Final = 2_000

q = encode_basestring
"""A Python string as a quoted JSON string (C implementation)."""


def format_years(years: float) -> str:
    """Years in Indonesian notation: ``2``, ``1,5``."""
    return str(int(years)) if years == int(years) else f"{years:.1f}".replace(".", ",")


def _scheme_fragment(scheme: CertificationScheme, units: int) -> str:
    unit_labels = [u.label() for u in scheme.units[:units]]
    return (
        f',"scheme":{q(scheme.scheme)},"scheme_code":{q(scheme.code)},'
        f'"qualification_id":{q(scheme.qualification_id)},'
        f'"qualification_en":{q(scheme.qualification_en)},"issuer":{q(scheme.issuer)},'
        f'"kkni_level":{scheme.kkni_level},'
        f'"units":{json.dumps(unit_labels, ensure_ascii=False, separators=(",", ":"))}'
    )


class WorkerFactory:
    """Makes worker JSON lines from a private random stream; ``line()`` is the hot path."""

    def __init__(
        self, vocab: DemoVocabulary, rng: random.Random, reference: date, terms: random.Random
    ) -> None:
        """``rng`` draws everything generator version 1 drew; ``terms`` the job-category terms
        added in version 2 (see the module docstring), so that the former keep their values."""
        self.vocab = vocab
        self.s = Sampler(rng)
        self.x = Sampler(terms)
        self.rng = rng
        self.ref_iso = reference.isoformat()
        ref_ord = reference.toordinal()
        self._days = [
            date.fromordinal(ref_ord + k).isoformat() for k in range(-_DAYS_BACK, _DAYS_AHEAD)
        ]
        occ_list = list(vocab.occupations.values())
        per_field: dict[str, int] = {}
        for occ in occ_list:
            per_field[occ.field] = per_field.get(occ.field, 0) + OCCUPATION_WEIGHTS.get(occ.code, 1)
        self.occupation = WeightedChoice(
            occ_list,
            [
                WORKER_FIELD_WEIGHTS.get(o.field, 1)
                * OCCUPATION_WEIGHTS.get(o.code, 1)
                / per_field[o.field]
                for o in occ_list
            ],
        )
        self.occ_list = occ_list
        self.by_field: dict[str, list[OccupationWords]] = {}
        for occ in occ_list:
            self.by_field.setdefault(occ.field, []).append(occ)
        self.group = WeightedChoice(vocab.name_groups, [g.weight for g in vocab.name_groups])
        self.prefecture = WeightedChoice(
            [p.name for p in vocab.prefectures], [p.weight for p in vocab.prefectures]
        )
        self.agency = WeightedChoice(range(1, len(AGENCY_WEIGHTS) + 1), AGENCY_WEIGHTS)
        self.agency_counts = [0] * (len(AGENCY_WEIGHTS) + 1)
        issuers = sorted({s.issuer for o in occ_list for s in o.schemes})
        self.lsp_code = {name: 2501 + 7 * i for i, name in enumerate(issuers)}
        self.fragments = {
            id(s): (_scheme_fragment(s, len(s.units)), _scheme_fragment(s, len(s.units) - 1))
            for o in occ_list
            for s in o.schemes
        }
        fields = ssw_fields()
        self.new_fields = frozenset(c for c, f in fields.items() if f.valid_from > reference)
        self.intern_fields = frozenset(
            c for c, f in fields.items() if f.valid_from.year <= reference.year - 2
        )
        self.serial = 0
        self.reference = reference
        self.categories = ssw_categories()
        with_occupations = {o.category for o in occ_list}
        self.other_categories: dict[str, list[tuple[str, str]]] = {}
        for category in self.categories.values():
            others: list[tuple[str, str]] = []
            for other in categories_of(category.field):
                if other.code != category.code:
                    # Categories with demo occupations (and vacancies) are three times as likely.
                    weight = 3 if other.code in with_occupations else 1
                    others.extend([(other.code, other.valid_from.isoformat())] * weight)
            self.other_categories[category.code] = others
        self.job_types = {
            code: [
                job_type
                for job_type in category.intern_job_types
                if code in categories_of_job_type(category.field, job_type)
            ]
            for code, category in self.categories.items()
        }
        self.trainable = [c for c in self.categories.values() if self.job_types[c.code]]
        self.trainable_in_field: dict[str, list[SSWCategory]] = {}
        for category in self.trainable:
            self.trainable_in_field.setdefault(category.field, []).append(category)
        self.ssw2_categories = frozenset(
            code for code, c in self.categories.items() if c.offers_ssw2_on(reference)
        )

    def day(self, offset: int) -> str:
        """ISO date ``offset`` days from the reference date."""
        return self._days[offset + _DAYS_BACK]

    def day_between(self, lo: int, hi: int) -> str:
        """ISO date drawn uniformly ``lo``..``hi`` days from the reference date."""
        return self._days[self.s.randint(lo, hi) + _DAYS_BACK]

    # -- parts ---------------------------------------------------------------------------
    def _name(self, female: bool) -> tuple[str, str]:
        s = self.s
        rnd = s.rnd
        group: NameGroup = self.group.pick(self.rng)
        names = group.female if female else group.male
        given = s.choice(names)
        if group.name != "bali" and rnd() < 0.25:
            second = s.choice(names)
            if second != given and " " not in second:
                given = f"{given} {second}"
        family = s.choice(group.family) if group.name == "bali" or rnd() < 0.85 else ""
        full = given if not family or family == given else f"{given} {family}"
        province = s.choice(group.provinces) if rnd() < 0.85 else s.choice(self.vocab.provinces)
        return full, province

    def _japanese(self, main_field: str) -> tuple[list[tuple[str, str, str]], int]:
        """Passed tests as (test, level, date) and the best general rank (0 none .. 4 N2)."""
        s = self.s
        rnd = s.rnd
        r = s.rnd()
        tests: list[tuple[str, str, str]] = []
        if r < 0.10:
            rank = 0
        elif r < 0.25:
            tests.append(("JLPT", "N5", s.choice(_JLPT_DATES)))
            rank = 1
        elif r < 0.62:
            i = s.randint(1, len(_JLPT_DATES) - 1)
            if rnd() < 0.3:
                tests.append(("JLPT", "N5", _JLPT_DATES[s.randint(0, i - 1)]))
            tests.append(("JLPT", "N4", _JLPT_DATES[i]))
            rank = 2
        elif r < 0.77:
            tests.append(("JFT-Basic", "A2", self.day_between(-900, -20)))
            rank = 2
        elif r < 0.84:
            tests.append(("JLPT", "N4", s.choice(_JLPT_DATES[:6])))
            tests.append(("JFT-Basic", "A2", self.day_between(-700, -20)))
            rank = 2
        elif r < 0.97:
            i = s.randint(2, len(_JLPT_DATES) - 1)
            if rnd() < 0.4:
                tests.append(("JLPT", "N4", _JLPT_DATES[s.randint(0, i - 1)]))
            tests.append(("JLPT", "N3", _JLPT_DATES[i]))
            rank = 3
        else:
            tests.append(("JLPT", "N2", s.choice(_JLPT_DATES)))
            rank = 4
        if main_field == "nursing_care" and rank >= 2 and rnd() < 0.75:
            tests.append(("care-japanese", "pass", self.day_between(-700, -15)))
        return tests, rank

    def _certificate(self, scheme: CertificationScheme, field_code: str, agency: int) -> str:
        s = self.s
        rnd = s.rnd
        x = self.x
        self.serial += 1
        serial = self.serial
        # Most certificates are recent (taken to prepare for SSW); older ones may have expired.
        issued_at = s.randint(-2 * 365, -20) if rnd() < 0.75 else s.randint(-6 * 365, -730)
        issued = self.day(issued_at)
        year = issued[:4]
        expires = "null"
        status = "valid"
        if rnd() < 1 - CERTIFICATE_WITHOUT_EXPIRY:
            years = 5 if field_code in _FIVE_YEAR_FIELDS else 3
            rest = issued[4:] if issued[4:] != "-02-29" else "-02-28"
            expiry = f"{int(year) + years}{rest}"
            expires = f'"{expiry}"'
            if expiry <= self.ref_iso:
                status = "expired" if rnd() < 0.7 else "valid"
        if rnd() < 0.03:
            status = "revoked"
        elif status == "valid" and x.rnd() < 0.01:
            status = "suspended"
        full, shorter = self.fragments[id(scheme)]
        lsp = self.lsp_code[scheme.issuer]
        r = x.rnd()
        verified = ""
        if r < 0.38:
            checked_on = self.day(x.randint(issued_at + 1, -1))
            if r < 0.26:
                verified = (
                    f',"verified":"agency_checked","verified_on":"{checked_on}",'
                    f'"verified_by":"AG{agency}"'
                )
            else:
                by = "BNSP" if x.chance(0.7) else scheme.issuer
                verified = (
                    f',"verified":"registry_checked","verified_on":"{checked_on}",'
                    f'"verified_by":{q(by)}'
                )
        return (
            f'{{"number":"{scheme.kbli} {lsp:04d} {scheme.kkni_level} {serial:07d} {year}",'
            f'"registration_number":"REG.{scheme.code}.{serial:07d}.{year}"'
            f"{full if rnd() < 0.8 else shorter}"
            f',"issued_on":"{issued}","expires_on":{expires},"status":"{status}"{verified}}}'
        )

    @staticmethod
    def _experience(
        title: str,
        field: str | None,
        occupation: str | None,
        years: float,
        description: str,
        supervisory: bool | None = None,
    ) -> str:
        f = f'"{field}"' if field else "null"
        o = f'"{occupation}"' if occupation else "null"
        lead = "" if supervisory is None else f',"supervisory":{"true" if supervisory else "false"}'
        return (
            f'{{"title":{q(title)},"field":{f},"occupation":{o},"years":{years}{lead},'
            f'"description":{q(description)}}}'
        )

    def _supervisory(self, years: float) -> bool | None:
        """Team leader or not, as an agency records it: often not recorded at all."""
        r = self.x.rnd()  # the terms stream (see the module docstring)
        if years >= 3:
            return True if r < 0.3 else False if r < 0.7 else None
        return False if r < 0.5 else None

    def _test_category(self, own: str, passed: str) -> str | None:
        """The category a test of the worker's own category's field was passed in (None: not
        recorded): mostly ``own``, sometimes another category open on ``passed``."""
        x = self.x
        r = x.rnd()
        if r < LEGACY_TEST_SHARE:
            return None
        others = self.other_categories[own]
        if others and r < LEGACY_TEST_SHARE + OTHER_CATEGORY_SHARE:
            pool = [code for code, since in others if since <= passed]
            if pool:
                return x.choice(pool)
        return own

    def _ssw_test(self, field: str, category: str | None, passed: str, level: int) -> str:
        named = "" if category is None else f',"category":"{category}"'
        return f'{{"field":"{field}"{named},"passed_on":"{passed}","level":{level}}}'

    def _intern(self, occ: OccupationWords, completed: str) -> tuple[str, SSWCategory, str | None]:
        """An intern-training record (JSON), its category and its completion."""
        x = self.x
        own = self.categories[occ.category]
        category = own
        if not self.job_types[own.code]:
            category = x.choice(self.trainable)
        else:
            related = [c for c in self.trainable_in_field[own.field] if c is not own]
            if related and x.chance(0.15):
                category = x.choice(related)
        r = x.rnd()
        completion = next(value for share, value in _COMPLETION if r < share)
        job_types = self.job_types[category.code]
        form = x.rnd()
        parts = [f'"field":"{category.field}"']
        if form >= 0.5 or not job_types:
            parts.append(f'"category":"{category.code}"')
        if job_types and form < 0.8:
            parts.append(f'"job_type":{q(x.choice(job_types))}')
        parts.append(f'"completed_on":"{completed}"')
        if completion is not None:
            parts.append(f'"completion":"{completion}"')
        return "{" + ",".join(parts) + "}", category, completion

    def _licence(self, kind: str, expires: bool) -> str:
        x = self.x
        issued_at = x.randint(-5 * 365, -60)
        number = f',"number":"{x.randint(10**11, 10**12 - 1)}"' if kind.startswith("jp_") else ""
        expiry = ""
        if expires:
            # Japanese licences are renewed every three to five years; some were not renewed.
            expiry = f',"expires_on":"{self.day(issued_at + x.choice((3, 3, 5)) * 365)}"'
        return f'{{"kind":"{kind}"{number},"issued_on":"{self.day(issued_at)}"{expiry}}}'

    def _summary(
        self,
        occ: OccupationWords,
        years: float,
        fresh: bool,
        japanese: list[tuple[str, str, str]],
        jp_rank: int,
    ) -> str:
        s = self.s
        rnd = s.rnd
        vocab = self.vocab
        d1, d2 = s.pair(occ.id_duties)
        parts: list[str] = []
        if fresh:
            education = s.choice(vocab.education).format(major=vocab.majors.get(occ.field, "umum"))
            parts.append(
                f"Saya {education} dan baru menyelesaikan pelatihan {occ.id_titles[0].lower()} "
                f"di {s.choice(vocab.lpk)}."
            )
        else:
            style = int(s.rnd() * 3)
            y = format_years(years)
            place = s.choice(occ.id_places)
            if style == 0:
                parts.append(f"Berpengalaman {y} tahun {d1} di {place}, juga {d2}.")
            elif style == 1:
                education = s.choice(vocab.education).format(
                    major=vocab.majors.get(occ.field, "umum")
                )
                parts.append(
                    f"Saya {education}, pernah bekerja {y} tahun sebagai "
                    f"{s.choice(occ.id_titles).lower()} di {place}. Terbiasa {d1} dan {d2}."
                )
            else:
                parts.append(f"{y} tahun pengalaman sebagai {s.choice(occ.id_titles)}: {d1}, {d2}.")
        general = [t for t in japanese if t[0] != "care-japanese"]
        if general and rnd() < 0.7:
            test, level, _ = general[-1]
            parts.append(f"Sudah lulus {test} {level}.")
        elif jp_rank < 2:
            parts.append(
                f"Sedang belajar bahasa Jepang di {s.choice(vocab.lpk)}, target N4 tahun ini."
            )
        parts.append(s.choice(_MOTIVATIONS))
        if rnd() < 0.2:
            parts.append(s.choice(_ENGLISH_MIX))
        return " ".join(parts)

    def _in_japan(
        self,
        occ: OccupationWords,
        experience: list[str],
        ssw_tests: list[str],
        years: float,
        lead: bool | None,
        own_test_at: int | None,
        exempt: bool,
        jp_rank: int,
        returnee: bool,
    ) -> tuple[list[str], int]:
        """What time in Japan leaves: SSW(i) months used by job changers (with their SSW work
        as experience), SSW(ii) tests, licences. Appends to ``experience`` and ``ssw_tests``;
        returns the licences (JSON) and ``ssw1_months_used``."""
        x = self.x
        months = 0
        if (own_test_at is not None or exempt) and jp_rank >= 2 and x.chance(JOB_CHANGER_SHARE):
            months = 60 if x.chance(0.1) else x.randint(6, 59)
            worked = round(months / 6) / 2
            experience.append(
                self._experience(
                    f"Tokutei ginou (SSW) di Jepang - {occ.id_titles[0]}",
                    occ.field,
                    occ.code,
                    worked,
                    f"Bekerja dengan visa tokutei ginou 1 di {self.prefecture.pick(x.rng)}.",
                    self._supervisory(worked),
                )
            )
            years += worked
        if (
            own_test_at is not None
            and occ.category in self.ssw2_categories
            and years >= 3
            and x.rnd() < (0.25 if lead else 0.05)
        ):
            passed = self.day(x.randint(own_test_at, -10))
            ssw_tests.append(self._ssw_test(occ.field, occ.category, passed, 2))
        in_japan = months > 0 or returnee
        licences: list[str] = []
        driving = _DRIVING_LICENCE.get(occ.code)
        if driving is not None and x.chance(0.7 if months else 0.3 if returnee else 0.05):
            licences.append(self._licence(driving, True))
        elif in_japan and x.chance(0.15):
            licences.append(self._licence("jp_driving_first_class", True))
        if occ.field in _FORKLIFT_FIELDS and x.chance(0.3 if in_japan else 0.02):
            licences.append(self._licence("forklift", False))
        return licences, months

    # -- the worker ----------------------------------------------------------------------
    def line(self) -> str:
        """The next worker as one JSON line (newline included)."""
        s = self.s
        rnd = s.rnd
        rng = self.rng
        vocab = self.vocab
        occ: OccupationWords = self.occupation.pick(rng)
        main_field = occ.field
        second: OccupationWords | None = None
        if rnd() < 0.2:
            pool = self.by_field[main_field] if rnd() < 0.5 else self.occ_list
            candidate = s.choice(pool)
            second = candidate if candidate is not occ else None

        agency = self.agency.pick(rng)
        self.agency_counts[agency] += 1
        external_id = f"AG{agency}-{self.agency_counts[agency]:06d}"

        full_name, province = self._name(rnd() < _FEMALE_SHARE.get(main_field, 0.4))
        age_days = int(rng.triangular(18.1, 40.9, 24.0) * 365.25)
        birth = self.day(-age_days)

        japanese, jp_rank = self._japanese(main_field)

        # SSW skill tests: most workers with N4 have passed the test of their job category. Tests
        # of the 2027 fields are assumed piloted in 2026 (an assumption of the demo, not a fact).
        ssw_tests: list[str] = []
        own_test_at: int | None = None
        p_test = 0.78 if jp_rank >= 2 else 0.3
        if main_field in self.new_fields:
            p_test *= 0.6
        if rnd() < p_test:
            lo = -200 if main_field in self.new_fields else -900
            passed_at = s.randint(lo, -10)
            passed = self.day(passed_at)
            category = self._test_category(occ.category, passed)
            if category == occ.category:
                own_test_at = passed_at
            ssw_tests.append(self._ssw_test(main_field, category, passed, 1))
        if second is not None and second.field != main_field and rnd() < 0.3:
            lo = -200 if second.field in self.new_fields else -900
            passed = self.day_between(lo, -10)
            named = None if self.x.chance(LEGACY_TEST_SHARE) else second.category
            ssw_tests.append(self._ssw_test(second.field, named, passed, 1))

        # Technical Intern Training (ii) returnees: exempt from the tests of a related category
        # when they completed in good standing (see ``_intern``).
        intern: list[str] = []
        experience: list[str] = []
        exempt = False
        if main_field in self.intern_fields and age_days > 24 * 365 and rnd() < 0.06:
            record, trained, completion = self._intern(occ, self.day_between(-6 * 365, -60))
            intern.append(record)
            exempt = completion == "good_standing" and trained.code == occ.category
            related = trained.field == main_field
            title = occ.id_titles[0] if related else trained.label("id")
            where = self.prefecture.pick(rng)
            duties = s.choice(occ.id_duties)  # drawn either way: keeps the version-1 stream
            if not related:
                duties = trained.label("id").lower()
            experience.append(
                self._experience(
                    f"Pemagang teknis (ginou jisshuu) - {title}",
                    trained.field,
                    occ.code if trained.code == occ.category else None,
                    3.0 if completion != "incomplete" else self.x.randint(2, 5) / 2,
                    f"Program magang teknis di {where}, Jepang: {duties}.",
                    False,
                )
            )
            if jp_rank < 2:
                japanese.append(("JLPT", "N4", "2023-12-03"))
                jp_rank = 2

        # Certificates: 0-3 of the occupation's schemes (a renewal repeats a scheme).
        r = s.rnd()
        n_certs = 0 if r < 0.13 else 1 if r < 0.65 else 2 if r < 0.9 else 3
        certificates: list[str] = []
        if n_certs:
            pool_s = occ.schemes if second is None else occ.schemes + second.schemes
            own = len(occ.schemes)
            for k in range(n_certs):
                i = 0 if k == 0 or rnd() < 0.4 else int(s.rnd() * len(pool_s))
                sfield = main_field if i < own or second is None else second.field
                certificates.append(self._certificate(pool_s[i], sfield, agency))

        # Experience in the main occupation (most), the second one, or an unrelated job.
        years = 0.0
        lead: bool | None = None
        fresh = not intern and rnd() < 0.12
        if not fresh:
            years = s.randint(1, 16) / 2
            d1, d2 = s.pair(occ.id_duties)
            lead = self._supervisory(years)
            experience.append(
                self._experience(
                    s.choice(occ.id_titles),
                    main_field,
                    occ.code,
                    years,
                    f"{d1.capitalize()} dan {d2} di {s.choice(occ.id_places)}.",
                    lead,
                )
            )
        if second is not None and rnd() < 0.6:
            second_title = s.choice(second.id_titles)
            second_years = s.randint(1, 6) / 2
            experience.append(
                self._experience(
                    second_title,
                    second.field,
                    second.code,
                    second_years,
                    f"{s.choice(second.id_duties).capitalize()}.",
                    self._supervisory(second_years),
                )
            )
        if rnd() < 0.25:
            job = s.choice(vocab.previous_jobs)
            experience.append(
                self._experience(job.title, None, None, s.randint(1, 6) / 2, job.description)
            )
        licences, months_used = self._in_japan(
            occ, experience, ssw_tests, years, lead, own_test_at, exempt, jp_rank, bool(intern)
        )
        summary = self._summary(occ, years, fresh, japanese, jp_rank)

        preferred_fields = f'"{main_field}"'
        if second is not None and second.field != main_field:
            preferred_fields += f',"{second.field}"'
        prefs: list[str] = []
        r = s.rnd()
        for _ in range(0 if r < 0.25 else 1 if r < 0.65 else 2 if r < 0.9 else 3):
            p = self.prefecture.pick(rng)
            if p not in prefs:
                prefs.append(p)

        contact = "null"
        if rnd() < 0.95:
            handle = ".".join(full_name.lower().split())
            email = f"{handle}{s.randint(1, 999)}@{s.choice(vocab.email_domains)}"
            phone = f"+62 {s.choice(vocab.phone_prefixes)}-{s.randint(1000, 9999)}-{s.randint(1000, 9999)}"
            contact = f'{{"email":{q(email)},"phone":"{phone}"}}'

        japanese_json = ",".join(
            f'{{"test":"{t}","level":"{lv}","passed_on":"{d}"}}' for t, lv, d in japanese
        )
        prefs_json = ",".join(f'"{p}"' for p in prefs)
        discoverable = "true" if rnd() < 0.9 else "false"
        used = f'"ssw1_months_used":{months_used},' if months_used else ""
        # Most are ready within two months; the rest finish training or contracts later.
        available = self.day_between(-90, 60) if rnd() < 0.65 else self.day_between(61, 300)
        return (
            f'{{"external_id":"{external_id}","full_name":{q(full_name)},'
            f'"birth_date":"{birth}","province":{q(province)},"summary":{q(summary)},'
            f'"contact":{contact},"japanese":[{japanese_json}],'
            f'"certificates":[{",".join(certificates)}],"ssw_tests":[{",".join(ssw_tests)}],'
            f'"intern_training":[{",".join(intern)}],"licences":[{",".join(licences)}],'
            f'"experience":[{",".join(experience)}],{used}'
            f'"preferred_fields":[{preferred_fields}],"preferred_prefectures":[{prefs_json}],'
            f'"available_from":"{available}","discoverable":{discoverable}}}\n'
        )
