"""The trade-level occupation taxonomy (models/data/occupations.json) is validated data: every
trade sits in an existing job category of its own field, codes and aliases are unique, every
trade has a vocabulary in Japanese, Indonesian and English, and older codes stay valid."""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

import pytest
from pydantic import ValidationError

from models.categories import ssw_categories
from models.vocabulary import (
    OccupationTaxonomy,
    occupation_label,
    occupation_taxonomy,
    occupation_terms,
    occupations,
    resolve_occupation,
    ssw_fields,
)

CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

CODES_OF_THE_FIRST_VERSION = (
    "elderly_care",
    "disability_care",
    "office_cleaning",
    "hospital_cleaning",
    "machining",
    "metal_press",
    "electronics_assembly",
    "plastic_molding",
    "welding",
    "formwork",
    "rebar",
    "scaffolding",
    "interior_finishing",
    "ship_welding",
    "ship_painting",
    "auto_mechanic",
    "ground_handling",
    "aircraft_maintenance",
    "hotel_front",
    "housekeeping",
    "crop_farming",
    "livestock",
    "fishing_crew",
    "aquaculture",
    "seafood_processing",
    "bakery",
    "bento_production",
    "cook",
    "restaurant_service",
    "truck_driver",
    "bus_driver",
    "track_maintenance",
    "rolling_stock_maintenance",
    "logging",
    "sawmill",
    "linen_processing",
    "warehouse_picking",
    "waste_sorting",
)
"""The 38 codes of the first occupation list: stored vacancies and the first labelled set use
them, so each must still resolve."""


def _document() -> dict[str, Any]:
    text = resources.files("models").joinpath("data", "occupations.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def test_at_least_a_hundred_trades_over_all_nineteen_fields_and_every_category() -> None:
    known = occupations()
    assert len(known) >= 100
    assert {o.field for o in known.values()} == set(ssw_fields())
    assert {o.category for o in known.values()} == set(ssw_categories())
    for occupation in known.values():
        assert ssw_categories()[occupation.category].field == occupation.field, occupation.code


def test_every_trade_has_labels_terms_codes_and_cited_sources() -> None:
    taxonomy = occupation_taxonomy()
    for occupation in occupations().values():
        for lang in ("ja", "id", "en"):
            assert occupation.label(lang).strip(), (occupation.code, lang)
            assert occupation.terms_in(lang), (occupation.code, lang)
        assert any(CJK.search(term) for term in occupation.terms_in("ja")), occupation.code
        assert occupation.isco08 is not None and re.fullmatch(r"\d{4}", occupation.isco08)
        assert occupation.kbji2014 is not None and occupation.kbji2014.startswith(
            occupation.isco08[:4]
        ), occupation.code
        assert occupation.sources and set(occupation.sources) <= set(taxonomy.sources)
        if occupation.uncertain:
            assert occupation.note, occupation.code
    cited = {key for o in occupations().values() for key in o.sources}
    assert {"ilo_isco08", "bps_kbji2014", "mhlw_bunrui"} <= cited
    assert all(source.url.startswith("https://") for source in taxonomy.sources.values())


def test_every_trade_lists_its_duties_and_the_lexicon_reads_them() -> None:
    terms = occupation_terms()
    for code, occupation in occupations().items():
        for lang in ("ja", "id"):
            duties = occupation.duties_in(lang)
            assert duties, (code, lang)
            folded = {w.casefold() for w in terms[code][lang]}
            assert {d.casefold() for d in duties} <= folded, (code, lang)
        assert any(CJK.search(duty) for duty in occupation.duties_in("ja")), code


def test_codes_of_the_first_version_stay_valid() -> None:
    for code in CODES_OF_THE_FIRST_VERSION:
        assert resolve_occupation(code) in occupations(), code
    assert resolve_occupation("livestock") == "livestock"


def test_aliases_resolve_to_their_trade_and_unknown_codes_raise() -> None:
    aliased = [(alias, o.code) for o in occupations().values() for alias in o.aliases]
    assert aliased, "the taxonomy declares aliases"
    for alias, code in aliased:
        assert alias not in occupations()
        assert resolve_occupation(alias) == code
        assert occupation_label(alias, "ja") == occupations()[code].ja
    assert resolve_occupation(" formwork ") == "formwork"
    with pytest.raises(KeyError):
        resolve_occupation("construction_worker")


@pytest.mark.parametrize(
    ("term", "code"),
    [
        ("鳶", "scaffolding"),
        ("左官", "plastering"),
        ("内装ボード", "interior_finishing"),
        ("NC旋盤", "machining"),
        ("めっき", "electroplating"),
        ("笹かまぼこ", "surimi_products"),
        ("客室清掃", "housekeeping"),
        ("路線バス", "bus_driver"),
        ("鉄筋工", "rebar"),
        ("重機オペレーター", "heavy_equipment_operator"),
        ("牡蠣の養殖", "aquaculture"),
        ("bekisting", "formwork"),
        ("SMAW", "welding"),
        ("TIG", "welding"),
        ("operator CNC", "machining"),
        ("forklift", "forklift_operator"),
    ],
)
def test_trade_jargon_of_the_issue_is_in_the_vocabulary_of_its_trade(term: str, code: str) -> None:
    words = [w.casefold() for per_lang in occupation_terms()[code].values() for w in per_lang]
    assert term.casefold() in words


def test_occupation_terms_put_the_label_first_and_misspellings_in_agency_text() -> None:
    terms = occupation_terms()
    assert set(terms) == set(occupations())
    formwork = occupations()["formwork"]
    assert terms["formwork"]["ja"][0] == formwork.ja
    assert terms["formwork"]["en"][0] == formwork.en
    assert set(formwork.misspellings) <= set(terms["formwork"]["id"])
    for code, per_lang in terms.items():
        for lang, words in per_lang.items():
            folded = [w.casefold() for w in words]
            assert len(folded) == len(set(folded)), (code, lang)
    terms["formwork"]["ja"].clear()
    assert occupation_terms()["formwork"]["ja"], "callers get a copy"


def _with(document: dict[str, Any], **changes: Any) -> dict[str, Any]:
    rows = [dict(row) for row in document["occupations"]]
    first = rows[0]
    first.update(changes)
    return {**document, "occupations": rows}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"category": "no_such_category"}, "is not a job category"),
        ({"category": "building"}, "is not a job category"),
        ({"field": "no_such_field"}, "unknown field"),
        ({"sources": ["no_such_source"]}, "unknown source"),
        ({"aliases": ["formwork"]}, "already a code or alias"),
        ({"uncertain": True, "note": None}, "needs a note"),
        ({"terms": {"ja": ["介護"], "id": [], "en": ["care"]}}, "at least 1"),
        ({"isco08": "53"}, "pattern"),
    ],
)
def test_the_validation_refuses_broken_entries(changes: dict[str, Any], message: str) -> None:
    document = _document()
    OccupationTaxonomy.model_validate(document)
    with pytest.raises(ValidationError, match=message):
        OccupationTaxonomy.model_validate(_with(document, **changes))


def test_the_validation_refuses_duplicate_codes_and_aliases() -> None:
    document = _document()
    rows = document["occupations"]
    with pytest.raises(ValidationError, match="appears twice"):
        OccupationTaxonomy.model_validate({**document, "occupations": [*rows, rows[0]]})
    aliased = next(row for row in rows if row["aliases"])
    twin = {**rows[1], "aliases": [aliased["aliases"][0]]}
    with pytest.raises(ValidationError, match="already a code or alias"):
        OccupationTaxonomy.model_validate({**document, "occupations": [*rows[:1], twin, *rows[2:]]})
