"""WorkerSearchRepository against a real PostgreSQL: trigram name and id lookup, sorted pages."""

from __future__ import annotations

import asyncpg

from matcher.storage.agencies import AgencyRepository
from matcher.storage.search import NameScope, WorkerSearchRepository
from matcher.storage.workers import WorkerRepository
from tests import factories

NAMES = ("Siti Rahmawati", "Dewi Lestari", "Ni Made Ayu Kusumá", "Rahmat Hidayat", "Sari Wulandari")


async def _seed(conn: asyncpg.Connection) -> tuple[int, int, dict[str, int]]:
    own = await AgencyRepository(conn).ensure("AG1")
    other = await AgencyRepository(conn).ensure("AG2")
    repo = WorkerRepository(conn)
    profiles = [factories.worker(n + 1, full_name=name) for n, name in enumerate(NAMES)]
    outcome = await repo.upsert_many(own.id, profiles[:4])
    hidden = factories.worker(90, full_name="Siti Rahmawaty", discoverable=False)
    shared = factories.worker(91, full_name="Siti Rahmawati Putri", discoverable=True)
    other_outcome = await repo.upsert_many(other.id, [hidden, shared])
    ids = {p.full_name: outcome.ids[p.external_id] for p in profiles[:4]}
    ids["hidden"] = other_outcome.ids[hidden.external_id]
    ids["shared"] = other_outcome.ids[shared.external_id]
    return own.id, other.id, ids


async def test_typo_and_missing_diacritics_find_the_person_first(conn: asyncpg.Connection) -> None:
    own, _, ids = await _seed(conn)
    search = WorkerSearchRepository(conn)
    scope = NameScope(agency_id=own)

    typo = await search.name_matches("siti rahmawti", scope)
    plain = await search.name_matches("ni made ayu kusuma", scope)
    upper = await search.name_matches("  SITI   RAHMAWATI ", scope)

    assert typo[0].worker_id == ids["Siti Rahmawati"] and not typo[0].exact
    assert typo[0].score >= 0.6
    assert plain[0].worker_id == ids["Ni Made Ayu Kusumá"] and plain[0].exact
    assert upper[0].worker_id == ids["Siti Rahmawati"] and upper[0].exact
    assert ids["Dewi Lestari"] not in {m.worker_id for m in typo}


async def test_external_id_exact_and_with_a_typo(conn: asyncpg.Connection) -> None:
    own, _, ids = await _seed(conn)
    search = WorkerSearchRepository(conn)
    external = factories.worker(2).external_id  # Dewi Lestari's

    exact = await search.name_matches(external.lower(), NameScope(agency_id=own))
    typo = await search.name_matches(external.replace("-", ""), NameScope(agency_id=own))

    assert exact[0].worker_id == ids["Dewi Lestari"] and exact[0].exact
    assert typo[0].worker_id == ids["Dewi Lestari"]


async def test_scope_keeps_other_agencies_hidden_workers_out(conn: asyncpg.Connection) -> None:
    own, _, ids = await _seed(conn)
    search = WorkerSearchRepository(conn)

    mine = {
        m.worker_id for m in await search.name_matches("siti rahmawati", NameScope(agency_id=own))
    }
    visible = {
        m.worker_id
        for m in await search.name_matches(
            "siti rahmawati", NameScope(agency_id=own, discoverable=True)
        )
    }
    everyone = {
        m.worker_id for m in await search.name_matches("siti rahmawati", NameScope(everyone=True))
    }

    assert mine == {ids["Siti Rahmawati"]}
    assert visible == {ids["Siti Rahmawati"], ids["shared"]}
    assert {ids["hidden"], ids["shared"], ids["Siti Rahmawati"]} <= everyone
    assert await search.name_matches("siti", NameScope()) == []


async def test_descriptions_do_not_match_names(conn: asyncpg.Connection) -> None:
    await _seed(conn)
    found = await WorkerSearchRepository(conn).name_matches(
        "caregiver with night shifts in elderly care", NameScope(everyone=True)
    )
    assert found == []


async def test_sorted_page_orders_and_pages(conn: asyncpg.Connection) -> None:
    _, _, ids = await _seed(conn)
    search = WorkerSearchRepository(conn)
    all_ids = sorted(ids.values())

    by_name = await search.sorted_page(all_ids, "name", descending=False, offset=0, limit=3)
    rest = await search.sorted_page(all_ids, "name", descending=False, offset=3, limit=10)
    backwards = await search.sorted_page(all_ids, "name", descending=True, offset=0, limit=10)

    assert by_name == [ids["Dewi Lestari"], ids["Ni Made Ayu Kusumá"], ids["Rahmat Hidayat"]]
    assert len(rest) == 3 and not set(rest) & set(by_name)
    assert backwards == list(reversed([*by_name, *rest]))
