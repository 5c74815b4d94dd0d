"""An agency's meetings with companies at an event, in a real browser (issue 18), Indonesian:
the organiser registers the agency with two tables and plans the company-agency meetings (a
job); the agency, signed in on a laptop in Makassar, sees each meeting at its time in WIB
(the event's clock) and WITA (its own), the company (with its Japanese name), where it meets or
the online link, and under each the company's vacancies with the agency's workers who fit them
and their scores; it downloads the CSV. Then the same list on a 390x844 phone in Jakarta.
Everything expected is read from the API, not written into the test. Screenshots:
/tmp/ssw-web-screens/agency-meetings-*.png."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import anyio
import httpx
import pytest

from tests.api.job_polling import wait_for_job
from tests.web.conftest import SCREENSHOTS, LiveWorld, shot
from tests.web.test_pages import sign_in

pytestmark = pytest.mark.browser

KURIKOMA_JA = "くりこま介護株式会社"
ONLINE_URL = "https://meet.example.org/ag1-kurikoma"


@pytest.fixture(scope="module")
async def planned(live: LiveWorld) -> dict[str, Any]:
    """A second care company (with a Japanese name) at the event, AG1 registered with two
    tables, the meetings planned by the organiser's job and the Kurikoma meeting moved online.
    Returns the agency's own view of the meetings (GET .../meetings) and the vocabulary."""
    org, admin, agency = live.auth("organizer"), live.auth("admin"), live.auth("agency")
    eid = live.ids["event"]
    vacancy = {
        "external_id": "KRK-01",
        "employer": {
            "external_id": "E-KRK",
            "name": "Kurikoma Care",
            "name_ja": KURIKOMA_JA,
            "prefecture": "Miyagi",
        },
        "title": "介護スタッフ(日勤)",
        "description": "デイサービスでの介助業務。",
        "ssw_field": "nursing_care",
        "category": "care",
        "prefecture": "Miyagi",
        "headcount": 1,
        "requirements": {"japanese": "N4", "ssw_test": True, "min_age": 18},
    }
    async with httpx.AsyncClient(base_url=live.base_url, timeout=120) as client:
        r = await client.post("/v1/vacancies", json=vacancy, headers=admin)
        assert r.status_code == 201, r.text
        kurikoma = {"employer_id": r.json()["employer_id"], "vacancy_ids": [r.json()["id"]]}
        r = await client.put(f"/v1/events/{eid}/employers", json=kurikoma, headers=org)
        assert r.status_code == 200, r.text
        body = {"agencies": [{"agency_id": live.ids["agency"], "tables": 2}]}
        r = await client.put(f"/v1/events/{eid}/agencies", json=body, headers=org)
        assert r.status_code == 200, r.text
        accepted = await client.post(
            f"/v1/events/{eid}/meetings", json={"mode": "optimal", "replan": False}, headers=org
        )
        job = await wait_for_job(client, accepted, org, within_s=120)
        assert job["state"] == "succeeded", job
        r = await client.get(f"/v1/events/{eid}/meetings", headers=org)
        online = next(m for m in r.json()["data"] if m["employer_id"] == kurikoma["employer_id"])
        r = await client.patch(
            f"/v1/events/{eid}/meetings/{online['id']}",
            json={"mode": "online", "online_url": ONLINE_URL},
            headers=org,
        )
        assert r.status_code == 200, r.text
        r = await client.get(f"/v1/events/{eid}/meetings", headers=agency)
        assert r.status_code == 200, r.text
        meetings: list[dict[str, Any]] = r.json()["data"]
        vocabulary = (await client.get("/v1/vocabulary", headers=agency)).json()
    assert len({m["employer_id"] for m in meetings}) == 2, meetings
    assert all(m["offers"] for m in meetings), "the agency sees the companies' vacancies"
    return {"meetings": meetings, "vocabulary": vocabulary, "online_id": online["id"]}


def indonesian_span(start: str, end: str, zone: str, abbreviation: str) -> str:
    """A meeting's time as the Indonesian page writes it: 24-hour, a dot between hours and
    minutes ("09.00–09.20 WIB")."""
    tz = ZoneInfo(zone)
    a, b = (datetime.fromisoformat(x.replace("Z", "+00:00")).astimezone(tz) for x in (start, end))
    return f"{a:%H.%M}–{b:%H.%M} {abbreviation}"


def category_label(vocabulary: dict[str, Any], code: str, lang: str) -> str:
    found = next(c for c in vocabulary["categories"] if c["code"] == code)
    return str(found["labels"][lang])


@pytest.fixture
async def context_in(browser: Any) -> AsyncIterator[Any]:
    """Browser contexts with a chosen viewport and time zone; script errors fail the test."""
    made: list[tuple[Any, list[str]]] = []

    async def make(width: int, height: int, timezone: str, **options: Any) -> Any:
        context = await browser.new_context(
            viewport={"width": width, "height": height}, timezone_id=timezone, **options
        )
        tab = await context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        tab.set_default_timeout(20_000)
        made.append((context, errors))
        return tab

    yield make
    for context, errors in made:
        await context.close()
        assert not [e for e in errors if "status of 4" not in e], errors


async def _download(page: Any, button: Any, target: Path) -> bytes:
    async with page.expect_download() as info:
        await button.click()
    await (await info.value).save_as(str(target))
    return await anyio.Path(target).read_bytes()


async def test_before_any_meeting_the_agency_is_told_what_to_do(
    live: LiveWorld, context_in: Any
) -> None:
    """Runs before the meetings are planned (the `planned` fixture is first used below)."""
    page = await context_in(1280, 900, "Asia/Jakarta")
    await sign_in(page, live, "agency", "id")
    section = page.locator("#agency-meetings")
    empty = section.locator(".am-empty")
    await empty.wait_for()
    assert await empty.text_content() == (
        "Belum ada pertemuan dengan perusahaan yang disusun untuk lembaga Anda."
    )
    hint = section.locator(".am-next")
    assert (await hint.text_content() or "").startswith("Minta penyelenggara acara mendaftarkan")

    # Registered for the event, not yet planned: wait for the organiser, keep profiles fresh.
    body = {"agencies": [{"agency_id": live.ids["agency"], "tables": 2}]}
    async with httpx.AsyncClient(base_url=live.base_url, timeout=60) as client:
        r = await client.put(
            f"/v1/events/{live.ids['event']}/agencies", json=body, headers=live.auth("organizer")
        )
        assert r.status_code == 200, r.text
    await page.reload()
    hint = page.locator("#agency-meetings .am-next")
    await hint.wait_for()
    assert (await hint.text_content() or "").startswith(
        "Terdaftar di 宮城県 合同企業面接会 Jakarta: penyelenggara belum menyusun pertemuan."
    )
    await page.locator("#agency-meetings").screenshot(
        path=str(SCREENSHOTS / "agency-meetings-empty-id.png")
    )


async def test_agency_sees_its_meetings_with_vacancies_and_fitting_workers(
    live: LiveWorld, planned: dict[str, Any], context_in: Any, tmp_path: Path
) -> None:
    page = await context_in(1280, 900, "Asia/Makassar")
    await sign_in(page, live, "agency", "id")
    section = page.locator("#agency-meetings")
    await section.get_by_role("heading", name="Pertemuan dengan perusahaan").wait_for()
    meetings = planned["meetings"]
    await section.locator(".am-meeting").first.wait_for()
    assert await section.locator(".am-meeting").count() == len(meetings)
    assert await section.locator(".am-event h3 .badge").text_content() == (
        f"{len(meetings)} pertemuan"
    )

    for m in meetings:
        item = section.locator(f".am-meeting[data-meeting='{m['id']}']")
        # Event clock (WIB) and the viewer's own (a laptop in Makassar: WITA).
        event_time = indonesian_span(m["start"], m["end"], "Asia/Jakarta", "WIB")
        own_time = indonesian_span(m["start"], m["end"], "Asia/Makassar", "WITA")
        assert await item.locator(".am-time").text_content() == event_time
        assert await item.locator(".am-time-own").text_content() == f"{own_time} waktu Anda"
        assert m["employer_name"] in (await item.locator(".am-company").text_content() or "")
        place = await item.locator(".am-place").text_content() or ""
        assert f"meja Anda {m['table']}" in place
        if m["id"] == planned["online_id"]:
            link = item.get_by_role("link", name="Gabung daring")
            assert await link.get_attribute("href") == ONLINE_URL
            assert await item.locator(".am-company-ja").text_content() == KURIKOMA_JA
        else:
            assert place == (
                f"Jakarta Convention Center, stan perusahaan {m['booth']} · meja Anda {m['table']}"
            )
        assert await item.locator(".am-fit").text_content() == (
            f"{m['workers']} pekerja Anda cocok, untuk {m['seats']} tempat"
        )
        # Each vacancy with its field (and category where the field has several), headcount
        # and the agency's workers who fit, best first, with their score as a meter.
        for offer in m["offers"]:
            box = item.locator(f".am-offer[data-vacancy='{offer['vacancy_id']}']")
            assert await box.locator(".am-vacancy").text_content() == offer["title"]
            facts = await box.locator(".facts").text_content() or ""
            assert f"{offer['headcount']} tempat" in facts
            if offer["ssw_field"] == "construction":
                label = category_label(planned["vocabulary"], "building", "id")
                assert f"Konstruksi / {label}" in facts
            else:
                assert "Perawatan lansia (kaigo)" in facts
            ranked = sorted(offer["workers"], key=lambda w: (-w["score"], w["name"]))
            names = await box.locator(".am-worker-name").all_text_contents()
            assert names == [w["name"] for w in ranked]
            meters = box.locator("[role=meter]")
            for n, w in enumerate(ranked):
                assert await meters.nth(n).get_attribute("aria-valuenow") == str(
                    round(w["score"] * 100)
                )
                assert await meters.nth(n).get_attribute("aria-label") == f"Kecocokan {w['name']}"
            if not ranked:
                await box.locator(".am-no-fit").wait_for()
    # The day heading is the event's date in Indonesian.
    assert "Desember 2026" in (await section.locator(".am-day").first.text_content() or "")
    await shot(page, "agency-meetings-id")
    await section.screenshot(path=str(SCREENSHOTS / "agency-meetings-section-id.png"))

    # The agency's CSV: every one of its meetings, opened by Excel as UTF-8.
    data = await _download(
        page, section.get_by_role("button", name="Unduh daftar pertemuan (CSV)"), tmp_path / "a.csv"
    )
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert sorted((int(r["slot"]), int(r["table"])) for r in rows) == sorted(
        (m["slot"], m["table"]) for m in meetings
    )
    assert {r["employer_name"] for r in rows} == {m["employer_name"] for m in meetings}
    await page.locator("#status", has_text="telah diunduh").wait_for()


async def test_agency_meetings_on_a_phone(
    live: LiveWorld, planned: dict[str, Any], context_in: Any
) -> None:
    page = await context_in(390, 844, "Asia/Jakarta", is_mobile=True, has_touch=True)
    await sign_in(page, live, "agency", "id")
    section = page.locator("#agency-meetings")
    await section.locator(".am-meeting").first.wait_for()
    first = sorted(planned["meetings"], key=lambda m: (m["start"], m["table"]))[0]
    item = section.locator(".am-meeting").first
    assert await item.locator(".am-time").text_content() == indonesian_span(
        first["start"], first["end"], "Asia/Jakarta", "WIB"
    )
    # In Jakarta the event's clock is the viewer's: one time, not two.
    assert await section.locator(".am-time-own").count() == 0
    await section.scroll_into_view_if_needed()
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone: {width}px"
    await section.screenshot(path=str(SCREENSHOTS / "agency-meetings-phone.png"))
