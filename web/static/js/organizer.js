// Organiser console (issue 18): run an event from the page. Pick or create an event, edit it
// with its day plans, register companies and workers, build shortlists, plan and re-plan with
// a confirmation that says what will change, then the grid with names and outcomes, the
// exports and the results dashboard. Each part lives in its own organizer-*.js module.

import { api, ApiError } from "./api.js";
import { clear, field, h } from "./dom.js";
import { addTexts, getLang, t } from "./i18n.js";
import { dashboardSection } from "./organizer-dashboard.js";
import { eventEditor, zoneLabel } from "./organizer-event.js";
import { clearErrors, control, errorSlot, showErrors } from "./organizer-forms.js";
import { exportsSection, gridSection, withoutInterviewSection } from "./organizer-grid.js";
import { runJob } from "./jobs.js";
import { meetingsSection } from "./organizer-meetings.js";
import { interpretersSection } from "./organizer-interpreters.js";
import { companiesSection, workersSection } from "./organizer-people.js";
import { busy, num, uid } from "./ui.js";

addTexts({
  "organizer.online": ["Online", "オンライン", "Daring"],
  "organizer.jump.label": ["Parts of the console", "画面内の項目", "Bagian konsol"],
  "organizer.jump.event": ["Settings", "設定", "Pengaturan"],
  "organizer.jump.plan": ["Planning", "スケジュール作成", "Penyusunan"],
  "organizer.jump.grid": ["Timetable", "面接表", "Jadwal"],
  "organizer.jump.exports": ["Export", "出力", "Ekspor"],
  "organizer.jump.dashboard": ["Dashboard", "ダッシュボード", "Dasbor"],
  "organizer.jump.meetings": ["Agency meetings", "送出機関との面談", "Pertemuan agensi"],
  "organizer.event": ["Event", "イベント", "Acara"],
  "organizer.new_event": ["New event", "新しいイベントを作成", "Buat acara baru"],
  "organizer.no_events": ["No events yet: create the first one.", "イベントはまだありません。最初のイベントを作成してください。", "Belum ada acara: buat yang pertama."],
  "organizer.overview": ["Overview", "概要", "Ringkasan"],
  "organizer.companies": ["Companies", "企業", "Perusahaan"],
  "organizer.booths": ["Booths", "ブース", "Meja"],
  "organizer.workers": ["Workers", "求職者", "Pekerja"],
  "organizer.slots": ["Slots", "面接枠", "Slot"],
  "organizer.interviews": ["Interviews", "面接", "Wawancara"],
  "organizer.plan_title": ["Shortlists and timetable", "ショートリストと面接スケジュール", "Daftar pendek dan jadwal"],
  "organizer.step_shortlists": ["1. Rank the registered workers for every vacancy", "1. 各求人について登録者を順位付け", "1. Urutkan pekerja terdaftar untuk setiap lowongan"],
  "organizer.step_plan": ["2. Plan the interviews", "2. 面接を割り当て", "2. Susun wawancara"],
  "organizer.build": ["Build shortlists", "ショートリストを作成", "Buat daftar pendek"],
  "organizer.built": [
    "Shortlists built: {vacancies} vacancies, {workers} workers in {entries} places.",
    "ショートリストを作成しました: 求人 {vacancies} 件、求職者 {workers} 名(延べ {entries} 件)。",
    "Daftar pendek dibuat: {vacancies} lowongan, {workers} pekerja di {entries} tempat.",
  ],
  "organizer.mode": ["Method", "方式", "Metode"],
  "organizer.min": ["Minimum interviews per worker", "求職者1人あたりの最低面接数", "Minimal wawancara per pekerja"],
  "organizer.replan": ["Re-plan: keep every interview that can stay", "再計画: 変更不要な面接はそのまま残す", "Susun ulang: pertahankan wawancara yang bisa tetap"],
  "organizer.plan": ["Plan the timetable…", "スケジュールを作成…", "Susun jadwal…"],
  "organizer.first.employers": ["Register companies with their vacancies first.", "先に企業と求人を登録してください。", "Daftarkan perusahaan dan lowongannya terlebih dahulu."],
  "organizer.first.workers": ["Register workers first.", "先に求職者を登録してください。", "Daftarkan pekerja terlebih dahulu."],
  "organizer.first.shortlists": ["Build the shortlists first (step 1).", "先にショートリストを作成してください(手順1)。", "Buat daftar pendek terlebih dahulu (langkah 1)."],
  "organizer.confirm_title": ["Confirm the timetable", "スケジュールの確認", "Konfirmasi jadwal"],
  "organizer.confirm_line": [
    "{n} interviews; {changes} will change.",
    "面接 {n} 件。うち {changes} 件が変わります。",
    "{n} wawancara; {changes} akan berubah.",
  ],
  "organizer.confirm_detail": [
    "Now {current} planned: {unchanged} stay, {moved} move to another time or booth, {dropped} are dropped, {added} are new.",
    "現在 {current} 件: そのまま {unchanged} 件、時間・ブース変更 {moved} 件、取消 {dropped} 件、新規 {added} 件。",
    "Saat ini {current} terjadwal: {unchanged} tetap, {moved} pindah waktu atau meja, {dropped} dibatalkan, {added} baru.",
  ],
  "organizer.confirm_without": [
    "{n} registered workers would have no interview.",
    "面接のない求職者が {n} 名います。",
    "{n} pekerja terdaftar tidak akan mendapat wawancara.",
  ],
  "organizer.confirm_ok": ["Save this timetable", "この内容で確定", "Simpan jadwal ini"],
  "organizer.confirm_cancel": ["Cancel", "やめる", "Batal"],
  "organizer.planned": [
    "Timetable saved: {n} interviews ({kept} kept where they were).",
    "スケジュールを保存しました: 面接 {n} 件(うち {kept} 件は変更なし)。",
    "Jadwal disimpan: {n} wawancara ({kept} tetap di tempatnya).",
  ],
  "organizer.preview_cancelled": ["Nothing was changed.", "変更はしていません。", "Tidak ada yang diubah."],
  "organizer.loaded": ["{name} loaded.", "{name} を表示しました。", "{name} dimuat."],
  "organizer.status_open": ["Open", "開催中", "Berjalan"],
  "organizer.status_closed": ["Closed", "終了", "Ditutup"],
  "organizer.closed_on": [
    "Closed on {when}: registrations, shortlists and plans no longer change; outcomes and exports go on.",
    "{when} に終了しました。登録・ショートリスト・計画は変更できません。結果の記録と出力は続けられます。",
    "Ditutup pada {when}: pendaftaran, daftar pendek dan rencana tidak berubah lagi; hasil dan ekspor tetap bisa.",
  ],
  "organizer.close": ["Close the event…", "イベントを終了する…", "Tutup acara…"],
  "organizer.close_title": ["Close this event?", "このイベントを終了しますか?", "Tutup acara ini?"],
  "organizer.close_line": [
    "{interviews} interviews and {meetings} meetings stay as planned. Registrations, shortlists, plans and links can no longer change (reopen to correct them); outcomes, exports and calendars go on.",
    "面接 {interviews} 件と面談 {meetings} 件は計画どおり残ります。登録・ショートリスト・計画・リンクは変更できなくなります(修正するには再開)。結果の記録・出力・カレンダーは引き続き使えます。",
    "{interviews} wawancara dan {meetings} pertemuan tetap seperti direncanakan. Pendaftaran, daftar pendek, rencana dan tautan tidak bisa diubah lagi (buka kembali untuk memperbaiki); hasil, ekspor dan kalender tetap bisa.",
  ],
  "organizer.close_ok": ["Close the event", "終了する", "Tutup acara"],
  "organizer.closed_done": ["{name} is closed.", "{name} を終了しました。", "{name} sudah ditutup."],
  "organizer.reopen": ["Reopen", "再開する", "Buka kembali"],
  "organizer.reopened": ["{name} is open again.", "{name} を再開しました。", "{name} dibuka kembali."],
});

const state = { eventId: null, creating: false };

export async function render(root, ctx) {
  const events = await busy(root, ctx, api("/v1/events"));
  const head = h("section", { class: "card console-head no-print" }, h("h2", { text: t("org.dashboard") }));
  const body = h("div", { class: "console" });
  root.append(head, body);

  if (!events.data.some((e) => e.id === state.eventId)) state.eventId = events.data.length ? events.data[0].id : null;
  const newBtn = h("button", { type: "button", text: t("organizer.new_event"), on: { click: () => {
    state.creating = true;
    load();
  } } });
  if (events.data.length) {
    const pick = h("select", { id: uid("ev") }, events.data.map((e) =>
      h("option", { value: String(e.id), text: `${e.name} (${e.starts_on})`, selected: e.id === state.eventId })));
    pick.addEventListener("change", () => { state.eventId = Number(pick.value); state.creating = false; load(); });
    head.append(h("div", { class: "console-pick" }, field(t("organizer.event"), pick), newBtn));
  } else {
    head.append(h("p", { text: t("organizer.no_events") }), newBtn);
  }

  async function saved(event) {
    state.creating = false;
    state.eventId = event.id;
    clear(root);
    await render(root, ctx);
  }

  // A click while an earlier drawing still waits for the API wins: the older one stops.
  let drawing = 0;
  async function load() {
    const mine = ++drawing;
    clear(body);
    if (state.creating || state.eventId === null) {
      body.append(eventEditor(null, ctx, {
        onSaved: saved,
        onCancel: events.data.length ? () => { state.creating = false; load(); } : null,
      }));
      return;
    }
    const base = `/v1/events/${state.eventId}`;
    try {
      // One request at a time: a booth laptop on a shared connection gains nothing from more.
      const [event, employers, workers, timetable, summary, people] = await busy(body, ctx, (async () => [
        await api(base),
        await api(`${base}/employers`),
        await api(`${base}/workers`),
        await api(`${base}/timetable`),
        await api(`${base}/summary`),
        await api(`${base}/participants`),
      ])());
      // Company-agency meetings are their own part: if that API fails, the rest still works.
      let meetings = null;
      let meetingCount = 0;
      try {
        const planned = (await api(`${base}/meetings`)).data;
        meetingCount = planned.length;
        meetings = meetingsSection(event, people.agencies, (await api(`${base}/agencies`)).data,
          planned, ctx, load);
      } catch (err) {
        ctx.fail(err);
      }
      const companies = await companiesSection(event, employers.data, people.vacancies, ctx, load);
      if (mine !== drawing) return;
      clear(body);
      body.append(...[
        jumps(),
        overview(event, employers, workers, timetable, meetings ? meetingCount : 0, ctx, load),
        eventEditor(event, ctx, { onSaved: saved, hasInterviews: timetable.data.length > 0 }),
        companies,
        workersSection(event, workers.data, people.workers, ctx, load),
        planning(event, ctx, load, timetable.data.length > 0),
        gridSection(event, employers.data, timetable.data, people.workers, people.vacancies, ctx, load),
        interpretersSection(event, timetable.data, employers.data, people.workers, ctx),
        withoutInterviewSection(workers.data, timetable.data, people.workers),
        exportsSection(event, ctx),
        meetings,
        dashboardSection(summary)].filter(Boolean));
      ctx.say(t("organizer.loaded", { name: event.name }));
    } catch (err) {
      ctx.fail(err);
    }
  }
  await load();
}

/** Links to each part of the console: on a phone the grid is far below the forms. */
function jumps() {
  const parts = [["event-edit", "organizer.jump.event"], ["companies", "organizer.companies"],
    ["workers", "organizer.workers"], ["planning", "organizer.jump.plan"], ["timetable", "organizer.jump.grid"],
    ["exports", "organizer.jump.exports"], ["meetings", "organizer.jump.meetings"],
    ["dashboard", "organizer.jump.dashboard"]];
  return h("nav", { class: "console-jumps no-print", "aria-label": t("organizer.jump.label") },
    h("ul", {}, parts.map(([id, key]) => h("li", {}, h("a", { href: `#${id}`, text: t(key), on: { click: (ev) => {
      // The page's own hash is left alone (a sign-in code arrives in it); scroll instead.
      ev.preventDefault();
      const target = document.getElementById(id);
      if (target) target.scrollIntoView({ block: "start" });
    } } })))));
}

function overview(event, employers, workers, timetable, meetingCount, ctx, reload) {
  const active = workers.data.filter((w) => w.status === "registered").length;
  const booths = employers.data.reduce((n, e) => n + e.booths, 0);
  const interviews = timetable.data.filter((r) => r.status !== "cancelled").length;
  const stat = (label, value) => h("div", { class: "stat" },
    h("span", { class: "value", text: num(value) }), h("span", { class: "label", text: label }));
  const closed = event.status === "closed";
  return h("section", { class: "card console-overview" },
    h("h2", {}, `${event.name} `, h("span", { class: `badge ${closed ? "no" : "ok"}`,
      text: t(closed ? "organizer.status_closed" : "organizer.status_open") })),
    closed ? h("p", { class: "closed-note", text: t("organizer.closed_on", { when: closedAt(event) }) }) : null,
    closingControl(event, { interviews, meetings: meetingCount }, ctx, reload),
    h("p", { class: "facts", text: [event.online ? t("organizer.online") : event.venue, zoneLabel(event.timezone)].filter(Boolean).join(" · ") }),
    h("div", { class: "stats" },
      stat(t("organizer.companies"), employers.count),
      stat(t("organizer.booths"), booths),
      stat(t("organizer.workers"), active),
      stat(t("organizer.slots"), event.slots.length),
      stat(t("organizer.interviews"), interviews)));
}

/** When the event was closed, in the event's zone and the page's locale (24-hour clock). */
function closedAt(event) {
  try {
    return new Date(event.closed_at).toLocaleString(getLang(), {
      dateStyle: "medium", timeStyle: "short", hourCycle: "h23", timeZone: event.timezone });
  } catch {
    return event.closed_at;
  }
}

/** Close the event once the day is over (after a confirmation that says what stays), or
 * reopen a closed one to correct it. */
function closingControl(event, counts, ctx, reload) {
  const problem = h("p", { class: "form-problem", role: "alert", hidden: true });
  const titleId = uid("close-title");
  const dialog = h("dialog", { class: "confirm", "aria-labelledby": titleId });
  async function send(action, doneKey) {
    problem.hidden = true;
    try {
      const changed = await api(`/v1/events/${event.id}/${action}`, { method: "POST" });
      dialog.close();
      await reload();
      ctx.say(t(doneKey, { name: changed.name }));
    } catch (err) {
      dialog.close();
      showErrors(dialog.parentElement || document.body, err, problem);
    }
  }
  if (event.status === "closed") {
    return h("div", { class: "actions no-print" },
      h("button", { type: "button", text: t("organizer.reopen"),
        on: { click: () => send("reopen", "organizer.reopened") } }), problem);
  }
  const ok = h("button", { type: "button", class: "primary", text: t("organizer.close_ok"),
    on: { click: () => send("close", "organizer.closed_done") } });
  const cancel = h("button", { type: "button", text: t("organizer.confirm_cancel"),
    on: { click: () => { dialog.close(); ctx.say(t("organizer.preview_cancelled")); } } });
  dialog.append(
    h("h3", { id: titleId, text: t("organizer.close_title") }),
    h("p", { text: t("organizer.close_line", { interviews: num(counts.interviews), meetings: num(counts.meetings) }) }),
    h("div", { class: "actions" }, ok, cancel));
  const open = h("button", { type: "button", text: t("organizer.close"),
    on: { click: () => { dialog.showModal(); cancel.focus(); } } });
  return h("div", { class: "actions no-print" }, open, problem, dialog);
}

function planning(event, ctx, reload, planned) {
  const section = h("section", { class: "card console-plan no-print", id: "planning" });
  const buildBtn = h("button", { type: "button", text: t("organizer.build") });
  const built = h("p", { class: "result-line", "aria-live": "polite" });
  const mode = h("select", { id: uid("mode") },
    ["optimal", "stable"].map((m) => h("option", { value: m, text: t(`mode.${m}`) })));
  const minimum = h("input", { type: "number", id: uid("min"), min: "0", max: "20",
    value: String(event.min_interviews_per_worker) });
  // Re-planning keeps what can stay: the default once a timetable exists.
  const replan = h("input", { type: "checkbox", id: uid("replan"), checked: planned });
  const planBtn = h("button", { type: "button", class: "primary", text: t("organizer.plan") });
  const problem = h("p", { class: "form-problem", role: "alert", hidden: true });
  const dialog = h("dialog", { class: "confirm", "aria-labelledby": uid("confirm") });
  // Building and planning are jobs: their bars move while the server works.
  const buildBar = h("progress", { class: "job-progress", hidden: true, "aria-label": t("organizer.build") });
  const planBar = h("progress", { class: "job-progress", hidden: true, "aria-label": t("organizer.plan") });

  buildBtn.addEventListener("click", async () => {
    clearErrors(section);
    problem.hidden = true;
    buildBtn.disabled = true;
    try {
      // Building is a job (every vacancy is ranked): its progress shows where the result will.
      const done = await busy(built, ctx, runJob(`/v1/events/${event.id}/shortlists`,
        { limit_per_vacancy: 30, lang: ctx.lang }, (text) => { built.textContent = text; }, buildBar));
      built.textContent = t("organizer.built", {
        vacancies: num(done.vacancies), workers: num(done.workers), entries: num(done.entries) });
      ctx.say(built.textContent);
    } catch (err) {
      showErrors(section, err, problem);
    } finally {
      buildBtn.disabled = false;
    }
  });

  function request() {
    const body = { mode: mode.value, replan: replan.checked };
    if (mode.value === "optimal" && minimum.value !== "") body.min_interviews_per_worker = Number(minimum.value);
    return body;
  }

  planBtn.addEventListener("click", async () => {
    clearErrors(section);
    problem.hidden = true;
    planBtn.disabled = true;
    const body = request();
    try {
      const preview = await busy(section, ctx, runJob(`/v1/events/${event.id}/timetable/preview`, body, ctx.say, planBar));
      confirm(preview, body);
    } catch (err) {
      // Planning before registrations or shortlists: say what to do first, where it is done.
      const first = err instanceof ApiError && err.status === 409
        && (err.problem.errors || []).map((e) => e.field).find((f) => ["employers", "workers", "shortlists"].includes(f));
      if (first) {
        const slot = section.querySelector(`[data-error-for="${first}"]`) || problem;
        slot.textContent = t(`organizer.first.${first}`);
        slot.hidden = false;
        ctx.say(slot.textContent);
      } else {
        showErrors(section, err, problem);
      }
    } finally {
      planBtn.disabled = false;
    }
  });

  function confirm(preview, body) {
    clear(dialog);
    const titleId = dialog.getAttribute("aria-labelledby");
    const ok = h("button", { type: "button", class: "primary", text: t("organizer.confirm_ok") });
    const cancel = h("button", { type: "button", text: t("organizer.confirm_cancel") });
    dialog.append(...[
      h("h3", { id: titleId, text: t("organizer.confirm_title") }),
      h("p", { class: "confirm-line", text: t("organizer.confirm_line", { n: num(preview.interviews), changes: num(preview.changes) }) }),
      h("p", { text: t("organizer.confirm_detail", {
        current: num(preview.current), unchanged: num(preview.unchanged), moved: num(preview.moved),
        dropped: num(preview.dropped), added: num(preview.added) }) }),
      preview.workers_without_interview.length
        ? h("p", { class: "warn", text: t("organizer.confirm_without", { n: num(preview.workers_without_interview.length) }) })
        : null,
      h("div", { class: "actions" }, ok, cancel)].filter(Boolean));
    cancel.addEventListener("click", () => { dialog.close(); ctx.say(t("organizer.preview_cancelled")); });
    ok.addEventListener("click", async () => {
      ok.disabled = true;
      try {
        const planned = await runJob(`/v1/events/${event.id}/timetable`, body, ctx.say, planBar);
        dialog.close();
        const message = t("organizer.planned", { n: num(planned.count), kept: num(planned.kept) });
        await reload();
        ctx.say(message);
      } catch (err) {
        dialog.close();
        showErrors(section, err, problem);
      }
    });
    dialog.showModal();
    ok.focus();
  }

  section.append(
    h("h2", { text: t("organizer.plan_title") }),
    h("h3", { text: t("organizer.step_shortlists") }),
    h("div", { class: "actions" }, buildBtn), buildBar, errorSlot("employers"), errorSlot("workers"), errorSlot("shortlists"), built,
    h("h3", { text: t("organizer.step_plan") }),
    h("div", { class: "filters" },
      control(t("organizer.mode"), mode, "mode"),
      control(t("organizer.min"), minimum, "min_interviews_per_worker")),
    h("div", { class: "inline" }, replan, h("label", { for: replan.id, text: t("organizer.replan") })),
    h("div", { class: "actions" }, planBtn), planBar, problem, dialog);
  return section;
}
