"""The generated name and id queries: deterministic, one edit, accents only where expected."""

from __future__ import annotations

import unicodedata

from matcher.demo import load_labelled
from matcher.evaluation.names import ACCENTED_EVERY, accented, name_queries, with_typo


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def test_typos_are_one_edit_and_deterministic() -> None:
    names = ["Siti Nurhaliza", "Ni Made Ariani", "Agus Setiawan", "Yuliana Bria"]
    for name in names:
        typo = with_typo(name, name)
        assert typo == with_typo(name, name) and typo != name
        assert abs(len(typo) - len(name)) <= 1
        assert typo.split()[0][0] == name.split()[0][0]
    assert len({with_typo("Siti Nurhaliza", str(seed)) for seed in range(20)}) > 3


def test_accents_mark_the_first_vowel_of_each_word() -> None:
    assert accented("Ni Made Ariani") == "Ní Máde Áriani"
    assert _plain(accented("Siti Nurhaliza")) == "Siti Nurhaliza"


def test_queries_cover_every_worker() -> None:
    labelled = load_labelled()
    queries = name_queries(labelled)
    by_kind: dict[str, int] = {}
    for q in queries:
        by_kind[q.kind] = by_kind.get(q.kind, 0) + 1
        assert q.text == _plain(q.text)  # typed without diacritics
    workers = len(labelled.workers)
    assert by_kind == {
        "name, one typo": workers,
        "name, without diacritics": -(-workers // ACCENTED_EVERY),
        "external id, as typed": workers,
    }
    assert queries == name_queries(labelled)
