"""The matching engine: the three entry points of DOMAIN.md, explained, over a live index.

* vacancy -> workers (``match_vacancy``), worker -> vacancies (``recommend_vacancies``),
  free text in any language -> workers or vacancies (``search_workers``, ``search_vacancies``).
* Hard requirements and user filters select the allowed ids first; FAISS ranks only those
  (never top-K then filter, which silently loses eligible candidates). The index returns the
  semantically closest allowed candidates, over-fetched, and the full weighted score re-ranks
  them with reasons and gaps.
* ``EngineRuntime`` (``matcher.engine.runtime``) keeps the state current: every query first
  applies the change log, so a write is visible to the next query, whoever made it.
* Encoding and index searches run in worker threads; the event loop never blocks on them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date
from functools import reduce
from typing import Any

import anyio
import asyncpg
import numpy as np
import numpy.typing as npt

from matcher.embedding import encode_async
from matcher.engine.gaps import GapGroup, near_misses
from matcher.engine.occupations import OccupationInference
from matcher.engine.ranker import PairCandidate, TextCandidate, rank_pairs, rank_texts
from matcher.engine.results import (
    MatchQuery,
    MatchResult,
    VacancyFilters,
    WorkerFilters,
)
from matcher.engine.runtime import EngineRuntime
from matcher.engine.sync import (
    SearchState,
)
from matcher.errors import NotFound
from matcher.index import Hit
from matcher.ranking import (
    VacancyRequirementTable,
    check_eligibility,
    start_date,
)
from matcher.ranking.lexical import LexicalProfile, default_lexicon
from matcher.ranking.recognitions import RecognitionTable
from matcher.ranking.scoring import ScoringFacts, VacancyTerms
from matcher.settings import Settings
from matcher.storage.embeddings import (
    EmbeddingRepository,
    Entity,
)
from matcher.storage.search import NameMatch
from matcher.storage.workers import WorkerRepository
from models.vacancy import Vacancy
from models.vocabulary import occupations
from models.worker import Worker

log = logging.getLogger(__name__)

IdArray = npt.NDArray[np.int64]
# Candidates taken from the index before the full score re-ranks them: enough for occupation,
# field and qualifications to reorder the semantically closest, few enough that fetching and
# scoring them stays cheap (fetch and score are most of a query's time: docs/benchmarks.md).
OVERFETCH = 3
MIN_CANDIDATES = 50
MAX_CANDIDATES = 300


def _today() -> date:
    return date.today()


def _intersect(arrays: Sequence[IdArray]) -> IdArray | None:
    if not arrays:
        return None
    return reduce(lambda a, b: np.intersect1d(a, b, assume_unique=True), arrays)


class MatchingEngine(EngineRuntime):
    """The entry points of DOMAIN.md over the state ``EngineRuntime`` keeps current: each
    gathers its candidates (allowed ids, index search, profiles) and ranks them through the
    one pipeline of ``matcher.engine.ranker``."""

    def __init__(self, pool: asyncpg.Pool[Any], settings: Settings, state: SearchState) -> None:
        super().__init__(pool, settings, state)
        self._requirements: tuple[int, VacancyRequirementTable] | None = None
        self._terms: dict[int, tuple[Vacancy, VacancyTerms]] = {}

    # ------------------------------------------------------------------ helpers
    def _allowed_workers(self, filters: WorkerFilters, on: date) -> IdArray | None:
        """Ids passing the user and tenancy filters; ``None`` means every worker."""
        state = self.state
        arrays: list[IdArray] = []
        if filters.category is not None:
            arrays.append(self._in_category(filters.category))
        if any(
            value is not None
            for value in (
                filters.ssw_field,
                filters.min_japanese,
                filters.certificate,
                filters.province,
                filters.available_by,
            )
        ):
            arrays.append(
                state.features.matches_filters(
                    on,
                    field=filters.ssw_field,
                    min_japanese=filters.min_japanese,
                    certificate=filters.certificate,
                    province=filters.province,
                    available_by=filters.available_by,
                )
            )
        if filters.worker_ids is not None:
            arrays.append(np.asarray(sorted(filters.worker_ids), dtype=np.int64))
        if filters.agency_id is not None:
            arrays.append(state.visibility.agency_ids(filters.agency_id))
        if filters.discoverable_only:
            arrays.append(state.visibility.discoverable_ids())
        if filters.visible_to_agency is not None:
            arrays.append(
                np.union1d(
                    state.visibility.discoverable_ids(),
                    state.visibility.agency_ids(filters.visible_to_agency),
                )
            )
        return _intersect(arrays)

    def _in_category(self, category: str) -> IdArray:
        """Ids of workers shown to hold ``category``'s skill test (or its exemption)."""
        return self.state.features.in_category(category)

    async def allowed_worker_ids(self, filters: WorkerFilters) -> IdArray:
        """Ids (ascending) of the workers passing ``filters``, for listings without a query:
        the same rules as a ranked search, so a listing and a search agree on who passes."""
        await self.refresh()
        allowed = self._allowed_workers(filters, _today())
        if allowed is None:
            return np.sort(self.state.features.ids())
        return allowed

    async def eligibility_gaps(self, filters: WorkerFilters) -> list[GapGroup]:
        """Near misses of the workers passing ``filters`` for the open vacancies
        (``matcher.engine.gaps``), computed in a worker thread from memory."""
        await self.refresh()
        allowed = self._allowed_workers(filters, _today())
        ids = self.state.features.ids() if allowed is None else allowed
        vacancies = list(self.state.vacancy_catalogue.items())
        return await anyio.to_thread.run_sync(
            near_misses, self.state.features, ids, vacancies, _today(), self.state.recognitions
        )

    def _allowed_vacancies(self, filters: VacancyFilters) -> IdArray:
        ids = [
            vid
            for vid, v in self.state.vacancy_catalogue.items()
            if (not filters.open_only or v.status == "open")
            and (filters.ssw_field is None or v.ssw_field == filters.ssw_field)
            and (filters.employer_id is None or v.employer_id == filters.employer_id)
            and (
                filters.prefecture is None
                or (v.prefecture or "").lower() == filters.prefecture.lower()
            )
        ]
        return np.asarray(sorted(ids), dtype=np.int64)

    async def _stored_vector(self, entity: Entity, object_id: int) -> npt.NDArray[np.float32]:
        """The object's vector: from the index when it stores float32, else the database."""
        index = self.state.index_of(entity)
        if index.exact_vectors:
            found = index.vector(object_id)
            if found is not None:
                return found
        async with self.pool.acquire() as conn:
            repo = EmbeddingRepository(conn, entity)
            ids, vectors = await repo.load([object_id], self.state.embedder.model_id)
        if ids.shape[0] == 0:
            raise NotFound(f"no {entity} with id {object_id}")
        vector: npt.NDArray[np.float32] = vectors[0]
        return vector

    async def _nearest_eligible(
        self,
        worker: Worker,
        vector: npt.NDArray[np.float32],
        candidates: IdArray,
        k: int,
        today: date,
        recognitions: RecognitionTable,
    ) -> list[Hit]:
        """The ``k`` vacancies closest to ``vector`` among ``candidates`` that ``worker`` is
        eligible for, in similarity order.

        Eligibility is checked in similarity order on widening rounds of nearest candidates
        (4k, 16k, ...) until ``k`` pass or none are left. Same answer as checking every
        candidate first and searching the eligible ones, but a worker eligible for a thousand
        vacancies costs 4 x k checks instead of a thousand.
        """
        catalogue = self.state.vacancy_catalogue
        verdicts: dict[int, bool] = {}

        def eligible_of(hits: list[Hit]) -> list[Hit]:
            kept = []
            for hit in hits:
                if hit.id not in verdicts:
                    vacancy = catalogue.get(hit.id)
                    verdicts[hit.id] = vacancy is not None and (
                        check_eligibility(
                            worker, vacancy, start_date(vacancy, today), recognitions
                        ).eligible
                    )
                if verdicts[hit.id]:
                    kept.append(hit)
            return kept

        total = int(candidates.shape[0])
        fetch = min(total, 4 * k)
        while True:
            hits = await anyio.to_thread.run_sync(
                self.state.vacancies.search_one, vector, fetch, candidates
            )
            kept = await anyio.to_thread.run_sync(eligible_of, hits)
            if len(kept) >= k or fetch >= total:
                return kept[:k]
            fetch = min(total, 4 * fetch)

    async def _vacancy_requirements(self) -> VacancyRequirementTable:
        """The requirement table of the current catalogue, rebuilt (in a worker thread) after
        the catalogue changed."""
        version = self.state.catalogue_version
        if self._requirements is None or self._requirements[0] != version:
            rows = list(self.state.vacancy_catalogue.items())
            table = await anyio.to_thread.run_sync(VacancyRequirementTable, rows)
            self._requirements = (version, table)
        return self._requirements[1]

    async def _workers(self, worker_ids: Sequence[int]) -> dict[int, Worker]:
        """Workers by id from the in-memory cache, reading (and caching) the ones missing."""
        cache = self.state.worker_cache
        found, missing = cache.lookup(worker_ids)
        if missing:
            async with self.pool.acquire() as conn:
                fetched = await WorkerRepository(conn).get_many(missing)
            cache.put_many(fetched.values())
            found.update(fetched)
        return found

    async def _occupation_profiles(
        self, entity: Entity, ids: Sequence[int]
    ) -> dict[int, npt.NDArray[np.float32]]:
        """Occupation profiles of ``ids``, computed from stored vectors where not cached yet
        (after a restart from a snapshot the vectors come from the snapshot, not through sync):
        read from the index when it keeps them exactly, else from the database."""
        cache = self.state.occupation_cache(entity)
        missing = [i for i in ids if i not in cache]
        index = self.state.index_of(entity)
        if missing and index.exact_vectors:
            rows = {i: row for i in missing if (row := index.vector(i)) is not None}
            if rows:
                self.state.remember_occupations(entity, list(rows), np.vstack(list(rows.values())))
            missing = [i for i in missing if i not in cache]
        if missing:
            async with self.pool.acquire() as conn:
                found, vectors = await EmbeddingRepository(conn, entity).load(
                    missing, self.state.embedder.model_id
                )
            self.state.remember_occupations(entity, found.tolist(), vectors)
        return {i: cache[i] for i in ids if i in cache}

    def _posterior(
        self, profile: npt.NDArray[np.float32] | None, terms: LexicalProfile
    ) -> npt.NDArray[np.float32] | None:
        """One text's occupation profile given the trade terms it names (``with_terms``)."""
        if self.state.occupations is None:
            return profile
        return self.state.occupations.with_terms([profile], [terms])[0]

    def _posteriors(
        self,
        ids: Sequence[int],
        profiles: Mapping[int, npt.NDArray[np.float32]],
        terms: Mapping[int, LexicalProfile],
    ) -> dict[int, npt.NDArray[np.float32] | None]:
        """Each id's occupation profile given the trade terms its text names (``terms``), in
        one batch; ``None`` where the profile is missing. CPU work: call it in the worker
        thread that ranks."""
        rows = [profiles.get(i) for i in ids]
        if self.state.occupations is not None:
            rows = self.state.occupations.with_terms(rows, [terms.get(i) for i in ids])
        return dict(zip(ids, rows, strict=True))

    @staticmethod
    def _same_occupations(
        ids: Sequence[int],
        posteriors: Mapping[int, npt.NDArray[np.float32] | None],
        other: npt.NDArray[np.float32] | None,
    ) -> dict[int, float | None]:
        """Same-occupation probability of each id's posterior with ``other``; ``None`` where
        either is missing."""
        values = OccupationInference.same_occupations([posteriors.get(i) for i in ids], other)
        return dict(zip(ids, values, strict=True))

    def _occupation_code(
        self, vacancy: Vacancy, profile: npt.NDArray[np.float32] | None
    ) -> str | None:
        """The vacancy's occupation: as given, else the most likely one from its text."""
        if vacancy.occupation is not None:
            return vacancy.occupation
        if profile is None or self.state.occupations is None:
            return None
        return self.state.occupations.top(profile)

    def _terms_of(self, vacancy_id: int, vacancy: Vacancy) -> VacancyTerms:
        """What the score reads of a vacancy (its lexical profile among it), derived once per
        stored version: a change replaces the catalogue's object, which makes a new entry.
        Called from worker threads; a lost race only derives the same terms twice."""
        known = self._terms.get(vacancy_id)
        if known is None or known[0] is not vacancy:
            known = (vacancy, VacancyTerms.of(vacancy))
            self._terms[vacancy_id] = known
        return known[1]

    @staticmethod
    def _candidates(limit: int, allowed: IdArray | None, size: int) -> int:
        pool = size if allowed is None else int(allowed.shape[0])
        return max(1, min(pool, max(limit * OVERFETCH, MIN_CANDIDATES), MAX_CANDIDATES))

    # ------------------------------------------------------------------ entry points
    # Each gathers its candidates (allowed ids, index search, profiles) and hands them to the
    # one pipeline in ``matcher.engine.ranker``, which scores, orders and explains the page.

    async def match_vacancy(
        self, vacancy_id: int, query: MatchQuery, filters: WorkerFilters | None = None
    ) -> list[MatchResult]:
        """Workers for a vacancy: eligible ones only unless ``include_ineligible`` (then marked)."""
        await self.refresh()
        filters = filters or WorkerFilters()
        vacancy = self.state.vacancy_catalogue.get(vacancy_id)
        if vacancy is None:
            raise NotFound(f"no vacancy with id {vacancy_id}")
        on = start_date(vacancy, _today())
        recognitions = self.state.recognitions  # one table for the whole query
        allowed = self._allowed_workers(filters, on)
        eligible_ids = self.state.features.eligible_ids(vacancy, on, recognitions)
        if not query.include_ineligible:
            allowed = (
                eligible_ids
                if allowed is None
                else np.intersect1d(allowed, eligible_ids, assume_unique=True)
            )
        if allowed is not None and allowed.shape[0] == 0:
            return []
        vector = await self._stored_vector("vacancy", vacancy_id)
        k = self._candidates(query.limit, allowed, len(self.state.workers))
        hits = await anyio.to_thread.run_sync(self.state.workers.search_one, vector, k, allowed)
        hit_ids = [h.id for h in hits]
        workers = await self._workers(hit_ids)
        vacancy_profile = (await self._occupation_profiles("vacancy", [vacancy_id])).get(vacancy_id)
        worker_profiles = await self._occupation_profiles("worker", hit_ids)
        known_facts = self.state.worker_cache.facts(workers.values())

        def rank() -> tuple[list[MatchResult], list[tuple[Worker, ScoringFacts]]]:
            terms = self._terms_of(vacancy_id, vacancy)
            vacancy_posterior = self._posterior(vacancy_profile, terms.lexical)
            occupation_code = self._occupation_code(vacancy, vacancy_posterior)
            derived: list[tuple[Worker, ScoringFacts]] = []
            found: dict[int, tuple[Worker, ScoringFacts]] = {}
            for hit in hits:
                worker = workers.get(hit.id)
                if worker is None:  # deleted since the search; the next refresh drops it
                    continue
                facts = known_facts.get(hit.id)
                if facts is None:
                    facts = ScoringFacts.of(worker)
                    derived.append((worker, facts))
                found[hit.id] = (worker, facts)
            lexical = {i: facts.lexical for i, (_, facts) in found.items()}
            posteriors = self._posteriors(hit_ids, worker_profiles, lexical)
            same = self._same_occupations(hit_ids, posteriors, vacancy_posterior)
            candidates = []
            for hit in hits:
                if hit.id not in found:
                    continue
                worker, facts = found[hit.id]
                candidates.append(
                    PairCandidate(
                        hit.id,
                        vacancy_id,
                        worker,
                        worker,
                        vacancy,
                        facts,
                        terms,
                        on,
                        hit.score,
                        same[hit.id],
                        occupation_code,
                    )
                )
            verdicts = None
            if query.include_ineligible:
                ids = np.asarray([c.subject_id for c in candidates], dtype=np.int64)
                verdicts = np.isin(ids, eligible_ids, assume_unique=True)
            return rank_pairs(candidates, query, self.weights, recognitions, verdicts), derived

        results, derived = await anyio.to_thread.run_sync(rank)
        self.state.worker_cache.put_facts(derived)
        return results

    async def recommend_vacancies(
        self, worker_id: int, query: MatchQuery, filters: VacancyFilters | None = None
    ) -> list[MatchResult]:
        """Vacancies for a worker, with what the worker still lacks for each."""
        await self.refresh()
        filters = filters or VacancyFilters()
        worker = (await self._workers([worker_id])).get(worker_id)
        if worker is None:
            raise NotFound(f"no worker with id {worker_id}")
        today = _today()
        catalogue = self.state.vacancy_catalogue
        recognitions = self.state.recognitions  # one table for the whole query
        allowed = self._allowed_vacancies(filters)
        if not query.include_ineligible:
            # The table rules out most of the catalogue at once; the full check decides.
            requirements = await self._vacancy_requirements()
            allowed = requirements.passing(worker, allowed, recognitions)
        if allowed.shape[0] == 0:
            return []
        vector = await self._stored_vector("worker", worker_id)
        k = self._candidates(query.limit, allowed, len(self.state.vacancies))
        if query.include_ineligible:
            hits = await anyio.to_thread.run_sync(
                self.state.vacancies.search_one, vector, k, allowed
            )
        else:
            hits = await self._nearest_eligible(worker, vector, allowed, k, today, recognitions)
        worker_profile = (await self._occupation_profiles("worker", [worker_id])).get(worker_id)
        hit_ids = [h.id for h in hits]
        vacancy_profiles = await self._occupation_profiles("vacancy", hit_ids)

        def rank() -> list[MatchResult]:
            facts = ScoringFacts.of(worker)
            worker_posterior = self._posterior(worker_profile, facts.lexical)
            lexical = {
                hit.id: self._terms_of(hit.id, vacancy).lexical
                for hit in hits
                if (vacancy := catalogue.get(hit.id)) is not None
            }
            posteriors = self._posteriors(hit_ids, vacancy_profiles, lexical)
            same = self._same_occupations(hit_ids, posteriors, worker_posterior)
            candidates = []
            for hit in hits:
                vacancy = catalogue.get(hit.id)
                if vacancy is None:
                    continue
                code = self._occupation_code(vacancy, posteriors.get(hit.id))
                candidates.append(
                    PairCandidate(
                        hit.id,
                        worker_id,
                        vacancy,
                        worker,
                        vacancy,
                        facts,
                        self._terms_of(hit.id, vacancy),
                        start_date(vacancy, today),
                        hit.score,
                        same[hit.id],
                        code,
                    )
                )
            verdicts = None
            if query.include_ineligible:
                # A few dozen candidates, checked in full so the page is ordered eligible first.
                verdicts = np.asarray(
                    [
                        check_eligibility(worker, c.vacancy, c.on, recognitions).eligible
                        for c in candidates
                    ],
                    dtype=np.bool_,
                )
            return rank_pairs(candidates, query, self.weights, recognitions, verdicts)

        return await anyio.to_thread.run_sync(rank)

    async def _query_vector(
        self, text: str
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32] | None]:
        vector = (await encode_async(self.state.embedder, [text]))[0]
        profile = (
            None if self.state.occupations is None else self.state.occupations.profiles(vector)[0]
        )
        return vector, profile

    async def search_workers(
        self,
        text: str,
        filters: WorkerFilters | None = None,
        query: MatchQuery | None = None,
        names: Sequence[NameMatch] = (),
    ) -> list[MatchResult]:
        """Workers for a free-text query in any language, within the filters: hybrid retrieval.

        ``names`` are the lexical matches of ``text`` on names and external ids that the
        caller may look up (``WorkerSearchRepository.name_matches``, scoped by the access
        layer). Name matches that pass the filters come first, exact ones (the whole name or
        id) before fuzzy ones, each group by lexical score, then by meaning; the semantic
        ranking follows for everyone else (``ranker.rank_texts``). So "Siti Rahmawti" puts
        Siti Rahmawati first and still lists the closest profiles after her, and a
        description, which matches no name, ranks by meaning alone.
        """
        await self.refresh()
        filters = filters or WorkerFilters()
        query = query or MatchQuery()
        today = _today()
        allowed = self._allowed_workers(filters, today)
        if allowed is not None and allowed.shape[0] == 0:
            return []
        by_name = {m.worker_id: m for m in names if m.worker_id in self.state.features}
        if allowed is not None and by_name:
            kept = np.intersect1d(
                allowed, np.asarray(sorted(by_name), dtype=np.int64), assume_unique=True
            )
            by_name = {int(i): by_name[int(i)] for i in kept}
        vector, query_profile = await self._query_vector(text)
        k = self._candidates(query.limit, allowed, len(self.state.workers))
        hits = await anyio.to_thread.run_sync(self.state.workers.search_one, vector, k, allowed)
        query_terms = await anyio.to_thread.run_sync(default_lexicon().profile, [text])
        hits = await self._with_trade_candidates(hits, query_terms, vector, k, allowed, today)
        found = {h.id for h in hits}
        unseen = np.asarray(sorted(set(by_name) - found), dtype=np.int64)
        if unseen.shape[0]:
            # Their cosine with the query, so a name match is explained like any result.
            hits = hits + await anyio.to_thread.run_sync(
                self.state.workers.search_one, vector, int(unseen.shape[0]), unseen
            )
        hit_ids = [h.id for h in hits]
        workers = await self._workers(hit_ids)
        profiles = await self._occupation_profiles("worker", hit_ids)
        known = self.state.worker_cache.facts(workers.values())
        derived = await anyio.to_thread.run_sync(self._facts_missing, workers, known)
        self.state.worker_cache.put_facts(derived)  # on the loop, as the cache requires
        facts = {**known, **{w.id: f for w, f in derived}}

        def rank() -> list[MatchResult]:
            lexical = {i: f.lexical for i, f in facts.items()}
            posteriors = self._posteriors(hit_ids, profiles, lexical)
            same = self._same_occupations(
                hit_ids, posteriors, self._posterior(query_profile, query_terms)
            )
            candidates = [
                TextCandidate(
                    workers[h.id], h.score, same[h.id], facts[h.id].lexical, by_name.get(h.id)
                )
                for h in hits
                if h.id in workers
            ]
            return rank_texts(candidates, query, self.weights, today, query_terms)

        return await anyio.to_thread.run_sync(rank)

    async def search_vacancies(
        self, text: str, filters: VacancyFilters | None = None, query: MatchQuery | None = None
    ) -> list[MatchResult]:
        """Vacancies closest to a free-text query in any language, within the filters."""
        await self.refresh()
        filters = filters or VacancyFilters()
        query = query or MatchQuery()
        allowed = self._allowed_vacancies(filters)
        if allowed.shape[0] == 0:
            return []
        vector, query_profile = await self._query_vector(text)
        k = self._candidates(query.limit, allowed, len(self.state.vacancies))
        hits = await anyio.to_thread.run_sync(self.state.vacancies.search_one, vector, k, allowed)
        hit_ids = [h.id for h in hits]
        profiles = await self._occupation_profiles("vacancy", hit_ids)
        catalogue = self.state.vacancy_catalogue
        found = [(h, catalogue[h.id]) for h in hits if h.id in catalogue]

        def rank() -> list[MatchResult]:
            query_terms = default_lexicon().profile([text])
            lexical = {h.id: self._terms_of(h.id, v).lexical for h, v in found}
            posteriors = self._posteriors(hit_ids, profiles, lexical)
            same = self._same_occupations(
                hit_ids, posteriors, self._posterior(query_profile, query_terms)
            )
            candidates = [TextCandidate(v, h.score, same[h.id], lexical[h.id]) for h, v in found]
            return rank_texts(candidates, query, self.weights, _today(), query_terms)

        return await anyio.to_thread.run_sync(rank)

    async def _with_trade_candidates(
        self,
        hits: list[Hit],
        query_terms: LexicalProfile,
        vector: npt.NDArray[np.float32],
        k: int,
        allowed: IdArray | None,
        on: date,
    ) -> list[Hit]:
        """When a free-text query names a trade, the semantically closest workers of that
        trade's SSW field join the candidates, so a one-line query whose embedding lands among
        other trades still reaches the trade's workers (the lexical signal chooses where to
        look, FAISS ranks there)."""
        trade = default_lexicon().top_occupation(query_terms)
        if trade is None or self.weights.lexical <= 0:  # the signal off: semantic retrieval only
            return hits
        in_field = self.state.features.matches_filters(on, field=occupations()[trade].field)
        if allowed is not None:
            in_field = np.intersect1d(in_field, allowed, assume_unique=True)
        if in_field.shape[0] == 0:
            return hits
        extra = await anyio.to_thread.run_sync(
            self.state.workers.search_one, vector, min(k, int(in_field.shape[0])), in_field
        )
        seen = {h.id for h in hits}
        return hits + [h for h in extra if h.id not in seen]

    @staticmethod
    def _facts_missing(
        workers: Mapping[int, Worker], known: Mapping[int, ScoringFacts]
    ) -> list[tuple[Worker, ScoringFacts]]:
        """Scoring facts (the lexical profile among them) of the workers the cache has none
        for. Blocking CPU work: run it in a worker thread; cache the result on the loop."""
        return [(w, ScoringFacts.of(w)) for i, w in workers.items() if i not in known]
