"""Demo workers: ``WorkerFactory.line()`` returns one ``WorkerProfile`` as a JSON line.

This is the hot path of the generator (a million rows for the benchmarks), so it builds the JSON
text directly instead of a dict for ``json.dumps``: constant parts (a certificate scheme with its
units, an SSW test's field) are serialised once up front, dates come from a precomputed table of
ISO strings, and every composed free-text string goes through ``json``'s C string encoder. The
tests validate every line against ``WorkerProfile``, so a slip here cannot go unnoticed.

Realism (see ``generator`` for the overall picture): ages 18-40, one main occupation and
sometimes a second one, Japanese tests from none to N2 (care-Japanese for many care workers),
0-3 certificates of the occupation's BNSP schemes with 3-year validity (5 in construction),
some expired (most marked ``expired``, some still marked ``valid``) and a few revoked, the field's
SSW test for most of those with N4, a few Technical Intern Training (ii) returnees, experience
with field and occupation codes, and an Indonesian summary (sometimes with English mixed in).
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

    def __init__(self, vocab: DemoVocabulary, rng: random.Random, reference: date) -> None:
        self.vocab = vocab
        self.s = Sampler(rng)
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

    def _certificate(self, scheme: CertificationScheme, field_code: str) -> str:
        s = self.s
        rnd = s.rnd
        self.serial += 1
        serial = self.serial
        # Most certificates are recent (taken to prepare for SSW); older ones may have expired.
        issued = (
            self.day_between(-2 * 365, -20) if rnd() < 0.75 else self.day_between(-6 * 365, -730)
        )
        year = issued[:4]
        expires = "null"
        status = "valid"
        if rnd() < 0.97:
            years = 5 if field_code in _FIVE_YEAR_FIELDS else 3
            rest = issued[4:] if issued[4:] != "-02-29" else "-02-28"
            expiry = f"{int(year) + years}{rest}"
            expires = f'"{expiry}"'
            if expiry <= self.ref_iso:
                status = "expired" if rnd() < 0.7 else "valid"
        if rnd() < 0.03:
            status = "revoked"
        full, shorter = self.fragments[id(scheme)]
        lsp = self.lsp_code[scheme.issuer]
        return (
            f'{{"number":"{scheme.kbli} {lsp:04d} {scheme.kkni_level} {serial:07d} {year}",'
            f'"registration_number":"REG.{scheme.code}.{serial:07d}.{year}"'
            f"{full if rnd() < 0.8 else shorter}"
            f',"issued_on":"{issued}","expires_on":{expires},"status":"{status}"}}'
        )

    @staticmethod
    def _experience(
        title: str, field: str | None, occupation: str | None, years: float, description: str
    ) -> str:
        f = f'"{field}"' if field else "null"
        o = f'"{occupation}"' if occupation else "null"
        return (
            f'{{"title":{q(title)},"field":{f},"occupation":{o},"years":{years},'
            f'"description":{q(description)}}}'
        )

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

        # SSW skill tests: most workers with N4 have passed the test of their field. Tests of
        # the 2027 fields are assumed piloted in 2026 (an assumption of the demo, not a fact).
        ssw_tests: list[str] = []
        p_test = 0.78 if jp_rank >= 2 else 0.3
        if main_field in self.new_fields:
            p_test *= 0.6
        if rnd() < p_test:
            lo = -200 if main_field in self.new_fields else -900
            ssw_tests.append(
                f'{{"field":"{main_field}","passed_on":"{self.day_between(lo, -10)}","level":1}}'
            )
        if second is not None and second.field != main_field and rnd() < 0.3:
            lo = -200 if second.field in self.new_fields else -900
            ssw_tests.append(
                f'{{"field":"{second.field}","passed_on":"{self.day_between(lo, -10)}","level":1}}'
            )

        # Technical Intern Training (ii) returnees: exempt from the tests in their field.
        intern: list[str] = []
        experience: list[str] = []
        if main_field in self.intern_fields and age_days > 24 * 365 and rnd() < 0.06:
            intern.append(
                f'{{"field":"{main_field}","completed_on":"{self.day_between(-6 * 365, -60)}"}}'
            )
            experience.append(
                self._experience(
                    f"Pemagang teknis (ginou jisshuu) - {occ.id_titles[0]}",
                    main_field,
                    occ.code,
                    3.0,
                    f"Program magang teknis di {self.prefecture.pick(rng)}, Jepang: "
                    f"{s.choice(occ.id_duties)}.",
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
                certificates.append(self._certificate(pool_s[i], sfield))

        # Experience in the main occupation (most), the second one, or an unrelated job.
        years = 0.0
        fresh = not intern and rnd() < 0.12
        if not fresh:
            years = s.randint(1, 16) / 2
            d1, d2 = s.pair(occ.id_duties)
            experience.append(
                self._experience(
                    s.choice(occ.id_titles),
                    main_field,
                    occ.code,
                    years,
                    f"{d1.capitalize()} dan {d2} di {s.choice(occ.id_places)}.",
                )
            )
        if second is not None and rnd() < 0.6:
            experience.append(
                self._experience(
                    s.choice(second.id_titles),
                    second.field,
                    second.code,
                    s.randint(1, 6) / 2,
                    f"{s.choice(second.id_duties).capitalize()}.",
                )
            )
        if rnd() < 0.25:
            job = s.choice(vocab.previous_jobs)
            experience.append(
                self._experience(job.title, None, None, s.randint(1, 6) / 2, job.description)
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
        # Most are ready within two months; the rest finish training or contracts later.
        available = self.day_between(-90, 60) if rnd() < 0.65 else self.day_between(61, 300)
        return (
            f'{{"external_id":"{external_id}","full_name":{q(full_name)},'
            f'"birth_date":"{birth}","province":{q(province)},"summary":{q(summary)},'
            f'"contact":{contact},"japanese":[{japanese_json}],'
            f'"certificates":[{",".join(certificates)}],"ssw_tests":[{",".join(ssw_tests)}],'
            f'"intern_training":[{",".join(intern)}],"experience":[{",".join(experience)}],'
            f'"preferred_fields":[{preferred_fields}],"preferred_prefectures":[{prefs_json}],'
            f'"available_from":"{available}","discoverable":{discoverable}}}\n'
        )
