"""An organiser runs a Miyagi-style event from the page, in Japanese (issue 18): creates it with
two days and a break (previewing the slots, fixing a bad slot length shown beside its field),
registers two companies and workers (a pasted list with a bad row, and an agency's pool),
is told to build shortlists before planning, plans with a confirmation, re-plans and sees that
nothing will change, sees names and vacancy titles in the grid, records an outcome, is refused
new slots once interviews exist, downloads a CSV export and views the dashboard; then the same
event on a phone. Screenshots in /tmp/ssw-web-screens/org-*.png."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from tests.api.job_polling import job_result
from tests.web.conftest import SCREENSHOTS, LiveWorld, shot
from tests.web.test_pages import sign_in

pytestmark = pytest.mark.browser

EVENT_NAME = "宮城県 合同企業面接会 仙台 2026"
SEAFOOD = "気仙沼水産加工株式会社"
SCREENS = str(SCREENSHOTS)


@pytest.fixture(scope="module")
async def second_company(live: LiveWorld) -> None:
    """A seafood processor with one vacancy: the second company of the event."""
    vacancy = {
        "external_id": "KSN-01",
        "employer": {
            "external_id": "E-KSN",
            "name": "Kesennuma Suisan",
            "name_ja": SEAFOOD,
            "prefecture": "Miyagi",
        },
        "title": "水産加工スタッフ",
        "description": "鮮魚の加工・包装。未経験可。",
        "ssw_field": "food_beverage_manufacturing",
        "prefecture": "Miyagi",
        "headcount": 3,
        "requirements": {"japanese": "N4", "ssw_test": True, "min_age": 18},
    }
    async with httpx.AsyncClient(base_url=live.base_url, timeout=30) as client:
        r = await client.post("/v1/vacancies", json=vacancy, headers=live.auth("admin"))
        assert r.status_code == 201, r.text


async def _download(page: Any, button: Any, target: Path) -> bytes:
    async with page.expect_download() as info:
        await button.click()
    await (await info.value).save_as(str(target))
    return await anyio.Path(target).read_bytes()


async def _fill_day(day: Any, date: str, start: str, end: str) -> None:
    await day.get_by_label("日付").fill(date)
    await day.get_by_label("開始", exact=True).fill(start)
    await day.get_by_label("終了", exact=True).fill(end)


async def test_organiser_runs_an_event_from_the_page(
    browser: Any, live: LiveWorld, second_company: None, tmp_path: Path
) -> None:
    context = await browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="ja-JP", accept_downloads=True
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(20_000)
    try:
        await sign_in(page, live, "organizer", "ja")
        await page.get_by_role("button", name="新しいイベントを作成").click()
        editor = page.locator("#event-new")
        await editor.get_by_role("heading", name="イベントを作成").wait_for()
        await editor.get_by_label("イベント名", exact=True).fill(EVENT_NAME)
        await editor.get_by_label("会場", exact=True).fill("仙台国際センター")
        await editor.get_by_label("以下の時刻のタイムゾーン").select_option("Asia/Tokyo")
        day1 = editor.locator("fieldset.day-plan").nth(0)
        await _fill_day(day1, "2026-12-10", "10:00", "12:00")
        await day1.get_by_role("button", name="休憩を追加").click()
        day1 = editor.locator("fieldset.day-plan").nth(0)
        await day1.get_by_label("休憩開始").fill("11:00")
        await day1.get_by_label("休憩終了").fill("11:30")

        # A slot length the API refuses: its message appears beside that very field.
        await day1.get_by_label("1枠の長さ(分)").fill("2")
        await editor.get_by_role("button", name="面接枠をプレビュー").click()
        length_error = day1.locator("[data-field='slot_plan.0.slot_minutes'] .field-error")
        try:
            await length_error.wait_for(state="visible")
        except Exception as exc:  # say what the page showed instead, for the next reader
            await shot(page, "org-create-no-field-error")
            problem = await editor.locator(".form-problem").all_text_contents()
            status = await page.locator("#status").text_content()
            alert = await page.locator("#alert").text_content()
            raise AssertionError(
                f"no field error; problem={problem} status={status!r} alert={alert!r}"
            ) from exc
        assert "5" in (await length_error.text_content() or "")
        assert await day1.get_by_label("1枠の長さ(分)").get_attribute("aria-invalid") == "true"
        await editor.locator(".form-problem", has_text="入力内容に誤りがあります").wait_for()
        await day1.get_by_label("1枠の長さ(分)").fill("20")

        await editor.get_by_role("button", name="開催日を追加").click()
        day2 = editor.locator("fieldset.day-plan").nth(1)
        assert await day2.get_by_label("日付").input_value() == "2026-12-11"
        await editor.get_by_role("button", name="面接枠をプレビュー").click()
        preview = editor.locator(".slot-preview")
        await preview.get_by_role("heading", name="面接枠 6 件").wait_for()
        # 10:00, 10:30, then the break, 11:30; the same on the second day.
        chips = await preview.locator(".slot-chips li").all_text_contents()
        assert chips == ["10:00–10:20", "10:30–10:50", "11:30–11:50"] * 2, chips
        assert await preview.locator(".preview-day strong", has_text="3 枠").count() == 2
        await shot(page, "org-create")
        # Nothing optional leaks onto the page as the word "null" or "undefined".
        text = await page.locator("#view").inner_text()
        assert "null" not in text and "undefined" not in text
        await editor.get_by_role("button", name="イベントを作成").click()

        overview = page.locator(".console-overview")
        await overview.get_by_role("heading", name=EVENT_NAME).wait_for()
        assert "日本(JST, UTC+9)" in (await overview.text_content() or "")
        assert (
            await overview.locator(".stat", has_text="面接枠").locator(".value").text_content()
            == "6"
        )

        # Companies, picked from the searchable list.
        companies = page.locator("#companies")
        await companies.get_by_label("企業名・求人名で検索").fill("仙台介護")
        card = companies.locator("form.company-card").first
        await card.get_by_label("ブース数").fill("2")
        await card.get_by_role("button", name="登録").click()
        await page.locator("#companies h2", has_text="参加企業(1社)").wait_for()
        companies = page.locator("#companies")
        await companies.get_by_label("企業名・求人名で検索").fill("水産")
        card = companies.locator("form.company-card").first
        await card.locator("h4", has_text=SEAFOOD).wait_for()
        # No vacancy ticked: the refusal names the vacancies, shown in that card.
        await card.get_by_role("checkbox").uncheck()
        await card.get_by_role("button", name="登録").click()
        await card.locator("fieldset .field-error").wait_for(state="visible")
        await card.get_by_role("checkbox").check()
        await card.get_by_role("button", name="登録").click()
        await page.locator("#companies h2", has_text="参加企業(2社)").wait_for()
        table = page.locator("table.registered-companies")
        assert await table.locator("tbody tr").count() == 2
        assert await table.locator("td", has_text="水産加工スタッフ").count() == 1

        # Workers: a pasted list with an unknown id, then the rest of AG1's pool.
        workers = page.locator("#workers")
        await workers.get_by_label("外部ID(1行に1件、または external_id 列のあるCSV)").fill(
            "AG1-000001\nAG1-000002\nNOPE-9"
        )
        await workers.get_by_role("button", name="一覧を登録").click()
        result = page.locator("#workers form.list .bulk-result")
        await result.get_by_text(
            "新規登録 2 名、登録済み 0 名。現在の参加者は 2 名です。"
        ).wait_for()
        rows = result.locator("table.errors tbody tr")
        assert await rows.count() == 1
        assert await rows.locator("th").text_content() == "3"
        assert "NOPE-9" in (await rows.text_content() or "")
        workers = page.locator("#workers")
        await workers.get_by_label("送出機関コード", exact=True).fill("AG1")
        await workers.get_by_role("button", name="この条件で登録").click()
        await (
            page.locator("#workers form.pool .bulk-result")
            .get_by_text("新規登録 2 名、登録済み 2 名。現在の参加者は 4 名です。")
            .wait_for()
        )
        await page.locator("#workers h2", has_text="求職者(登録 4 名)").wait_for()
        await shot(page, "org-registered")

        # Planning before shortlists says what to do first.
        planning = page.locator("#planning")
        await planning.get_by_role("button", name="スケジュールを作成…").click()
        await planning.get_by_text("先にショートリストを作成してください(手順1)。").wait_for()
        # Building is a job: the page polls it until it has succeeded, then says what it built.
        async with page.expect_response(lambda r: "/v1/jobs/" in r.url and r.ok):
            await planning.get_by_role("button", name="ショートリストを作成").click()
        await planning.get_by_text("ショートリストを作成しました").wait_for()
        assert await planning.locator("progress.job-progress").first.is_hidden()
        await planning.get_by_role("button", name="スケジュールを作成…").click()
        dialog = page.get_by_role("dialog")
        await dialog.wait_for()
        line = await dialog.locator(".confirm-line").text_content() or ""
        assert line.startswith("面接 ") and "件が変わります" in line, line
        await shot(page, "org-confirm")
        await dialog.get_by_role("button", name="この内容で確定").click()
        await page.locator("#status", has_text="スケジュールを保存しました").wait_for()

        grid = page.locator("table.timetable.interviews")
        booked = grid.locator("td.busy")
        count = await booked.count()
        assert count >= 3
        assert await grid.locator("tr.day-row").count() == 2
        assert await grid.locator("thead th", has_text="仙台介護株式会社").count() == 1
        names = set(await grid.locator("td.busy .who").all_text_contents())
        assert names <= {"Siti Rahmawati", "Dewi Lestari", "Rina Kartika", "Budi Santoso"}, names
        assert names and not any(n.startswith("#") or "求職者 #" in n for n in names)
        assert await grid.locator("td.busy .vacancy").first.text_content()
        # Workers with no interview are listed by name, not hidden.
        await page.locator("#without-interview h2").wait_for()

        # Re-plan: the confirmation says what will move (nothing has changed).
        planning = page.locator("#planning")
        assert await planning.get_by_label("再計画: 変更不要な面接はそのまま残す").is_checked()
        await planning.get_by_role("button", name="スケジュールを作成…").click()
        dialog = page.get_by_role("dialog")
        await dialog.locator(
            ".confirm-line", has_text=f"面接 {count} 件。うち 0 件が変わります。"
        ).wait_for()
        await dialog.get_by_role("button", name="やめる").click()
        await page.locator("#status", has_text="変更はしていません").wait_for()

        # The grid filtered by company; an outcome recorded in a cell.
        await page.get_by_label("表示する企業").select_option(label="仙台介護株式会社")
        assert await grid.locator("thead th", has_text=SEAFOOD).count() == 0
        first = grid.locator("td.busy").first
        who = await first.locator(".who").text_content()
        await first.locator("select").select_option("passed")
        await page.locator("#status", has_text=f"{who}: 合格").wait_for()

        # How an interview is held: online without a link is refused beside the mode; then
        # online with a link, in Indonesian, with an interpreter.
        await grid.locator(f"td[data-interview] >> text={who}").wait_for()
        cell = grid.locator("td.busy", has_text=who or "")
        await cell.get_by_role("button", name="詳細").click()
        details = page.get_by_role("dialog")
        await details.get_by_label("実施方法").select_option("online")
        await details.get_by_role("button", name="保存").click()
        await details.locator("[data-field='mode'] .field-error").wait_for(state="visible")
        await details.get_by_label("会議リンク(https)").fill("https://meet.example.org/miyagi-1")
        await details.get_by_label("面接の言語").select_option("id")
        await details.get_by_label("通訳が必要").check()
        await details.get_by_label("通訳者", exact=True).fill("Rina Putri")
        await details.get_by_role("button", name="保存").click()
        await page.locator("#status", has_text="面接の詳細を保存しました").wait_for()
        cell = page.locator("table.timetable.interviews td.busy", has_text=who or "")
        assert await cell.get_by_role("link", name="オンライン").get_attribute("href") == (
            "https://meet.example.org/miyagi-1"
        )
        await cell.get_by_text("通訳: Rina Putri").wait_for()
        await shot(page, "org-grid")
        await page.locator("#timetable").screenshot(path=f"{SCREENS}/org-grid-only.png")

        # Companies meet sending organisations: AG1 with two tables, planned, in a second grid.
        meetings = page.locator("#meetings")
        await meetings.get_by_label("送出機関", exact=True).select_option(
            label="AG1(AG1)・登録求職者 4 名"
        )
        await meetings.get_by_label("テーブル数").fill("2")
        await meetings.get_by_role("button", name="送出機関を保存").click()
        await page.locator("#status", has_text="送出機関 1 機関を登録しました").wait_for()
        meetings = page.locator("#meetings")
        assert await meetings.locator("tbody tr", has_text="AG1").count() == 1
        await meetings.get_by_role("button", name="面談を計画").click()
        await page.locator("#status", has_text="面談").wait_for()
        meeting_grid = page.locator("table.timetable.meetings")
        await meeting_grid.wait_for()
        assert await meeting_grid.locator("td.meeting", has_text="仙台介護株式会社").count() >= 1
        assert await meeting_grid.locator("thead th", has_text="テーブル 2").count() == 1
        await page.locator("#meetings").screenshot(path=f"{SCREENS}/org-meetings.png")

        # Slots are fixed once interviews exist: the refusal shows beside the day plans.
        editor = page.locator("#event-edit")
        # Folded away once interviews exist: the organiser opens it.
        assert not await editor.locator("form").is_visible()
        await editor.locator("summary", has_text="イベントの設定").click()
        day1 = editor.locator("fieldset.day-plan").nth(0)
        await day1.get_by_label("終了", exact=True).fill("12:30")
        await editor.get_by_role("button", name="イベントを保存").click()
        await editor.locator("[data-error-for='slot_plan']").wait_for(state="visible")
        await editor.locator(".form-problem", has_text="登録済みの内容と矛盾します").wait_for()
        # ...while the name still changes (in a fresh editor: the refused one keeps its edit).
        await page.reload()
        await page.locator("#who").wait_for(state="visible")
        editor = page.locator("#event-edit")
        await editor.locator("summary", has_text="イベントの設定").click()
        await editor.get_by_label("イベント名", exact=True).fill(f"{EVENT_NAME}(確定)")
        await editor.get_by_role("button", name="イベントを保存").click()
        await page.locator(".console-overview h2", has_text="(確定)").wait_for()

        csv = await _download(
            page, page.get_by_role("button", name="CSV(企業別)", exact=True), tmp_path / "e.csv"
        )
        assert csv.startswith(codecs.BOM_UTF8)
        text = csv.decode("utf-8-sig")
        assert who and who in text and "仙台介護株式会社" in text
        html = await _download(
            page, page.get_by_role("button", name="印刷用スケジュール(HTML)"), tmp_path / "e.html"
        )
        assert "面接" in html.decode()
        for label in ("CSV(求職者別)", "CSV(ブース別)"):
            assert await page.get_by_role("button", name=label, exact=True).count() == 1

        meetings_csv = await _download(
            page, page.get_by_role("button", name="面談CSV(送出機関別)"), tmp_path / "m.csv"
        )
        assert meetings_csv.startswith(codecs.BOM_UTF8)
        assert "仙台介護株式会社" in meetings_csv.decode("utf-8-sig")

        dashboard = page.locator("#dashboard")
        await dashboard.get_by_role("heading", name="結果ダッシュボード").wait_for()
        tile = dashboard.locator(".tile", has_text="面接").locator(".value")
        assert await tile.text_content() == str(count)
        assert await dashboard.locator("figcaption", has_text="企業別").count() == 1
        assert await dashboard.locator(".bar-label", has_text="仙台介護").count() == 1
        text = await page.locator("#view").inner_text()
        assert "null" not in text and "undefined" not in text and "NaN" not in text
        await shot(page, "org-dashboard")
        await dashboard.screenshot(path=f"{SCREENS}/org-dashboard-only.png")
        await dashboard.get_by_role("button", name="プロジェクター表示").click()
        await page.locator("#dashboard.projector").wait_for()
        await page.screenshot(path=f"{SCREENS}/org-projector.png")
        await dashboard.get_by_role("button", name="プロジェクター表示を終了").click()

        # The day is over: close the event after a confirmation that says what stays.
        overview = page.locator(".console-overview")
        await overview.get_by_role("button", name="イベントを終了する…").click()
        dialog = page.get_by_role("dialog", name="このイベントを終了しますか?")
        await dialog.wait_for()
        assert "結果の記録・出力・カレンダーは引き続き使えます" in await dialog.inner_text()
        await shot(page, "org-close-confirm")
        await dialog.get_by_role("button", name="終了する").click()
        await page.locator("#status", has_text="を終了しました").wait_for()
        overview = page.locator(".console-overview")
        await overview.locator(".badge", has_text="終了").wait_for()
        assert "変更できません" in await overview.locator(".closed-note").inner_text()
        await shot(page, "org-closed")
        async with httpx.AsyncClient(base_url=live.base_url, timeout=30) as client:
            listed = await client.get("/v1/events", headers=live.auth("organizer"))
            (closed,) = [e for e in listed.json()["data"] if e["status"] == "closed"]
            assert closed["closed_at"] and closed["name"] in await overview.inner_text()
        # A change is refused in Japanese, beside the action, while the plan stays.
        await page.get_by_role("button", name="ショートリストを作成").click()
        await page.get_by_text("このイベントは終了しています").first.wait_for()
        assert not errors, errors
    finally:
        await context.close()


async def test_organiser_console_on_a_phone(
    browser: Any, live: LiveWorld, second_company: None
) -> None:
    """The event prepared through the API; on a 390 px phone the organiser plans it, confirms,
    reads names in the grid, records an outcome, reads the dashboard, registers an agency and
    plans the company-agency meetings, and closes the event, with no sideways scrolling of the
    page (the grids scroll inside their own boxes)."""
    org = live.auth("organizer")
    async with httpx.AsyncClient(base_url=live.base_url, timeout=60) as client:
        event = {
            "name": "宮城 面接会 スマホ",
            "venue": "Jakarta",
            "timezone": "Asia/Jakarta",
            "starts_on": "2026-12-12",
            "slot_plan": [
                {
                    "day_start": "2026-12-12T09:00:00+07:00",
                    "day_end": "2026-12-12T10:30:00+07:00",
                    "slot_minutes": 20,
                    "gap_minutes": 10,
                }
            ],
        }
        r = await client.post("/v1/events", json=event, headers=org)
        assert r.status_code == 201, r.text
        eid = r.json()["id"]
        body = {
            "employer_id": live.ids["employer"],
            "vacancy_ids": [live.ids["v_care"], live.ids["v_build"]],
            "booths": 2,
        }
        assert (await client.put(f"/v1/events/{eid}/employers", json=body, headers=org)).is_success
        pool = {"pool": {"agency_external_id": "AG1"}, "max_interviews": 2}
        r = await client.post(f"/v1/events/{eid}/workers/bulk", json=pool, headers=org)
        assert r.status_code == 200 and r.json()["total"] == 4, r.text
        await job_result(
            client, await client.post(f"/v1/events/{eid}/shortlists", json={}, headers=org), org
        )

    context = await browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="ja-JP"
    )
    page = await context.new_page()
    page.set_default_timeout(20_000)
    try:
        await sign_in(page, live, "organizer", "ja")
        await page.get_by_label("イベント", exact=True).select_option(str(eid))
        await page.locator(".console-overview h2", has_text="宮城 面接会 スマホ").wait_for()
        await page.get_by_role("button", name="スケジュールを作成…").click()
        dialog = page.get_by_role("dialog")
        await dialog.locator(".confirm-line").wait_for()
        await shot(page, "org-phone-confirm")
        await dialog.get_by_role("button", name="この内容で確定").click()
        await page.locator("#status", has_text="スケジュールを保存しました").wait_for()
        grid = page.locator("table.timetable.interviews")
        names = set(await grid.locator("td.busy .who").all_text_contents())
        assert names and names <= {"Siti Rahmawati", "Dewi Lestari", "Rina Kartika", "Budi Santoso"}
        await grid.locator("td.busy select").first.select_option("no_show")
        await page.locator("#status", has_text="欠席").wait_for()
        overflow = await page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, overflow
        await (
            page.locator("#dashboard .tile", has_text="欠席")
            .locator(".value")
            .filter(has_text="1")
            .wait_for()
        )
        await shot(page, "org-phone")
        await page.get_by_role("link", name="面接表").click()
        await page.screenshot(path=f"{SCREENS}/org-phone-grid.png")
        await page.get_by_role("link", name="ダッシュボード").click()
        await page.screenshot(path=f"{SCREENS}/org-phone-dashboard.png")

        # Companies meet AG1 at two tables, planned from the phone (a job: the status line
        # says what it does, then the second grid shows the meetings).
        await page.get_by_role("link", name="送出機関との面談").click()
        meetings = page.locator("#meetings")
        await meetings.get_by_label("送出機関", exact=True).select_option(
            label="AG1(AG1)・登録求職者 4 名"
        )
        await meetings.get_by_label("テーブル数").fill("2")
        await meetings.get_by_role("button", name="送出機関を保存").click()
        await page.locator("#status", has_text="送出機関 1 機関を登録しました").wait_for()
        await page.locator("#meetings").get_by_role("button", name="面談を計画").click()
        meeting_grid = page.locator("table.timetable.meetings")
        await meeting_grid.locator("td.meeting", has_text="仙台介護株式会社").first.wait_for()
        await page.locator("#meetings").screenshot(path=f"{SCREENS}/org-phone-meetings.png")

        # The day is over: the organiser closes the event from the phone.
        overview = page.locator(".console-overview")
        await overview.get_by_role("button", name="イベントを終了する…").click()
        closing = page.get_by_role("dialog", name="このイベントを終了しますか?")
        await closing.get_by_role("button", name="終了する").click()
        await page.locator(".console-overview .badge", has_text="終了").wait_for()
        overflow = await page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, overflow
        await shot(page, "org-phone-closed")
    finally:
        await context.close()
