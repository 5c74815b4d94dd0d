// Jobs (issue 17): long work answers 202 with a job; the page polls GET /v1/jobs/{id} and
// shows its progress until it has succeeded (its result), failed or was cancelled (its reasons,
// in the page's language).

import { api } from "./api.js";
import { addTexts, getLang, t } from "./i18n.js";
import { num } from "./ui.js";

addTexts({
  "jobs.queued": ["Waiting for the server to start…", "サーバーでの開始を待っています…", "Menunggu server memulai…"],
  "jobs.counting": ["Reading the file…", "ファイルを読み込んでいます…", "Membaca berkas…"],
  "jobs.planning_meetings": [
    "Ranking each agency's workers for every vacancy, then planning the meetings…",
    "各求人について送出機関ごとの人材を評価し、面談を計画しています…",
    "Menilai pekerja setiap agensi untuk tiap lowongan, lalu merencanakan pertemuan…",
  ],
  "jobs.rows": ["{done} of {total} rows checked", "{total} 行中 {done} 行を確認済み", "{done} dari {total} baris diperiksa"],
  "jobs.failed": ["The job failed.", "ジョブが失敗しました。", "Pekerjaan gagal."],
  "jobs.cancelled": ["The job was cancelled.", "ジョブは取り消されました。", "Pekerjaan dibatalkan."],
  "jobs.cancel": ["Cancel", "取り消す", "Batalkan"],
});

const POLL_MS = 500;

/** A job that ended without succeeding; `String(err)` is its reason in the page's language. */
export class JobError extends Error {
  constructor(job) {
    const reasons = (job.errors || []).map((e) => e.message).join(" ");
    super(`${t(job.state === "cancelled" ? "jobs.cancelled" : "jobs.failed")}${reasons ? ` ${reasons}` : ""}`);
    this.name = ""; // String(err) is the message alone
    this.job = job;
  }
}

/** "120 of 300 rows checked" with the locale's digits grouping (Intl), what an import is
 * waiting for while its total is not known yet, or what a meeting plan is doing. */
export function progressText(job) {
  if (job.state === "queued") return t("jobs.queued");
  if (job.kind === "plan_meetings") return t("jobs.planning_meetings");
  const { done, total } = job.progress;
  if (total === null || total === undefined) return t("jobs.counting");
  return t("jobs.rows", { done: num(done), total: num(total) });
}

/** Poll job `id` until it has finished; `onProgress(job)` after every poll. Resolves with the
 * succeeded job (its `result`); rejects with a `JobError` when it failed or was cancelled,
 * with an `ApiError` when the API refused the poll. */
export async function waitForJob(id, onProgress, { interval = POLL_MS } = {}) {
  for (;;) {
    const job = await api(`/v1/jobs/${encodeURIComponent(id)}?lang=${getLang()}`);
    if (onProgress) onProgress(job);
    if (job.state === "succeeded") return job;
    if (job.state === "failed" || job.state === "cancelled") throw new JobError(job);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** Ask the server to stop job `id` (a running one stops within a second or so); the polling
 * `waitForJob` then rejects with the cancelled job. */
export function cancelJob(id) {
  return api(`/v1/jobs/${encodeURIComponent(id)}/cancel?lang=${getLang()}`, { method: "POST" });
}
