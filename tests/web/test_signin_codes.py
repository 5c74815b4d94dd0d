"""One-time sign-in codes in a real browser (issue 19): the agency prints a sheet of codes;
a worker on a phone opens the QR code's address (or types the code), lands on its own page in
Indonesian, edits its summary and availability, registers for an open event and ranks its
companies. Screenshots go to /tmp/ssw-web-screens/."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests import factories
from tests.web.conftest import SCREENSHOTS, LiveWorld, shot
from tests.web.test_pages import sign_in

pytestmark = pytest.mark.browser


async def screen(page: Any, name: str) -> None:
    """What the phone's screen shows right now (a full-page shot of a phone is too tall to read)."""
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


async def _second_event(live: LiveWorld) -> tuple[int, list[int]]:
    """A later event with two companies (E-1 and a builder), no worker registered yet."""
    admin, org = live.auth("admin"), live.auth("organizer")
    async with httpx.AsyncClient(base_url=live.base_url, timeout=60) as c:
        builder = factories.vacancy_data(
            77,
            employer=factories.employer_data(9, name="Osaka Kensetsu K.K.", prefecture="Osaka"),
            title="建設作業員",
            ssw_field="construction",
            category="building",
            occupation=None,
            requirements={"japanese": "N4", "ssw_test": True, "min_age": 18},
            preferred={},
        )
        r = await c.post("/v1/vacancies", json=builder, headers=admin)
        assert r.status_code == 201, r.text
        build_vacancy, build_employer = r.json()["id"], r.json()["employer_id"]
        event = factories.small_event_data("Job fair Surabaya")
        r = await c.post("/v1/events", json=event, headers=org)
        assert r.status_code == 201, r.text
        eid = r.json()["id"]
        for employer_id, vacancy_id in (
            (live.ids["employer"], live.ids["v_care"]),
            (build_employer, build_vacancy),
        ):
            body = {"employer_id": employer_id, "vacancy_ids": [vacancy_id], "booths": 1}
            r = await c.put(f"/v1/events/{eid}/employers", json=body, headers=org)
            assert r.status_code == 200, r.text
    return eid, [live.ids["employer"], build_employer]


async def _print_codes(page: Any, live: LiveWorld, names: list[str]) -> dict[str, dict[str, str]]:
    """The agency ticks `names` and makes their codes; each printed card's code and address."""
    await sign_in(page, live, "agency", "en")
    section = page.locator("#signin-codes")
    await section.get_by_role("heading", name="Sign-in codes for workers").wait_for()
    for name in names:
        await section.get_by_label(name, exact=False).check()
    await section.get_by_role("button", name="Make codes to print").click()
    cards = section.locator("li.code-card")
    await cards.nth(len(names) - 1).wait_for()
    printed: dict[str, dict[str, str]] = {}
    for i in range(await cards.count()):
        card = cards.nth(i)
        name = (await card.locator(".code-name").text_content() or "").split(" · ")[0]
        printed[name] = {
            "code": await card.locator(".code-value").text_content() or "",
            "url": await card.get_attribute("data-url") or "",
            "qr": await card.locator("img.qr").get_attribute("src") or "",
        }
    return printed


async def test_a_worker_signs_in_on_a_phone_with_a_printed_code(
    browser: Any, page: Any, live: LiveWorld
) -> None:
    eid, employers = await _second_event(live)
    printed = await _print_codes(page, live, ["Siti Rahmawati"])
    card = printed["Siti Rahmawati"]
    assert card["qr"].startswith("data:image/svg+xml") and card["url"].endswith(card["code"])
    assert card["url"].startswith(live.base_url + "/#code=")
    await page.locator("#signin-codes .code-how[lang=id]").first.wait_for()
    await shot(page, "agency-code-sheet-en")
    await page.emulate_media(media="print")
    await shot(page, "agency-code-sheet-print")
    await page.emulate_media(media="screen")

    context = await browser.new_context(**PHONE, locale="en-US")
    phone = await context.new_page()
    errors: list[str] = []
    phone.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        # Scanning the QR code opens its address; the page exchanges the code by itself.
        await phone.goto(card["url"])
        await phone.locator("#who").wait_for(state="visible")
        assert await phone.evaluate("document.documentElement.lang") == "id"
        assert "#code" not in phone.url  # taken off the address at once
        await phone.get_by_role("heading", name="Halo, Siti Rahmawati").wait_for()
        form = phone.locator("#my-profile")
        await form.get_by_role("heading", name="Profil saya").wait_for()
        summary = "Lulusan SMK keperawatan, siap bekerja shift malam di panti lansia."
        await form.get_by_label("Tentang saya").fill(summary)
        await form.get_by_label("Saya bisa mulai bekerja dari").fill("2027-04-01")
        await form.get_by_role("button", name="Simpan profil saya").click()
        await phone.locator("#status", has_text="Profil Anda telah disimpan.").wait_for()
        await shot(phone, "worker-code-phone-profile-id")
        await phone.evaluate("window.scrollTo(0, 0)")
        await screen(phone, "worker-code-phone-top-id")
        await form.get_by_role("button", name="Simpan profil saya").scroll_into_view_if_needed()
        await screen(phone, "worker-code-phone-saved-id")

        event = phone.locator(f"#my-events li.event[data-event='{eid}']")
        await event.get_by_role("button", name="Daftar ke acara ini").click()
        await phone.locator(
            "#status", has_text="Anda sudah terdaftar di Job fair Surabaya"
        ).wait_for()
        await event.locator(".badge", has_text="Terdaftar").wait_for()
        # Put the builder first, then save the order.
        await event.get_by_role("button", name="Naikkan: Osaka Kensetsu K.K.").click()
        await event.get_by_role("button", name="Simpan urutan saya").click()
        await phone.locator("#status", has_text="Urutan Anda telah disimpan.").wait_for()
        overflow = await phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        await event.scroll_into_view_if_needed()
        await screen(phone, "worker-code-phone-event-id")
    finally:
        await context.close()
    assert not errors, errors

    worker_id = live.ids["w_siti"]
    async with httpx.AsyncClient(base_url=live.base_url, timeout=30) as c:
        got = (await c.get(f"/v1/workers/{worker_id}", headers=live.auth("agency"))).json()
        assert (got["summary"], got["available_from"]) == (summary, "2027-04-01")
        regs = await c.get(f"/v1/events/{eid}/workers", headers=live.auth("organizer"))
        [mine] = [r for r in regs.json()["data"] if r["worker_id"] == worker_id]
        assert mine["status"] == "registered" and mine["ranking"] == employers[::-1]
        # The printed code worked once: a second exchange fails.
        again = await c.post("/v1/signin-codes/exchange", json={"code": card["code"]})
        assert again.status_code == 401


async def test_a_typed_code_with_a_typo_is_refused_in_indonesian_then_works(
    browser: Any, page: Any, live: LiveWorld
) -> None:
    printed = await _print_codes(page, live, ["Dewi Lestari"])
    code = printed["Dewi Lestari"]["code"]
    context = await browser.new_context(**PHONE, locale="id-ID")
    phone = await context.new_page()
    try:
        await phone.goto(live.base_url + "/")
        field = phone.get_by_label("Kode masuk")
        wrong = code[:-1] + ("2" if code[-1] != "2" else "3")
        await field.fill(wrong.lower())
        await phone.get_by_role("button", name="Lanjut dengan kode ini").click()
        await phone.get_by_role("alert").wait_for(state="visible")
        assert "Kode ini tidak berlaku" in (await phone.get_by_role("alert").text_content() or "")
        await field.fill("ABC")
        await phone.get_by_role("button", name="Lanjut dengan kode ini").click()
        await phone.locator("#alert", has_text="8 huruf").wait_for()
        await screen(phone, "worker-code-phone-typo-id")
        await field.fill(code.replace("-", " ").lower())
        await phone.get_by_role("button", name="Lanjut dengan kode ini").click()
        await phone.get_by_role("heading", name="Halo, Dewi Lestari").wait_for()
        assert await phone.get_by_role("alert").is_hidden()
    finally:
        await context.close()

    # The agency sees the code used and revokes it: the worker's session ends with it.
    await page.reload()
    issued = page.locator("#signin-codes .codes-issued")
    row = issued.locator(f"tr:has(td:text-is('#{live.ids['w_dewi']}'))", has_text="Used")
    await row.first.wait_for()
    await shot(page, "agency-codes-issued-en")
    await row.first.get_by_role("button", name="Revoke").click()
    await page.locator("#status", has_text="Code revoked").wait_for()
    await issued.locator(
        f"tr:has(td:text-is('#{live.ids['w_dewi']}'))", has_text="Revoked"
    ).wait_for()
