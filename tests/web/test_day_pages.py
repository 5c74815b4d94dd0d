"""The interview day in a real browser (issue 18): the employer in Japanese on a desktop sees
its timetable first with JST and each candidate's zone (WIB, WITA) on a 24-hour clock, records
outcomes from the row (a refusal shown beside the button), and downloads its calendar; the
worker in Indonesian on a phone sees its interview at the top with its WITA time."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from icalendar import Calendar

from tests.api.job_polling import job_result
from tests.web.conftest import SCREENSHOTS, LiveWorld, shot
from tests.web.test_pages import sign_in

pytestmark = pytest.mark.browser

LINK = "https://meet.example.org/sendai-kaigo-1"
TWENTY_FOUR_HOURS = re.compile(r"^\d{2}[:.]\d{2}–\d{2}[:.]\d{2} (JST|WIB|WITA|WIT)$")


@pytest.fixture(scope="module")
async def day(live: LiveWorld) -> dict[str, Any]:
    """The timetable planned with the worker Rina (w_n5) moved to Makassar (WITA) and pinned
    for the construction vacancy; her interview is online, in Indonesian with an interpreter."""
    org, admin = live.auth("organizer"), live.auth("admin")
    eid, me = live.ids["event"], live.ids["w_n5"]
    async with httpx.AsyncClient(base_url=live.base_url, timeout=60) as c:
        r = await c.patch(f"/v1/workers/{me}", json={"province": "Sulawesi Selatan"}, headers=admin)
        assert r.status_code == 200, r.text
        pin = f"/v1/events/{eid}/shortlists/{live.ids['v_build']}/{me}"
        assert (await c.put(pin, json={"decision": "pin"}, headers=org)).status_code == 204
        planned = (
            await job_result(
                c,
                await c.post(f"/v1/events/{eid}/timetable", json={"mode": "optimal"}, headers=org),
                org,
            )
        )["data"]
        mine = next(i for i in planned if i["worker_id"] == me)
        r = await c.patch(
            f"/v1/events/{eid}/interviews/{mine['id']}",
            json={"mode": "online", "online_url": LINK, "language": "id", "interpreter": "Ayu"},
            headers=org,
        )
        assert r.status_code == 200, r.text
        return {"planned": planned, "mine": r.json()}


def clock(stamp: str, sep: str) -> str:
    return f"{datetime.fromisoformat(stamp):%H}{sep}{datetime.fromisoformat(stamp):%M}"


async def test_employer_in_japanese_sees_both_zones_and_records_outcomes(
    page: Any, live: LiveWorld, day: dict[str, Any], tmp_path: Path
) -> None:
    await sign_in(page, live, "employer", "ja")
    timetable = page.locator("#timetable")
    rows = timetable.locator("table.day-table tbody tr")
    await rows.first.wait_for()
    # The timetable comes first, above the vacancies.
    vacancies = page.get_by_role("heading", name="自社の求人")
    assert (await timetable.bounding_box())["y"] < (await vacancies.bounding_box())["y"]
    assert await rows.count() == len(day["planned"])
    # Date in Japanese, times on the 24-hour clock: JST first, then the candidate's zone.
    assert await timetable.locator(".day-date", has_text="2026年12月5日").count() == 1
    jst = await rows.locator("th.day-time").all_text_contents()
    theirs = await rows.locator("td.day-time").all_text_contents()
    assert jst and all(TWENTY_FOUR_HOURS.match(x) and x.endswith("JST") for x in jst), jst
    assert all(TWENTY_FOUR_HOURS.match(x) for x in theirs), theirs
    assert {x.rsplit(" ", 1)[1] for x in theirs} == {"WIB", "WITA"}
    assert not any(re.search("午前|午後|AM|PM", x) for x in jst + theirs)

    mine = day["mine"]
    row = timetable.locator(f"tr[data-interview='{mine['id']}']")
    worker = mine["times"]["worker"]
    assert await row.locator("td.day-time").text_content() == (
        f"{clock(worker['start'], ':')}–{clock(worker['end'], ':')} WITA"
    )
    assert await row.locator("th.day-time").text_content() == (
        f"{clock(mine['times']['employer']['start'], ':')}–"
        f"{clock(mine['times']['employer']['end'], ':')} JST"
    )
    join = row.get_by_role("link", name="オンラインで参加")
    assert await join.get_attribute("href") == LINK
    assert "インドネシア語" in (await row.locator(".day-language").text_content() or "")
    # Names stay shortened until disclosed.
    assert await row.locator("td.masked", has_text="Rina K.").count() == 1
    await shot(page, "day-employer-ja")

    # Record outcomes from the row: 合格 then 内定.
    await row.get_by_role("button", name=re.compile("^合格")).click()
    await page.locator("#status", has_text="記録しました").wait_for()
    row = timetable.locator(f"tr[data-interview='{mine['id']}']")
    await row.locator(".status-passed", has_text="合格").wait_for()
    await row.get_by_role("button", name=re.compile("^内定")).click()
    await row.locator(".status-offer", has_text="内定").wait_for()

    # Another row changes behind the page's back: the refusal appears beside its buttons.
    other = next(i for i in day["planned"] if i["id"] != mine["id"])
    other_row = timetable.locator(f"tr[data-interview='{other['id']}']")
    async with httpx.AsyncClient(base_url=live.base_url, timeout=30) as c:
        r = await c.put(
            f"/v1/events/{live.ids['event']}/interviews/{other['id']}/outcome",
            json={"status": "no_show"},
            headers=live.auth("organizer"),
        )
        assert r.status_code == 200, r.text
    await other_row.get_by_role("button", name=re.compile("^合格")).click()
    error = other_row.locator(".day-outcome-error")
    await error.wait_for(state="visible")
    assert "登録済みの内容と矛盾します" in (await error.text_content() or "")
    await shot(page, "day-employer-ja-outcome-refused")

    async with page.expect_download() as info:
        await timetable.get_by_role("button", name="カレンダーに追加 (.ics)").click()
    download = await info.value
    target = tmp_path / "day.ics"
    await download.save_as(str(target))
    calendar = Calendar.from_ical(target.read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    online = events[f"interview-{mine['id']}@ssw-matcher"]
    assert str(online["URL"]) == LINK
    assert "JST (Asia/Tokyo)" in str(online["DESCRIPTION"])
    assert "WITA (Asia/Makassar)" in str(online["DESCRIPTION"])


@pytest.fixture
async def phone(browser: Any, live: LiveWorld) -> AsyncIterator[Any]:
    context = await browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="id-ID"
    )
    tab = await context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.set_default_timeout(15_000)
    try:
        yield tab
    finally:
        await context.close()
    assert not errors, errors


async def test_worker_on_a_phone_in_indonesian_sees_its_interview_first(
    phone: Any, live: LiveWorld, day: dict[str, Any]
) -> None:
    await sign_in(phone, live, "worker", "id")
    section = phone.locator("#my-interviews")
    card = section.locator("li.day-card").first
    await card.wait_for()
    # At the top: above the profile form and the recommendations.
    assert (await section.bounding_box())["y"] < (
        await phone.locator("#my-profile").bounding_box()
    )["y"]
    recommended = phone.get_by_role("heading", name="Lowongan yang direkomendasikan")
    await recommended.wait_for()
    assert (await section.bounding_box())["y"] < (await recommended.bounding_box())["y"]

    mine = day["mine"]
    own = mine["times"]["worker"]
    assert await card.locator("strong.day-time").text_content() == (
        f"{clock(own['start'], '.')}–{clock(own['end'], '.')} WITA"
    )
    japan = await card.locator("span.day-time").text_content() or ""
    assert japan.endswith("JST") and TWENTY_FOUR_HOURS.match(japan)
    assert await section.locator(".day-date", has_text="Sabtu, 05 Desember 2026").count() == 1
    assert await card.locator(".day-company").text_content() == "仙台介護株式会社"
    assert await card.locator(".day-vacancy", has_text="建設作業員(溶接)").count() == 1
    field = await card.locator(".day-field").text_content()
    assert field == "Konstruksi · Konstruksi bangunan gedung"
    assert await card.get_by_role("link", name="Gabung daring").get_attribute("href") == LINK
    assert "Bahasa Indonesia" in (await card.locator(".day-language").text_content() or "")
    assert "Penerjemah: Ayu" in (await card.locator(".day-language").text_content() or "")
    assert await card.get_by_role("button", name="Tambah ke kalender (.ics)").count() == 0
    assert await section.get_by_role("button", name="Tambah ke kalender (.ics)").count() == 1
    width = await phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    await shot(phone, "day-worker-id-phone")
    # What the phone shows first, before any scrolling.
    await phone.evaluate("window.scrollTo(0, 0)")
    await phone.screenshot(path=str(SCREENSHOTS / "day-worker-id-phone-top.png"))
