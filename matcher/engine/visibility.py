"""Who-may-see-whom facts the ranking filters need, kept in memory next to the index.

Eligibility lives in ``WorkerFeatureTable``; this holds the two tenancy facts it does not: the
owning agency and the discoverable opt-in. Sorted id arrays are cached and rebuilt only after a
change, so a filtered query intersects arrays instead of walking sets.
"""

from __future__ import annotations

import threading

import numpy as np
import numpy.typing as npt

IdArray = npt.NDArray[np.int64]


class WorkerVisibility:
    """Owner agency and discoverability of every worker, with cached sorted id arrays."""

    def __init__(self) -> None:
        self._agency: dict[int, int] = {}
        self._discoverable: set[int] = set()
        self._lock = threading.Lock()
        self._cache_discoverable: IdArray | None = None
        self._cache_agency: dict[int, IdArray] = {}

    def upsert(self, worker_id: int, agency_id: int, discoverable: bool) -> None:
        with self._lock:
            self._agency[worker_id] = agency_id
            if discoverable:
                self._discoverable.add(worker_id)
            else:
                self._discoverable.discard(worker_id)
            self._invalidate()

    def remove(self, worker_id: int) -> None:
        with self._lock:
            self._agency.pop(worker_id, None)
            self._discoverable.discard(worker_id)
            self._invalidate()

    def _invalidate(self) -> None:
        self._cache_discoverable = None
        self._cache_agency = {}

    def discoverable_ids(self) -> IdArray:
        """Ids of workers who opted in to be found, ascending."""
        with self._lock:
            if self._cache_discoverable is None:
                self._cache_discoverable = np.sort(np.fromiter(self._discoverable, dtype=np.int64))
            return self._cache_discoverable

    def agency_ids(self, agency_id: int) -> IdArray:
        """Ids of the workers an agency registered, ascending."""
        with self._lock:
            cached = self._cache_agency.get(agency_id)
            if cached is None:
                ids = [w for w, a in self._agency.items() if a == agency_id]
                cached = np.sort(np.asarray(ids, dtype=np.int64))
                self._cache_agency[agency_id] = cached
            return cached
