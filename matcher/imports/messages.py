"""Import row errors in the reader's language (en, ja, id), each saying what is expected.

The pipeline records an error as a code and parameters (pydantic's error type, or one of the
reader's own codes); ``render`` turns it into text. A person fixing row 7 of a spreadsheet
needs "tanggal dengan format YYYY-MM-DD, mis. 1998-03-14", not "Input should be a valid date
or datetime". English stays the default (the CLI, and API callers that ask for nothing).

A validator's own explanation (``value_error``: "unknown SSW field 'nurse'; expected one of
...") exists in English only; it is kept after the translated lead so no detail is lost.
"""

from __future__ import annotations

import re
from typing import Any, Literal

Lang = Literal["en", "ja", "id"]
LANGS: tuple[Lang, ...] = ("en", "ja", "id")

_DATE_HINT = {
    "en": "a date as YYYY-MM-DD, e.g. 1998-03-14",
    "ja": "YYYY-MM-DD 形式の日付(例: 1998-03-14)",
    "id": "tanggal dengan format YYYY-MM-DD, mis. 1998-03-14 (bukan 14/03/1998)",
}

# code -> (en, ja, id); ``{name}`` placeholders are filled from the error's parameters.
_TEMPLATES: dict[str, tuple[str, str, str]] = {
    "missing": (
        "required: this column must not be empty",
        "必須です: この列を空にしないでください",
        "wajib diisi: kolom ini tidak boleh kosong",
    ),
    "date": ("expected {hint}", "{hint}を入力してください", "harus berupa {hint}"),
    "int": (
        "expected a whole number, e.g. 3",
        "整数を入力してください(例: 3)",
        "harus berupa bilangan bulat, mis. 3",
    ),
    "number": (
        "expected a number, e.g. 2.5",
        "数値を入力してください(例: 2.5)",
        "harus berupa angka, mis. 2,5 atau 2.5",
    ),
    "bool": (
        "expected yes or no (true/false)",
        "はい/いいえ(true/false)を入力してください",
        "harus ya atau tidak (true/false)",
    ),
    "choice": (
        "expected one of: {expected}",
        "次のいずれか: {expected}",
        "harus salah satu dari: {expected}",
    ),
    "too_long": (
        "at most {max_length} characters",
        "{max_length} 文字以内で入力してください",
        "paling banyak {max_length} karakter",
    ),
    "too_short": (
        "at least {min_length} characters",
        "{min_length} 文字以上で入力してください",
        "paling sedikit {min_length} karakter",
    ),
    "too_many": (
        "at most {max_length} entries",
        "{max_length} 件までです",
        "paling banyak {max_length} entri",
    ),
    "range": (
        "expected a number from {low} to {high}",
        "{low} から {high} までの数値を入力してください",
        "harus angka dari {low} sampai {high}",
    ),
    "phone": (
        "expected a phone number such as +62 812-3456-7890",
        "電話番号を入力してください(例: +62 812-3456-7890)",
        "harus nomor telepon seperti +62 812-3456-7890",
    ),
    "email": (
        "expected an e-mail address such as nama@contoh.id",
        "メールアドレスを入力してください(例: nama@contoh.id)",
        "harus alamat email seperti nama@contoh.id",
    ),
    "pattern": (
        "the text has a form that is not accepted",
        "この形式の文字列は受け付けられません",
        "bentuk teks ini tidak diterima",
    ),
    "unknown_column": (
        "unknown column {column!r}: it was not read (use the template's column names)",
        "不明な列 {column!r} は読み込まれませんでした(テンプレートの列名を使ってください)",
        "kolom {column!r} tidak dikenal dan tidak dibaca (gunakan nama kolom dari templat)",
    ),
    "same_column": (
        "columns {first!r} and {second!r} both mean {path}; keep one",
        "列 {first!r} と {second!r} はどちらも {path} です。一つにしてください",
        "kolom {first!r} dan {second!r} sama-sama berarti {path}; sisakan satu",
    ),
    "extra": (
        "not a field of the contract",
        "データ契約にない項目です",
        "bukan kolom yang dikenal dalam kontrak data",
    ),
    "future": (
        "must not be in the future ({day} is after today)",
        "未来の日付にはできません({day} は今日より後です)",
        "tidak boleh di masa depan ({day} setelah hari ini)",
    ),
    "age": (
        "gives an age of {age} today; a worker must be {low} to {high} years old",
        "今日の年齢が {age} 歳になります。{low}〜{high} 歳である必要があります",
        "berarti usia {age} tahun hari ini; pekerja harus berusia {low} sampai {high} tahun",
    ),
    "duplicate": (
        "duplicate of row {seen} in this file (the same external id)",
        "このファイルの {seen} 行目と重複しています(同じ外部 ID)",
        "duplikat baris {seen} dalam berkas ini (ID eksternal sama)",
    ),
    "cells": (
        "more cells than header columns",
        "見出しの列より多くのセルがあります",
        "jumlah sel lebih banyak dari kolom judul",
    ),
    "cell": (
        "cannot read cell: {detail}",
        "セルを読めません: {detail}",
        "sel tidak dapat dibaca: {detail}",
    ),
    "csv": (
        "cannot read CSV: {detail}; the rest was not read",
        "CSV を読めません: {detail}。以降は読み込んでいません",
        "CSV tidak dapat dibaca: {detail}; sisanya tidak dibaca",
    ),
    "nul": (
        "text must not contain NUL characters",
        "文字列に NUL 文字を含めないでください",
        "teks tidak boleh berisi karakter NUL",
    ),
    "nested": (
        "the row is nested too deeply",
        "行の入れ子が深すぎます",
        "baris bersarang terlalu dalam",
    ),
    "too_many_rows": (
        "more than {max_rows} rows; the rest was not read",
        "{max_rows} 行を超えています。以降は読み込んでいません",
        "lebih dari {max_rows} baris; sisanya tidak dibaca",
    ),
    "date_range": (
        "expected a date from {low} to {high}",
        "{low} から {high} までの日付を入力してください",
        "harus tanggal antara {low} dan {high}",
    ),
    "invalid": ("invalid value: {detail}", "不正な値です: {detail}", "nilai tidak valid: {detail}"),
}

_PYDANTIC: dict[str, str] = {
    "missing": "missing",
    "date_parsing": "date",
    "date_from_datetime_parsing": "date",
    "date_from_datetime_inexact": "date",
    "date_type": "date",
    "int_parsing": "int",
    "int_from_float": "int",
    "int_type": "int",
    "float_parsing": "number",
    "float_type": "number",
    "bool_parsing": "bool",
    "bool_type": "bool",
    "literal_error": "choice",
    "enum": "choice",
    "string_too_long": "too_long",
    "string_too_short": "too_short",
    "too_long": "too_many",
    "extra_forbidden": "extra",
    "date_in_future": "future",
    "birth_date_in_future": "future",
    "implausible_age": "age",
}
_BOUNDS = {
    "greater_than_equal": "ge",
    "less_than_equal": "le",
    "greater_than": "gt",
    "less_than": "lt",
}
_BETWEEN = re.compile(r"must be between (\d{4}-\d{2}-\d{2}) and (\d{4}-\d{2}-\d{2})")
_RANGES: dict[str, tuple[Any, Any]] = {
    "kkni_level": (1, 9),
    "years": (0, 50),
    "ssw1_months_used": (0, 60),
}


def pick_lang(lang: str | None, accept_language: str | None = None) -> Lang:
    """``lang`` when given (en, ja or id), else the first of ours in Accept-Language, else
    English. An unknown ``lang`` is refused by the route before this is called."""
    if lang in LANGS:
        return lang
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return "en"


def code_for(item: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The message code and parameters of one pydantic error (``ValidationError.errors()``)."""
    kind = str(item["type"])
    ctx: dict[str, Any] = dict(item.get("ctx") or {})
    last = str(item["loc"][-1]) if item["loc"] else ""
    if kind == "string_pattern_mismatch":
        return ("phone" if last == "phone" else "email" if last == "email" else "pattern"), {}
    if kind in _BOUNDS:
        low, high = _RANGES.get(last, (ctx.get("ge", ctx.get("gt", "")), ctx.get("le", "")))
        return "range", {"low": low, "high": high}
    if kind == "value_error":
        detail = str(item["msg"]).removeprefix("Value error, ")
        bounds = _BETWEEN.fullmatch(detail)
        if bounds:  # models.common.PlausibleDate
            return "date_range", {"low": bounds.group(1), "high": bounds.group(2)}
        return "invalid", {"detail": detail}
    if kind in ("date_in_future", "birth_date_in_future"):
        return "future", {"day": ctx.get("day", ctx.get("value", ""))}
    code = _PYDANTIC.get(kind)
    if code is None:
        return "invalid", {"detail": str(item["msg"])}
    return code, ctx


def render(code: str, params: dict[str, Any], lang: Lang = "en") -> str:
    """The text of one error in ``lang``."""
    template = _TEMPLATES[code][LANGS.index(lang)]
    values = dict(params)
    if code == "date":
        values["hint"] = _DATE_HINT[lang]
    if code == "choice":
        values["expected"] = re.sub(r"'([^']*)'", r"\1", str(values.get("expected", "")))
        if lang != "en":
            values["expected"] = values["expected"].replace(" or ", ", ")
    return template.format_map(_Defaults(values))


class _Defaults(dict[str, Any]):
    """Format parameters; a missing one shows as ``?`` rather than failing the whole report."""

    def __missing__(self, key: str) -> str:
        return "?"
