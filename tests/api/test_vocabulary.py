"""GET /v1/vocabulary: the contract's codes with their labels, for the page and for clients."""

from __future__ import annotations

import httpx

from models.categories import ssw_categories
from models.schemes import schemes
from models.vocabulary import ssw_fields


async def test_every_field_category_and_scheme_with_three_labels(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/v1/vocabulary")  # no token: public reference data
    assert response.status_code == 200, response.text
    assert "max-age" in response.headers["cache-control"]
    body = response.json()
    assert [f["code"] for f in body["fields"]] == list(ssw_fields())
    assert [c["code"] for c in body["categories"]] == list(ssw_categories())
    assert {s["code"] for s in body["schemes"]} == set(schemes())
    taxi = next(c for c in body["categories"] if c["code"] == "taxi_driver")
    assert taxi["labels"] == {"en": "Taxi driver", "ja": "タクシー運転者", "id": "Pengemudi taksi"}
    assert taxi["japanese_ssw1"] == "N3"
    assert taxi["ssw2_from"] is None
    assert taxi["licences"] == ["jp_driving_second_class"]
    fishing = next(c for c in body["categories"] if c["code"] == "fishing")
    assert fishing["dispatch_allowed"] is True and fishing["ssw2_from"] == "2023-08-31"
    assert all(set(entry["labels"]) == {"en", "ja", "id"} for entry in body["licence_kinds"])
