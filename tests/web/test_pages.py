"""Each role's main job in a real browser (Debian's headless Chromium), in its own language.

The pages run against the real app and matching engine over HTTP; reasons and gaps come from
the API in the language the page asks for, so seeing Japanese reasons proves the `lang` plumbing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import LiveWorld, shot

pytestmark = pytest.mark.browser

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


async def sign_in(page: Any, live: LiveWorld, who: str, lang: str = "en") -> None:
    await page.goto(live.base_url + "/")
    await page.locator(f"[data-lang='{lang}']").click()
    await page.get_by_label({"en": "API token", "ja": "APIトークン", "id": "Token API"}[lang]).fill(
        live.tokens[who]
    )
    await page.locator("#signin-form button[type=submit]").click()
    await page.locator("#who").wait_for(state="visible")


async def test_sign_in_rejects_a_bad_token_and_keeps_the_token_in_session_storage(
    page: Any, live: LiveWorld
) -> None:
    await page.goto(live.base_url + "/")
    await page.get_by_label("API token").fill("sswm_not-a-token")
    await page.get_by_role("button", name="Sign in").click()
    await page.get_by_role("alert").wait_for(state="visible")
    assert "unknown" in (await page.get_by_role("alert").text_content())
    assert await page.evaluate("sessionStorage.getItem('sswm.token')") is None

    await sign_in(page, live, "worker")
    assert await page.evaluate("sessionStorage.getItem('sswm.token')") == live.tokens["worker"]
    assert await page.evaluate("localStorage.length") <= 1  # the language only, never the token


async def test_employer_sees_ranked_candidates_with_japanese_reasons_and_pins(
    page: Any, live: LiveWorld
) -> None:
    await sign_in(page, live, "employer", "ja")
    assert await page.locator("html").get_attribute("lang") == "ja"
    await page.get_by_role("heading", name="自社の求人").wait_for()
    # The job category is named where the field has several (construction: 建築).
    builder = page.get_by_role("button", name=re.compile("建設作業員"))
    assert "建設 / 建築" in (await builder.text_content() or "")
    # The prefecture stored as "Miyagi" reads as 宮城県 on a Japanese page.
    assert "宮城県" in (await builder.text_content() or "")
    await page.get_by_role("button", name=re.compile("介護職員")).click()
    results = page.locator("#candidates .results > li")
    await results.first.wait_for()
    count = await results.count()
    assert count >= 2
    scores = [
        float(await results.nth(i).locator(".score .num").text_content()) for i in range(count)
    ]
    assert scores == sorted(scores, reverse=True)
    first = results.first
    assert await first.locator("[role=meter]").get_attribute("aria-valuenow")
    reasons = await first.locator(".reasons li").all_text_contents()
    assert reasons and all(JAPANESE.search(r) for r in reasons), reasons
    # Employers see candidates masked: a shortened name, never the full one.
    names = await page.locator("#candidates .results h3").all_text_contents()
    assert "Siti Rahmawati" not in names and "Siti R." in names
    await first.locator("summary").click()
    assert await first.locator(".components dt").count() >= 5

    pin = first.get_by_role("button", name="面接を確約")
    await pin.click()
    await page.locator("#status", has_text="面接確約").wait_for()
    assert await pin.get_attribute("aria-pressed") == "true"
    await shot(page, "employer-ja")


async def test_worker_sees_recommendations_with_the_gap(page: Any, live: LiveWorld) -> None:
    await sign_in(page, live, "worker", "en")
    await page.get_by_role("heading", name="Hello, Rina Kartika").wait_for()
    cards = page.locator(".results > li")
    await cards.first.wait_for()
    caregiver = cards.filter(has_text="介護職員")
    gaps = await caregiver.locator(".gaps li").all_text_contents()
    assert any("N4" in g for g in gaps), gaps
    assert await caregiver.get_by_text("What you still need").count() == 1
    assert await caregiver.get_by_text("Missing a requirement").count() == 1

    # The same page in Indonesian: labels and the API's gaps change language.
    await page.locator("[data-lang='id']").click()
    await page.get_by_role("heading", name="Lowongan yang direkomendasikan").wait_for()
    caregiver = page.locator(".results > li").filter(has_text="介護職員")
    await caregiver.get_by_text("Yang masih Anda perlukan").wait_for()
    gaps_id = await caregiver.locator(".gaps li").all_text_contents()
    assert any("N4" in g for g in gaps_id) and gaps_id != gaps, gaps_id
    await shot(page, "worker-id")


async def test_agency_searches_in_indonesian_and_imports_a_csv_with_a_bad_row(
    page: Any, live: LiveWorld, tmp_path: Path
) -> None:
    await sign_in(page, live, "agency", "id")
    await page.get_by_label("Apa yang Anda cari?").fill("perawat lansia shift malam")
    await page.get_by_label("Bidang", exact=True).select_option("nursing_care")
    await page.get_by_label("Level bahasa Jepang").select_option("N4")
    await page.get_by_role("button", name="Cari", exact=True).click()
    results = page.locator(".search-results .results > li")
    await results.first.wait_for()
    names = await page.locator(".search-results .results h3").all_text_contents()
    assert "Dewi Lestari" in names and "Siti Rahmawati" in names
    assert "Budi Santoso" not in names and "Rina Kartika" not in names  # filters applied
    assert await page.get_by_text(re.compile(r"Halaman 1 dari 1")).count() >= 1
    await shot(page, "agency-search-id")

    csv = tmp_path / "workers.csv"
    csv.write_text(
        "external_id,full_name,birth_date,japanese,ssw_tests,preferred_fields,discoverable\n"
        "WEB-1,Ayu Pratiwi,1998-01-02,JLPT:N4:2024-07-07,nursing_care:2024-02-01,nursing_care,true\n"
        "WEB-2,Joko,2001-05-06,JLPT:N9,,,true\n",
        encoding="utf-8",
    )
    await page.get_by_label("Berkas (CSV, JSON atau JSON Lines)").set_input_files(str(csv))
    await page.get_by_role("button", name="Impor", exact=True).click()
    errors = page.locator("table.errors tbody tr")
    await errors.first.wait_for()
    assert await errors.count() == 1
    assert await errors.first.locator("th").text_content() == "3"  # the row, then its errors
    cells = await errors.first.locator("td").all_text_contents()
    assert cells[0] == "japanese" and cells[1] == "JLPT:N9" and "N1" in cells[2], cells
    assert await page.locator(".counts dd").nth(1).text_content() == "1"  # created
    await shot(page, "agency-import-id")


async def test_organiser_plans_and_sees_the_timetable_grid(page: Any, live: LiveWorld) -> None:
    await sign_in(page, live, "organizer", "ja")
    await page.get_by_role("heading", name="イベント管理").wait_for()
    await page.get_by_role("heading", name="面接表(時間枠 × ブース)").wait_for()
    await page.get_by_role("button", name="スケジュールを作成…").click()
    await page.get_by_role("dialog").get_by_role("button", name="この内容で確定").click()
    grid = page.locator("table.timetable.interviews")
    await grid.wait_for()
    await page.locator("#status", has_text="面接").wait_for()
    assert await grid.locator("thead th", has_text="仙台介護株式会社").count() == 1
    assert await grid.locator("thead th", has_text="ブース 2").count() == 1
    assert await grid.locator("tbody tr:not(.day-row)").count() == 4  # four slots
    booked = grid.locator("td.busy")
    assert await booked.count() >= 3
    # Record an outcome from the grid; the dashboard counts it.
    await booked.first.locator("select").select_option("passed")
    await page.locator("#status", has_text="合格").wait_for()
    assert await page.locator("#dashboard .bar-fill").count() >= 3
    assert await page.locator("#dashboard .bar-label", has_text="介護").count() >= 1
    await shot(page, "organizer-ja")


async def test_phone_layout_has_no_horizontal_scroll(browser: Any, live: LiveWorld) -> None:
    context = await browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = await context.new_page()
    try:
        await sign_in(page, live, "worker", "ja")
        await page.locator(".results > li").first.wait_for()
        overflow = await page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        await shot(page, "worker-phone-ja")
    finally:
        await context.close()
