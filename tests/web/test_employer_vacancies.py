"""The employer's own vacancies in a real browser (issue 18), in Japanese on a desktop: post one
with a bad value (the error beside the field), fix it, see it in the list, page through its
candidates ten at a time (a refused pin shown beside its button), edit the headcount (only that
field is sent), close it, and delete it after a confirmation naming it. Each step is checked
through the API as well as on the page."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests import factories
from tests.web.conftest import SCREENSHOTS, LiveWorld, shot
from tests.web.test_pages import sign_in

pytestmark = pytest.mark.browser

TITLE = "介護職員(夜勤あり)"
NAMES = (
    "Putri Ayu", "Wulan Sari", "Indah Permata", "Lina Marlina", "Yuni Astuti", "Ratna Dewi",
    "Nur Aini", "Fitri Handayani", "Sri Wahyuni", "Maya Anggraini",
)  # fmt: skip


@pytest.fixture(scope="module")
async def caregivers(live: LiveWorld) -> int:
    """Ten more eligible caregivers in the agency's pool (the seeded world has two), and the
    employer's Japanese name on its profile. Returns how many workers the API ranks as eligible
    for a caregiver vacancy like the one the test posts."""
    async with httpx.AsyncClient(base_url=live.base_url, timeout=60) as c:
        r = await c.patch(
            f"/v1/employers/{live.ids['employer']}",
            json={"name": "Sendai Kaigo Co.", "name_ja": "仙台介護株式会社"},
            headers=live.auth("admin"),
        )
        assert r.status_code == 200, r.text
        for n, name in enumerate(NAMES, start=100):
            body = factories.worker_data(n, full_name=name)
            r = await c.post("/v1/workers", json=body, headers=live.auth("agency"))
            assert r.status_code == 201, r.text
    return len(NAMES) + 2


async def api_vacancies(live: LiveWorld) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=live.base_url, timeout=30) as c:
        r = await c.get("/v1/vacancies?limit=200", headers=live.auth("employer"))
        assert r.status_code == 200, r.text
        data: list[dict[str, Any]] = r.json()["data"]
        return data


async def test_employer_posts_pages_edits_closes_and_deletes_a_vacancy(
    page: Any, live: LiveWorld, caregivers: int
) -> None:
    await sign_in(page, live, "employer", "ja")
    await page.get_by_role("heading", name="自社の求人").wait_for()
    # The company's Japanese name, where its profile has one.
    assert await page.locator(".ev-company").text_content() == "仙台介護株式会社"
    before = {v["id"] for v in await api_vacancies(live)}

    # Opening a stored vacancy and saving it untouched sends nothing (its certificate names,
    # occupation and requirements read back exactly as stored).
    seeded = page.locator(f"li.ev-item[data-vacancy='{live.ids['v_care']}']")
    await seeded.get_by_role("button", name="編集").click()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.method) if r.method == "PATCH" else None)
    await page.locator("#vacancy-editor").get_by_role("button", name="変更を保存").click()
    await page.locator("#status", has_text="変更はありません").wait_for()
    assert requests == [] and await page.locator("#vacancy-editor form").count() == 0

    # --- post, with a bad headcount first ---
    await page.get_by_role("button", name="求人を登録").click()
    form = page.locator("#vacancy-editor form")
    await form.get_by_label("職種名(求人タイトル)").fill(TITLE)
    # The number is made from the title and a counter, and stays editable.
    external = form.get_by_label("求人番号")
    assert await external.input_value() == "介護職員-夜勤あり-001"
    # Nursing care has one job category: the category select stays hidden.
    assert await form.locator(".field[data-field='category']").is_hidden()
    await form.get_by_label("勤務地(都道府県)").fill("Miyagi")
    await form.get_by_label("採用予定人数").fill("0")
    await form.get_by_label("月給(円)").fill("220000")
    await form.get_by_label("入社予定日").fill("2027/04/01")
    await form.locator(".field[data-field='requirements.japanese'] select").select_option("N4")
    await form.get_by_label("介護職員（ケアワーカー） (SKM-CG-01)").first.check()
    await form.get_by_label("経験年数", exact=True).fill("1")
    await form.get_by_role("button", name="登録する").click()

    headcount_error = form.locator(".field[data-field='headcount'] .field-error")
    await headcount_error.wait_for(state="visible")
    # What the field expects in Japanese first, the server's own words second.
    assert await headcount_error.locator("span").first.text_content() == (
        "1〜1,000の整数を入力してください。"
    )
    assert "greater than or equal to 1" in (
        await headcount_error.locator(".server-said").text_content() or ""
    )
    assert await form.get_by_label("採用予定人数").get_attribute("aria-invalid") == "true"
    assert "入力内容に誤りがあります" in (await form.locator(".ev-summary").text_content() or "")
    # Nothing else is marked, and nothing was stored.
    assert await form.locator(".field-error:visible").count() == 2  # the field and the summary
    assert {v["id"] for v in await api_vacancies(live)} == before
    await shot(page, "employer-vacancy-error")

    await form.get_by_label("採用予定人数").fill("2")
    await form.get_by_role("button", name="登録する").click()
    await page.locator("#status", has_text=f"「{TITLE}」を登録しました").wait_for()
    assert await page.locator("#vacancy-editor form").count() == 0
    posted = [v for v in await api_vacancies(live) if v["id"] not in before]
    assert len(posted) == 1
    vacancy = posted[0]
    assert vacancy["title"] == TITLE and vacancy["external_id"] == "介護職員-夜勤あり-001"
    assert vacancy["headcount"] == 2 and vacancy["salary_monthly_jpy"] == 220000
    assert vacancy["starts_on"] == "2027-04-01" and vacancy["prefecture"] == "Miyagi"
    assert vacancy["category"] == "care" and vacancy["status"] == "open"
    assert vacancy["requirements"]["japanese"] == "N4"
    assert vacancy["requirements"]["certificates"] == ["SKM-CG-01"]
    assert vacancy["preferred"]["experience_years"] == 1
    item = page.locator(f"li.ev-item[data-vacancy='{vacancy['id']}']")
    await item.wait_for()
    assert "2027/04/01 開始" in (await item.text_content() or "")

    # --- its candidates, ten per page: the new vacancy is chosen after posting ---
    async with httpx.AsyncClient(base_url=live.base_url, timeout=60) as c:
        r = await c.get(
            f"/v1/vacancies/{vacancy['id']}/matches?limit=100&lang=ja",
            headers=live.auth("employer"),
        )
        assert r.status_code == 200, r.text
        ranked = [m["worker"]["display_name"] for m in r.json()["data"]]
    assert len(ranked) == caregivers
    candidates = page.locator("#candidates")
    await candidates.get_by_role("heading", name=f"「{TITLE}」の候補者").wait_for()
    cards = candidates.locator(".results > li")
    await cards.first.wait_for()
    assert await cards.count() == 10
    pages = candidates.get_by_role("navigation", name="候補者のページ")
    assert await pages.locator(".ev-range").text_content() == f"{caregivers}人中 1–10人目"
    assert await pages.get_by_role("button", name="前へ").is_disabled()
    assert await candidates.locator(".results h3").all_text_contents() == ranked[:10]

    # A pin for a vacancy the event does not have is refused beside the button pressed.
    first = cards.first
    await first.get_by_role("button", name="面接を確約").click()
    refusal = first.locator(".decision-error")
    await refusal.wait_for(state="visible")
    assert "この求職者は選択中のイベントでこの求人の候補者ではありません" in (
        await refusal.text_content() or ""
    )
    assert await first.get_by_role("button", name="面接を確約").get_attribute("aria-pressed") == (
        "false"
    )
    assert await cards.nth(1).locator(".decision-error").is_hidden()
    await first.scroll_into_view_if_needed()
    await page.screenshot(path=str(SCREENSHOTS / "employer-vacancy-pin-refused.png"))

    await pages.get_by_role("button", name="次へ").click()
    await candidates.locator(".ev-range", has_text=f"{caregivers}人中 11–12人目").wait_for()
    assert await cards.count() == caregivers - 10
    assert await candidates.locator(".results h3").all_text_contents() == ranked[10:]
    assert await pages.get_by_role("button", name="次へ").is_disabled()
    await shot(page, "employer-vacancy-candidates-page2")

    # --- edit the headcount: only that field is sent ---
    await item.get_by_role("button", name="編集").click()
    form = page.locator("#vacancy-editor form")
    await form.get_by_role("heading", name=f"「{TITLE}」を編集").wait_for()
    assert await form.get_by_label("採用予定人数").input_value() == "2"
    assert await form.get_by_label("入社予定日").input_value() == "2027/04/01"
    assert await form.get_by_label("介護職員（ケアワーカー） (SKM-CG-01)").first.is_checked()
    assert await form.get_by_label("特定技能の分野").is_disabled()
    await form.get_by_label("採用予定人数").fill("3")
    await shot(page, "employer-vacancy-edit")
    async with page.expect_request(lambda r: r.method == "PATCH") as sent:
        await form.get_by_role("button", name="変更を保存").click()
    assert (await sent.value).post_data_json == {"headcount": 3}
    await page.locator("#status", has_text=f"「{TITLE}」を保存しました").wait_for()
    stored = next(v for v in await api_vacancies(live) if v["id"] == vacancy["id"])
    assert stored["headcount"] == 3 and stored["requirements"] == vacancy["requirements"]

    # --- close it: the list marks it, the API says closed ---
    await item.get_by_role("button", name="募集終了").click()
    await page.locator("#status", has_text="募集を終了しました").wait_for()
    await item.locator(".badge.ev-closed", has_text="募集終了").wait_for()
    stored = next(v for v in await api_vacancies(live) if v["id"] == vacancy["id"])
    assert stored["status"] == "closed"

    # --- delete it after the confirmation naming it; cancelling first keeps it ---
    await item.get_by_role("button", name="削除").click()
    dialog = page.get_by_role("dialog", name=f"「{TITLE}」を削除しますか?")
    await dialog.wait_for()
    assert "介護職員-夜勤あり-001" in (await dialog.text_content() or "")
    # The viewport, where the modal dialog is (a full-page shot shrinks it out of sight).
    await page.screenshot(path=str(SCREENSHOTS / "employer-vacancy-delete-confirm.png"))
    await dialog.get_by_role("button", name="キャンセル").click()
    await dialog.wait_for(state="detached")
    assert any(v["id"] == vacancy["id"] for v in await api_vacancies(live))

    await item.get_by_role("button", name="削除").click()
    await dialog.get_by_role("button", name=re.compile(f"^「{re.escape(TITLE)}」を削除$")).click()
    await page.locator("#status", has_text=f"「{TITLE}」を削除しました").wait_for()
    await item.wait_for(state="detached")
    assert not any(v["id"] == vacancy["id"] for v in await api_vacancies(live))
    async with httpx.AsyncClient(base_url=live.base_url, timeout=30) as c:
        r = await c.get(f"/v1/vacancies/{vacancy['id']}", headers=live.auth("employer"))
        assert r.status_code == 404
    await shot(page, "employer-vacancy-deleted")


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


async def test_a_field_with_several_categories_needs_one_on_a_phone_in_indonesian(
    phone: Any, live: LiveWorld
) -> None:
    await sign_in(phone, live, "employer", "id")
    before = await api_vacancies(live)
    await phone.get_by_role("button", name="Pasang lowongan").click()
    form = phone.locator("#vacancy-editor form")
    category = form.locator(".field[data-field='category']")
    assert await category.is_hidden()  # nursing care, the default, has one category
    await form.get_by_label("Bidang SSW").select_option("construction")
    await category.wait_for(state="visible")
    options = await category.locator("option").all_text_contents()
    assert options[0] == "Pilih kategori pekerjaan" and len(options) == 4, options
    await form.get_by_label("Judul lowongan").fill("Tukang bangunan")
    # The schemes offered are the construction ones now.
    schemes = await form.locator(".ev-set").first.locator(".ev-choices label").all_text_contents()
    assert schemes and not any("SKM-CG-01" in s for s in schemes), schemes
    await form.get_by_role("button", name="Pasang lowongan").click()
    error = category.locator(".field-error")
    await error.wait_for(state="visible")
    assert "Pilih kategori pekerjaan: bidang ini punya beberapa." in (
        await error.text_content() or ""
    )
    assert "is required" in (await error.locator(".server-said").text_content() or "")
    assert await category.locator("select").get_attribute("aria-invalid") == "true"
    assert "Beberapa isian tidak valid" in (await form.locator(".ev-summary").text_content() or "")
    assert await api_vacancies(live) == before
    width = await phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    await shot(phone, "employer-vacancy-id-phone")

    await category.locator("select").select_option("building")
    await form.get_by_role("button", name="Pasang lowongan").click()
    await phone.locator("#status", has_text="“Tukang bangunan” dipasang").wait_for()
    posted = [v for v in await api_vacancies(live) if v["title"] == "Tukang bangunan"]
    assert len(posted) == 1 and posted[0]["category"] == "building"
    assert posted[0]["external_id"] == "Tukang-bangunan-001"
