"""Import row errors in en, ja and id, each naming the expected format."""

from __future__ import annotations

import string

import pytest
from pydantic import ValidationError

from matcher.imports.messages import _TEMPLATES, LANGS, code_for, pick_lang, render
from models.common import input_context
from models.worker import WorkerProfile


def test_every_message_exists_in_every_language_with_the_same_placeholders() -> None:
    for code, texts in _TEMPLATES.items():
        assert len(texts) == len(LANGS), code
        names = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in texts]
        assert all(n == names[0] for n in names), code
        assert len(set(texts)) == len(texts), f"{code}: a language left untranslated"


@pytest.mark.parametrize(
    ("row", "lang", "start"),
    [
        ({"birth_date": "14/03/1998"}, "id", "harus berupa tanggal dengan format YYYY-MM-DD"),
        ({"birth_date": "14/03/1998"}, "ja", "YYYY-MM-DD 形式の日付"),
        ({"contact": {"phone": "abc"}}, "id", "harus nomor telepon seperti +62"),
        ({"experience": [{"title": "x", "years": "x"}]}, "en", "expected a number"),
        ({"experience": [{"title": "x", "years": 80}]}, "id", "harus angka dari 0 sampai 50"),
        ({"birth_date": "1950-01-01"}, "id", "berarti usia"),  # over 70 whatever the year
        ({"birth_date": "1900-01-01"}, "id", "harus tanggal antara 1940-01-01 dan 2100-12-31"),
        ({"preferred_fields": ["nurse"]}, "id", "nilai tidak valid: unknown SSW field 'nurse'"),
    ],
)
def test_pydantic_errors_become_messages_that_say_what_is_expected(
    row: dict[str, object], lang: str, start: str
) -> None:
    data = {"external_id": "M-1", "full_name": "Siti", "birth_date": "1999-01-01"} | row
    with pytest.raises(ValidationError) as caught:
        WorkerProfile.model_validate(data, context=input_context())
    item = caught.value.errors(include_url=False)[0]
    code, params = code_for(dict(item))
    assert render(code, params, pick_lang(lang)).startswith(start)


def test_language_choice() -> None:
    assert pick_lang(None, "id-ID,id;q=0.9,en;q=0.8") == "id"
    assert pick_lang("ja", "id") == "ja"
    assert pick_lang(None, "fr-FR,de") == "en"
    assert pick_lang(None, None) == "en"
