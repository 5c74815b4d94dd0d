// The interview grid of the organiser console: one row per slot (grouped by day), one column
// per company booth; each cell names the worker (as the organiser may see participants) and
// the vacancy, and records the outcome. Below it: who has no interview, and every export.

import { api } from "./api.js";
import { clear, h } from "./dom.js";
import { addTexts, getLang, t } from "./i18n.js";
import { clearErrors, control, download, showErrors, slotGrid } from "./organizer-forms.js";
import { employerName, workerLabel } from "./organizer-people.js";
import { num, uid } from "./ui.js";

addTexts({
  "organizer-grid.filter": ["Show company", "表示する企業", "Tampilkan perusahaan"],
  "organizer-grid.all": ["All companies", "すべての企業", "Semua perusahaan"],
  "organizer-grid.booth": ["Booth {n}", "ブース {n}", "Meja {n}"],
  "organizer-grid.time": ["Time", "時間", "Waktu"],
  "organizer-grid.free": ["free", "空き", "kosong"],
  "organizer-grid.score": ["match {n}", "適合度 {n}", "kecocokan {n}"],
  "organizer-grid.mode": ["How it is held", "実施方法", "Cara pelaksanaan"],
  "organizer-grid.mode.in_person": ["In person", "対面", "Tatap muka"],
  "organizer-grid.mode.online": ["Online", "オンライン", "Daring"],
  "organizer-grid.no_link": ["Online: no link yet", "オンライン(リンク未設定)", "Daring: belum ada tautan"],
  "organizer-grid.link": ["Meeting link (https)", "会議リンク(https)", "Tautan rapat (https)"],
  "organizer-grid.language": ["Interview language", "面接の言語", "Bahasa wawancara"],
  "organizer-grid.needs_interpreter": ["An interpreter is needed", "通訳が必要", "Perlu juru bahasa"],
  "organizer-grid.interpreter": ["Interpreter", "通訳者", "Juru bahasa"],
  "organizer-grid.interpreter_is": ["Interpreter: {name}", "通訳: {name}", "Juru bahasa: {name}"],
  "organizer-grid.no_interpreter": ["Interpreter: not assigned", "通訳: 未手配", "Juru bahasa: belum ditugaskan"],
  "organizer-grid.details": ["Details", "詳細", "Rincian"],
  "organizer-grid.details_for": ["Interview with {name}", "{name} の面接", "Wawancara dengan {name}"],
  "organizer-grid.details_saved": ["{name}: interview details saved.", "{name}: 面接の詳細を保存しました。", "{name}: rincian wawancara disimpan."],
  "organizer-grid.save": ["Save", "保存", "Simpan"],
  "organizer-grid.cancel": ["Cancel", "キャンセル", "Batal"],
  "organizer-grid.outcome_for": ["Outcome for {name}", "{name} の結果", "Hasil untuk {name}"],
  "organizer-grid.outcome_saved": ["{name}: {status}.", "{name}: {status}。", "{name}: {status}."],
  "organizer-grid.empty": ["No interviews planned yet.", "面接はまだ組まれていません。", "Belum ada wawancara yang dijadwalkan."],
  "organizer-grid.count": ["{n} interviews", "面接 {n} 件", "{n} wawancara"],
  "organizer-grid.without": ["Workers without an interview ({n})", "面接のない求職者({n} 名)", "Pekerja tanpa wawancara ({n})"],
  "organizer-grid.without_none": ["Every registered worker has an interview.", "登録済みの求職者全員に面接があります。", "Semua pekerja terdaftar punya wawancara."],
  "organizer-grid.exports": ["Export and print", "出力・印刷", "Ekspor dan cetak"],
  "organizer-grid.export.employer": ["CSV by company", "CSV(企業別)", "CSV per perusahaan"],
  "organizer-grid.export.worker": ["CSV by worker", "CSV(求職者別)", "CSV per pekerja"],
  "organizer-grid.export.room": ["CSV by booth", "CSV(ブース別)", "CSV per meja"],
  "organizer-grid.export.html": ["Printable timetable (HTML)", "印刷用スケジュール(HTML)", "Jadwal siap cetak (HTML)"],
  "organizer-grid.print": ["Print this page", "この画面を印刷", "Cetak halaman ini"],
  "organizer-grid.downloaded": ["Downloaded {name}.", "{name} をダウンロードしました。", "{name} telah diunduh."],
  "organizer-grid.exports_hint": [
    "CSV files open in Excel (UTF-8 with BOM).",
    "CSVはExcelでそのまま開けます(UTF-8・BOM付き)。",
    "Berkas CSV dapat dibuka di Excel (UTF-8 dengan BOM).",
  ],
});

const NEXT = {
  scheduled: ["passed", "no_show", "declined", "cancelled"],
  passed: ["offer", "declined"],
  offer: ["hired", "declined"],
};
const filterState = { eventId: null, employerId: "" };

/** The grid, with names from `people` (participants) and vacancy titles from `labels`. */
export function gridSection(event, employers, rows, people, labels, ctx, reload) {
  if (filterState.eventId !== event.id) Object.assign(filterState, { eventId: event.id, employerId: "" });
  const section = h("section", { class: "card console-grid", id: "timetable" });
  const live = rows.filter((r) => r.status !== "cancelled");
  section.append(h("h2", {}, h("span", { text: t("org.timetable") }), " ",
    h("span", { class: "badge", text: t("organizer-grid.count", { n: num(live.length) }) })));
  if (!live.length) {
    section.append(h("p", { text: t("organizer-grid.empty") }));
    return section;
  }
  const names = new Map(people.map((w) => [w.id, w]));
  const titles = new Map(labels.map((v) => [v.vacancy_id, v.title]));
  const filter = h("select", { id: uid("emp") },
    h("option", { value: "", text: t("organizer-grid.all") }),
    employers.map((e) => h("option", { value: String(e.employer_id), text: e.employer_name,
      selected: String(e.employer_id) === filterState.employerId })));
  const holder = h("div", { class: "scroll grid-holder", tabindex: "0", role: "region",
    "aria-label": t("org.timetable") });
  filter.addEventListener("change", () => { filterState.employerId = filter.value; draw(); });
  section.append(h("div", { class: "field" }, h("label", { for: filter.id, text: t("organizer-grid.filter") }), filter), holder);

  const cells = new Map();
  for (const r of live) cells.set(`${r.slot}:${r.employer_id}:${r.booth}`, r);

  function draw() {
    clear(holder);
    const shown = employers.filter((e) => !filterState.employerId || String(e.employer_id) === filterState.employerId);
    holder.append(slotGrid({
      event,
      groups: shown.map((e) => ({ id: e.employer_id, name: e.employer_name, places: e.booths })),
      placeLabel: (n) => t("organizer-grid.booth", { n }),
      timeLabel: t("organizer-grid.time"),
      cellOf: (slot, g, b) => {
        const r = cells.get(`${slot.id}:${g.id}:${b}`);
        return r ? cell(r) : h("td", { class: "free", text: t("organizer-grid.free") });
      },
      className: "grid timetable interviews",
      caption: t("org.timetable"),
    }));
  }

  function cell(r) {
    const who = workerLabel(names.get(r.worker_id), r.worker_id);
    const td = h("td", { class: `busy status-${r.status}`, dataset: { interview: String(r.id) } },
      h("span", { class: "who", text: who }),
      h("span", { class: "vacancy", text: titles.get(r.vacancy_id) || `#${r.vacancy_id}` }),
      h("span", { class: "score-small", text: t("organizer-grid.score", { n: num(r.score, 2) }) }));
    td.append(...howHeld(r, () => editDetails(r, who)));
    const next = NEXT[r.status] || [];
    if (!next.length) {
      td.append(h("span", { class: "state", text: t(`status.${r.status}`) }));
      return td;
    }
    const sel = h("select", { "aria-label": t("organizer-grid.outcome_for", { name: who }) },
      h("option", { value: "", text: t(`status.${r.status}`) }),
      next.map((st) => h("option", { value: st, text: `→ ${t(`status.${st}`)}` })));
    sel.addEventListener("change", async () => {
      if (!sel.value) return;
      try {
        await api(`/v1/events/${event.id}/interviews/${r.id}/outcome`, { method: "PUT", body: { status: sel.value } });
        const message = t("organizer-grid.outcome_saved", { name: who, status: t(`status.${sel.value}`) });
        await reload();
        ctx.say(message);
      } catch (err) {
        sel.value = "";
        ctx.fail(err);
      }
    });
    td.append(sel);
    return td;
  }

  // How each interview is held (docs/events.md, "Online interviews"): one dialog for the grid.
  const dialog = h("dialog", { class: "confirm details-dialog" });
  section.append(dialog);

  function editDetails(r, who) {
    clear(dialog);
    const mode = h("select", { id: uid("im") }, ["in_person", "online"].map((m) =>
      h("option", { value: m, text: t(`organizer-grid.mode.${m}`), selected: (r.mode || "in_person") === m })));
    const link = h("input", { type: "url", id: uid("iu"), value: r.online_url || "", placeholder: "https://" });
    const language = h("select", { id: uid("il") }, h("option", { value: "", text: "—" }),
      ["ja", "id", "en"].map((l) => h("option", { value: l, text: languageName(l), selected: r.language === l })));
    const needed = h("input", { type: "checkbox", id: uid("in"), checked: Boolean(r.interpreter_needed) });
    const interpreter = h("input", { type: "text", id: uid("ii"), value: r.interpreter || "" });
    const problem = h("p", { class: "form-problem", role: "alert", hidden: true });
    const form = h("form", { novalidate: true },
      h("h3", { text: t("organizer-grid.details_for", { name: who }) }),
      control(t("organizer-grid.mode"), mode, "mode"),
      control(t("organizer-grid.link"), link, "online_url"),
      control(t("organizer-grid.language"), language, "language"),
      h("div", { class: "inline", dataset: { field: "interpreter_needed" } }, needed,
        h("label", { for: needed.id, text: t("organizer-grid.needs_interpreter") })),
      control(t("organizer-grid.interpreter"), interpreter, "interpreter"),
      problem,
      h("div", { class: "actions" },
        h("button", { type: "submit", class: "primary", text: t("organizer-grid.save") }),
        h("button", { type: "button", text: t("organizer-grid.cancel"), on: { click: () => dialog.close() } })));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      problem.hidden = true;
      const body = {
        mode: mode.value,
        online_url: mode.value === "online" ? link.value.trim() || null : null,
        language: language.value || null,
        interpreter_needed: needed.checked,
        interpreter: interpreter.value.trim() || null,
      };
      try {
        await api(`/v1/events/${event.id}/interviews/${r.id}`, { method: "PATCH", body });
        dialog.close();
        await reload();
        ctx.say(t("organizer-grid.details_saved", { name: who }));
      } catch (err) {
        showErrors(form, err, problem);
      }
    });
    dialog.append(form);
    dialog.showModal();
  }

  draw();
  return section;
}

function languageName(code) {
  try {
    return new Intl.DisplayNames([getLang()], { type: "language" }).of(code) || code;
  } catch {
    return code;
  }
}

/** Mode (with the link), language and interpreter of an interview, and the edit button. */
function howHeld(r, onEdit) {
  const parts = [];
  if (r.mode === "online") {
    parts.push(r.online_url
      ? h("a", { class: "mode online", href: r.online_url, target: "_blank", rel: "noopener", text: t("organizer-grid.mode.online") })
      : h("span", { class: "mode online missing", text: t("organizer-grid.no_link") }));
  }
  if (r.language) parts.push(h("span", { class: "lang-tag", text: languageName(r.language) }));
  if (r.interpreter_needed) {
    parts.push(h("span", { class: r.interpreter ? "interp" : "interp missing",
      text: r.interpreter ? t("organizer-grid.interpreter_is", { name: r.interpreter }) : t("organizer-grid.no_interpreter") }));
  }
  const line = h("span", { class: "held" }, parts,
    r.status !== "cancelled" ? h("button", { type: "button", class: "link", text: t("organizer-grid.details"), on: { click: onEdit } }) : null);
  return [line];
}

/** Registered workers the timetable gives no interview: listed, never hidden. */
export function withoutInterviewSection(registrations, rows, people) {
  const booked = new Set(rows.filter((r) => r.status !== "cancelled").map((r) => r.worker_id));
  const names = new Map(people.map((w) => [w.id, w]));
  const left = registrations.filter((r) => r.status === "registered" && !booked.has(r.worker_id));
  const section = h("section", { class: "card console-without", id: "without-interview" },
    h("h2", { text: t("organizer-grid.without", { n: num(left.length) }) }));
  if (!rows.length) return null;
  if (!left.length) section.append(h("p", { text: t("organizer-grid.without_none") }));
  else section.append(h("ul", { class: "name-list" }, left.map((r) => {
    const w = names.get(r.worker_id);
    return h("li", {}, h("span", { text: workerLabel(w, r.worker_id) }),
      w && w.external_id ? h("span", { class: "facts", text: ` ${w.external_id}` }) : null);
  })));
  return section;
}

/** One button per export kind of the API, and the browser's print for this page. */
export function exportsSection(event, ctx) {
  const kinds = ["employer", "worker", "room", "html"];
  const buttons = kinds.map((kind) => h("button", { type: "button", dataset: { export: kind },
    text: t(`organizer-grid.export.${kind}`), on: { click: async () => {
      ctx.fail(null);
      try {
        const { name } = await download(`/v1/events/${event.id}/exports/${kind}`);
        ctx.say(t("organizer-grid.downloaded", { name }));
      } catch (err) {
        ctx.fail(err);
      }
    } } }));
  return h("section", { class: "card console-exports no-print", id: "exports" },
    h("h2", { text: t("organizer-grid.exports") }),
    h("p", { class: "hint", text: t("organizer-grid.exports_hint") }),
    h("div", { class: "actions" }, buttons,
      h("button", { type: "button", text: t("organizer-grid.print"), on: { click: () => window.print() } })));
}

export { employerName };
