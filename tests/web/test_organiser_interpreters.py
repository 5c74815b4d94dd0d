"""The organiser's interpreter load, in a real browser, in Japanese (issue 18): after the
timetable is planned and interviews are marked as needing an interpreter (one interpreter in
two slots, one interview with nobody yet), the console shows a slot × interpreter table with
the counts GET /v1/events/{id}/interpreters gives, the slot still short marked, and the
interview waiting for an interpreter listed by name; "show in the timetable" takes the
organiser to its cell, where the Details dialog assigns someone, and the table then says every
interview has one. Screenshots: /tmp/ssw-web-screens/org-interpreters-*.png."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.job_polling import job_result
from tests.web.conftest import SCREENSHOTS, LiveWorld, shot
from tests.web.test_pages import sign_in

pytestmark = pytest.mark.browser

RINA = "Rina Putri"
AGUS = "Agus Wijaya"


@pytest.fixture(scope="module")
async def load(live: LiveWorld) -> dict[str, Any]:
    """The timetable planned; Rina interprets two interviews in different slots, a third
    needs an interpreter and has none. Returns the interviews touched and the API's load."""
    org = live.auth("organizer")
    eid = live.ids["event"]
    async with httpx.AsyncClient(base_url=live.base_url, timeout=120) as client:
        planned = await job_result(
            client,
            await client.post(f"/v1/events/{eid}/timetable", json={"mode": "optimal"}, headers=org),
            org,
        )
        interviews = sorted(planned["data"], key=lambda i: (i["start"], i["booth"]))
        first = interviews[0]
        later = next(i for i in interviews if i["slot"] != first["slot"])
        waiting = next(i for i in interviews if i["id"] not in (first["id"], later["id"]))
        for interview, body in (
            (first, {"language": "ja", "interpreter": RINA}),
            (later, {"language": "ja", "interpreter": RINA}),
            (waiting, {"language": "ja", "interpreter_needed": True}),
        ):
            url = f"/v1/events/{eid}/interviews/{interview['id']}"
            r = await client.patch(url, json=body, headers=org)
            assert r.status_code == 200, r.text
        r = await client.get(f"/v1/events/{eid}/interpreters", headers=org)
        assert r.status_code == 200, r.text
        participants = (await client.get(f"/v1/events/{eid}/participants", headers=org)).json()
    names = {w["id"]: w.get("full_name") or w.get("display_name") for w in participants["workers"]}
    return {"api": r.json(), "waiting": waiting, "waiting_name": names[waiting["worker_id"]]}


async def test_organiser_sees_interpreter_load_per_slot_in_japanese(
    page: Any, live: LiveWorld, load: dict[str, Any]
) -> None:
    await sign_in(page, live, "organizer", "ja")
    section = page.locator("#interpreters")
    await section.get_by_role("heading", name="通訳の手配状況").wait_for()
    table = section.locator("table.interp-load")
    await table.wait_for()

    expected = load["api"]
    slots = expected["data"]
    assert await table.locator("tbody tr[data-slot]").count() == len(slots)
    headers = await table.locator("thead th.interp-name").all_text_contents()
    assert headers == [i["interpreter"] for i in expected["interpreters"]] == [RINA]
    for s in slots:
        row = table.locator(f"tbody tr[data-slot='{s['slot']}']")
        cells = await row.locator("td").all_text_contents()
        per_interpreter = {i["interpreter"]: i["interviews"] for i in s["interpreters"]}
        assert cells == [
            str(s["needed"]),
            str(s["assigned"]),
            str(s["unassigned"]),
            str(per_interpreter[RINA]) if RINA in per_interpreter else "–",
        ]
        marked = await row.locator("td.interp-missing").count()
        assert marked == (1 if s["unassigned"] else 0)
    totals = await table.locator("tfoot td").all_text_contents()
    needed = sum(s["needed"] for s in slots)
    unassigned = sum(s["unassigned"] for s in slots)
    assert (needed, unassigned) == (3, 1)
    assert totals == [str(needed), str(needed - unassigned), str(unassigned), "2"]
    summary = section.locator(".interp-summary")
    assert await summary.text_content() == "通訳が必要な面接 3 件のうち、未手配 1 件。"

    # The interview still waiting, named; its link focuses its cell in the grid.
    waiting = section.locator(".interp-waiting li")
    assert await waiting.count() == 1
    assert load["waiting_name"] in (await waiting.text_content() or "")
    await shot(page, "org-interpreters-ja")
    await section.screenshot(path=str(SCREENSHOTS / "org-interpreters-section-ja.png"))
    await waiting.get_by_role("button", name="面接表で表示").click()
    cell = page.locator(f"#timetable td[data-interview='{load['waiting']['id']}']")
    details = cell.get_by_role("button", name="詳細")
    assert await details.evaluate("el => el === document.activeElement")

    # Assigned from the grid's dialog: the table then says every interview has one.
    await details.click()
    dialog = page.get_by_role("dialog")
    await dialog.get_by_label("通訳者", exact=True).fill(AGUS)
    await dialog.get_by_role("button", name="保存").click()
    await page.locator("#status", has_text="面接の詳細を保存しました").wait_for()
    section = page.locator("#interpreters")
    await section.locator(".interp-summary", has_text="すべて手配済み").wait_for()
    assert await section.locator("td.interp-missing").count() == 0
    assert await section.locator(".interp-waiting").count() == 0
    assert AGUS in await section.locator("thead th.interp-name").all_text_contents()
    await section.screenshot(path=str(SCREENSHOTS / "org-interpreters-assigned-ja.png"))
