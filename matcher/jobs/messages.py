"""Why a job failed, in the reader's language (en, ja, id).

A job records a failure as a code and parameters (``JobError``); the text is chosen when the
job is read, in the language the reader asks for, since the one who polls may not be the one
who asked (an admin reading an agency's import).
"""

from __future__ import annotations

from typing import Any

from matcher.imports.messages import LANGS, Lang

# code -> (en, ja, id); ``{name}`` placeholders are filled from the error's parameters.
_TEMPLATES: dict[str, tuple[str, str, str]] = {
    "time_limit": (
        "stopped: the job ran longer than its time limit of {seconds} s",
        "中止しました: 制限時間({seconds} 秒)を超えました",
        "dihentikan: pekerjaan berjalan lebih lama dari batas waktu {seconds} detik",
    ),
    "runner_lost": (
        "failed: the server running it stopped {attempts} times; send it again",
        "失敗しました: 実行中のサーバーが {attempts} 回停止しました。もう一度送信してください",
        "gagal: server yang menjalankannya berhenti {attempts} kali; kirim ulang",
    ),
    "input_missing": (
        "failed: the job's input is no longer stored; send it again",
        "失敗しました: ジョブの入力が保存されていません。もう一度送信してください",
        "gagal: masukan pekerjaan ini tidak tersimpan lagi; kirim ulang",
    ),
    "engine_unavailable": (
        "failed: the matching engine was not running; send it again shortly",
        "失敗しました: マッチングエンジンが起動していませんでした。少し待ってもう一度送信してください",
        "gagal: mesin pencocokan belum berjalan; kirim ulang sebentar lagi",
    ),
    "pins_infeasible": (
        "failed: the pinned meetings cannot all be placed ({detail})",
        "失敗しました: 固定した面談をすべて配置できません({detail})",
        "gagal: pertemuan yang dikunci tidak dapat ditempatkan semuanya ({detail})",
    ),
    "timetable_infeasible": (
        "failed: the pinned interviews or the minimum per worker cannot all be placed ({detail})",
        "失敗しました: 固定した面接または1人あたりの最低面接数をすべて配置できません({detail})",
        "gagal: wawancara yang dikunci atau jumlah minimum per pekerja tidak dapat ditempatkan semuanya ({detail})",
    ),
    "inputs_changed": (
        "failed: registrations, shortlists or decisions changed while the plan was solved "
        "({attempts} times); plan again when the edits are done",
        "失敗しました: 計画の計算中に登録・ショートリスト・判断が変更されました({attempts} 回)。"
        "編集が終わってから再度計画してください",
        "gagal: pendaftaran, daftar pendek, atau keputusan berubah saat rencana dihitung "
        "({attempts} kali); rencanakan lagi setelah perubahan selesai",
    ),
    "embedder_unavailable": (
        "failed: the embedding model could not be loaded ({detail})",
        "失敗しました: 埋め込みモデルを読み込めませんでした({detail})",
        "gagal: model embedding tidak dapat dimuat ({detail})",
    ),
    "refused": (
        "failed: {detail}",
        "失敗しました: {detail}",
        "gagal: {detail}",
    ),
    "internal": (
        "failed: an unexpected error ({error}); the server log has the details",
        "失敗しました: 予期しないエラー({error})。詳細はサーバーログにあります",
        "gagal: kesalahan tak terduga ({error}); rinciannya ada di log server",
    ),
}
CODES = frozenset(_TEMPLATES)


class _Defaults(dict[str, Any]):
    """Format parameters; a missing one shows as ``?`` rather than failing the read."""

    def __missing__(self, key: str) -> str:
        return "?"


def _number(value: Any, lang: Lang) -> Any:
    """Seconds and counts as the reader writes them: no trailing ``.0`` (a limit of 2 s reads
    "2 s"), and a decimal comma in Indonesian ("1,5 detik")."""
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return f"{value:g}".replace(".", ",") if lang == "id" else f"{value:g}"
    return value


def render(code: str, params: dict[str, Any], lang: Lang = "en") -> str:
    """The text of one job error in ``lang``; an unknown code (from a newer version) is shown
    as itself rather than hidden."""
    templates = _TEMPLATES.get(code)
    if templates is None:
        return code
    values = _Defaults({k: _number(v, lang) for k, v in params.items()})
    return templates[LANGS.index(lang)].format_map(values)
