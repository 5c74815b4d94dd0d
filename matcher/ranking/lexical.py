"""Cross-lingual lexical relevance: texts mapped onto the trade taxonomy's vocabulary by BM25.

Why a lexical signal next to the embeddings: sentence encoders place trades of one field close
together (a formwork carpenter and a rebar worker are both "construction"), so a Japanese job
sheet "鉄筋工募集。" lands as near a "tukang bekisting" profile as a "tukang besi beton" one. The
taxonomy's words tell them apart, in every language, and agencies and employers write those words.

How: every occupation of the taxonomy is one BM25 document made of its terms in Japanese,
Indonesian and English (labels, jargon, abbreviations, misspellings: ``occupation_terms``). A
text, whatever its language, is a BM25 *query* against those documents; its scores per
occupation are its ``LexicalProfile``: what the text says about which trade. A Japanese
vacancy and an Indonesian profile meet on the occupation documents they both hit, so
"型枠大工" and "tukang bekisting" meet on the formwork document without any translation.

* BM25 is ``bm25s`` (sparse-matrix BM25, Lucene variant, non-negative IDF): no scorer of our own.
* Tokens: Latin-script words (NFKC, case-folded, without English and Indonesian function
  words) and, for Japanese, which has no spaces, character bigrams of each run of kanji and
  hiragana (the CJK analysers of Lucene do the same); a single-character term such as 鳶 is
  also kept as a unigram. A katakana word (a loanword: フォークリフト, ポリッシャー) is one
  token, as a Latin word is: its bigrams would be fragments other loanwords share. Bigrams need
  no dictionary, so trade jargon a morphological analyser does not know (型枠, めっき, 笹かま) is
  still matched, and nothing is downloaded.
* A Latin word the vocabulary lacks is corrected to a vocabulary word one edit away (two for
  long words) with ``rapidfuzz``: agency text misspells trades in more ways than any list holds.
* The pair score (``similarity``) is the query's distribution over occupations (its squared
  scores normalised to sum 1) weighted by the candidate's saturated evidence for each
  occupation, ``s**2 / (s**2 + saturation**2)``: in [0, 1), 0 without a shared trade, and never lower when a
  candidate's text grows, because a BM25 query score only adds non-negative terms. So adding
  data to a profile never lowers the component (the metamorphic rules of DOMAIN.md), and a
  second trade mentioned in passing neither helps nor hurts the main one.

Everything here is pure and thread-safe once built; ``default_lexicon`` builds the index from
the packaged taxonomy once per process (the engine warms it in a worker thread at start).
"""

from __future__ import annotations

import contextlib
import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Final

import bm25s  # type: ignore[import-untyped]
import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from models.common import LANGS, Lang
from models.vacancy import Vacancy
from models.vocabulary import occupation_label, occupation_terms, resolve_occupation
from models.worker import WorkerProfile

Vector = npt.NDArray[np.float32]

SATURATION: Final = 2.0
"""Where a candidate's evidence for an occupation counts half, in units of a typical single
mention: the median BM25 score of one term of the taxonomy on its own occupation (BM25 scores
grow with the corpus's IDF, so an absolute constant would not carry over to another taxonomy).
Chosen on the development split of the trade set (docs/benchmarks.md)."""

FUNCTION_WORDS: Final = frozenset(
    {
        # English
        *("a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the"),
        *("to", "with", "staff", "worker", "work", "job"),
        # Indonesian (and the agency abbreviations of some)
        *("dan", "di", "ke", "dari", "yang", "yg", "untuk", "utk", "dengan", "dg", "dgn"),
        *("atau", "pada", "sebagai", "tahun", "thn", "th", "pengalaman", "kerja", "bekerja"),
        *("pekerja", "staf", "petugas"),
    }
)
"""Words that name no trade though trade terms contain them ("Staff", "pekerja"): every document
has them, so they only blur the profile. Short and explicit: BM25's IDF handles the rest."""

JAPANESE_FUNCTION_WORDS: Final = (
    *("未経験", "経験者", "経験", "募集", "求人", "優遇", "歓迎", "正社員", "担当", "業務"),
    *("作業員", "作業", "スタッフ", "オペレーター", "工場", "試験"),
)
"""The same for Japanese job sheets: "縫製スタッフの経験者" is about sewing, and the bigrams of
スタッフ or 経験者 would otherwise tie it to every trade whose terms say "staff". Cut out of a
run before it is split into bigrams (longest first, so 未経験 goes before 経験)."""

GENERIC_SHARE: Final = 0.08
"""A token found in more than this share of the occupations (and in more than
``MIN_GENERIC_DOCUMENTS``) is generic: it names no trade (see ``Lexicon``)."""
MIN_GENERIC_DOCUMENTS: Final = 3

_JAPANESE = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006\u30fc"
_TOKEN = re.compile(rf"(?P<ja>[{_JAPANESE}]+)|(?P<word>[^\W_{_JAPANESE}]+)")
_JAPANESE_CHAR = re.compile(f"[{_JAPANESE}]")
_JAPANESE_FUNCTION = re.compile(
    "|".join(sorted(map(re.escape, JAPANESE_FUNCTION_WORDS), key=len, reverse=True))
)
_SCRIPT_PART = re.compile("(?P<kata>[\u30a1-\u30fa\u30fc]+)|[^\u30a1-\u30fc]+")
"""A Japanese run cut into katakana words and the kanji/hiragana between them (the middle dot
・ separates both). Katakana writes loanwords, and a loanword is one word: its bigrams are
fragments another loanword shares ("ッシ" of ポリッシャー and of バッシング, "ック" of
チェックイン and of バイタルチェック), so a katakana word is a token of its own."""
_MIN_FUZZY_LENGTH: Final = 6
_LONG_WORD: Final = 10
_CORRECTIONS_KEPT: Final = 200_000


def fold(text: str) -> str:
    """NFKC (half-width katakana, full-width Latin) and case folding: one spelling per word."""
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass(frozen=True, slots=True)
class LexicalProfile:
    """What one text says about which trade: BM25 scores by occupation (non-zero ones only).

    ``occupations`` are indexes into ``Lexicon.codes`` in increasing order; ``scores`` their
    BM25 scores (> 0); ``text`` the folded text, kept to name the matched terms on demand.
    """

    occupations: npt.NDArray[np.int32]
    scores: Vector
    text: str
    words: list[tuple[frozenset[str], Mapping[str, str]]] = field(
        default_factory=list, compare=False, repr=False
    )
    """The text's words once ``Lexicon.term_matches`` needed them (at most one entry): kept
    with the profile, so they live exactly as long as the worker's scoring facts."""

    @property
    def empty(self) -> bool:
        """True when the text names no trade term at all."""
        return bool(self.occupations.shape[0] == 0)


@dataclass(frozen=True, slots=True)
class TermMatch:
    """One trade both texts name, with the words each used: "型枠大工 ↔ bekisting"."""

    occupation: str
    query_term: str
    candidate_term: str
    contribution: float
    """This occupation's share of the pair's lexical score."""


class Lexicon:
    """The BM25 index of the taxonomy's occupations, its tokenizer and its term lists."""

    def __init__(
        self,
        terms: Mapping[str, Mapping[Lang, Sequence[str]]],
        *,
        saturation: float = SATURATION,
        fuzzy: bool = True,
    ) -> None:
        if not terms:
            raise ValueError("a lexicon needs at least one occupation")
        self.codes: tuple[str, ...] = tuple(terms)
        self.fuzzy = fuzzy
        self._terms: tuple[tuple[str, ...], ...] = tuple(
            tuple(dict.fromkeys(fold(t).strip() for lang in terms[c].values() for t in lang if t))
            for c in self.codes
        )
        self._unigrams = frozenset(
            t for words in self._terms for t in words if len(t) == 1 and _TOKEN.fullmatch(t)
        )
        self._term_tokens: tuple[tuple[tuple[str, ...], ...], ...] = tuple(
            tuple(tuple(self.tokens(t)) for t in words) for words in self._terms
        )
        corpus = [
            [token for tokens in term_tokens for token in tokens]
            for term_tokens in self._term_tokens
        ]
        # Words shared by many trades ("tukang", "operator", 作業) name none of them: a welder's
        # "tukang las" must not count as evidence of formwork through "tukang". BM25's IDF only
        # shrinks them, so, like ``max_df`` of common vectorisers, the index leaves them out.
        frequency = Counter(token for tokens in corpus for token in set(tokens))
        limit = max(MIN_GENERIC_DOCUMENTS, math.ceil(GENERIC_SHARE * len(corpus)))
        self.generic: frozenset[str] = frozenset(t for t, n in frequency.items() if n > limit)
        corpus = [[t for t in tokens if t not in self.generic] for tokens in corpus]
        # An occupation whose terms are all function words still needs a token for bm25s.
        corpus = [
            tokens or [f"\x00{code}"] for tokens, code in zip(corpus, self.codes, strict=True)
        ]
        self._bm25 = bm25s.BM25(method="lucene")
        self._bm25.index(corpus, show_progress=False)
        vocabulary: dict[str, int] = dict(self._bm25.vocab_dict)
        self._vocabulary = vocabulary
        self._latin_words = sorted(w for w in vocabulary if w and not _is_japanese(w))
        self._corrections: dict[str, str | None] = {}
        self._lock = threading.Lock()
        self._index_of = {code: i for i, code in enumerate(self.codes)}
        mentions = [
            float(self._bm25.get_scores_from_ids(ids)[o])
            for o, term_tokens in enumerate(self._term_tokens)
            for tokens in term_tokens
            if (ids := [vocabulary[t] for t in tokens if t in vocabulary])
        ]
        self.mention_score = float(np.median(mentions)) if mentions else 1.0
        """The median BM25 score of one term on its own occupation: a typical single mention."""
        self.saturation = saturation * self.mention_score
        """The BM25 score at which evidence counts half (``SATURATION`` mentions)."""

    def __len__(self) -> int:
        return len(self.codes)

    # ------------------------------------------------------------------ tokens
    def tokens(self, text: str) -> list[str]:
        """BM25 tokens of ``text``: Latin words, katakana words and the character bigrams of
        the other Japanese script (see module)."""
        result: list[str] = []
        for match in _TOKEN.finditer(_JAPANESE_FUNCTION.sub(" ", fold(text))):
            run = match.group("ja")
            if run is None:
                word = match.group("word")
                if word not in FUNCTION_WORDS:
                    result.append(word)
                continue
            for part in _SCRIPT_PART.finditer(run):
                piece = part.group()
                if part.group("kata") is not None or len(piece) == 1:
                    result.append(piece)
                    continue
                result.extend(piece[i : i + 2] for i in range(len(piece) - 1))
                result.extend(ch for ch in piece if ch in self._unigrams)
        return result

    def _known(self, token: str) -> str | None:
        """The vocabulary token ``token`` stands for: itself, a near spelling, or none."""
        if token in self._vocabulary:
            return token
        if (
            not self.fuzzy
            or len(token) < _MIN_FUZZY_LENGTH
            or token in self.generic
            or _is_japanese(token)
        ):
            return None
        if token in self._corrections:  # a miss (None) is cached too: fuzzy lookups are costly
            return self._corrections[token]
        limit = 2 if len(token) >= _LONG_WORD else 1
        best = process.extractOne(
            token, self._latin_words, scorer=Levenshtein.distance, score_cutoff=limit
        )
        corrected = None if best is None else str(best[0])
        with self._lock:
            if len(self._corrections) >= _CORRECTIONS_KEPT:
                self._corrections.clear()
            self._corrections[token] = corrected
        return corrected

    def forget_words(self) -> None:
        """Drop every word looked up so far. The cache keeps single words (a name, a place)
        linked to nobody; the engine calls this when a worker is deleted, so an erased
        worker's words do not outlive its rows in this process."""
        with self._lock:
            self._corrections.clear()

    # ------------------------------------------------------------------ profiles
    def profile(self, texts: Iterable[str]) -> LexicalProfile:
        """The BM25 score of every occupation with ``texts`` (joined) as the query.

        Nothing is cached by text: a worker's text is personal data, and an erased worker's
        must not outlive its rows in a cache of this process (callers keep profiles with the
        worker's cached scoring facts, which erasure drops).
        """
        text = " \n ".join(fold(t) for t in texts if t)
        ids = [
            self._vocabulary[known]
            for token in self.tokens(text)
            if (known := self._known(token)) is not None
        ]
        if not ids:
            return LexicalProfile(_NO_INDEXES, _NO_SCORES, text)
        scores = np.asarray(self._bm25.get_scores_from_ids(ids), dtype=np.float32)
        nonzero = np.flatnonzero(scores > 0).astype(np.int32)
        return LexicalProfile(nonzero, np.ascontiguousarray(scores[nonzero]), text)

    def worker_profile(self, worker: WorkerProfile) -> LexicalProfile:
        """Profile of what a worker's data says: ``worker_texts``."""
        return self.profile(worker_texts(worker))

    def vacancy_profile(self, vacancy: Vacancy) -> LexicalProfile:
        """Profile of a vacancy: ``vacancy_texts``."""
        return self.profile(vacancy_texts(vacancy))

    # ------------------------------------------------------------------ pair scores
    def query_weights(self, query: LexicalProfile) -> Vector:
        """The query's distribution over all occupations, ``s**2`` normalised to sum 1 (zeros
        when it names none). Squared: a job sheet's side words (組立, 解体) hit neighbouring
        trades a little; squaring keeps the weight on the trade its title names."""
        weights = np.zeros(len(self.codes), dtype=np.float32)
        squares = query.scores * query.scores
        total = float(squares.sum(dtype=np.float64))
        if total > 0:
            weights[query.occupations] = squares / np.float32(total)
        return weights

    def evidence(self, candidates: Sequence[LexicalProfile]) -> Vector:
        """Saturated evidence ``s**2 / (s**2 + saturation**2)`` of each candidate (rows) for
        each occupation (columns), in [0, 1): a Hill curve, flat near 0, so a word shared
        with a neighbouring trade ("beton" of a rebar worker, for formwork) counts little
        next to the trade's own words, and saturating, so repeating them gains little."""
        matrix = np.zeros((len(candidates), len(self.codes)), dtype=np.float32)
        for row, candidate in enumerate(candidates):
            matrix[row, candidate.occupations] = candidate.scores
        squares = matrix * matrix
        return squares / (squares + np.float32(self.saturation * self.saturation))

    def similarities(
        self, query: LexicalProfile, candidates: Sequence[LexicalProfile]
    ) -> npt.NDArray[np.float64]:
        """Lexical score of every candidate for ``query`` in [0, 1), in one array operation.

        Row sums, not a matrix product: each row is summed the same way whatever the batch,
        so a candidate's score does not depend on which other candidates came with it.
        """
        if not candidates:
            return np.zeros(0, dtype=np.float64)
        weights = self.query_weights(query)
        rows = self.evidence(candidates) * weights
        sums: npt.NDArray[np.float64] = np.clip(
            rows.sum(axis=1, dtype=np.float32), 0.0, 1.0
        ).astype(np.float64)
        return sums

    def similarity(self, query: LexicalProfile, candidate: LexicalProfile) -> float:
        """Lexical score of one candidate for ``query`` (``similarities`` of a batch of one)."""
        return float(self.similarities(query, [candidate])[0])

    # ------------------------------------------------------------------ explanations
    def term_matches(
        self, query: LexicalProfile, candidate: LexicalProfile, *, top: int = 2
    ) -> list[TermMatch]:
        """The trades behind the pair's score, largest share first, with the term each text
        used for them; at most ``top``, and only those carrying a tenth of the score or more."""
        weights = self.query_weights(query)
        evidence = self.evidence([candidate])[0]
        contributions = weights * evidence
        total = float(contributions.sum())
        if total <= 0:
            return []
        order = np.argsort(-contributions, kind="stable")[:top]
        matches = []
        for index in order.tolist():
            share = float(contributions[index])
            if share <= 0 or share < 0.1 * total:
                break
            query_term = self._matched_term(index, query.text, self._profile_words(query))
            candidate_term = self._matched_term(
                index, candidate.text, self._profile_words(candidate)
            )
            if query_term is None or candidate_term is None:
                continue
            matches.append(TermMatch(self.codes[index], query_term, candidate_term, share))
        return matches

    def matched_term(self, occupation: int, text: str) -> str | None:
        """The longest term of the occupation that ``text`` contains (Japanese terms as
        substrings, Latin ones as whole words, near spellings allowed), else the text's
        word or bigram that scored for it; ``None`` when the text has none."""
        return self._matched_term(occupation, text, self._words(text))

    def _profile_words(self, profile: LexicalProfile) -> tuple[frozenset[str], Mapping[str, str]]:
        """``_words`` of a profile's text, computed once per profile: a vacancy's terms are
        explained against every candidate of the page."""
        if not profile.words:
            profile.words.append(self._words(profile.text))
        return profile.words[0]

    def _matched_term(
        self, occupation: int, text: str, known: tuple[frozenset[str], Mapping[str, str]]
    ) -> str | None:
        words, spelled = known
        best: str | None = None
        own: set[str] = set()
        for term, tokens in zip(
            self._terms[occupation], self._term_tokens[occupation], strict=True
        ):
            specific = [t for t in tokens if t not in self.generic]
            own.update(specific)
            if not specific:  # a term of generic words only ("construction worker") shows nothing
                continue
            found = term in text if _is_japanese(term) else all(t in words for t in tokens)
            if found and (best is None or len(term) > len(best)):
                best = term
        if best is not None:
            return best if _is_japanese(best) else " ".join(spelled.get(t, t) for t in best.split())
        shared = [t for t in words if t in own]
        if not shared:
            return None
        return spelled.get(max(shared, key=len), max(shared, key=len))

    def _words(self, text: str) -> tuple[frozenset[str], Mapping[str, str]]:
        """The text's tokens with their vocabulary spellings, and the text's own spelling of
        each vocabulary word it matched (a misspelling is shown as written)."""
        words: set[str] = set()
        spelled: dict[str, str] = {}
        for token in self.tokens(text):
            words.add(token)
            known = self._known(token)
            if known is not None:
                words.add(known)
                spelled.setdefault(known, token)
        return frozenset(words), MappingProxyType(spelled)

    def top_occupation(self, profile: LexicalProfile) -> str | None:
        """The occupation a text names most strongly (``None`` when it names none)."""
        if profile.empty:
            return None
        return self.codes[int(profile.occupations[int(np.argmax(profile.scores))])]

    def index_of(self, code: str) -> int:
        """Position of an occupation code in ``codes`` (``KeyError`` when unknown)."""
        return self._index_of[code]


_NO_INDEXES: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)
_NO_SCORES: Vector = np.zeros(0, dtype=np.float32)


def _is_japanese(text: str) -> bool:
    return _JAPANESE_CHAR.search(text) is not None


def _occupation_words(code: str | None) -> list[str]:
    """Labels of an occupation code in the three languages (the code resolved when known)."""
    if code is None:
        return []
    with contextlib.suppress(KeyError):  # free text, not a taxonomy code: labelled as is
        code = resolve_occupation(code)
    return [occupation_label(code, lang) for lang in LANGS]


def worker_texts(worker: WorkerProfile) -> list[str]:
    """What a worker's data says about trades: summary, experience titles and descriptions,
    the labels of experience occupations, certificate schemes and qualification titles (only
    certificates whose status is valid: an expired one says nothing of what a worker can show)."""
    texts = [worker.summary or ""]
    for entry in worker.experience:
        texts.extend((entry.title, entry.description or "", *_occupation_words(entry.occupation)))
    for certificate in worker.certificates:
        if certificate.status == "valid":
            texts.extend(
                (
                    certificate.scheme,
                    certificate.qualification_id or "",
                    certificate.qualification_en or "",
                )
            )
    return [text for text in texts if text]


def vacancy_texts(vacancy: Vacancy) -> list[str]:
    """What a vacancy says about the trade: title, the occupation's labels when it names one,
    certificate names (required, then preferred) and the description."""
    texts = [
        vacancy.title,
        *_occupation_words(vacancy.occupation),
        *vacancy.requirements.certificates,
        *vacancy.preferred.certificates,
        vacancy.description or "",
    ]
    return [text for text in texts if text]


@cache
def default_lexicon() -> Lexicon:
    """The lexicon of the packaged taxonomy, built once per process (a few hundred ms: call it
    from a worker thread, as the engine does at start)."""
    return Lexicon(occupation_terms())


__all__ = [
    "SATURATION",
    "LexicalProfile",
    "Lexicon",
    "TermMatch",
    "default_lexicon",
    "fold",
    "vacancy_texts",
    "worker_texts",
]
