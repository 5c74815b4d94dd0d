"""The name and id lookup task of ``matcher eval``: does a query naming a person put that person
first? Queries are generated deterministically from the labelled workers, as staff type them.

* ``name, one typo``: each worker's full name with one edit (a letter dropped, two neighbours
  swapped, or one replaced), position and kind drawn from a generator seeded by the worker's key,
  never in a name's first letter (people rarely mistype it);
* ``name, without diacritics``: every third worker's stored name is given accents (the first
  vowel of each word: "Ni Made Ariani" -> "Ní Máde Áriani", as Balinese and Javanese names are
  often written in spreadsheets) and is searched for as typed on a phone, plain and lower-case;
* ``external id, as typed``: the agency's id lower-cased without its dash ("lw001").

Each query has one relevant worker (the labelled names are unique), so P@1 is top-1 accuracy
and MRR says how far down the person is when not first. ``name, meaning only`` runs the typo
queries through the semantic ranking alone: the figure before hybrid retrieval.

The accents are written after the other tasks ran (``apply_accents``): names are not part of the
embedded documents, so they would not change those tasks anyway, and writing last makes sure.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import asyncpg

from matcher.demo import LabelledSet
from matcher.engine import MatchingEngine, MatchQuery, WorkerFilters
from matcher.storage.search import NameMatch, NameScope, WorkerSearchRepository
from matcher.storage.workers import WorkerRepository

_ACCENTS = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú", "A": "Á", "E": "É", "I": "Í",
            "O": "Ó", "U": "Ú"}  # fmt: skip
ACCENTED_EVERY = 3
RELEVANT = 2  # the grade ``mrr`` and ``precision_at_1`` count as a hit


@dataclass(frozen=True, slots=True)
class NameQuery:
    kind: str
    text: str
    worker_key: str  # the labelled worker's external id


def with_typo(name: str, seed: str) -> str:
    """``name`` with one deterministic edit inside a word of four letters or more."""
    rng = random.Random(f"typo:{seed}")
    words = name.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 4] or [len(words) - 1]
    index = rng.choice(long_words)
    word = words[index]
    if len(word) < 3:
        return name + word[-1]  # nothing to edit inside: repeat the last letter
    position = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "swap", "replace"))
    if kind == "drop":
        word = word[:position] + word[position + 1 :]
    elif kind == "swap":
        word = word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    else:
        letter = "abcdefghijklmnopqrstuvwxyz"[(ord(word[position].lower()) - 96) % 26]
        word = word[:position] + letter + word[position + 1 :]
    words[index] = word
    return " ".join(words)


def accented(name: str) -> str:
    """``name`` with the first vowel of each word accented."""
    out = []
    for word in name.split():
        for i, ch in enumerate(word):
            if ch in _ACCENTS:
                word = word[:i] + _ACCENTS[ch] + word[i + 1 :]
                break
        out.append(word)
    return " ".join(out)


def name_queries(labelled: LabelledSet) -> list[NameQuery]:
    """Every query of the task, in a fixed order."""
    queries: list[NameQuery] = []
    for n, worker in enumerate(labelled.workers):
        profile = worker.profile
        queries.append(
            NameQuery("name, one typo", with_typo(profile.full_name, worker.key), worker.key)
        )
        if n % ACCENTED_EVERY == 0:
            queries.append(
                NameQuery("name, without diacritics", profile.full_name.lower(), worker.key)
            )
        queries.append(
            NameQuery(
                "external id, as typed", profile.external_id.lower().replace("-", ""), worker.key
            )
        )
    return queries


async def apply_accents(
    conn: asyncpg.Connection, labelled: LabelledSet, ids: dict[str, int]
) -> None:
    """Store accented names for every ``ACCENTED_EVERY``-th labelled worker."""
    repo = WorkerRepository(conn)
    for n, worker in enumerate(labelled.workers):
        if n % ACCENTED_EVERY == 0:
            changed = worker.profile.model_copy(
                update={"full_name": accented(worker.profile.full_name)}
            )
            await repo.replace(ids[worker.key], changed)


async def run_name_lookups(
    engine: MatchingEngine,
    conn: asyncpg.Connection,
    labelled: LabelledSet,
    ids: dict[str, int],
    limit: int,
) -> dict[str, list[tuple[list[int], list[int]]]]:
    """(graded ranking, all grades) per query, by task name, ready for ``_scores``."""
    await apply_accents(conn, labelled, ids)
    search = WorkerSearchRepository(conn)
    query = MatchQuery(limit=limit)
    runs: dict[str, list[tuple[list[int], list[int]]]] = {}
    everyone = len(labelled.workers)
    for item in name_queries(labelled):
        target = ids[item.worker_key]
        names = await search.name_matches(item.text, NameScope(everyone=True))
        kinds: list[tuple[str, list[NameMatch]]] = [(item.kind, names)]
        if item.kind == "name, one typo":
            kinds.append(("name, meaning only (before hybrid search)", []))
        for task, found in kinds:
            results = await engine.search_workers(item.text, WorkerFilters(), query, found)
            # The person is the one relevant answer, graded as the metrics' top grade.
            ranked = [RELEVANT if r.subject_id == target else 0 for r in results]
            runs.setdefault(task, []).append((ranked, [RELEVANT] + [0] * (everyone - 1)))
    return runs
