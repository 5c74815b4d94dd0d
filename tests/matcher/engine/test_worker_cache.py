"""WorkerCache: bounded LRU of parsed workers, newer versions win, deletions drop."""

from __future__ import annotations

import pytest

from matcher.engine.worker_cache import WorkerCache
from matcher.ranking.scoring import ScoringFacts
from models.worker import Worker
from tests import factories


def _worker(worker_id: int, version: int = 1, summary: str = "s") -> Worker:
    profile = factories.worker(worker_id, summary=summary)
    return Worker(**profile.model_dump(), id=worker_id, agency_id=1, version=version)


def test_lookup_reports_hits_and_misses_in_order() -> None:
    cache = WorkerCache(10)
    cache.put_many([_worker(1), _worker(2)])
    found, missing = cache.lookup([2, 3, 1, 4])
    assert sorted(found) == [1, 2] and missing == [3, 4]
    assert (cache.hits, cache.misses) == (2, 2)


def test_least_recently_used_is_evicted_first() -> None:
    cache = WorkerCache(2)
    cache.put_many([_worker(1), _worker(2)])
    cache.lookup([1])  # 2 is now the least recently used
    cache.put_many([_worker(3)])
    assert 1 in cache and 3 in cache and 2 not in cache
    assert len(cache) == 2


def test_an_older_version_never_replaces_a_newer_one() -> None:
    cache = WorkerCache(10)
    cache.put_many([_worker(1, version=3, summary="new")])
    cache.put_many([_worker(1, version=2, summary="old")])
    assert cache.lookup([1])[0][1].summary == "new"
    cache.put_many([_worker(1, version=4, summary="newer")])
    assert cache.lookup([1])[0][1].summary == "newer"


def test_discard_and_zero_capacity() -> None:
    cache = WorkerCache(10)
    cache.put_many([_worker(1), _worker(2)])
    cache.discard([1, 99])
    assert 1 not in cache and 2 in cache
    off = WorkerCache(0)
    off.put_many([_worker(1)])
    assert len(off) == 0 and off.lookup([1]) == ({}, [1])
    with pytest.raises(ValueError):
        WorkerCache(-1)


def test_scoring_facts_are_kept_for_the_cached_object_only() -> None:
    cache = WorkerCache(10)
    cached, other_copy = _worker(1), _worker(1)
    cache.put_many([cached])
    facts = ScoringFacts.of(cached)
    cache.put_facts([(other_copy, ScoringFacts.of(other_copy)), (_worker(9), facts)])
    assert cache.facts([cached]) == {}  # facts of another copy, or of an uncached worker
    cache.put_facts([(cached, facts)])
    assert cache.facts([cached]) == {1: facts}
    assert cache.facts([other_copy]) == {}


@pytest.mark.parametrize("how", ["newer version", "deletion", "eviction"])
def test_scoring_facts_leave_with_their_worker(how: str) -> None:
    cache = WorkerCache(1)
    cached = _worker(1)
    cache.put_many([cached])
    cache.put_facts([(cached, ScoringFacts.of(cached))])
    if how == "newer version":
        newer = _worker(1, version=2, summary="changed")
        cache.put_many([newer])
        assert cache.facts([newer]) == {}
    elif how == "deletion":
        cache.discard([1])
    else:
        cache.put_many([_worker(2)])
    assert cache.facts([cached]) == {}
