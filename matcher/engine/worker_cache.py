"""Parsed workers kept in memory, so a query does not read and re-parse its candidates.

Why: reading a query's candidates and parsing their profiles was a third of the query's time
(docs/benchmarks.md, "Measurements behind the code"). The engine already reads every worker at
start (for the eligibility table), so it keeps them, up to ``capacity``
(``MATCHER_WORKER_CACHE_SIZE``; the README gives the memory it costs), evicting the least
recently used.

Consistency: the cache is written by the change-log replay (``matcher.engine.sync``), which
runs before every query, so a cached worker is never older than the index that ranked it. A
worker read on a miss may be newer than the replay in progress; ``put`` keeps the higher
``version`` so an older copy never replaces a newer one, and a deleted worker is dropped.
The engine touches the cache on the event loop only (no lock needed).

Each cached worker may also carry its ``ScoringFacts`` (what the score reads of a profile,
derived once): scoring ~60 candidates per query re-derived them every time. Facts are tied to
the exact cached object they came from, so a replaced or evicted worker takes them along.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence

from matcher.ranking.scoring import ScoringFacts
from models.worker import Worker


class WorkerCache:
    """A bounded least-recently-used map of worker id -> parsed ``Worker``."""

    def __init__(self, capacity: int) -> None:
        if capacity < 0:
            raise ValueError(f"capacity must be >= 0, got {capacity}")
        self.capacity = capacity
        self._items: OrderedDict[int, Worker] = OrderedDict()
        self._facts: dict[int, tuple[Worker, ScoringFacts]] = {}
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, worker_id: object) -> bool:
        return worker_id in self._items

    def lookup(self, worker_ids: Sequence[int]) -> tuple[dict[int, Worker], list[int]]:
        """Cached workers among ``worker_ids`` (marked as recently used) and the ids missing."""
        found: dict[int, Worker] = {}
        missing: list[int] = []
        items = self._items
        for worker_id in worker_ids:
            worker = items.get(worker_id)
            if worker is None:
                missing.append(worker_id)
            else:
                items.move_to_end(worker_id)
                found[worker_id] = worker
        self.hits += len(found)
        self.misses += len(missing)
        return found, missing

    def put_many(self, workers: Iterable[Worker]) -> None:
        """Remember ``workers``; a cached copy with a higher version is kept instead."""
        if self.capacity == 0:
            return
        items = self._items
        for worker in workers:
            cached = items.get(worker.id)
            if cached is not None and cached.version > worker.version:
                continue
            if cached is not worker:
                self._facts.pop(worker.id, None)
            items[worker.id] = worker
            items.move_to_end(worker.id)
        while len(items) > self.capacity:
            evicted, _ = items.popitem(last=False)
            self._facts.pop(evicted, None)

    def discard(self, worker_ids: Iterable[int]) -> None:
        """Forget deleted workers."""
        for worker_id in worker_ids:
            self._items.pop(worker_id, None)
            self._facts.pop(worker_id, None)

    def facts(self, workers: Iterable[Worker]) -> dict[int, ScoringFacts]:
        """Scoring facts kept for these very worker objects, by id (none for another copy)."""
        found: dict[int, ScoringFacts] = {}
        for worker in workers:
            entry = self._facts.get(worker.id)
            if entry is not None and entry[0] is worker:
                found[worker.id] = entry[1]
        return found

    def put_facts(self, derived: Iterable[tuple[Worker, ScoringFacts]]) -> None:
        """Keep facts derived from ``worker``, only while that very object is the cached one
        (a newer version read meanwhile, or an eviction, makes them moot)."""
        items = self._items
        for worker, facts in derived:
            if items.get(worker.id) is worker:
                self._facts[worker.id] = (worker, facts)
