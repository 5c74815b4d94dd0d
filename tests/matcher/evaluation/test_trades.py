"""The trade-level labelled set: reproducible from its generator, large and hard enough (trades,
fields, noisy agency text, one-line job sheets, near misses), graded at trade level, and split
so that the test part is written with words the development part never uses."""

from __future__ import annotations

import json
import random
import re
from importlib import resources
from pathlib import Path

import pytest

from matcher.evaluation.trades import (
    SET_FILES,
    SPLITS,
    Split,
    TradeSet,
    _TextNoise,
    generate_trade_set,
    load_trade_set,
    load_trade_splits,
    render,
    taxonomy_overlap,
    trade_relevance,
    trade_words,
)
from models.vocabulary import occupations

ABBREVIATION = re.compile(r"(?<!\w)(thn|th|yg|dg|dgn|utk|sdh|udah|bs|sbg|pglmn|exp|&)(?!\w)")


@pytest.fixture(scope="module")
def splits() -> dict[Split, TradeSet]:
    return load_trade_splits()


@pytest.mark.parametrize("split", SPLITS)
def test_committed_files_are_what_the_generator_writes(split: Split) -> None:
    committed = resources.files("matcher").joinpath("eval", "labelled", SET_FILES[split])
    assert committed.read_text(encoding="utf-8") == render(generate_trade_set(split))


def test_each_split_is_large_enough(splits: dict[Split, TradeSet]) -> None:
    known = occupations()
    for split in splits.values():
        assert len(split.occupations()) >= 60
        assert len({known[code].field for code in split.occupations()}) >= 15
        assert len(split.workers) >= 200
        assert len(split.vacancies) >= 100
        assert len(split.queries_in("ja")) >= 60
        assert {w.occupation for w in split.workers} == {v.occupation for v in split.vacancies}


def test_relevance_is_graded_by_trade_then_job_category(splits: dict[Split, TradeSet]) -> None:
    assert trade_relevance("formwork", "formwork") == 2
    assert trade_relevance("formwork", "rebar") == 1  # both in the building category
    assert trade_relevance("formwork", "earthwork") == 0  # civil engineering: other category
    assert trade_relevance("welding", "ship_welding") == 0  # other field
    dev = splits["dev"]
    vacancy, worker = dev.vacancies[0], dev.workers[0]
    assert dev.relevance(vacancy, worker) == trade_relevance(vacancy.occupation, worker.occupation)


def test_near_misses_are_in_the_set(splits: dict[Split, TradeSet]) -> None:
    """Most trades share their job category with another trade of the set: a ranking that only
    knows the category cannot tell them apart."""
    known = occupations()
    codes = splits["test"].occupations()
    with_sibling = [
        c for c in codes if any(known[o].category == known[c].category for o in codes - {c})
    ]
    assert len(with_sibling) >= len(codes) // 2


def test_the_test_split_uses_words_the_development_split_never_shows() -> None:
    for code, words in trade_words().items():
        dev, test = set(words.of("dev").phrases()), set(words.of("test").phrases())
        assert dev.isdisjoint(test), code
        assert dev | test == set(words.phrases()), code
    for split in SPLITS:
        loaded = load_trade_set(split)
        for item in loaded.vacancies:
            names = trade_words()[item.occupation].of(split).ja_names
            assert any(name in item.vacancy.title for name in names), item.key
    assert taxonomy_overlap("test") < 0.5, "most of the wording is not the taxonomy's own"


def test_agency_text_is_noisy_and_job_sheets_often_one_line(splits: dict[Split, TradeSet]) -> None:
    for split in splits.values():
        summaries = [w.profile.summary or "" for w in split.workers]
        abbreviated = sum(bool(ABBREVIATION.search(s)) for s in summaries)
        assert abbreviated >= 0.3 * len(summaries)
        assert any(s.startswith("Experience ") for s in summaries), "Indonesian-English mixing"
        assert any("Pernah juga" in s or "pernah juga" in s.lower() for s in summaries)
        one_line = [s for s in summaries if s.count(".") == 0]
        assert len(one_line) >= 0.1 * len(summaries)
        one_liners = [v for v in split.vacancies if len(v.vacancy.description or "") <= 25]
        assert len(one_liners) >= 0.3 * len(split.vacancies)  # "鉄筋工募集。経験者優遇。"
        for vacancy in split.vacancies:
            assert vacancy.vacancy.occupation is None, "the label stays outside the text"
        for worker in split.workers:
            assert all(entry.occupation is None for entry in worker.profile.experience)


def test_a_typo_is_one_edit_of_one_long_word() -> None:
    noise = _TextNoise(random.Random(7))
    text = "Pengalaman sebagai operator forklift"
    for _ in range(50):
        changed = noise.typo(text)
        before, after = text.split(" "), changed.split(" ")
        assert len(before) == len(after)
        diffs = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
        assert len(diffs) == 1
        original, typo = diffs[0]
        assert len(original) >= 5 and typo[0] == original[0]
        assert abs(len(original) - len(typo)) <= 1
    assert noise.typo("ok ya") == "ok ya"


def test_loading_refuses_a_vacancy_outside_its_label(tmp_path: Path) -> None:
    document = generate_trade_set("dev")
    row = document["vacancies"][0]
    other = next(o for o in occupations().values() if o.field != row["vacancy"]["ssw_field"])
    row["occupation"] = other.code
    (tmp_path / SET_FILES["dev"]).write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValueError, match="field or category"):
        load_trade_set("dev", tmp_path)
    document["vacancies"][0]["occupation"] = "no_such_trade"
    (tmp_path / SET_FILES["dev"]).write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown occupation"):
        load_trade_set("dev", tmp_path)
