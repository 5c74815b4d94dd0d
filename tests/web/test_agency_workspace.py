"""The agency workspace in a real browser (issue 19): an Indonesian agency staffer lists its
workers with the real total, finds one by a misspelt name and one by external id, opens a
worker to see its events and what it lacks for open vacancies, edits it (a bad phone number is
refused beside the field, in Indonesian), saves, and deletes another worker after confirming;
the date entry reads dd/mm/yyyy on an Indonesian page and yyyy/mm/dd on a Japanese one.
Screenshots go to /tmp/ssw-web-screens/agency-*.png."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests import factories
from tests.web.conftest import SCREENSHOTS, LiveWorld, shot
from tests.web.test_pages import sign_in

pytestmark = pytest.mark.browser

# Workers added to the seeded four, so that the list needs a second page.
EXTRA = [
    "Agus Wibowo",
    "Ahmad Fauzi",
    "Bayu Saputra",
    "Citra Maharani",
    "Eko Prasetyo",
    "Fitri Handayani",
    "Gilang Ramadhan",
    "Indah Permata",
    "Joko Susilo",
]


@pytest.fixture(scope="module")
async def extra_workers(live: LiveWorld) -> dict[str, int]:
    """Nine more of the agency's workers (names differ from the seeded ones)."""
    made: dict[str, int] = {}
    async with httpx.AsyncClient(base_url=live.base_url, timeout=60) as c:
        for n, name in enumerate(EXTRA, start=101):
            body = factories.worker_data(n, full_name=name, external_id=f"AG1-WS-{n}")
            r = await c.post("/v1/workers", json=body, headers=live.auth("agency"))
            assert r.status_code == 201, r.text
            made[name] = r.json()["id"]
    return made


async def screen(page: Any, name: str) -> None:
    """What the window shows now (a modal dialog, the field just focused), not the whole page."""
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


async def api_total(live: LiveWorld) -> int:
    """The agency's own workers as the API counts them."""
    async with httpx.AsyncClient(base_url=live.base_url, timeout=60) as c:
        body = {"filters": {"mine_only": True}, "limit": 1}
        r = await c.post("/v1/search/workers", json=body, headers=live.auth("agency"))
        assert r.status_code == 200, r.text
        return int(r.json()["total"])


async def api_gap_lines(live: LiveWorld) -> list[str]:
    """The sentences of GET /v1/eligibility-gaps in Indonesian, largest group first."""
    async with httpx.AsyncClient(base_url=live.base_url, timeout=60) as c:
        r = await c.get("/v1/eligibility-gaps?lang=id", headers=live.auth("agency"))
        assert r.status_code == 200, r.text
        return [str(g["text"]) for g in r.json()["data"]]


async def api_worker(live: LiveWorld, worker_id: int) -> httpx.Response:
    async with httpx.AsyncClient(base_url=live.base_url, timeout=60) as c:
        return await c.get(f"/v1/workers/{worker_id}", headers=live.auth("agency"))


async def search(page: Any, text: str) -> list[str]:
    """Submit `text` in the workspace's search and return the names listed, in order."""
    workspace = page.locator("#my-workers")
    await workspace.get_by_label("Apa yang Anda cari?").fill(text)
    await workspace.get_by_role("button", name="Cari", exact=True).click()
    await page.wait_for_function(
        "() => !document.querySelector('#my-workers .search-results').hasAttribute('aria-busy')"
    )
    await workspace.locator(".results > li").first.wait_for()
    names: list[str] = await workspace.locator(".results > li h3").all_text_contents()
    return names


async def open_worker(page: Any, name: str) -> Any:
    await page.locator("#my-workers").get_by_role("button", name=f"Buka: {name}").click()
    detail = page.locator("#worker-detail")
    await detail.get_by_role("heading", name=name, exact=True).wait_for()
    return detail


async def test_agency_lists_finds_edits_and_deletes_its_workers_in_indonesian(
    page: Any, live: LiveWorld, extra_workers: dict[str, int]
) -> None:
    total = await api_total(live)
    assert total == 4 + len(EXTRA)
    await sign_in(page, live, "agency", "id")
    workspace = page.locator("#my-workers")
    await workspace.get_by_role("heading", name="Pekerja saya").wait_for()

    # The list without a query: the first ten by name, with the real total; then page two.
    rng = workspace.locator(".ws-range")
    await rng.wait_for()
    assert await rng.text_content() == f"1–10 dari {total} pekerja"
    names = await workspace.locator(".results > li h3").all_text_contents()
    assert len(names) == 10 and names == sorted(names), names
    assert names[0] == "Agus Wibowo"
    await workspace.get_by_role("button", name="Berikutnya").click()
    await rng.filter(has_text=f"11–{total} dari {total} pekerja").wait_for()
    assert await workspace.locator(".results > li").count() == total - 10

    # The near-miss summary is the API's own sentence in Indonesian.
    lines = await api_gap_lines(live)
    assert lines, "the seeded caregivers lack only the welding vacancy's construction test"
    await page.locator("#agency-gaps .gap-lines li").first.wait_for()
    shown = await page.locator("#agency-gaps .gap-lines li").all_text_contents()
    assert shown == lines
    await shot(page, "agency-workspace-id")

    # A misspelt name and an external id each put that person first.
    assert (await search(page, "Siti Rahmawti"))[0] == "Siti Rahmawati"
    assert (await search(page, "AG1-000002"))[0] == "Dewi Lestari"

    # Dewi's profile, her event and what she lacks for the welding vacancy.
    detail = await open_worker(page, "Dewi Lestari")
    events = detail.locator(".ws-event-list li")
    await events.first.wait_for()
    assert "宮城県 合同企業面接会 Jakarta" in (await events.first.text_content() or "")
    assert "Terdaftar" in (await events.first.text_content() or "")
    misses = detail.locator(".ws-misses > li")
    await misses.first.wait_for()
    titles = await detail.locator(".ws-misses h4").all_text_contents()
    assert "建設作業員(溶接)" in titles
    assert await detail.locator(".ws-misses .gaps li").count() >= 1
    assert "Memenuhi semua syarat untuk 1 lowongan" in (
        await detail.locator(".fit-eligible").text_content() or ""
    )
    await shot(page, "agency-worker-id")

    # A bad phone number: the API's 422 is shown beside the phone field, led in Indonesian.
    edit = detail.locator("form.ws-edit")
    phone = edit.get_by_label("Nomor telepon")
    await phone.fill("12ab")
    await edit.get_by_role("button", name="Simpan perubahan").click()
    error = edit.locator(".field:has(input[type=tel]) .field-error")
    await error.wait_for()
    assert "6–24 angka" in (await error.text_content() or "")
    assert await phone.get_attribute("aria-invalid") == "true"
    await screen(page, "agency-edit-error-id")

    # Fixed, plus a start date typed as dd/mm/yyyy: saved, as the API confirms.
    await phone.fill("+62 811 2222 3333")
    await edit.get_by_label("Tersedia mulai").fill("1/4/2027")
    await edit.get_by_role("button", name="Simpan perubahan").click()
    await page.locator("#status").filter(has_text="Tersimpan: Dewi Lestari.").wait_for()
    r = await api_worker(live, live.ids["w_dewi"])
    assert r.status_code == 200
    assert r.json()["contact"]["phone"] == "+62 811 2222 3333"
    assert r.json()["available_from"] == "2027-04-01"

    # After a reload the page shows the stored values in the Indonesian date order.
    await page.reload()
    await page.locator("#my-workers .results > li").first.wait_for()
    detail = await open_worker(page, "Dewi Lestari")
    edit = detail.locator("form.ws-edit")
    assert await edit.get_by_label("Nomor telepon").input_value() == "+62 811 2222 3333"
    assert await edit.get_by_label("Tersedia mulai").input_value() == "01/04/2027"
    assert "+62 811 2222 3333" in (await detail.locator(".ws-profile").text_content() or "")

    # On a phone-wide window the opened worker and its form fit without sideways scrolling.
    await page.set_viewport_size({"width": 390, "height": 844})
    await detail.locator(".list-editor").last.scroll_into_view_if_needed()
    overflow = await page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    await screen(page, "agency-worker-phone-id")
    await page.set_viewport_size({"width": 1280, "height": 900})

    # Delete another worker: the dialog names her; Batal keeps her, confirming removes her.
    await workspace.get_by_role("button", name="Tampilkan seluruh daftar").click()
    detail = await open_worker(page, "Agus Wibowo")
    await detail.get_by_role("button", name="Hapus pekerja ini…").click()
    dialog = page.get_by_role("dialog", name="Hapus Agus Wibowo?")
    await dialog.wait_for()
    assert "AG1-WS-101" in (await dialog.text_content() or "")
    await screen(page, "agency-delete-dialog-id")
    await dialog.get_by_role("button", name="Batal").click()
    await dialog.wait_for(state="detached")
    assert (await api_worker(live, extra_workers["Agus Wibowo"])).status_code == 200

    before = await api_gap_lines(live)
    await detail.get_by_role("button", name="Hapus pekerja ini…").click()
    await dialog.get_by_role("button", name="Hapus Agus Wibowo").click()
    await page.locator("#status").filter(has_text="Agus Wibowo telah dihapus.").wait_for()
    await rng.filter(has_text=f"1–10 dari {total - 1} pekerja").wait_for()
    assert await page.locator("#worker-detail").is_hidden()
    assert "Agus Wibowo" not in await workspace.locator(".results > li h3").all_text_contents()
    assert (await api_worker(live, extra_workers["Agus Wibowo"])).status_code == 404
    assert await api_total(live) == total - 1
    # The summary above the list followed: Agus counted in a group, so its sentence changed.
    after = await api_gap_lines(live)
    assert after != before
    gap_lines = page.locator("#agency-gaps .gap-lines li")
    await gap_lines.filter(has_text=after[0]).wait_for()
    assert await gap_lines.all_text_contents() == after


async def test_date_entry_follows_the_page_language(
    page: Any, live: LiveWorld, extra_workers: dict[str, int]
) -> None:
    # Japanese: yyyy/mm/dd, a date that does not exist is refused before any request.
    await sign_in(page, live, "agency", "ja")
    workspace = page.locator("#my-workers")
    await workspace.locator(".results > li").first.wait_for()
    await workspace.get_by_role("button", name="開く: Budi Santoso").click()
    detail = page.locator("#worker-detail")
    await detail.get_by_role("heading", name="Budi Santoso", exact=True).wait_for()
    edit = detail.locator("form.ws-edit")
    start = edit.get_by_label("就業可能日")
    assert await start.get_attribute("placeholder") == "YYYY/MM/DD"
    await start.fill("2027/02/31")
    await edit.get_by_role("button", name="変更を保存").click()
    problem = edit.locator(".date-error")
    await problem.wait_for()
    assert "日付として読めません" in (await problem.text_content() or "")
    assert await start.get_attribute("aria-invalid") == "true"
    await screen(page, "agency-date-error-ja")

    await start.fill("2027/5/2")
    await edit.get_by_role("button", name="変更を保存").click()
    await (
        page.locator("#status")
        .filter(has_text="Budi Santoso さんの情報を保存しました。")
        .wait_for()
    )
    r = await api_worker(live, live.ids["w_budi"])
    assert r.json()["available_from"] == "2027-05-02"
    start = page.locator("#worker-detail form.ws-edit").get_by_label("就業可能日")
    assert await start.input_value() == "2027/05/02"
    await shot(page, "agency-worker-ja")

    # Indonesian: dd/mm/yyyy in the filter; 02/05/2027 is the 2nd of May, not February 5th.
    await page.locator("[data-lang='id']").click()
    workspace = page.locator("#my-workers")
    available = workspace.get_by_label("Tersedia paling lambat")
    assert await available.get_attribute("placeholder") == "HH/BB/TTTT"
    await available.fill("2/5/2027")
    await workspace.get_by_role("button", name="Cari", exact=True).click()
    rng = workspace.locator(".ws-range")
    await rng.filter(has_text=re.compile(r"^1–\d+ dari \d+ pekerja$")).wait_for()
    assert await available.input_value() == "02/05/2027"
    names = await workspace.locator(".results > li h3").all_text_contents()
    assert "Budi Santoso" in names  # available from 2027-05-02: by the 2nd of May
    await available.fill("1/5/2027")
    await workspace.get_by_role("button", name="Cari", exact=True).click()
    await page.wait_for_function(
        "() => !document.querySelector('#my-workers .search-results').hasAttribute('aria-busy')"
    )
    names = await workspace.locator(".results > li h3").all_text_contents()
    assert "Budi Santoso" not in names  # not yet available on the 1st of May


async def test_worker_page_reads_its_start_date_in_the_indonesian_order(
    page: Any, live: LiveWorld
) -> None:
    """The worker's own page uses the same date entry: 15/06/2027 is the 15th of June."""
    await sign_in(page, live, "worker", "id")
    form = page.locator("#my-profile")
    start = form.get_by_label("Saya bisa mulai bekerja dari")
    await start.wait_for()
    assert await start.get_attribute("placeholder") == "HH/BB/TTTT"
    await start.fill("15/06/2027")
    await form.get_by_role("button", name="Simpan profil saya").click()
    await page.locator("#status", has_text="Profil Anda telah disimpan.").wait_for()
    r = await api_worker(live, live.ids["w_n5"])
    assert r.json()["available_from"] == "2027-06-15"
    assert await start.input_value() == "15/06/2027"
