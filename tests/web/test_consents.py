"""Consent and personal data in a real browser (docs/privacy.md): the worker sees and withdraws
its consents, accepts an interview and downloads its data (in Indonesian); the agency records a
consent signed on paper."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.job_polling import job_result
from tests.web.conftest import LiveWorld, shot
from tests.web.test_pages import sign_in

pytestmark = pytest.mark.browser


async def _employer_view(live: LiveWorld, worker: str) -> str:
    async with httpx.AsyncClient(base_url=live.base_url, timeout=30) as c:
        r = await c.get(f"/v1/workers/{live.ids[worker]}", headers=live.auth("employer"))
        assert r.status_code == 200, r.text
        view: str = r.json()["view"]
        return view


async def test_worker_withdraws_a_consent_and_downloads_its_data_in_indonesian(
    page: Any, live: LiveWorld, tmp_path: Path
) -> None:
    me = live.ids["w_n5"]
    async with httpx.AsyncClient(base_url=live.base_url, timeout=30) as c:
        body = {
            "purpose": "contact_sharing",
            "scope": "employer",
            "employer_id": live.ids["employer"],
        }
        r = await c.post(f"/v1/workers/{me}/consents", json=body, headers=live.auth("worker"))
        assert r.status_code == 201, r.text
    assert await _employer_view(live, "w_n5") == "full"

    await sign_in(page, live, "worker", "id")
    section = page.locator("#privacy")
    await section.get_by_role("heading", name="Persetujuan dan data saya").wait_for()
    consent = section.locator("li.consent").first
    await consent.get_by_text("Bagikan nama dan kontak saya").wait_for()
    assert await consent.locator(".badge", has_text="Berlaku").count() == 1
    assert "Anda berikan pada" in (await consent.locator(".facts").text_content() or "")
    await shot(page, "worker-consents-id")

    await consent.get_by_role("button", name="Tarik persetujuan").first.click()
    await page.locator("#status", has_text="Persetujuan telah ditarik.").wait_for()
    await section.locator("li.consent .badge", has_text="Ditarik").wait_for()
    assert await section.get_by_role("button", name="Tarik persetujuan").count() == 0
    assert await _employer_view(live, "w_n5") == "masked"  # the very next request

    async with page.expect_download() as info:
        await section.get_by_role("button", name="Unduh data saya").click()
    download = await info.value
    target = tmp_path / "export.json"
    await download.save_as(str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["worker"]["full_name"] == "Rina Kartika"
    assert [c["in_force"] for c in data["consents"]] == [False]
    await shot(page, "worker-consents-withdrawn-id")


async def test_worker_accepts_an_interview_and_the_employer_then_sees_it(
    page: Any, live: LiveWorld
) -> None:
    org = live.auth("organizer")
    eid, me = live.ids["event"], live.ids["w_n5"]
    async with httpx.AsyncClient(base_url=live.base_url, timeout=60) as c:
        pin = f"/v1/events/{eid}/shortlists/{live.ids['v_build']}/{me}"
        assert (await c.put(pin, json={"decision": "pin"}, headers=org)).status_code == 204
        r = await job_result(
            c, await c.post(f"/v1/events/{eid}/timetable", json={"replan": True}, headers=org), org
        )
        assert me in {i["worker_id"] for i in r["data"]}
    assert await _employer_view(live, "w_n5") == "masked"

    await sign_in(page, live, "worker", "id")
    item = page.locator("li.interview").first
    await item.wait_for()
    assert await item.locator(".badge", has_text="Belum diterima").count() == 1
    await item.get_by_role("button", name="Terima").click()
    await page.locator("#status", has_text="diterima").wait_for()
    assert await item.locator(".badge.ok", has_text="Diterima").count() == 1
    assert await _employer_view(live, "w_n5") == "full"
    await shot(page, "worker-interview-accepted-id")
    await item.get_by_role("button", name="Tolak").click()
    await item.locator(".badge", has_text="Belum diterima").wait_for()
    assert await _employer_view(live, "w_n5") == "masked"


async def test_agency_records_a_consent_signed_on_paper(page: Any, live: LiveWorld) -> None:
    await sign_in(page, live, "agency", "en")
    form = page.locator("#paper-consent")
    await form.get_by_role("heading", name="Record consent signed on paper").wait_for()
    await form.get_by_label("Worker id").fill(str(live.ids["w_dewi"]))
    await form.get_by_label("Purpose").select_option("contact_sharing")
    await form.get_by_label("For whom").select_option("employer")
    await form.get_by_label("Employer id").fill(str(live.ids["employer"]))
    await form.get_by_label("Signed form reference").fill("AG1/2026/0042")
    await shot(page, "agency-paper-consent-en")
    await form.get_by_role("button", name="Record consent").click()
    await page.locator("#status", has_text="Consent recorded.").wait_for()
    recorded = form.locator("li.consent").first
    await recorded.wait_for()
    assert "AG1/2026/0042" in (await recorded.locator(".facts").text_content() or "")
    assert await _employer_view(live, "w_dewi") == "full"
    await shot(page, "agency-paper-consent-recorded-en")

    # The same consent again is refused (one in force per purpose and target): the page says so.
    await form.get_by_role("button", name="Record consent").click()
    await page.get_by_role("alert").wait_for(state="visible")
    assert "already in force" in (await page.get_by_role("alert").text_content() or "")


async def test_the_paper_consent_form_in_japanese_and_indonesian(
    page: Any, live: LiveWorld
) -> None:
    """Every new label exists in each language (no key shown raw)."""
    for lang, heading, label in (
        ("ja", "書面の同意を記録", "署名済み同意書の番号"),
        ("id", "Catat persetujuan tertulis", "Nomor formulir yang ditandatangani"),
    ):
        await sign_in(page, live, "agency", lang)
        form = page.locator("#paper-consent")
        await form.get_by_role("heading", name=heading).wait_for()
        await form.get_by_label(label).wait_for()
        text = await form.text_content() or ""
        assert "consent." not in text, text
        if lang == "ja":
            await shot(page, "agency-paper-consent-ja")
        await page.locator("#sign-out").click()
