// Server problems in the page's language: the API answers every error as RFC 9457 problem
// details whose `type` ends in a stable code (api/problems.py lists them). The page shows the
// code's text in its own language first, and the server's English detail as a second line, so
// an organiser reads what happened in Japanese and support still sees the exact cause.

import { ApiError } from "./api.js";
import { addTexts, t } from "./i18n.js";

addTexts({
  "problems.validation": ["Some fields are not valid.", "入力内容に誤りがあります。", "Beberapa isian tidak valid."],
  "problems.invalid-input": ["This request breaks a rule.", "この操作は規則に合いません。", "Permintaan ini melanggar aturan."],
  "problems.unauthenticated": ["Please sign in again.", "もう一度サインインしてください。", "Silakan masuk kembali."],
  "problems.forbidden": ["Your role may not do this.", "この操作の権限がありません。", "Peran Anda tidak boleh melakukan ini."],
  "problems.not-found": ["Not found (or not yours to see).", "見つかりません(または閲覧できません)。", "Tidak ditemukan (atau bukan hak Anda untuk melihatnya)."],
  "problems.method-not-allowed": ["This action is not available here.", "この操作はここでは使えません。", "Tindakan ini tidak tersedia di sini."],
  "problems.request-timeout": ["The upload stopped; try again.", "送信が途中で止まりました。もう一度お試しください。", "Pengiriman terhenti; coba lagi."],
  "problems.conflict": ["This clashes with what is already stored.", "登録済みの内容と矛盾します。", "Ini bertentangan dengan data yang sudah tersimpan."],
  "problems.payload-too-large": ["Too much at once; send less.", "一度に送る量が多すぎます。分けて送ってください。", "Terlalu banyak sekaligus; kirim lebih sedikit."],
  "problems.unsupported-media-type": ["This file type is not accepted.", "このファイル形式は受け付けられません。", "Jenis berkas ini tidak diterima."],
  "problems.rate-limited": ["Too many requests; wait a moment.", "操作が多すぎます。少し待ってからお試しください。", "Terlalu banyak permintaan; tunggu sebentar."],
  "problems.internal": ["The server failed; try again or tell the administrator.", "サーバーでエラーが起きました。再度お試しいただくか管理者に連絡してください。", "Server gagal; coba lagi atau hubungi administrator."],
  "problems.database-unavailable": ["The database is unavailable; try again shortly.", "データベースに接続できません。しばらくしてからお試しください。", "Basis data tidak tersedia; coba lagi sebentar lagi."],
  "problems.busy": ["The server is busy; try again shortly.", "サーバーが混み合っています。しばらくしてからお試しください。", "Server sedang sibuk; coba lagi sebentar lagi."],
  "problems.engine-unavailable": ["The matching engine is not running yet; try again shortly.", "マッチング機能がまだ起動していません。しばらくしてからお試しください。", "Mesin pencocokan belum berjalan; coba lagi sebentar lagi."],
  "problems.engine-not-ready": ["The matching engine is still starting; try again shortly.", "マッチング機能を起動中です。しばらくしてからお試しください。", "Mesin pencocokan sedang dimulai; coba lagi sebentar lagi."],
  "problems.not-ready": ["The server is still starting; try again shortly.", "サーバーを起動中です。しばらくしてからお試しください。", "Server sedang dimulai; coba lagi sebentar lagi."],
  "problems.timetable-infeasible": ["No timetable fits these constraints (pins, minimum interviews).", "この条件(確定枠・最低面接数)を満たすスケジュールは組めません。", "Tidak ada jadwal yang memenuhi batasan ini (pin, minimal wawancara)."],
  "problems.event-closed": ["The event is closed: reopen it to change registrations or plans. Outcomes can still be recorded.", "このイベントは終了しています。登録や計画を変えるには再開してください(結果の記録はできます)。", "Acara sudah ditutup: buka kembali untuk mengubah pendaftaran atau rencana. Hasil masih bisa dicatat."],
  "problems.other": ["The request failed (HTTP {status}).", "リクエストが失敗しました(HTTP {status})。", "Permintaan gagal (HTTP {status})."],
});

/** The stable code of a problem (`validation`, `conflict`, ...), or "" for none. */
export function problemCode(err) {
  const type = (err instanceof ApiError && err.problem && err.problem.type) || "";
  return type.slice(type.lastIndexOf("/") + 1);
}

/** `{message, detail}`: the problem in the page's language, and the server's own words (empty
 * when they add nothing). A code without a text here falls back to its HTTP status. */
export function problemText(err) {
  if (!(err instanceof ApiError)) return { message: String(err), detail: "" };
  const code = problemCode(err);
  const key = `problems.${code}`;
  const known = t(key) !== key;
  const message = known ? t(key) : t("problems.other", { status: err.status });
  return { message, detail: err.message && err.message !== message ? err.message : "" };
}
