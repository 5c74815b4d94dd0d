"""Worker search that finds people (issue 19): names and ids first, filters, listings, totals,
and who may look whom up by name. Runs the real engine (the suite's fake embedder)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from matcher.settings import Settings
from tests import factories
from tests.api.conftest import World, api_settings, real_engine_factory
from tests.api.test_basics import assert_problem

PEOPLE: tuple[tuple[str, dict[str, Any]], ...] = (
    ("Dewi Lestari", {}),
    ("Ni Kadék Ayu Wulandarí", {}),
    ("Rahmat Hidayat", {"japanese": [{"test": "JLPT", "level": "N3", "passed_on": "2024-07-07"}]}),
    ("Agus Santoso", {"ssw_tests": [], "province": "Bali"}),
    ("Putri Maharani", {"available_from": "2027-06-01"}),
)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings, api_settings=api_settings(), engine_factory=real_engine_factory)


async def _seed(client: httpx.AsyncClient, world: World) -> dict[str, int]:
    """w1 keeps "Siti Rahmawati" (AG1); w2 and w3 (AG2, w3 hidden) get names of their own;
    AG1 adds five more people."""
    admin = world.auth("admin")
    for key, name in (("w2", "Bayu Pratama"), ("w3", "Wayan Sudarsana")):
        r = await client.patch(
            f"/v1/workers/{world.worker[key]}", json={"full_name": name}, headers=admin
        )
        assert r.status_code == 200, r.text
    ids = {"Siti Rahmawati": world.worker["w1"], "Bayu Pratama": world.worker["w2"],
           "Wayan Sudarsana": world.worker["w3"]}  # fmt: skip
    for n, (name, extra) in enumerate(PEOPLE, start=500):
        body = factories.worker_data(n, full_name=name, **extra)
        r = await client.post("/v1/workers", json=body, headers=world.auth("ag1"))
        assert r.status_code == 201, r.text
        ids[name] = r.json()["id"]
    return ids


async def _search(client: httpx.AsyncClient, who: str, world: World, **body: Any) -> dict[str, Any]:
    r = await client.post("/v1/search/workers", json=body, headers=world.auth(who))
    assert r.status_code == 200, r.text
    found: dict[str, Any] = r.json()
    assert found["count"] == len(found["data"])
    return found


def _ids(found: dict[str, Any]) -> list[int]:
    return [item["worker"]["id"] for item in found["data"]]


async def test_a_name_with_a_typo_or_without_diacritics_comes_first(
    client: httpx.AsyncClient, world: World
) -> None:
    ids = await _seed(client, world)
    for query, name in (
        ("Siti Rahmawti", "Siti Rahmawati"),
        ("siti rahmawati", "Siti Rahmawati"),
        ("ni kadek ayu wulandari", "Ni Kadék Ayu Wulandarí"),
        ("Rahmat Hidyat", "Rahmat Hidayat"),
    ):
        found = await _search(client, "ag1", world, query=query, lang="id")
        first = found["data"][0]
        assert first["worker"]["id"] == ids[name], (query, found["data"][:3])
        assert first["components"]["name"] >= 0.5
        assert first["reasons"][0] == "Nama atau ID cocok dengan pencarian"
        # every other profile is still ranked after the person, by meaning
        assert found["total"] == len(found["data"]) == 7  # all but w3 (AG2's, hidden)


async def test_an_external_id_comes_first(client: httpx.AsyncClient, world: World) -> None:
    ids = await _seed(client, world)
    external = factories.worker_data(503)["external_id"]  # Agus Santoso's
    for query in (external, external.lower(), external.replace("-", " ")):
        found = await _search(client, "ag1", world, query=query)
        assert _ids(found)[0] == ids["Agus Santoso"], query


async def test_descriptions_rank_by_meaning_alone(client: httpx.AsyncClient, world: World) -> None:
    await _seed(client, world)
    found = await _search(client, "ag1", world, query="caregiver for elderly people, night shifts")
    assert found["data"] and all("name" not in item["components"] for item in found["data"])


async def test_names_are_looked_up_only_where_the_caller_sees_them(
    client: httpx.AsyncClient, world: World
) -> None:
    ids = await _seed(client, world)

    def named(found: dict[str, Any]) -> set[int]:
        return {i["worker"]["id"] for i in found["data"] if "name" in i["components"]}

    # w3 is AG2's and not discoverable: AG1 does not find it at all, AG2 and admins by name
    assert ids["Wayan Sudarsana"] not in _ids(
        await _search(client, "ag1", world, query="Wayan Sudarsana")
    )
    for who in ("ag2", "admin"):
        found = await _search(client, who, world, query="wayan sudarsana")
        assert _ids(found)[0] == ids["Wayan Sudarsana"]
    # w2 is AG2's and discoverable: AG1 sees it contact-hidden, name included, so finds it
    assert named(await _search(client, "ag1", world, query="Bayu Pratama")) == {ids["Bayu Pratama"]}
    # mine_only: AG1's own only
    assert (
        named(
            await _search(client, "ag1", world, query="Bayu Pratama", filters={"mine_only": True})
        )
        == set()
    )
    # employers and organisers see masked views (a shortened name): no lookup by name or id
    for who in ("e1", "org"):
        found = await _search(client, who, world, query="Siti Rahmawati")
        assert named(found) == set() and found["data"]
        assert all(i["worker"]["view"] == "masked" for i in found["data"])
        external = factories.worker_data(503)["external_id"]
        assert named(await _search(client, who, world, query=external)) == set()


async def test_an_employer_finds_by_name_a_worker_disclosed_to_it(
    client: httpx.AsyncClient, world: World
) -> None:
    ids = await _seed(client, world)
    consent = await client.post(
        f"/v1/workers/{ids['Dewi Lestari']}/consents",
        json={"purpose": "contact_sharing", "scope": "employer",
              "employer_id": world.employer["e1"], "form_reference": "AG1/2026/7.pdf"},
        headers=world.auth("ag1"),
    )  # fmt: skip
    assert consent.status_code == 201, consent.text

    mine = await _search(client, "e1", world, query="dewi lestary")
    other = await _search(client, "e2", world, query="dewi lestary")

    assert mine["data"][0]["worker"]["id"] == ids["Dewi Lestari"]
    assert mine["data"][0]["worker"]["view"] == "full"
    assert all("name" not in i["components"] for i in other["data"])


async def test_filters_narrow_searches_and_listings_alike(
    client: httpx.AsyncClient, world: World
) -> None:
    ids = await _seed(client, world)
    cases: list[tuple[dict[str, Any], set[str]]] = [
        ({"min_japanese": "N3"}, {"Rahmat Hidayat"}),
        ({"province": "bali"}, {"Agus Santoso"}),
        ({"category": "care", "mine_only": True},
         {"Siti Rahmawati", "Dewi Lestari", "Ni Kadék Ayu Wulandarí", "Rahmat Hidayat",
          "Putri Maharani"}),
        ({"category": "building_cleaning"}, set()),
        ({"available_by": "2026-01-01", "mine_only": True},
         {"Siti Rahmawati", "Dewi Lestari", "Ni Kadék Ayu Wulandarí", "Rahmat Hidayat",
          "Agus Santoso"}),
        # the field counts experience in it (Agus has no skill test, the category needs one)
        ({"ssw_field": "nursing_care", "province": "Bali"}, {"Agus Santoso"}),
        ({"ssw_field": "building_cleaning", "province": "Bali"}, set()),
    ]  # fmt: skip
    for filters, expected in cases:
        listed = await _search(client, "ag1", world, filters=filters, limit=200)
        searched = await _search(client, "ag1", world, query="Agus", filters=filters, limit=200)
        want = {ids[n] for n in expected}
        assert set(_ids(listed)) == want and listed["total"] == len(want), filters
        assert set(_ids(searched)) == want and searched["total"] == len(want), filters
        # a name outside the filters is not brought back by the lookup
        if "Agus Santoso" not in expected:
            assert ids["Agus Santoso"] not in _ids(searched)


async def test_listing_is_sorted_paged_and_carries_the_real_total(
    client: httpx.AsyncClient, world: World
) -> None:
    ids = await _seed(client, world)
    mine = {"mine_only": True}
    first = await _search(client, "ag1", world, filters=mine, sort="name", limit=4)
    second = await _search(client, "ag1", world, filters=mine, sort="name", limit=4, offset=4)
    backwards = await _search(
        client, "ag1", world, filters=mine, sort="name", descending=True, limit=50
    )

    names = [i["worker"]["full_name"] for i in [*first["data"], *second["data"]]]
    assert first["total"] == second["total"] == 6 and first["count"] == 4 and second["count"] == 2
    assert names == ["Agus Santoso", "Dewi Lestari", "Ni Kadék Ayu Wulandarí", "Putri Maharani",
                     "Rahmat Hidayat", "Siti Rahmawati"]  # fmt: skip
    assert [i["worker"]["full_name"] for i in backwards["data"]] == list(reversed(names))
    everyone = await _search(client, "ag1", world, limit=1)
    assert everyone["total"] == 7 and everyone["count"] == 1  # own six and AG2's discoverable w2
    japanese = await _search(client, "ag1", world, filters=mine, sort="japanese", descending=True)
    assert _ids(japanese)[0] == ids["Rahmat Hidayat"]
    updated = await _search(client, "ag1", world, filters=mine, sort="updated", descending=True)
    assert _ids(updated)[0] == ids["Putri Maharani"]  # the last one created


async def test_bad_search_requests_name_the_field(client: httpx.AsyncClient, world: World) -> None:
    cases: list[tuple[str, dict[str, Any], str]] = [
        ("ag1", {"query": "Siti", "sort": "name"}, "sort"),
        ("e1", {"sort": "name"}, "sort"),
        ("e1", {"filters": {"mine_only": True}}, "filters.mine_only"),
        ("ag1", {"query": "Siti", "offset": 290, "limit": 20}, "offset"),
        ("ag1", {"sort": "salary"}, "sort"),
        ("ag1", {"offset": -1}, "offset"),
        ("ag1", {"filters": {"category": "Care Work!"}}, "filters.category"),
    ]
    for who, body, field in cases:
        r = await client.post("/v1/search/workers", json=body, headers=world.auth(who))
        problem = assert_problem(r, 422, "validation")
        assert problem["errors"][0]["field"] == field, (body, problem)
