"""Smaller frictions of issue 19 in a real browser: no sign-out button before signing in, the
header names the company (not the token), near misses are marked and listed after the eligible
candidates, and numbers follow the page's language."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import LiveWorld, shot
from tests.web.test_pages import sign_in

pytestmark = pytest.mark.browser


async def test_signed_out_page_has_no_sign_out_button_and_a_favicon(
    page: Any, live: LiveWorld
) -> None:
    await page.goto(live.base_url + "/")
    await page.locator("#signin-form").wait_for()
    assert not await page.locator("#sign-out").is_visible()
    assert not await page.locator("#who").is_visible()
    icon = await page.request.get(live.base_url + "/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"] == "image/x-icon"


async def test_header_names_the_company_and_near_misses_come_last(
    page: Any, live: LiveWorld
) -> None:
    await sign_in(page, live, "employer", "id")
    label = await page.locator("#who-label").text_content()
    assert label and "仙台介護株式会社" in label
    assert "employer-" not in label  # the token's own name is only the tooltip
    assert await page.locator("#sign-out").is_visible()

    await page.locator("#candidates").wait_for()
    await page.locator("button.pick").first.click()
    await page.locator("#candidates .results > li").first.wait_for()
    await page.locator("#candidates input[type=checkbox]").check()
    order = page.locator("#candidates select")
    await order.wait_for()
    assert await order.input_value() == "eligible_first"
    cards = page.locator("#candidates .results > li")
    await page.locator("#candidates .results > li.ineligible").first.wait_for()
    classes = [await cards.nth(i).get_attribute("class") or "" for i in range(await cards.count())]
    flags = ["ineligible" in c for c in classes]
    assert any(flags) and flags == sorted(flags), "every eligible candidate before a near miss"
    miss = page.locator("#candidates .results > li.ineligible").first
    assert await miss.locator(".bar.ineligible").count() == 1
    assert await miss.locator(".badge.no").text_content() == "Ada syarat yang belum terpenuhi"
    bar = await miss.locator(".bar .fill").evaluate("e => getComputedStyle(e).backgroundImage")
    assert "gradient" in bar  # not the green of an eligible high score
    # Indonesian decimal comma in the score.
    number = await cards.first.locator(".score .num").text_content()
    assert number and "," in number and "." not in number
    await shot(page, "employer-id-near-misses")

    await order.select_option("score")
    await page.locator("#candidates select").wait_for()
    assert await page.locator("#candidates select").input_value() == "score"
    await page.locator("#candidates .results > li").first.wait_for()
    await page.locator("#sign-out").click()
    await page.locator("#signin-form").wait_for()
    assert not await page.locator("#sign-out").is_visible()
