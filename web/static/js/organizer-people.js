// Registering the event's participants from the organiser console: companies (booths, maximum
// interviews and the vacancies they bring, picked from a searchable list) and workers (an
// agency's discoverable pool with filters, or a pasted list / CSV file of external ids), with
// the counts and the rows the server refused shown where they happen.

import { api } from "./api.js";
import { clear, h } from "./dom.js";
import { addTexts, FIELDS, fieldLabel, t } from "./i18n.js";
import { clearErrors, control, showErrors } from "./organizer-forms.js";
import { num, uid } from "./ui.js";

addTexts({
  "organizer-people.companies": ["Companies ({n})", "参加企業({n}社)", "Perusahaan ({n})"],
  "organizer-people.search": ["Find a company or vacancy", "企業名・求人名で検索", "Cari perusahaan atau lowongan"],
  "organizer-people.search_hint": ["Type part of a name, a prefecture or a field.", "企業名・都道府県・分野の一部を入力してください。", "Ketik sebagian nama, prefektur, atau bidang."],
  "organizer-people.no_match": ["No company matches.", "該当する企業はありません。", "Tidak ada perusahaan yang cocok."],
  "organizer-people.more": ["{n} more; narrow the search.", "ほか {n} 社。検索語を絞ってください。", "{n} lainnya; persempit pencarian."],
  "organizer-people.booths": ["Booths", "ブース数", "Jumlah meja"],
  "organizer-people.max_interviews": ["Maximum interviews", "最大面接数", "Maks. wawancara"],
  "organizer-people.max_hint": ["Empty: booths × slots.", "空欄: ブース数 × 枠数", "Kosong: meja × slot."],
  "organizer-people.vacancies": ["Vacancies brought to the event", "イベントで扱う求人", "Lowongan yang dibawa ke acara"],
  "organizer-people.no_vacancies": ["This company has no open vacancy.", "この企業には募集中の求人がありません。", "Perusahaan ini tidak punya lowongan terbuka."],
  "organizer-people.register": ["Register", "登録", "Daftarkan"],
  "organizer-people.update": ["Update", "更新", "Perbarui"],
  "organizer-people.registered_as": ["Registered", "登録済み", "Terdaftar"],
  "organizer-people.company_saved": ["{name} registered: {booths} booths, {max} interviews at most.", "{name} を登録しました(ブース {booths}、最大 {max} 件)。", "{name} terdaftar: {booths} meja, maks. {max} wawancara."],
  "organizer-people.col_company": ["Company", "企業", "Perusahaan"],
  "organizer-people.col_vacancies": ["Vacancies", "求人", "Lowongan"],
  "organizer-people.workers": ["Workers ({n} registered)", "求職者(登録 {n} 名)", "Pekerja ({n} terdaftar)"],
  "organizer-people.pool": ["From an agency's pool", "送出機関の登録者から", "Dari kumpulan agensi"],
  "organizer-people.pool_hint": [
    "Only workers who agreed to be found are taken.",
    "公開に同意した求職者だけが対象です。",
    "Hanya pekerja yang setuju untuk ditemukan yang diambil.",
  ],
  "organizer-people.agency": ["Agency code", "送出機関コード", "Kode agensi"],
  "organizer-people.field": ["Field", "分野", "Bidang"],
  "organizer-people.any": ["Any", "指定なし", "Semua"],
  "organizer-people.min_japanese": ["Japanese at least", "日本語レベル(以上)", "Bahasa Jepang minimal"],
  "organizer-people.province": ["Province", "州", "Provinsi"],
  "organizer-people.limit": ["At most", "最大人数", "Paling banyak"],
  "organizer-people.per_worker": ["Interviews per worker", "1人あたりの面接数", "Wawancara per pekerja"],
  "organizer-people.register_pool": ["Register these workers", "この条件で登録", "Daftarkan pekerja ini"],
  "organizer-people.list": ["From a list of external ids", "外部IDの一覧から", "Dari daftar ID eksternal"],
  "organizer-people.ids": ["External ids (one per line, or a CSV with an external_id column)", "外部ID(1行に1件、または external_id 列のあるCSV)", "ID eksternal (satu per baris, atau CSV dengan kolom external_id)"],
  "organizer-people.file": ["Read a CSV file…", "CSVファイルを読み込む…", "Baca berkas CSV…"],
  "organizer-people.no_file": ["(or paste the ids above)", "(または上に貼り付け)", "(atau tempel ID di atas)"],
  "organizer-people.agency_optional": ["Agency code (when ids repeat across agencies)", "送出機関コード(IDが機関間で重複する場合)", "Kode agensi (jika ID berulang antar agensi)"],
  "organizer-people.register_list": ["Register the list", "一覧を登録", "Daftarkan daftar"],
  "organizer-people.bulk_done": [
    "{registered} registered, {already} already registered; {total} workers take part now.",
    "新規登録 {registered} 名、登録済み {already} 名。現在の参加者は {total} 名です。",
    "{registered} didaftarkan, {already} sudah terdaftar; kini {total} pekerja ikut.",
  ],
  "organizer-people.row_errors": ["{n} rows were not registered", "{n} 行は登録されませんでした", "{n} baris tidak didaftarkan"],
  "organizer-people.col_row": ["Row", "行", "Baris"],
  "organizer-people.col_value": ["Value", "値", "Nilai"],
  "organizer-people.col_message": ["Problem", "内容", "Masalah"],
  "organizer-people.participants": ["Registered workers", "登録済みの求職者", "Pekerja terdaftar"],
  "organizer-people.col_name": ["Name", "氏名", "Nama"],
  "organizer-people.col_external": ["External id", "外部ID", "ID eksternal"],
  "organizer-people.col_state": ["Registration", "登録状態", "Pendaftaran"],
  "organizer-people.state.registered": ["Registered", "登録中", "Terdaftar"],
  "organizer-people.state.cancelled": ["Cancelled", "取消", "Dibatalkan"],
});

/** Every page of a cursor-paginated list (the console needs the whole company list to
 * search it; 200 per page, the API's maximum). */
async function all(path, cap = 5000) {
  const out = [];
  let cursor = null;
  do {
    const page = await api(`${path}?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    out.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor && out.length < cap);
  return out;
}

export const employerName = (e) => (e && (e.name_ja || e.name)) || "";

/** Companies: the registered ones in a table, and a search over every company to add one. */
export async function companiesSection(event, registered, labels, ctx, reload) {
  const [employers, vacancies] = [await all("/v1/employers"), await all("/v1/vacancies")];
  const byEmployer = new Map();
  for (const v of vacancies) {
    if (v.status && v.status !== "open") continue;
    if (!byEmployer.has(v.employer_id)) byEmployer.set(v.employer_id, []);
    byEmployer.get(v.employer_id).push(v);
  }
  const regs = new Map(registered.map((r) => [r.employer_id, r]));
  const titles = new Map(labels.map((v) => [v.vacancy_id, v.title]));
  const search = h("input", { type: "search", id: uid("co-q"), autocomplete: "off" });
  const results = h("div", { class: "company-results", "aria-live": "polite" });

  function card(e) {
    const reg = regs.get(e.id);
    const own = byEmployer.get(e.id) || [];
    const booths = h("input", { type: "number", id: uid("booths"), min: "1", max: "50", value: String(reg ? reg.booths : 1) });
    const max = h("input", { type: "number", id: uid("max"), min: "0", max: "5000", value: reg ? String(reg.max_interviews) : "" });
    const checks = own.map((v) => {
      const box = h("input", { type: "checkbox", id: uid("vac"), value: String(v.id),
        checked: reg ? reg.vacancy_ids.includes(v.id) : true });
      return h("li", { class: "inline" }, box, h("label", { for: box.id, text: `${v.title} · ${fieldLabel(v.ssw_field)}` }));
    });
    const summary = h("p", { class: "form-problem", role: "alert", hidden: true });
    const form = h("form", { class: "company-card", novalidate: true, dataset: { employer: String(e.id) } },
      h("h4", {}, h("span", { text: employerName(e) }), " ",
        h("span", { class: "facts", text: e.prefecture || "" }),
        reg ? h("span", { class: "badge ok", text: t("organizer-people.registered_as") }) : null),
      h("fieldset", { dataset: { field: "vacancy_ids" } },
        h("legend", { text: t("organizer-people.vacancies") }),
        own.length ? h("ul", { class: "plain" }, checks) : h("p", { class: "hint", text: t("organizer-people.no_vacancies") }),
        h("p", { class: "field-error", hidden: true })),
      h("div", { class: "filters" },
        control(t("organizer-people.booths"), booths, "booths"),
        control(t("organizer-people.max_interviews"), max, "max_interviews", t("organizer-people.max_hint"))),
      summary,
      h("button", { type: "submit", class: "primary", text: t(reg ? "organizer-people.update" : "organizer-people.register") }));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      summary.hidden = true;
      const body = {
        employer_id: e.id,
        vacancy_ids: checks.map((li) => li.querySelector("input")).filter((b) => b.checked).map((b) => Number(b.value)),
        booths: Number(booths.value || 1),
      };
      if (max.value !== "") body.max_interviews = Number(max.value);
      try {
        const saved = await api(`/v1/events/${event.id}/employers`, { method: "PUT", body });
        const message = t("organizer-people.company_saved", { name: employerName(e), booths: saved.booths, max: num(saved.max_interviews) });
        await reload();
        ctx.say(message);
      } catch (err) {
        showErrors(form, err, summary);
      }
    });
    return form;
  }

  function find() {
    clear(results);
    const q = search.value.trim().toLowerCase();
    if (!q) return;
    const hits = employers.filter((e) => {
      const text = [e.name, e.name_ja, e.prefecture, e.external_id,
        ...(byEmployer.get(e.id) || []).flatMap((v) => [v.title, fieldLabel(v.ssw_field)])].join(" ").toLowerCase();
      return text.includes(q);
    });
    if (!hits.length) results.append(h("p", { text: t("organizer-people.no_match") }));
    hits.slice(0, 8).forEach((e) => results.append(card(e)));
    if (hits.length > 8) results.append(h("p", { class: "hint", text: t("organizer-people.more", { n: num(hits.length - 8) }) }));
  }
  search.addEventListener("input", find);

  const names = new Map(employers.map((e) => [e.id, employerName(e)]));
  const table = h("table", { class: "numbers registered-companies" },
    h("thead", {}, h("tr", {},
      h("th", { scope: "col", text: t("organizer-people.col_company") }),
      h("th", { scope: "col", text: t("organizer-people.booths") }),
      h("th", { scope: "col", text: t("organizer-people.max_interviews") }),
      h("th", { scope: "col", text: t("organizer-people.col_vacancies") }))),
    h("tbody", {}, registered.map((r) => h("tr", {},
      h("th", { scope: "row", text: names.get(r.employer_id) || r.employer_name }),
      h("td", { text: num(r.booths) }),
      h("td", { text: num(r.max_interviews) }),
      h("td", { class: "text", text: r.vacancy_ids.map((v) => titles.get(v) || `#${v}`).join("、") })))));
  return h("section", { class: "card console-companies", id: "companies" },
    h("h2", { text: t("organizer-people.companies", { n: num(registered.length) }) }),
    registered.length ? h("div", { class: "scroll" }, table) : null,
    control(t("organizer-people.search"), search, "q", t("organizer-people.search_hint")),
    results);
}

/** External ids from pasted text or a CSV: the `external_id` column when there is a header
 * naming it, otherwise the first column of every non-empty line. */
export function externalIds(text) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (!lines.length) return [];
  const split = (l) => l.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, ""));
  const header = split(lines[0].replace(/^\uFEFF/, "")).map((c) => c.toLowerCase());
  const col = header.indexOf("external_id");
  if (col >= 0) return lines.slice(1).map((l) => split(l)[col]).filter(Boolean);
  return lines.map((l) => split(l.replace(/^\uFEFF/, ""))[0]).filter(Boolean);
}

function bulkResult(box, done) {
  clear(box);
  box.append(h("p", { class: "result-line", text: t("organizer-people.bulk_done", {
    registered: num(done.registered), already: num(done.already), total: num(done.total) }) }));
  if (!done.errors.length) return;
  box.append(h("h4", { text: t("organizer-people.row_errors", { n: num(done.errors.length) }) }),
    h("div", { class: "scroll" }, h("table", { class: "errors" },
      h("thead", {}, h("tr", {},
        h("th", { scope: "col", text: t("organizer-people.col_row") }),
        h("th", { scope: "col", text: t("organizer-people.col_value") }),
        h("th", { scope: "col", text: t("organizer-people.col_message") }))),
      h("tbody", {}, done.errors.map((e) => h("tr", {},
        h("th", { scope: "row", text: String(e.row) }), h("td", { text: e.value }), h("td", { lang: "en", text: e.message })))))));
}

const lastBulk = { pool: null, list: null };

/** Workers: register from a pool or a list, and the registered ones by name. */
export function workersSection(event, registrations, people, ctx, reload) {
  const active = registrations.filter((r) => r.status === "registered").length;
  const perWorker = () => h("input", { type: "number", id: uid("per"), min: "0", max: "50", value: "3" });

  // From an agency's pool.
  const agency = h("input", { type: "text", id: uid("ag"), autocomplete: "off" });
  const fieldSel = h("select", { id: uid("fld") }, h("option", { value: "", text: t("organizer-people.any") }),
    FIELDS.map((f) => h("option", { value: f, text: fieldLabel(f) })));
  const jp = h("select", { id: uid("jp") }, h("option", { value: "", text: t("organizer-people.any") }),
    ["N5", "N4", "A2", "N3", "N2", "N1"].map((l) => h("option", { value: l, text: l })));
  const province = h("input", { type: "text", id: uid("prov") });
  const limit = h("input", { type: "number", id: uid("lim"), min: "1", max: "5000", value: "500" });
  const poolPer = perWorker();
  const poolOut = h("div", { class: "bulk-result", "aria-live": "polite" });
  const poolProblem = h("p", { class: "form-problem", role: "alert", hidden: true });
  const poolForm = h("form", { class: "bulk pool", novalidate: true },
    h("h3", { text: t("organizer-people.pool") }),
    h("p", { class: "hint", text: t("organizer-people.pool_hint") }),
    h("div", { class: "filters" },
      control(t("organizer-people.agency"), agency, "pool.agency_external_id"),
      control(t("organizer-people.field"), fieldSel, "pool.ssw_field"),
      control(t("organizer-people.min_japanese"), jp, "pool.min_japanese"),
      control(t("organizer-people.province"), province, "pool.province"),
      control(t("organizer-people.limit"), limit, "pool.limit"),
      control(t("organizer-people.per_worker"), poolPer, "max_interviews")),
    poolProblem,
    h("button", { type: "submit", class: "primary", text: t("organizer-people.register_pool") }),
    poolOut);

  // From a list of external ids.
  const ids = h("textarea", { id: uid("ids"), rows: "5", spellcheck: "false" });
  // The browser's own file button speaks the browser's language: it is hidden behind a
  // label in the page's language, with the chosen file's name beside it.
  const file = h("input", { type: "file", id: uid("csv"), class: "sr-only", accept: ".csv,.txt,text/csv,text/plain" });
  const fileName = h("span", { class: "facts", text: t("organizer-people.no_file") });
  file.addEventListener("change", async () => {
    if (!file.files || !file.files[0]) return;
    fileName.textContent = file.files[0].name;
    ids.value = externalIds(await file.files[0].text()).join("\n");
  });
  const listAgency = h("input", { type: "text", id: uid("lag"), autocomplete: "off" });
  const listPer = perWorker();
  const listOut = h("div", { class: "bulk-result", "aria-live": "polite" });
  const listProblem = h("p", { class: "form-problem", role: "alert", hidden: true });
  const listForm = h("form", { class: "bulk list", novalidate: true },
    h("h3", { text: t("organizer-people.list") }),
    control(t("organizer-people.ids"), ids, "external_ids"),
    h("div", { class: "field file-pick" }, file,
      h("label", { for: file.id, class: "button-like", text: t("organizer-people.file") }), fileName),
    h("div", { class: "filters" },
      control(t("organizer-people.agency_optional"), listAgency, "agency_external_id"),
      control(t("organizer-people.per_worker"), listPer, "max_interviews")),
    listProblem,
    h("button", { type: "submit", class: "primary", text: t("organizer-people.register_list") }),
    listOut);

  async function send(kind, form, problem, body) {
    clearErrors(form);
    problem.hidden = true;
    try {
      const done = await api(`/v1/events/${event.id}/workers/bulk`, { method: "POST", body });
      // The console is drawn again with the new counts; the result (and its row errors)
      // is shown in the new drawing, where the organiser is looking.
      lastBulk[kind] = done;
      await reload();
      ctx.say(t("organizer-people.bulk_done", { registered: num(done.registered), already: num(done.already), total: num(done.total) }));
    } catch (err) {
      showErrors(form, err, problem);
    }
  }
  poolForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const pool = { agency_external_id: agency.value.trim(), limit: Number(limit.value || 500) };
    if (fieldSel.value) pool.ssw_field = fieldSel.value;
    if (jp.value) pool.min_japanese = jp.value;
    if (province.value.trim()) pool.province = province.value.trim();
    send("pool", poolForm, poolProblem, { pool, max_interviews: Number(poolPer.value || 0) });
  });
  listForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const body = { external_ids: externalIds(ids.value), max_interviews: Number(listPer.value || 0) };
    if (listAgency.value.trim()) body.agency_external_id = listAgency.value.trim();
    send("list", listForm, listProblem, body);
  });

  for (const [kind, out] of [["pool", poolOut], ["list", listOut]]) {
    if (lastBulk[kind]) bulkResult(out, lastBulk[kind]);
    lastBulk[kind] = null;
  }

  const byId = new Map(people.map((w) => [w.id, w]));
  const list = h("details", { class: "participants" },
    h("summary", { text: `${t("organizer-people.participants")} (${num(registrations.length)})` }),
    h("div", { class: "scroll" }, h("table", { class: "numbers" },
      h("thead", {}, h("tr", {},
        h("th", { scope: "col", text: t("organizer-people.col_name") }),
        h("th", { scope: "col", text: t("organizer-people.col_external") }),
        h("th", { scope: "col", text: t("organizer-people.per_worker") }),
        h("th", { scope: "col", text: t("organizer-people.col_state") }))),
      h("tbody", {}, registrations.map((r) => {
        const w = byId.get(r.worker_id);
        return h("tr", {},
          h("th", { scope: "row", text: workerLabel(w, r.worker_id) }),
          h("td", { text: (w && w.external_id) || "" }),
          h("td", { text: num(r.max_interviews) }),
          h("td", { text: t(`organizer-people.state.${r.status}`) }));
      })))));
  return h("section", { class: "card console-workers", id: "workers" },
    h("h2", { text: t("organizer-people.workers", { n: num(active) }) }),
    h("div", { class: "two-up" }, poolForm, listForm),
    list);
}

/** A worker as the organiser may see it: the full name of a participant, else the shortened
 * name, else the id. */
export function workerLabel(w, id) {
  return (w && (w.full_name || w.display_name)) || `#${id}`;
}
