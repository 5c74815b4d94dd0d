"""Job failure reasons exist in English, Japanese and Indonesian with the same parameters."""

from __future__ import annotations

import string

from matcher.imports.messages import LANGS
from matcher.jobs.messages import _TEMPLATES, CODES, render

PARAMS = {"seconds": 2.5, "attempts": 3, "error": "RuntimeError", "detail": "no slot is free"}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_reason_has_the_same_placeholders_in_every_language() -> None:
    for code, templates in _TEMPLATES.items():
        assert len(templates) == len(LANGS), code
        assert len({frozenset(_fields(t)) for t in templates}) == 1, code


def test_reasons_render_with_their_parameters_in_each_language() -> None:
    for code in CODES:
        for lang in LANGS:
            text = render(code, PARAMS, lang)
            assert text and "?" not in text and "{" not in text, (code, lang, text)
    assert render("time_limit", {"seconds": 2.5}, "id").endswith("batas waktu 2,5 detik")
    assert render("time_limit", {"seconds": 2.5}, "en").endswith("time limit of 2.5 s")
    assert render("time_limit", {"seconds": 3600.0}, "ja") == (
        "中止しました: 制限時間(3600 秒)を超えました"
    )


def test_an_unknown_code_is_shown_as_itself() -> None:
    assert render("from_a_newer_version", {}, "ja") == "from_a_newer_version"
