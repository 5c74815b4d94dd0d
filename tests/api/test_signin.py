"""One-time sign-in codes (issue 19): create and print, exchange once, expiry, revocation,
the rate limit on failed exchanges, who may issue for whom, and the audit trail."""

from __future__ import annotations

import re
import urllib.parse
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest

from api.app import create_app
from matcher.access.signin import ALPHABET, INVALID_CODE
from matcher.settings import Settings
from tests import factories
from tests.api.conftest import Shared, World, api_settings, fake_engine_factory

CODES = "/v1/signin-codes"
EXCHANGE = "/v1/signin-codes/exchange"
_serial = iter(range(5000, 6000))


async def _new_worker(shared: Shared, agency: str = "ag1") -> int:
    data = factories.worker_data(next(_serial))
    r = await shared.client.post("/v1/workers", json=data, headers=shared.world.auth(agency))
    assert r.status_code == 201, r.text
    worker_id: int = r.json()["id"]
    return worker_id


async def _codes(shared: Shared, who: str, worker_ids: list[int], **body: Any) -> Any:
    r = await shared.client.post(
        CODES, json={"worker_ids": worker_ids, **body}, headers=shared.world.auth(who)
    )
    assert r.status_code == 201, r.text
    return r.json()["data"]


async def _exchange(client: httpx.AsyncClient, code: str) -> httpx.Response:
    return await client.post(EXCHANGE, json={"code": code})


async def test_a_printed_code_carries_a_qr_of_the_page_address(use_shared: Shared) -> None:
    worker_id = await _new_worker(use_shared)
    name = (
        await use_shared.client.get(
            f"/v1/workers/{worker_id}", headers=use_shared.world.auth("ag1")
        )
    ).json()["full_name"]
    before = datetime.now(UTC)
    [printed] = await _codes(use_shared, "ag1", [worker_id])
    assert re.fullmatch(f"[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", printed["code"])
    assert printed["worker_id"] == worker_id and printed["status"] == "active"
    assert printed["worker_name"] == name  # the agency sees its own worker in full
    # The code travels in the fragment: browsers never send it to the server (or its logs).
    assert printed["url"] == f"http://test/#code={printed['code']}"
    svg = urllib.parse.unquote(printed["qr_svg"].removeprefix("data:image/svg+xml;charset=utf-8,"))
    assert printed["qr_svg"].startswith("data:image/svg+xml") and "<svg" in svg and "<path" in svg
    expires = datetime.fromisoformat(printed["expires_at"])
    assert timedelta(hours=71) < expires - before < timedelta(hours=73)  # the 72 h default


async def test_a_code_is_exchanged_once_for_a_short_worker_session(use_shared: Shared) -> None:
    c = use_shared.client
    worker_id = await _new_worker(use_shared)
    [printed] = await _codes(use_shared, "ag1", [worker_id])
    typed = printed["code"].lower().replace("-", " ")  # as a worker might type it
    r = await _exchange(c, typed)
    assert r.status_code == 200, r.text
    session = r.json()
    assert session["worker_id"] == worker_id
    lifetime = datetime.fromisoformat(session["expires_at"]) - datetime.now(UTC)
    assert timedelta(hours=11) < lifetime <= timedelta(hours=12)
    me = await c.get("/v1/me", headers={"Authorization": f"Bearer {session['token']}"})
    assert me.status_code == 200
    assert (me.json()["role"], me.json()["subject_id"]) == ("worker", worker_id)
    again = await _exchange(c, printed["code"])
    assert again.status_code == 401 and again.json()["detail"] == INVALID_CODE
    listed = await c.get(
        CODES, params={"worker_id": worker_id}, headers=use_shared.world.auth("ag1")
    )
    [row] = listed.json()["data"]
    assert row["status"] == "used" and row["used_at"] is not None and "code" not in row


async def test_used_expired_revoked_and_unknown_codes_fail_alike(use_shared: Shared) -> None:
    c, w = use_shared.client, use_shared.world
    worker_id = await _new_worker(use_shared)
    used, expired, revoked = await _codes(
        use_shared,
        "admin",
        [worker_id, await _new_worker(use_shared), await _new_worker(use_shared)],
    )
    assert (await _exchange(c, used["code"])).status_code == 200
    conn = await asyncpg.connect(use_shared.db_url)
    try:
        await conn.execute(
            """UPDATE signin_codes SET created_at = now() - interval '73 hours',
                                       expires_at = now() - interval '1 second' WHERE id = $1""",
            expired["id"],
        )
    finally:
        await conn.close()
    assert (await c.delete(f"{CODES}/{revoked['id']}", headers=w.auth("admin"))).status_code == 204
    unknown = "2222-2222" if used["code"] != "2222-2222" else "3333-3333"
    answers = [
        await _exchange(c, x) for x in (used["code"], expired["code"], revoked["code"], unknown)
    ]
    assert {(a.status_code, a.json()["detail"]) for a in answers} == {(401, INVALID_CODE)}
    statuses = {
        r["id"]: r["status"]
        for r in (await c.get(CODES, params={"limit": 200}, headers=w.auth("admin"))).json()["data"]
    }
    assert [statuses[x["id"]] for x in (used, expired, revoked)] == ["used", "expired", "revoked"]


async def test_a_malformed_code_is_a_422_naming_the_field(use_shared: Shared) -> None:
    for typed in ("ABC", "OOOO-IIII", "K7QM-4TXP-9"):
        r = await _exchange(use_shared.client, typed)
        assert r.status_code == 422, r.text
        assert [e["field"] for e in r.json()["errors"]] == ["code"]


async def test_revoking_a_used_code_ends_its_session(use_shared: Shared) -> None:
    c, w = use_shared.client, use_shared.world
    [printed] = await _codes(use_shared, "ag1", [await _new_worker(use_shared)])
    token = (await _exchange(c, printed["code"])).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert (await c.get("/v1/me", headers=auth)).status_code == 200
    assert (await c.delete(f"{CODES}/{printed['id']}", headers=w.auth("ag1"))).status_code == 204
    assert (await c.get("/v1/me", headers=auth)).status_code == 401


async def test_only_the_issuer_lists_and_revokes_its_codes(use_shared: Shared) -> None:
    c, w = use_shared.client, use_shared.world
    [printed] = await _codes(use_shared, "ag1", [await _new_worker(use_shared)])
    mine = (await c.get(CODES, params={"limit": 200}, headers=w.auth("ag1"))).json()["data"]
    theirs = (await c.get(CODES, params={"limit": 200}, headers=w.auth("ag2"))).json()["data"]
    assert printed["id"] in {r["id"] for r in mine}
    assert printed["id"] not in {r["id"] for r in theirs}
    for who in ("ag2", "org"):
        r = await c.delete(f"{CODES}/{printed['id']}", headers=w.auth(who))
        assert r.status_code == 404, (who, r.text)
    assert (await _exchange(c, printed["code"])).status_code == 200  # still usable


async def test_organisers_print_codes_for_workers_registered_at_their_events(
    use_shared: Shared,
) -> None:
    c, w = use_shared.client, use_shared.world
    org = w.auth("org")
    event = {
        "name": "Codes fair",
        "venue": "Jakarta",
        "starts_on": "2027-02-01",
        "slot_plan": [
            {
                "day_start": "2027-02-01T09:00:00+07:00",
                "day_end": "2027-02-01T10:00:00+07:00",
                "slot_minutes": 20,
                "gap_minutes": 0,
            }
        ],
    }
    eid = (await c.post("/v1/events", json=event, headers=org)).json()["id"]
    registered, elsewhere = await _new_worker(use_shared), await _new_worker(use_shared)
    r = await c.put(f"/v1/events/{eid}/workers", json={"worker_id": registered}, headers=org)
    assert r.status_code == 200, r.text
    [printed] = await _codes(use_shared, "org", [registered], event_id=eid)
    assert printed["event_id"] == eid
    # The organiser sees workers masked: the sheet carries the short name only.
    assert printed["worker_name"].endswith(".") and " " in printed["worker_name"]
    for body, status in (
        ({"worker_ids": [elsewhere], "event_id": eid}, 404),
        ({"worker_ids": [registered]}, 422),
        ({"worker_ids": [registered], "event_id": 987654}, 404),
        ({"worker_ids": [registered, registered], "event_id": eid}, 422),
    ):
        r = await c.post(CODES, json=body, headers=org)
        assert r.status_code == status, (body, r.text)
    # Another agency's worker in the batch refuses the whole batch: no code is made.
    before = (await c.get(CODES, params={"limit": 200}, headers=w.auth("ag1"))).json()["count"]
    r = await c.post(
        CODES, json={"worker_ids": [registered, w.worker["w2"]]}, headers=w.auth("ag1")
    )
    assert r.status_code == 404
    after = (await c.get(CODES, params={"limit": 200}, headers=w.auth("ag1"))).json()["count"]
    assert after == before


async def test_issue_exchange_and_revocation_are_audited(use_shared: Shared) -> None:
    c, w = use_shared.client, use_shared.world
    worker_id = await _new_worker(use_shared)
    [printed] = await _codes(use_shared, "ag1", [worker_id])
    session = (await _exchange(c, printed["code"])).json()
    assert (await c.delete(f"{CODES}/{printed['id']}", headers=w.auth("ag1"))).status_code == 204
    log = await c.get("/v1/audit", params={"worker_id": worker_id}, headers=w.auth("admin"))
    assert log.status_code == 200, log.text
    rows = [(e["action"], e["role"], e["token_id"]) for e in log.json()["data"]]
    actions = [a for a, _, _ in rows if a.startswith("signin_code.")]
    assert actions == ["signin_code.issue", "signin_code.exchange", "signin_code.revoke"]
    assert ("signin_code.exchange", "worker", session["token_id"]) in rows


async def test_failed_exchanges_are_limited_per_address(world: World, settings: Settings) -> None:
    app = create_app(
        settings,
        api_settings=api_settings(signin_failure_burst=3, signin_failures_per_minute=1),
        engine_factory=fake_engine_factory,
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            r = await c.post(
                CODES, json={"worker_ids": [world.worker["w1"]]}, headers=world.auth("ag1")
            )
            good = r.json()["data"][0]["code"]
            wrong = "2222-2222" if good != "2222-2222" else "3333-3333"
            assert [(await _exchange(c, wrong)).status_code for _ in range(3)] == [401] * 3
            blocked = await _exchange(c, wrong)
            assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) >= 1
            # Blocked before the database is asked: even the right code waits.
            assert (await _exchange(c, good)).status_code == 429


@pytest.mark.parametrize("who", ["e1", "w1"])
async def test_employers_and_workers_never_make_codes(use_shared: Shared, who: str) -> None:
    r = await use_shared.client.post(
        CODES,
        json={"worker_ids": [use_shared.world.worker["w1"]]},
        headers=use_shared.world.auth(who),
    )
    assert r.status_code == 403


async def test_docs_and_redoc_use_only_local_assets(use_shared: Shared) -> None:
    c = use_shared.client
    for page in ("/docs", "/redoc"):
        r = await c.get(page)
        assert r.status_code == 200
        sources = re.findall(r"""(?:src|href)=["']([^"']+)["']""", r.text)
        sources += re.findall(r"""(?:url|Url)\s*:\s*["']([^"']+)["']""", r.text)
        assert sources, page
        assert not [s for s in sources if "://" in s or s.startswith("//")], (page, sources)
        for asset in (s for s in sources if s.startswith("/static-offline-docs/")):
            served = await c.get(asset)
            assert served.status_code == 200 and len(served.content) > 1000, asset
    assert "cdn." not in (await c.get("/docs")).text and "cdn." not in (await c.get("/redoc")).text
