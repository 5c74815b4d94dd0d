"""Numbers in reasons and gaps follow the language's decimal mark (issue 19: "4,5 tahun")."""

from __future__ import annotations

import pytest

from matcher.ranking.messages import Message
from models.common import Lang


@pytest.mark.parametrize(
    ("lang", "years", "expected"),
    [
        ("id", 4.5, "Pengalaman 4,5 tahun di bidang"),
        ("en", 4.5, "4.5 years of experience in"),
        ("ja", 4.5, "経験 4.5 年"),
        ("id", 3.0, "Pengalaman 3 tahun di bidang"),
        ("id", 2.25, "Pengalaman 2,2 tahun di bidang"),
    ],
)
def test_years_use_the_language_decimal_mark(lang: Lang, years: float, expected: str) -> None:
    text = Message.of("reason.experience", years=years, field="nursing_care").render(lang)
    assert expected in text


def test_integers_are_not_given_a_decimal_mark() -> None:
    text = Message.of("reason.experience", years=12, field="nursing_care").render("id")
    assert "12 tahun" in text
    assert "," not in text.split("tahun")[0]
