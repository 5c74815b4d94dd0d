// Interpreter load in the organiser console (issue 18): per slot, how many interviews need an
// interpreter, how many have one, and how many each interpreter holds (a table slot ×
// interpreter), with the slots where an interview still has nobody, or an interpreter is
// booked twice, marked; below it, the interviews still waiting for an interpreter, each a
// link to its cell in the grid (whose Details dialog assigns one). Data:
// GET /v1/events/{id}/interpreters; names from the console's participants and timetable.

import { api } from "./api.js";
import { clear, h } from "./dom.js";
import { addTexts, t } from "./i18n.js";
import { clock, dayLabel, wallClock } from "./organizer-forms.js";
import { workerLabel } from "./organizer-people.js";
import { num } from "./ui.js";

addTexts({
  "organizer-interpreters.title": ["Interpreters", "通訳の手配状況", "Juru bahasa"],
  "organizer-interpreters.intro": [
    "Per slot: interviews that need an interpreter, how many have one, and each interpreter's interviews. Assign one in the timetable cell's Details.",
    "時間枠ごとの、通訳が必要な面接数・手配済みの数・通訳者ごとの担当件数です。通訳者は面接表のセルの「詳細」で割り当てます。",
    "Per slot: wawancara yang perlu juru bahasa, berapa yang sudah ada, dan jumlah wawancara tiap juru bahasa. Tugaskan lewat Rincian di sel jadwal.",
  ],
  "organizer-interpreters.loading": ["Loading the interpreter load…", "通訳の手配状況を読み込んでいます…", "Memuat beban juru bahasa…"],
  "organizer-interpreters.empty": [
    "No interview needs an interpreter yet. Mark it in a timetable cell's Details (language, interpreter needed).",
    "通訳が必要な面接はまだありません。面接表のセルの「詳細」で言語と通訳の要否を設定してください。",
    "Belum ada wawancara yang perlu juru bahasa. Tandai lewat Rincian di sel jadwal (bahasa, perlu juru bahasa).",
  ],
  "organizer-interpreters.slot": ["Slot", "時間枠", "Slot"],
  "organizer-interpreters.needed": ["Needed", "通訳が必要", "Perlu"],
  "organizer-interpreters.assigned": ["Assigned", "手配済み", "Sudah ada"],
  "organizer-interpreters.unassigned": ["Not assigned", "未手配", "Belum ada"],
  "organizer-interpreters.total": ["Total", "合計", "Total"],
  "organizer-interpreters.double": ["{n} (booked twice)", "{n}(重複)", "{n} (bentrok)"],
  "organizer-interpreters.summary": [
    "{needed} interviews need an interpreter; {unassigned} have none yet.",
    "通訳が必要な面接 {needed} 件のうち、未手配 {unassigned} 件。",
    "{needed} wawancara perlu juru bahasa; {unassigned} belum ada.",
  ],
  "organizer-interpreters.summary_ok": [
    "{needed} interviews need an interpreter; every one has one.",
    "通訳が必要な面接 {needed} 件はすべて手配済みです。",
    "{needed} wawancara perlu juru bahasa; semuanya sudah ada.",
  ],
  "organizer-interpreters.waiting": ["Waiting for an interpreter ({n})", "通訳が未手配の面接({n} 件)", "Menunggu juru bahasa ({n})"],
  "organizer-interpreters.waiting_line": ["{time} · {company}, booth {booth} · {worker}", "{time}・{company} ブース{booth}・{worker}", "{time} · {company}, meja {booth} · {worker}"],
  "organizer-interpreters.show": ["Show in the timetable", "面接表で表示", "Tampilkan di jadwal"],
  "organizer-interpreters.filtered": [
    "The timetable shows another company: choose “All companies” above it.",
    "面接表に別の企業が表示されています。面接表の上で「すべての企業」を選んでください。",
    "Jadwal menampilkan perusahaan lain: pilih “Semua perusahaan” di atasnya.",
  ],
});

/** The section; it fills itself in once the API answers (the rest of the console does not
 *  wait for it). `rows` is the timetable, `employers` the event's companies, `people` the
 *  participants: they name the interviews still waiting for an interpreter. */
export function interpretersSection(event, rows, employers, people, ctx) {
  const content = h("div", { class: "interp-content" },
    h("p", { class: "hint", text: t("organizer-interpreters.loading") }));
  const section = h("section", { class: "card console-interpreters", id: "interpreters", "aria-busy": "true" },
    h("h2", { text: t("organizer-interpreters.title") }),
    h("p", { class: "hint", text: t("organizer-interpreters.intro") }), content);
  api(`/v1/events/${event.id}/interpreters`)
    .then((load) => {
      clear(content);
      content.append(...drawn(event, load, rows, employers, people, ctx));
    })
    .catch((err) => {
      clear(content);
      ctx.fail(err);
    })
    .finally(() => section.removeAttribute("aria-busy"));
  return section;
}

function drawn(event, load, rows, employers, people, ctx) {
  if (!load.data.length) return [h("p", { class: "interp-empty", text: t("organizer-interpreters.empty") })];
  const tz = event.timezone;
  const slots = new Map(event.slots.map((s) => [s.id, s]));
  const names = load.interpreters.map((i) => i.interpreter);
  const needed = load.data.reduce((n, s) => n + s.needed, 0);
  const unassigned = load.data.reduce((n, s) => n + s.unassigned, 0);
  const line = h("p", { class: `interp-summary ${unassigned ? "warn" : "ok"}`, text: t(
    unassigned ? "organizer-interpreters.summary" : "organizer-interpreters.summary_ok",
    { needed: num(needed), unassigned: num(unassigned) }) });

  const head = h("tr", {},
    h("th", { scope: "col", text: t("organizer-interpreters.slot") }),
    h("th", { scope: "col", text: t("organizer-interpreters.needed") }),
    h("th", { scope: "col", text: t("organizer-interpreters.assigned") }),
    h("th", { scope: "col", text: t("organizer-interpreters.unassigned") }),
    names.map((name) => h("th", { scope: "col", class: "interp-name", text: name })));
  const body = h("tbody");
  let day = null;
  for (const s of [...load.data].sort((a, b) => a.start.localeCompare(b.start))) {
    const slot = slots.get(s.slot);
    const date = wallClock(s.start, tz).date;
    if (date !== day) {
      day = date;
      body.append(h("tr", { class: "day-row" }, h("th", { scope: "colgroup", colspan: String(names.length + 4), text: dayLabel(s.start, tz) })));
    }
    const counts = new Map(s.interpreters.map((i) => [i.interpreter, i.interviews]));
    body.append(h("tr", { class: s.unassigned ? "interp-short" : null, dataset: { slot: String(s.slot) } },
      h("th", { scope: "row", class: "time", text: slot ? `${clock(slot.start, tz)}–${clock(slot.end, tz)}` : clock(s.start, tz) }),
      h("td", { class: "num", text: num(s.needed) }),
      h("td", { class: "num", text: num(s.assigned) }),
      h("td", { class: `num${s.unassigned ? " interp-missing" : ""}`, text: num(s.unassigned) }),
      names.map((name) => {
        const n = counts.get(name) || 0;
        // One person cannot interpret two interviews at once: more than one is a clash.
        if (n > 1) return h("td", { class: "num interp-double", text: t("organizer-interpreters.double", { n: num(n) }) });
        return h("td", { class: n ? "num" : "num interp-free", text: n ? num(n) : "–" });
      })));
  }
  const foot = h("tfoot", {}, h("tr", {},
    h("th", { scope: "row", text: t("organizer-interpreters.total") }),
    h("td", { class: "num", text: num(needed) }),
    h("td", { class: "num", text: num(needed - unassigned) }),
    h("td", { class: `num${unassigned ? " interp-missing" : ""}`, text: num(unassigned) }),
    load.interpreters.map((i) => h("td", { class: "num", text: num(i.interviews) }))));
  const table = h("table", { class: "numbers interp-load" },
    h("caption", { class: "sr-only", text: t("organizer-interpreters.title") }), h("thead", {}, head), body, foot);

  return [line, h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": t("organizer-interpreters.title") }, table),
    waitingList(event, rows, employers, people, ctx)].filter(Boolean);
}

/** The interviews that need an interpreter and have none, each linked to its grid cell. */
function waitingList(event, rows, employers, people, ctx) {
  const waiting = rows.filter((r) => r.status !== "cancelled" && r.interpreter_needed && !r.interpreter)
    .sort((a, b) => a.start.localeCompare(b.start) || a.booth - b.booth);
  if (!waiting.length) return null;
  const tz = event.timezone;
  const companies = new Map(employers.map((e) => [e.employer_id, e.employer_name]));
  const names = new Map(people.map((w) => [w.id, w]));
  return h("div", { class: "interp-waiting" },
    h("h3", { text: t("organizer-interpreters.waiting", { n: num(waiting.length) }) }),
    h("ul", { class: "plain" }, waiting.map((r) => h("li", { dataset: { interview: String(r.id) } },
      h("span", { text: t("organizer-interpreters.waiting_line", {
        time: `${dayLabel(r.start, tz)} ${clock(r.start, tz)}`,
        company: companies.get(r.employer_id) || `#${r.employer_id}`,
        booth: r.booth,
        worker: workerLabel(names.get(r.worker_id), r.worker_id) }) }), " ",
      h("button", { type: "button", class: "link", text: t("organizer-interpreters.show"), on: { click: () => {
        const cell = document.querySelector(`#timetable td[data-interview="${r.id}"]`);
        if (!cell) {
          ctx.say(t("organizer-interpreters.filtered"));
          return;
        }
        cell.scrollIntoView({ block: "center", inline: "center" });
        const details = cell.querySelector("button");
        if (details) details.focus();
      } } })))));
}
