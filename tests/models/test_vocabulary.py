"""SSW fields and occupations are data with labels in three languages and validity dates."""

from __future__ import annotations

from datetime import date

from models.common import LANGS
from models.vocabulary import Occupation, SSWField, field_label, occupations, ssw_fields


def test_nineteen_fields_three_of_them_from_2027() -> None:
    fields = ssw_fields()
    assert len(fields) == 19
    later = {code for code, f in fields.items() if not f.active_on(date(2026, 12, 31))}
    assert later == {"linen_supply", "logistics_warehousing", "resource_circulation"}
    assert all(f.active_on(date(2027, 4, 1)) for f in fields.values())


def test_every_field_and_occupation_has_three_labels() -> None:
    items: list[SSWField | Occupation] = [*ssw_fields().values(), *occupations().values()]
    for item in items:
        for lang in LANGS:
            assert item.label(lang).strip(), (item.code, lang)
    assert field_label("nursing_care", "ja") == "介護"
    assert field_label("nursing_care", "id").startswith("Perawatan lansia")


def test_occupations_cover_every_field() -> None:
    assert {o.field for o in occupations().values()} == set(ssw_fields())
    assert len(occupations()) >= 25
