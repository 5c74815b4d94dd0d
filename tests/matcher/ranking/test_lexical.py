"""The cross-lingual lexical signal (issue 16): BM25 over the trade taxonomy's vocabulary.

Most tests use a small fixture taxonomy, so that what they check does not move when the
packaged vocabulary grows; the last ones run on the packaged taxonomy itself.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.ranking.explain import trade_term_reasons
from matcher.ranking.lexical import LexicalProfile, Lexicon, default_lexicon, worker_texts
from models.common import Lang
from models.vocabulary import occupation_label, occupation_terms
from tests.matcher.ranking.factories import make_worker

TERMS: dict[str, dict[Lang, list[str]]] = {
    "formwork": {
        "ja": ["型枠大工", "型枠", "型枠工"],
        "id": ["tukang bekisting", "bekisting", "begisting"],
        "en": ["formwork carpenter", "formwork", "shuttering"],
    },
    "rebar": {
        "ja": ["鉄筋工", "鉄筋", "鉄筋組立て"],
        "id": ["tukang besi beton", "pembesian", "besi beton"],
        "en": ["rebar worker", "reinforcing bar", "steel fixer"],
    },
    "carpentry": {
        "ja": ["大工", "木造大工"],
        "id": ["tukang kayu"],
        "en": ["carpenter", "timber framing"],
    },
    "scaffolding": {
        "ja": ["鳶", "とび工", "足場"],
        "id": ["tukang perancah", "perancah"],
        "en": ["scaffolder", "scaffolding"],
    },
    "welding": {
        "ja": ["溶接", "溶接工"],
        "id": ["tukang las", "las listrik", "pengelasan"],
        "en": ["welder", "SMAW", "TIG"],
    },
    "seafood_processing": {
        "ja": ["水産加工", "笹かまぼこ", "魚の加工"],
        "id": ["pengolahan ikan", "fillet ikan"],
        "en": ["seafood processing", "fish filleting"],
    },
    "elderly_care": {
        "ja": ["介護職員", "介護"],
        "id": ["perawat lansia", "pramurukti"],
        "en": ["caregiver", "care worker"],
    },
}


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon(TERMS)


def _top(lexicon: Lexicon, profile: LexicalProfile) -> str:
    return lexicon.codes[int(profile.occupations[int(np.argmax(profile.scores))])]


# --- tokens and profiles --------------------------------------------------------------------


def test_japanese_is_cut_into_bigrams_and_latin_into_words(lexicon: Lexicon) -> None:
    tokens = lexicon.tokens("鉄筋工募集。 Tukang BEKISTING, 3 thn yg rajin")
    assert tokens[:2] == ["鉄筋", "筋工"]
    assert "bekisting" in tokens and "tukang" in tokens
    assert "yg" not in tokens and "thn" not in tokens  # agency function words carry no trade
    assert "募集" not in tokens and "工募" not in tokens  # nor job-ad words: cut before bigrams


def test_japanese_job_ad_words_do_not_tie_a_sheet_to_other_trades() -> None:
    lexicon = Lexicon(
        {
            **TERMS,
            "garment_sewing": {"ja": ["縫製"], "id": ["jahit"], "en": ["sewing"]},
            "restaurant_service": {
                "ja": ["ホールスタッフ", "接客"],
                "id": ["pelayan"],
                "en": ["waiter"],
            },
        }
    )
    query = lexicon.profile(["縫製スタッフの経験者"])
    assert [lexicon.codes[i] for i in query.occupations] == ["garment_sewing"]


def test_a_katakana_loanword_is_one_token_not_fragments_other_loanwords_share() -> None:
    """ポリッシャー (floor polisher) and バッシング (clearing tables) share the bigram ッシ;
    as bigrams a floor-care sheet would count as restaurant work."""
    lexicon = Lexicon(
        {
            "floor_maintenance": {
                "ja": ["ポリッシャー", "床洗浄"],
                "id": ["poles"],
                "en": ["polisher"],
            },
            "restaurant_service": {
                "ja": ["バッシング", "配膳"],
                "id": ["pelayan"],
                "en": ["waiter"],
            },
        }
    )
    assert lexicon.tokens("ポリッシャーでの床洗浄・ワックス") == [
        "ポリッシャー",
        "での",
        "の床",
        "床洗",
        "洗浄",
        "ワックス",
    ]
    profile = lexicon.profile(["ポリッシャー作業スタッフ"])
    assert [lexicon.codes[i] for i in profile.occupations] == ["floor_maintenance"]


def test_full_width_and_half_width_forms_fold_to_one_spelling(lexicon: Lexicon) -> None:
    assert lexicon.tokens("ＳＭＡＷ ﾄﾋﾞ") == lexicon.tokens("smaw トビ")


@pytest.mark.parametrize(
    ("text", "trade"),
    [
        ("鉄筋工募集。経験者優遇。", "rebar"),
        ("型枠大工募集", "formwork"),
        ("鳶募集。未経験可", "scaffolding"),  # a one-character trade word
        ("笹かまぼこの製造ライン", "seafood_processing"),
        ("pengalaman 3 thn tukang bekisting di proyek gedung", "formwork"),
        ("Welder SMAW 2G, pengalaman 2 thn", "welding"),
    ],
)
def test_one_liners_name_their_trade(lexicon: Lexicon, text: str, trade: str) -> None:
    assert _top(lexicon, lexicon.profile([text])) == trade


def test_text_without_trade_words_has_an_empty_profile(lexicon: Lexicon) -> None:
    profile = lexicon.profile(["経験者優遇。日勤のみ", "rajin dan jujur, siap kerja"])
    assert profile.empty
    assert lexicon.similarity(lexicon.profile(["鉄筋工"]), profile) == 0.0


# --- cross-lingual matching -----------------------------------------------------------------


def test_japanese_vacancy_meets_indonesian_profile_of_the_same_trade(lexicon: Lexicon) -> None:
    vacancy = lexicon.profile(["型枠大工募集。経験者優遇。"])
    formwork = lexicon.profile(["Tukang bekisting 4 thn di proyek apartemen"])
    rebar = lexicon.profile(["Tukang besi beton 4 thn di proyek apartemen"])
    welding = lexicon.profile(["tukang las listrik di bengkel"])
    scores = lexicon.similarities(vacancy, [formwork, rebar, welding])
    assert scores[0] > 0.1
    assert scores[0] > 3 * scores[1]
    assert scores[2] == 0.0


def test_english_and_indonesian_code_mixing(lexicon: Lexicon) -> None:
    vacancy = lexicon.profile(["鉄筋工（鉄筋組立て）"])
    mixed = lexicon.profile(["Exp as steel fixer 3 years, juga pembesian kolom"])
    other = lexicon.profile(["Exp as carpenter 3 years, tukang kayu"])
    assert lexicon.similarity(vacancy, mixed) > lexicon.similarity(vacancy, other)


@pytest.mark.parametrize(
    "misspelled",
    [
        "tukang bekistng",  # one letter missing: corrected to the vocabulary word
        "tukang begisting",  # a misspelling the taxonomy lists
        "tukang bekisteng proyek",
    ],
)
def test_misspellings_still_match(lexicon: Lexicon, misspelled: str) -> None:
    vacancy = lexicon.profile(["型枠大工"])
    found = lexicon.similarity(vacancy, lexicon.profile([misspelled]))
    spelled_right = lexicon.similarity(vacancy, lexicon.profile(["tukang bekisting"]))
    other_trade = lexicon.similarity(vacancy, lexicon.profile(["tukang besi beton"]))
    assert found > other_trade
    assert found >= 0.3 * spelled_right


def test_fuzzy_correction_can_be_switched_off() -> None:
    strict = Lexicon(TERMS, fuzzy=False)
    assert strict.profile(["bekistng"]).empty


def test_short_words_are_not_corrected(lexicon: Lexicon) -> None:
    """ "lasi" is not "las": short words are too close to each other to guess."""
    assert lexicon.profile(["lasi"]).empty


# --- explanations ---------------------------------------------------------------------------


def test_term_matches_name_the_words_each_side_used(lexicon: Lexicon) -> None:
    vacancy = lexicon.profile(["型枠大工募集。経験者優遇。"])
    worker = lexicon.profile(["pengalaman 3 thn tukang bekisting, sedikit pembesian"])
    matches = lexicon.term_matches(vacancy, worker)
    assert matches[0].occupation == "formwork"
    assert (matches[0].query_term, matches[0].candidate_term) == ("型枠大工", "tukang bekisting")
    assert all(m.contribution > 0 for m in matches)


def test_a_misspelled_word_is_shown_as_written(lexicon: Lexicon) -> None:
    matches = lexicon.term_matches(lexicon.profile(["型枠"]), lexicon.profile(["tkg bekistng"]))
    assert matches[0].candidate_term == "bekistng"


def test_no_shared_trade_no_term_matches(lexicon: Lexicon) -> None:
    assert (
        lexicon.term_matches(lexicon.profile(["溶接工"]), lexicon.profile(["perawat lansia"])) == []
    )


@pytest.mark.parametrize("lang", ["en", "ja", "id"])
def test_reasons_name_the_matched_terms_in_every_language(lexicon: Lexicon, lang: Lang) -> None:
    vacancy = lexicon.profile(["型枠大工募集"])
    worker = lexicon.profile(["tukang bekisting 5 thn"])
    [reason] = trade_term_reasons(vacancy, worker, lexicon)
    text = reason.render(lang)
    assert "型枠大工 ↔ tukang bekisting" in text
    assert occupation_label("formwork", lang) in text
    lead = {"en": "Trade terms match", "ja": "職種の用語が一致", "id": "Istilah keahlian cocok"}
    assert text.startswith(lead[lang])


# --- vectorised scores, batches and monotonicity --------------------------------------------

_WORDS = sorted({t for per_lang in TERMS.values() for terms in per_lang.values() for t in terms})
_NOISE = ["pengalaman", "3 thn", "募集", "経験者優遇", "di proyek", "rajin", "shift malam"]
texts = st.lists(st.sampled_from(_WORDS + _NOISE), min_size=0, max_size=6).map(" ".join)


def _one_by_one(lexicon: Lexicon, query: LexicalProfile, candidate: LexicalProfile) -> float:
    """The pair score written out per candidate: the query's share of each occupation times
    the candidate's saturated evidence for it."""
    squares = {int(o): float(s) ** 2 for o, s in zip(query.occupations, query.scores, strict=True)}
    total = sum(squares.values())
    if total == 0:
        return 0.0
    half = lexicon.saturation**2
    return sum(
        squares.get(int(o), 0.0) / total * float(s) ** 2 / (float(s) ** 2 + half)
        for o, s in zip(candidate.occupations, candidate.scores, strict=True)
    )


@settings(max_examples=150, deadline=None)
@given(query=texts, candidates=st.lists(texts, min_size=1, max_size=8))
def test_vectorised_scores_equal_the_per_candidate_computation(
    query: str, candidates: list[str]
) -> None:
    lexicon = Lexicon(TERMS)
    query_profile = lexicon.profile([query])
    profiles = [lexicon.profile([text]) for text in candidates]
    batch = lexicon.similarities(query_profile, profiles)
    for i, profile in enumerate(profiles):
        assert batch[i] == pytest.approx(_one_by_one(lexicon, query_profile, profile), abs=1e-6)
        # a candidate's score does not depend on the batch it came in
        assert batch[i] == lexicon.similarity(query_profile, profile)
        assert 0.0 <= batch[i] < 1.0


@settings(max_examples=100, deadline=None)
@given(query=texts, text=texts, added=texts)
def test_adding_text_to_a_candidate_never_lowers_its_score(
    query: str, text: str, added: str
) -> None:
    lexicon = Lexicon(TERMS)
    query_profile = lexicon.profile([query])
    before = lexicon.similarity(query_profile, lexicon.profile([text]))
    after = lexicon.similarity(query_profile, lexicon.profile([text, added]))
    assert after >= before - 1e-6


# --- the packaged taxonomy ------------------------------------------------------------------


def test_packaged_lexicon_covers_every_occupation() -> None:
    lexicon = default_lexicon()
    assert set(lexicon.codes) == set(occupation_terms())
    for code, per_lang in occupation_terms().items():
        label = per_lang["ja"][0]
        assert (
            _top(lexicon, lexicon.profile([label])) == code
            or lexicon.similarity(lexicon.profile([label]), lexicon.profile([per_lang["id"][0]]))
            > 0
        ), code


def test_packaged_formwork_vacancy_prefers_formwork_over_rebar_profiles() -> None:
    lexicon = default_lexicon()
    vacancy = lexicon.profile(["型枠大工募集。経験者優遇。"])
    formwork = lexicon.profile(["pengalaman 3 thn tukang bekisting di proyek gedung"])
    rebar = lexicon.profile(["pengalaman 3 thn tukang besi beton di proyek gedung"])
    assert lexicon.similarity(vacancy, formwork) > lexicon.similarity(vacancy, rebar)


def test_worker_texts_leave_out_certificates_that_do_not_count() -> None:
    worker = make_worker()
    revoked = make_worker(
        certificates=[{**worker.certificates[0].model_dump(), "status": "revoked"}]
    )
    assert "Caregiver (Perawat Lansia)" in worker_texts(worker)
    assert "Caregiver (Perawat Lansia)" not in worker_texts(revoked)


def test_looked_up_words_are_forgotten_on_demand() -> None:
    """The engine forgets every cached word when a worker is deleted (erasure): a name looked
    up for spelling correction must not stay in memory after its worker's rows are gone."""
    lexicon = default_lexicon()
    lexicon.profile(["Rahmawatiningsih bekerja sebagai tukang bekistng"])
    assert lexicon._corrections  # the lookups were cached
    lexicon.forget_words()
    assert not lexicon._corrections
