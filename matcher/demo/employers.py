"""Demo employers and their vacancies, written mostly in Japanese.

Employers are mostly in Miyagi (the prefecture behind the Jakarta and Sendai matching events),
with field weights per region (Miyagi: nursing care and seafood processing first). The first 19
employers take one SSW field each, so even a small data set has vacancies in every field; the
three fields opening in April 2027 only get vacancies starting on or after their opening date.

Requirements follow DOMAIN.md. Every vacancy names the job category of its occupation. The
Japanese level the visa needs in the category (N4 for SSW(i), N3 for bus drivers, none or N3 for
SSW(ii)) is applied by the eligibility rules, so most vacancies leave ``requirements.japanese``
empty and some write it out (or ask N3 for front desks and care). The category's skill test is
asked almost always; SSW(ii) only where the category offers it on the start date; dispatch
(派遣) only in agriculture and fishery; some driver vacancies want the Japanese licence already
held (and some warehouses a forklift certificate). A BNSP scheme is sometimes required or
preferred, named as a scheme code, its Indonesian name or its Japanese name in the scheme
catalogue (``models.schemes``), so every name resolves. ``min_age`` is 18. Rows are few next to
workers, so they are plain dicts serialised with ``json``.

The terms added with job categories are drawn from a second stream (``terms``), so every
attribute of generator version 1 keeps its value for a given seed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any, Final

from matcher.demo.sampling import Sampler, WeightedChoice
from matcher.demo.vocabulary import (
    CertificationScheme,
    DemoVocabulary,
    OccupationWords,
    Prefecture,
)
from matcher.demo.workers import OCCUPATION_WEIGHTS
from models import ssw_fields
from models.categories import Visa, single_category, ssw_categories
from models.japanese import level_rank
from models.schemes import schemes

VacanciesPerEmployer = int | float | range
"""A fixed count, an average (drawn uniformly from 1..2*avg-1) or a range to draw from."""

_SALARY_BY_FIELD: Final[dict[str, tuple[int, int]]] = {
    "construction": (210, 280),
    "shipbuilding": (210, 270),
    "automobile_transportation": (220, 280),
    "aviation": (200, 260),
    "railway": (200, 260),
    "automobile_maintenance": (200, 260),
}
_CITY_PREFECTURES: Final = frozenset({"Tokyo", "Kanagawa", "Osaka", "Aichi"})
_EMPLOYER_NOTES: Final = (
    "インドネシア人材の受入れ実績があります。",
    "特定技能外国人の受入れは初めてですが、生活面のサポート体制を整えています。",
    "技能実習生からの移行者も在籍しています。",
    "地域に根ざした企業として、外国人スタッフの定着に力を入れています。",
)
_HEADCOUNTS: Final = (1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 8, 10)
_LICENCES: Final[dict[str, tuple[str, float, str]]] = {
    "truck_driver": ("jp_driving_first_class", 0.4, "日本の第一種運転免許"),
    "bus_driver": ("jp_driving_second_class", 0.5, "日本の第二種運転免許"),
    "warehouse_picking": ("forklift", 0.25, "フォークリフト運転技能講習修了証"),
}
"""Occupation -> (licence the vacancy may want already held, share of vacancies, Japanese)."""
DISPATCH_SHARE: Final = 0.2
"""Share of agriculture and fishery vacancies offered through dispatch (派遣)."""


class EmployerFactory:
    """Makes employers and their vacancies from a private random stream."""

    def __init__(
        self,
        vocab: DemoVocabulary,
        rng: random.Random,
        reference: date,
        per_employer: VacanciesPerEmployer,
        *,
        terms: random.Random,
    ) -> None:
        """``rng`` draws everything generator version 1 drew; ``terms`` the job-category terms
        (see the module docstring), so that the former keep their values."""
        self.vocab = vocab
        self.rng = rng
        self.s = Sampler(rng)
        self.x = Sampler(terms)
        self.categories = ssw_categories()
        self.catalogue = schemes()
        self.ref = reference
        self.per_employer = per_employer
        self.fields = list(ssw_fields().values())
        self.prefecture = WeightedChoice(vocab.prefectures, [p.weight for p in vocab.prefectures])
        codes = [f.code for f in self.fields]
        self.field_miyagi = WeightedChoice(
            codes, [vocab.field_weights_miyagi.get(c, 1) for c in codes]
        )
        self.field_other = WeightedChoice(
            codes, [vocab.field_weights_other.get(c, 1) for c in codes]
        )
        self.by_field: dict[str, WeightedChoice[OccupationWords]] = {}
        grouped: dict[str, list[OccupationWords]] = {}
        for occ in vocab.occupations.values():
            grouped.setdefault(occ.field, []).append(occ)
        for code, occs in grouped.items():
            self.by_field[code] = WeightedChoice(
                occs, [OCCUPATION_WEIGHTS.get(o.code, 1) for o in occs]
            )
        self.vacancy_counts: dict[str, int] = {}

    def _japanese(self, asked: str, visa: str) -> str | None:
        """``requirements.japanese`` as the employer writes it: the level it asks for, often
        left out when it is only the visa's own level (which the rules apply anyway). SSW(ii)
        has no general Japanese requirement, so none is written for it."""
        if visa == "ssw2":
            return None
        if asked == "N4":
            return "N4" if self.x.chance(0.4) else None
        return asked if self.x.chance(0.8) else None

    def _scheme_name(self, scheme: CertificationScheme) -> str:
        """How an employer names a required scheme: its Indonesian name, its code, or its
        Japanese name in the catalogue (all resolve through ``models.schemes``)."""
        r = self.x.rnd()
        listed = self.catalogue.get(scheme.code)
        if r < 0.3 and listed is not None:
            return listed.ja
        if r < 0.55:
            return scheme.code
        return scheme.scheme

    def _vacancy_count(self) -> int:
        spec = self.per_employer
        if isinstance(spec, range):
            return self.s.choice(spec)
        if isinstance(spec, int):
            return spec
        return self.s.randint(1, max(1, round(2 * max(1.0, spec) - 1)))

    def make(self, index: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Employer number ``index`` (1-based) and its vacancies."""
        s = self.s
        vocab = self.vocab
        pref = self.prefecture.pick(self.rng)
        if index <= len(self.fields):
            field_code = self.fields[index - 1].code
        else:
            picker = self.field_miyagi if pref.name == "Miyagi" else self.field_other
            field_code = picker.pick(self.rng)
        place_en, place_ja = s.choice(pref.places if s.chance(0.7) else vocab.generic_places)
        kind_ja, kind_en = s.choice(vocab.company_kinds[field_code])
        city_en, city_ja = s.choice(pref.cities)
        employer: dict[str, Any] = {
            "external_id": f"E-{index}",
            "name": kind_en.format(en=place_en),
            "name_ja": kind_ja.format(ja=place_ja),
            "prefecture": pref.name,
            "city": city_en,
            "description": f"{pref.ja}{city_ja}で{ssw_fields()[field_code].ja}分野の事業を営んでいます。"
            + s.choice(_EMPLOYER_NOTES),
            "website": None,
        }
        if s.chance(0.6):
            slug = f"{place_en}-{field_code.split('_')[0]}".lower()
            employer["website"] = f"https://{slug}-{index}.example.jp"
        vacancies = [
            self._vacancy(employer, pref, city_en, city_ja, field_code)
            for _ in range(self._vacancy_count())
        ]
        return employer, vacancies

    def _vacancy(
        self,
        employer: dict[str, Any],
        pref: Prefecture,
        city_en: str,
        city_ja: str,
        field_code: str,
    ) -> dict[str, Any]:
        s = self.s
        vocab = self.vocab
        occ = self.by_field[field_code].pick(self.rng)
        ssw_field = ssw_fields()[field_code]
        count = self.vacancy_counts.get(pref.code, 0) + 1
        self.vacancy_counts[pref.code] = count

        if ssw_field.valid_from > self.ref:
            opens = ssw_field.valid_from
            starts = date(opens.year, s.randint(opens.month, 10), 1)
        else:
            d = self.ref + timedelta(days=s.randint(30, 330))
            starts = date(d.year, d.month, 1)

        category = self.categories[occ.category]
        asked = "N4"
        if occ.code == "bus_driver" or (
            occ.code in {"hotel_front", "elderly_care"} and s.chance(0.1)
        ):
            asked = "N3"
        wants_ssw2 = field_code != "nursing_care" and s.chance(0.04)
        visa: Visa = "ssw2" if wants_ssw2 and category.offers_ssw2_on(starts) else "ssw1"
        japanese = self._japanese(asked, visa)
        level = _higher(japanese, category.legal_japanese(visa))
        scheme = occ.schemes[0]
        required_certs = [self._scheme_name(scheme)] if s.chance(0.35) else []
        preferred_certs: list[str] = []
        if not required_certs and s.chance(0.3):
            preferred_certs = [self._scheme_name(x) for x in occ.schemes[1:]] or [
                self._scheme_name(scheme)
            ]
        licence = _LICENCES.get(occ.code)
        licences = [licence[0]] if licence is not None and self.x.chance(licence[1]) else []
        employment = (
            "dispatch" if category.dispatch_allowed and self.x.chance(DISPATCH_SHARE) else "direct"
        )
        requirements: dict[str, Any] = {
            "japanese": japanese,
            "ssw_test": True if wants_ssw2 else s.chance(0.95),
            "certificates": required_certs,
            "licences": licences,
            "min_kkni_level": 2 if required_certs and s.chance(0.25) else None,
            "min_experience_years": 2.0 if wants_ssw2 else s.choice((None, None, 1.0)),
            "min_age": 18,
            "max_age": 40 if s.chance(0.03) else None,
        }
        preferred: dict[str, Any] = {
            "japanese": "N3" if asked == "N4" and s.chance(0.4) else None,
            "certificates": preferred_certs,
            "experience_years": float(s.randint(1, 3)) if s.chance(0.5) else None,
        }

        low, high = _SALARY_BY_FIELD.get(field_code, (180, 250))
        if pref.name in _CITY_PREFECTURES:
            low, high = min(low + 20, 270), min(high + 20, 280)
        salary = s.randint(low, high) * 1000
        duties = self.rng.sample(occ.ja_duties, min(len(occ.ja_duties), s.randint(2, 4)))
        benefits = self.rng.sample(vocab.benefits, s.randint(2, 5))
        visa_ja = "特定技能2号" if visa == "ssw2" else "特定技能1号"
        named = ssw_field.ja
        if single_category(field_code) is None:
            named = f"{ssw_field.ja}（{category.label('ja')}）"
        test_ja = f"{visa_ja}「{named}」の技能評価試験合格"
        if level is None:
            level_ja = ""
        elif level == "N4":
            level_ja = "、日本語能力試験N4以上またはJFT-Basic合格"
        else:
            level_ja = f"、日本語能力試験{level}以上"

        if s.chance(0.1):
            title = f"{vocab.english_titles[field_code]} - {city_en}"
            description = (
                f"{ssw_field.en} ({visa.upper()}) position in {city_en}, {pref.name}. "
                f"Duties: {'、'.join(duties)}. Monthly salary JPY {salary:,}. "
                f"Requirements: SSW skill test in {category.label('en').lower()}"
                + (f", JLPT {level} or above." if level else ".")
            )
        else:
            base = s.choice(occ.ja_titles)
            title = f"【{visa_ja}】{base}" if s.chance(0.4) else base
            lines = [
                f"【仕事内容】{'、'.join(duties)}",
                f"【勤務地】{pref.ja}{city_ja}",
                f"【給与】月給{salary:,}円（経験・資格により優遇）",
                f"【勤務時間】{s.choice(vocab.schedules)}",
                f"【待遇】{'／'.join(benefits)}",
                f"【応募資格】{test_ja}{level_ja}",
                f"【雇用形態】{'派遣' if employment == 'dispatch' else '直接雇用'}",
            ]
            if required_certs:
                lines.append(f"【必要資格】BNSP認定資格「{required_certs[0]}」")
            if licences and licence is not None:
                lines.append(f"【必要資格】{licence[2]}（入社時に取得済みであること）")
            elif occ.code in ("truck_driver", "bus_driver"):
                lines.append("【その他】日本の運転免許（外免切替）の取得を支援します")
            description = "\n".join(lines)

        return {
            "external_id": f"{pref.code}-{count:04d}",
            "employer": employer,
            "title": title,
            "description": description,
            "ssw_field": field_code,
            "category": category.code,
            "occupation": occ.code,
            "visa": visa,
            "employment": employment,
            "prefecture": pref.name,
            "headcount": s.choice(_HEADCOUNTS),
            "salary_monthly_jpy": salary,
            "starts_on": starts.isoformat(),
            "requirements": requirements,
            "preferred": preferred,
        }


def _higher(a: str | None, b: str | None) -> str | None:
    """The higher of two Japanese levels (None: no requirement)."""
    if a is None or b is None:
        return a or b
    return a if level_rank(a) >= level_rank(b) else b
