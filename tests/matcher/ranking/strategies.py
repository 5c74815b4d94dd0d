"""Hypothesis strategies for random workers and vacancies over a small, collision-prone universe.

The universe is small on purpose: few fields, scheme names and dates, so that random workers
often meet or nearly meet random requirements, and boundaries (expiry on the start date,
birthdays on the start date, Feb 29) come up often.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from matcher.ranking.recognitions import RecognitionTable
from models.recognition import Recognition
from models.vacancy import Vacancy
from models.worker import WorkerProfile

FIELDS = [
    "nursing_care",
    "construction",
    "food_beverage_manufacturing",
    "agriculture",
    "fishery",
    "automobile_transportation",
    "linen_supply",
]
# categories of the fields above, None (a record without one) twice as likely as any one
CATEGORIES: dict[str, list[str | None]] = {
    "nursing_care": ["care", None],
    "construction": ["civil_engineering", "building", None],
    "food_beverage_manufacturing": ["food_beverage_manufacturing", None],
    "agriculture": ["crop_farming", "livestock", None],
    "fishery": ["fishing", "aquaculture", None],
    "automobile_transportation": ["truck_driver", "taxi_driver", "bus_driver", None],
    "linen_supply": ["linen_supply", None],
}
JOB_TYPES = [
    "耕種農業（施設園芸）",
    "養殖業（ほたてがい・まがき養殖）",
    "介護（介護）",
    "Unknown job",
]
LICENCES = ["jp_driving_first_class", "jp_driving_second_class", "forklift"]
OCCUPATIONS = ["elderly_care", "formwork", "seafood_processing", "crop_farming", None]
SCHEMES = [
    "Caregiver (Perawat Lansia)",
    "Caregiver Level 2",
    "Welder SMAW 3G",
    "Pengolahan Hasil Laut",
    "Operator Traktor",
]
SCHEME_CODES = ["SKM-CG-01", "SKM-WLD-02", "skm cg 01", None]
QUALIFICATIONS = ["Perawat Lansia", "Elderly Caregiver", "Tukang Las", None]
REQUIRED_NAMES = ["Caregiver", "caregiver level 2", "SKM-CG-01", "Welder", "Perawat Lansia", "介護"]
PROVINCES = ["Jawa Barat", "jawa barat", "Bali", None]
PREFECTURES = ["Miyagi", "miyagi", "Osaka"]
LEVELS = ["N5", "N4", "A2", "N3", "N2", "N1"]

BASE = date(2025, 10, 1)
# Dates cluster around BASE so that boundaries (expiry, availability, birthdays on the start
# date) are hit often, not once in a thousand draws.
days = st.one_of(
    st.integers(min_value=-800, max_value=800).map(lambda n: BASE + timedelta(days=n)),
    st.integers(min_value=-1, max_value=1).map(lambda n: BASE + timedelta(days=n)),
)
leap_days = st.sampled_from([date(2024, 2, 29), date(2028, 2, 29), date(2025, 2, 28)])
start_dates = st.one_of(st.just(BASE), days, leap_days)


def _birth_dates() -> st.SearchStrategy[date]:
    regular = st.dates(min_value=date(1960, 1, 1), max_value=date(2012, 12, 31))
    # birthdays next to the age limits of the vacancies (18, 20, 25, 26, 31, 41, 61) on BASE
    near_limit = st.builds(
        lambda years, shift: BASE.replace(year=BASE.year - years) + timedelta(days=shift),
        st.sampled_from([18, 20, 25, 26, 31, 41, 61]),
        st.integers(-1, 1),
    )
    leap = st.sampled_from([date(2000, 2, 29), date(2004, 2, 29), date(2008, 2, 29)])
    return st.one_of(regular, near_limit, leap)


def _certificate(issued: date, expires: date | None, **rest: Any) -> dict[str, Any]:
    if expires is not None and expires <= issued:
        issued, expires = min(issued, expires), max(issued, expires) + timedelta(days=1)
    return {"issued_on": issued, "expires_on": expires, "issuer": "LSP Test", **rest}


# Strategies are built once at import: building them inside a composite on every draw makes
# hypothesis validate them again each time, which dominated the run time.
_CERTIFICATE = st.builds(
    _certificate,
    issued=days,
    expires=st.one_of(st.none(), days),
    scheme=st.sampled_from(SCHEMES),
    scheme_code=st.sampled_from(SCHEME_CODES),
    qualification_id=st.sampled_from(QUALIFICATIONS),
    qualification_en=st.sampled_from(QUALIFICATIONS),
    kkni_level=st.one_of(st.none(), st.integers(1, 4)),
    units=st.lists(st.sampled_from(["Memandikan lansia", "Mengelas pelat"]), max_size=2),
    status=st.sampled_from(["valid", "valid", "valid", "expired", "revoked", "suspended"]),
)
_JAPANESE_TEST = st.one_of(
    st.sampled_from(["N1", "N2", "N3", "N4", "N5"]).map(lambda lv: {"test": "JLPT", "level": lv}),
    st.just({"test": "JFT-Basic", "level": "A2"}),
    st.just({"test": "care-japanese", "level": "pass"}),
)
_FIELD = st.sampled_from(FIELDS)
_EXPERIENCE: st.SearchStrategy[dict[str, Any]] = st.builds(
    dict,
    title=st.sampled_from(["Caregiver", "Welder", "Farm hand", "Perawat lansia"]),
    field=st.one_of(st.none(), _FIELD),
    occupation=st.sampled_from(OCCUPATIONS),
    years=st.sampled_from([0, 0.5, 1, 1.5, 2, 3.5]),
    supervisory=st.sampled_from([None, True, False]),
    description=st.sampled_from([None, "Elderly caregiver at a home", "welding steel"]),
)
_SSW_TEST: st.SearchStrategy[dict[str, Any]] = _FIELD.flatmap(
    lambda field: st.builds(
        dict,
        field=st.just(field),
        category=st.sampled_from(CATEGORIES[field]),
        level=st.sampled_from([1, 2]),
    )
)
_TRAINING: st.SearchStrategy[dict[str, Any]] = _FIELD.flatmap(
    lambda field: st.builds(
        dict,
        field=st.just(field),
        category=st.sampled_from(CATEGORIES[field]),
        job_type=st.sampled_from([None, *JOB_TYPES]),
        completed_on=days,
        completion=st.sampled_from([None, "good_standing", "good_standing", "incomplete"]),
        programme=st.sampled_from(
            [
                "technical_intern_training_ii",
                "technical_intern_training_ii",
                "employment_for_skill_development",
            ]
        ),
    )
)
_LICENCE = st.builds(
    lambda kind, issued, expires: {
        "kind": kind,
        "issued_on": issued,
        "expires_on": None
        if expires is None
        else max(expires, (issued or expires))
        + timedelta(days=1 if issued is not None and expires <= issued else 0),
    },
    kind=st.sampled_from(LICENCES),
    issued=st.one_of(st.none(), days),
    expires=st.one_of(st.none(), days),
)
_WORKER_DATA: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(
    {
        "birth_date": _birth_dates(),
        "province": st.sampled_from(PROVINCES),
        "summary": st.sampled_from([None, "Experienced seafood processing worker"]),
        "japanese": st.lists(_JAPANESE_TEST, max_size=3),
        "certificates": st.lists(_CERTIFICATE, max_size=3),
        "ssw_tests": st.lists(_SSW_TEST, max_size=2),
        "intern_training": st.lists(_TRAINING, max_size=2),
        "licences": st.lists(_LICENCE, max_size=3, unique_by=lambda lic: lic["kind"]),
        "experience": st.lists(_EXPERIENCE, max_size=3),
        "ssw1_months_used": st.sampled_from([0, 0, 12, 59, 60]),
        "preferred_fields": st.lists(_FIELD, max_size=2, unique=True),
        "preferred_prefectures": st.lists(st.sampled_from(PREFECTURES), max_size=2),
        "available_from": st.one_of(st.none(), days),
    }
)


def _worker(data: dict[str, Any]) -> WorkerProfile:
    certificates = [{**c, "number": f"CERT-{i}"} for i, c in enumerate(data["certificates"])]
    return WorkerProfile.model_validate(
        {**data, "external_id": "W-1", "full_name": "Test Worker", "certificates": certificates}
    )


def workers() -> st.SearchStrategy[WorkerProfile]:
    """Random worker profiles over the small universe of this module."""
    return _WORKER_DATA.map(_worker)


def _vacancy(data: dict[str, Any]) -> Vacancy:
    requirements = data["requirements"]
    low, high = requirements["min_age"], requirements["max_age"]
    if low is not None and high is not None and high < low:
        requirements = {**requirements, "max_age": None}
    category = data["category"]
    if category is not None and category not in CATEGORIES[data["ssw_field"]]:
        category = None  # a stored vacancy from before categories: judged by its occupation
    return Vacancy.model_validate(
        {
            **data,
            "category": category,
            "requirements": requirements,
            "id": 1,
            "employer_id": 1,
            "external_id": "V-1",
        }
    )


_LEVEL = st.one_of(st.none(), st.sampled_from(LEVELS))
_NAMES = st.lists(st.sampled_from(REQUIRED_NAMES), max_size=2)
_VACANCY_DATA = st.fixed_dictionaries(
    {
        "title": st.sampled_from(["Job", "Caregiver wanted", "介護職員"]),
        "ssw_field": _FIELD,
        "category": st.sampled_from(
            [None, *sorted({c for cs in CATEGORIES.values() for c in cs if c is not None})]
        ),
        "employment": st.sampled_from(["direct", "dispatch"]),
        "occupation": st.sampled_from(OCCUPATIONS),
        "visa": st.sampled_from(["ssw1", "ssw1", "ssw2"]),
        "prefecture": st.sampled_from([None, *PREFECTURES]),
        "starts_on": st.one_of(st.none(), start_dates),
        "requirements": st.fixed_dictionaries(
            {
                "japanese": _LEVEL,
                "ssw_test": st.booleans(),
                "certificates": _NAMES,
                "licences": st.lists(st.sampled_from(LICENCES), max_size=2, unique=True),
                "min_kkni_level": st.one_of(st.none(), st.integers(1, 4)),
                "min_experience_years": st.one_of(st.none(), st.sampled_from([0, 1, 2.5])),
                "min_age": st.one_of(st.none(), st.sampled_from([15, 18, 20, 25])),
                "max_age": st.one_of(st.none(), st.sampled_from([25, 30, 40, 60])),
            }
        ),
        "preferred": st.fixed_dictionaries(
            {
                "japanese": _LEVEL,
                "certificates": _NAMES,
                "experience_years": st.one_of(st.none(), st.sampled_from([1, 3])),
            }
        ),
    }
)


def vacancies() -> st.SearchStrategy[Vacancy]:
    """Random vacancies over the small universe of this module."""
    return _VACANCY_DATA.map(_vacancy)


_RECOGNITION = st.builds(
    lambda scheme, category, start, length: {
        "scheme_code": scheme,
        "category": category,
        "effective_from": start,
        "effective_to": None if length is None else start + timedelta(days=length),
        "source": "https://example.org/recognition",
    },
    scheme=st.sampled_from(["SKM-CG-01", "SKM-LAS-3G"]),
    category=st.sampled_from(
        sorted({c for cs in CATEGORIES.values() for c in cs if c is not None})
    ),
    start=days,
    length=st.one_of(st.none(), st.integers(1, 400)),
)


def recognition_tables() -> st.SearchStrategy[RecognitionTable]:
    """Random recognition tables: few entries over the caregiver and welder schemes."""
    return st.lists(_RECOGNITION, max_size=3).map(
        lambda rows: RecognitionTable(
            Recognition.model_validate({**row, "id": i + 1}) for i, row in enumerate(rows)
        )
    )
