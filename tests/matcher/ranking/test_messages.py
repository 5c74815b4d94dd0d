from __future__ import annotations

from datetime import date

import pytest

from matcher.ranking.messages import MESSAGES, Message, Param, placeholders, render
from models.common import LANGS, Lang

SAMPLE: dict[str, Param] = {
    "field": "nursing_care",
    "occupation": "elderly_care",
    "required_level": "N4",
    "level": "N3",
    "has": "N5",
    "name": "Caregiver",
    "scheme": "Caregiver (Perawat Lansia)",
    "required": 3,
    "years": 2.5,
    "age": 17,
    "min_age": 18,
    "max_age": 40,
    "date": date(2025, 10, 1),
    "available": date(2026, 1, 1),
    "prefecture": "Miyagi",
    "category": "fishing",
    "other_category": "aquaculture",
    "programme": "technical_intern_training_ii",
    "licence": "jp_driving_second_class",
    "months": 12,
    "verified": "registry_checked",
    "source": "https://example.org/recognition",
}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_has_all_languages_with_the_same_placeholders(code: str) -> None:
    templates = MESSAGES[code]
    assert set(templates) == set(LANGS)
    names = placeholders(templates["en"])
    assert all(placeholders(templates[lang]) == names for lang in LANGS)
    assert names <= SAMPLE.keys()


@pytest.mark.parametrize("code", sorted(MESSAGES))
@pytest.mark.parametrize("lang", LANGS)
def test_every_code_renders_without_leftover_placeholders(code: str, lang: Lang) -> None:
    params = {name: SAMPLE[name] for name in placeholders(MESSAGES[code]["en"])}
    text = Message.of(code, **params).render(lang)
    assert text.strip()
    assert "{" not in text
    assert "}" not in text


def test_japanese_gap_in_three_languages() -> None:
    params: dict[str, Param] = {"required_level": "N4", "has": "N5"}
    assert render("gap.japanese", params, "en") == "needs JLPT N4 or JFT-Basic A2 (has N5)"
    assert render("gap.japanese", params, "ja") == "日本語能力 N4 以上が必要です（現在 N5）"
    assert render("gap.japanese", params, "id") == "Perlu JLPT N4 atau JFT-Basic A2 (saat ini N5)"


def test_required_level_above_n4_names_jlpt_only() -> None:
    params: dict[str, Param] = {"required_level": "N3", "has": "A2"}
    assert render("gap.japanese", params, "en") == "needs JLPT N3 (has A2)"


def test_field_labels_are_localised() -> None:
    message = Message.of("reason.field_open", field="nursing_care")
    assert message.render("en") == "Nursing care accepts SSW workers on the start date"
    assert "介護" in message.render("ja")
    assert "Perawatan lansia (kaigo)" in message.render("id")


def test_category_gap_names_both_categories_in_three_languages() -> None:
    message = Message.of(
        "gap.ssw_test_other_category", other_category="aquaculture", category="fishing"
    )
    assert message.render("ja") == "養殖業の技能試験は漁業の求人には使えません"
    assert message.render("en") == (
        "the skill test for Aquaculture does not qualify for a Fishing (fishing vessels) job"
    )
    assert "Budidaya" in message.render("id") or "budidaya" in message.render("id")


def test_licence_programme_and_verification_labels_are_localised() -> None:
    assert "第二種運転免許" in render(
        "reason.licence", {"licence": "jp_driving_second_class"}, "ja"
    )
    exempt = render(
        "reason.japanese_exempt",
        {"required_level": "N4", "programme": "technical_intern_training_ii"},
        "ja",
    )
    assert "技能実習2号" in exempt
    held = render(
        "reason.certificate",
        {"name": "介護", "scheme": "Caregiver (Perawat Lansia)", "verified": "registry_checked"},
        "en",
    )
    assert held.endswith("(checked against the BNSP registry)")


def test_occupation_labels_and_numbers_are_formatted() -> None:
    assert (
        render("reason.occupation", {"occupation": "elderly_care"}, "ja")
        == "介護職員（高齢者介護）の経験あり"
    )
    assert render("reason.experience", {"years": 3.0, "field": "construction"}, "en") == (
        "3 years of experience in Construction"
    )
    assert (
        render("reason.available", {"date": date(2025, 1, 2)}, "en") == "Available from 2025-01-02"
    )


def test_unknown_code_or_missing_parameter_is_an_error() -> None:
    with pytest.raises(KeyError):
        Message.of("gap.nonexistent")
    with pytest.raises(KeyError):
        Message.of("gap.japanese", required_level="N4")


def test_messages_are_values() -> None:
    assert Message.of("gap.certificate", name="X") == Message.of("gap.certificate", name="X")
    assert Message.of("gap.certificate", name="X").params_dict == {"name": "X"}


def test_validation_and_rendering_stay_exact_when_cached() -> None:
    for _ in range(2):  # the second round is served by the caches
        with pytest.raises(KeyError, match="unknown message code"):
            Message.of("no.such.code")
        with pytest.raises(KeyError, match="needs parameters"):
            Message.of("gap.japanese")
    three = Message.of("reason.experience", years=3, field="nursing_care")
    five = Message.of("reason.experience", years=5, field="nursing_care")
    assert three.render("en") != five.render("en")
    assert three.render("en") == Message.of(
        "reason.experience", field="nursing_care", years=3
    ).render("en")
    assert three.render("ja") != three.render("en")


def test_messages_are_built_once_per_code_and_parameters() -> None:
    first = Message.of("reason.experience", years=3, field="nursing_care")
    assert Message.of("reason.experience", field="nursing_care", years=3) == first
    assert Message.of("reason.experience", years=3, field="nursing_care") is first
    as_float = Message.of("reason.experience", years=3.0, field="nursing_care")
    assert as_float is not first  # 3 and 3.0 are kept apart (typed cache)
    assert isinstance(dict(as_float.params)["years"], float)
