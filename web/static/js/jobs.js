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
  "jobs.scrubbing": [
    "Removing the erased person from the search index and its saved files…",
    "消去した人を検索インデックスと保存ファイルから取り除いています…",
    "Menghapus orang yang dihapus dari indeks pencarian dan berkas simpanannya…",
  ],
  "jobs.reencode_counting": [
    "Counting the profiles and vacancies to check…",
    "確認するプロフィールと求人を数えています…",
    "Menghitung profil dan lowongan yang akan diperiksa…",
  ],
  "jobs.reencoding": [
    "{done} of {total} profiles and vacancies checked for the new model",
    "{total} 件中 {done} 件のプロフィールと求人を新しいモデル用に確認済み",
    "{done} dari {total} profil dan lowongan diperiksa untuk model baru",
  ],
  "jobs.shortlists": [
    "{done} of {total} vacancies ranked",
    "{total} 件中 {done} 件の求人を評価済み",
    "{done} dari {total} lowongan dinilai",
  ],
  "jobs.shortlists_starting": ["Ranking the registered workers…", "登録者を評価しています…", "Menilai pekerja terdaftar…"],
  "jobs.planning_timetable": [
    "Planning the timetable…",
    "面接スケジュールを計算しています…",
    "Menyusun jadwal wawancara…",
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
  if (job.kind === "plan_timetable") return t("jobs.planning_timetable");
  if (job.kind === "build_shortlists") {
    const { done, total } = job.progress;
    return total ? t("jobs.shortlists", { done: num(done), total: num(total) }) : t("jobs.shortlists_starting");
  }
  if (job.kind === "scrub_erasure") return t("jobs.scrubbing");
  const { done, total } = job.progress;
  const known = total !== null && total !== undefined;
  if (job.kind === "reencode") {
    return known ? t("jobs.reencoding", { done: num(done), total: num(total) }) : t("jobs.reencode_counting");
  }
  if (!known) return t("jobs.counting");
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

/** Show `job`'s progress on a `<progress>` element: done of total while it runs with a known
 * total, indeterminate (moving) while it is queued or its total is not known yet. */
export function showProgress(bar, job) {
  const { done, total } = job.progress;
  if (job.state === "running" && total) {
    bar.max = total;
    bar.value = Math.min(done, total);
  } else {
    bar.removeAttribute("value");
  }
}

/** POST `body` to `path`, a route that answers 202 with a job, and wait for the job: resolves
 * with its `result`, calling `onProgress(text)` with what it is doing after every poll and
 * moving the `<progress>` element `bar` (shown while the job runs). A refusal of the POST itself
 * rejects with the `ApiError` (a 4xx naming the field), a job that failed with a `JobError`. */
export async function runJob(path, body, onProgress, bar) {
  const accepted = await api(path, { method: "POST", body });
  if (bar) {
    bar.removeAttribute("value");
    bar.hidden = false;
  }
  try {
    const job = await waitForJob(accepted.id, (polled) => {
      if (bar) showProgress(bar, polled);
      if (onProgress) onProgress(progressText(polled));
    });
    return job.result;
  } finally {
    if (bar) bar.hidden = true;
  }
}
