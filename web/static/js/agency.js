// Agency: search workers (free text in any language plus filters, paginated), bulk import
// with upload progress and the row-level error report, and consent signed on paper.

import { api, ApiError, tokenStore, upload } from "./api.js";
import { clear, field, h } from "./dom.js";
import { FIELDS, fieldLabel, t } from "./i18n.js";
import { paperConsentSection } from "./consents.js";
import { busy, components, eligibleBadge, explanation, scoreBar, uid, workerFacts, workerName } from "./ui.js";

const PAGE = 10;
const LEVELS = ["N5", "N4", "N3", "N2", "N1"];
const state = { query: null, filters: {}, page: 0 };

export async function render(root, ctx) {
  root.append(searchSection(ctx), importSection(ctx), paperConsentSection(ctx));
}

function searchSection(ctx) {
  const f = state.filters;
  const query = h("input", { id: uid("q"), type: "search", required: true, maxlength: "1000",
    value: state.query || "" });
  const fieldSel = h("select", { id: uid("field") },
    h("option", { value: "", text: t("any") }),
    FIELDS.map((code) => h("option", { value: code, text: fieldLabel(code), selected: f.ssw_field === code })));
  const level = h("select", { id: uid("jp") },
    h("option", { value: "", text: t("any") }),
    LEVELS.map((l) => h("option", { value: l, text: t("jp_at_least", { level: l }), selected: f.min_japanese === l })));
  const cert = h("input", { id: uid("cert"), type: "text", maxlength: "200", value: f.certificate || "" });
  const province = h("input", { id: uid("prov"), type: "text", maxlength: "200", value: f.province || "" });
  const available = h("input", { id: uid("avail"), type: "date", value: f.available_by || "" });
  const results = h("div", { class: "search-results", "aria-live": "polite" });
  let hits = [];

  const form = h("form", { class: "search", role: "search" },
    field(t("agency.query"), query, t("agency.query_hint")),
    h("div", { class: "filters" },
      field(t("filter.field"), fieldSel),
      field(t("filter.japanese"), level),
      field(t("filter.certificate"), cert),
      field(t("filter.province"), province),
      field(t("filter.available_by"), available)),
    h("button", { type: "submit", class: "primary", text: t("agency.search") }));

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    state.query = query.value.trim();
    state.filters = {
      ssw_field: fieldSel.value || null,
      min_japanese: level.value || null,
      certificate: cert.value.trim() || null,
      province: province.value.trim() || null,
      available_by: available.value || null,
    };
    state.page = 0;
    await run();
  });

  async function run() {
    if (!state.query) return;
    ctx.fail(null);
    const filters = Object.fromEntries(Object.entries(state.filters).filter(([, v]) => v));
    try {
      const body = { query: state.query, filters, limit: 200, lang: ctx.lang };
      const found = await busy(results, ctx, api("/v1/search/workers", { method: "POST", body }));
      hits = found.data;
      show();
      ctx.say(t("n_results", { n: hits.length }));
    } catch (err) {
      ctx.fail(err);
    }
  }

  function show() {
    clear(results);
    if (!hits.length) {
      results.append(h("p", { text: t("empty.search") }));
      return;
    }
    const pages = Math.ceil(hits.length / PAGE);
    state.page = Math.min(state.page, pages - 1);
    const start = state.page * PAGE;
    const ol = h("ol", { class: "results", start: String(start + 1) });
    for (const m of hits.slice(start, start + PAGE)) {
      const w = m.worker;
      ol.append(h("li", { class: "result" },
        h("div", { class: "head" },
          h("h3", { text: workerName(w) }),
          h("span", { class: "badge", text: t(`view.${w.view}`) }),
          eligibleBadge(m.eligible)),
        workerFacts(w),
        scoreBar(m.score),
        explanation(m.reasons, m.gaps),
        components(m.components)));
    }
    const prev = h("button", { type: "button", text: t("page.prev"), disabled: state.page === 0,
      on: { click: () => { state.page -= 1; show(); results.focus(); } } });
    const next = h("button", { type: "button", text: t("page.next"), disabled: state.page >= pages - 1,
      on: { click: () => { state.page += 1; show(); results.focus(); } } });
    const label = t("page.of", { page: state.page + 1, pages, n: hits.length });
    results.setAttribute("tabindex", "-1");
    results.append(
      h("p", { class: "count", text: label }),
      ol,
      h("nav", { class: "pager", "aria-label": t("page.nav") }, prev, h("span", { text: label }), next));
    ctx.say(label);
  }

  if (state.query) run();
  return h("section", { class: "card" }, h("h2", { text: t("agency.search_title") }), form, results);
}

// --- import and export (issue 19, part B): template, upload with progress, per-row errors in
// the page's language, the error report as CSV, and the agency's export as CSV or JSON. ---
function importSection(ctx) {
  const file = h("input", { id: uid("file"), type: "file", accept: ".csv,.tsv,.txt,.json,.jsonl,.ndjson", required: true });
  const atomic = h("input", { id: uid("aon"), type: "checkbox" });
  const progress = h("progress", { max: "100", value: "0", hidden: true, "aria-label": t("import.progress") });
  const status = h("p", { class: "hint import-status", "aria-live": "polite" });
  const report = h("div", { class: "report", "aria-live": "polite" });
  const form = h("form", { class: "import" },
    field(t("import.file"), file, t("import.hint")),
    h("div", { class: "inline" }, atomic, h("label", { for: atomic.id, text: t("import.all_or_nothing") })),
    h("button", { type: "submit", class: "primary", text: t("import.submit") }),
    progress, status);
  const tools = h("div", { class: "import-tools" },
    downloadButton(ctx, t("import.template"), "/v1/imports/workers/template.csv", "workers-template.csv"),
    downloadButton(ctx, t("import.export_csv"), "/v1/imports/workers/export?format=csv", "workers.csv"),
    downloadButton(ctx, t("import.export_json"), "/v1/imports/workers/export?format=json", "workers.json"));

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const chosen = file.files && file.files[0];
    if (!chosen) return;
    clear(report);
    ctx.fail(null);
    progress.hidden = false;
    progress.value = 0;
    const query = new URLSearchParams({ lang: ctx.lang });
    if (atomic.checked) query.set("all_or_nothing", "true");
    try {
      const result = await upload(`/v1/imports/workers?${query}`, chosen, (fraction, phase) => {
        if (phase === "processing") {
          progress.removeAttribute("value"); // indeterminate: the server is checking rows
          status.textContent = t("import.processing");
        } else {
          progress.value = Math.round(fraction * 100);
          status.textContent = t("import.uploading", { pct: progress.value });
        }
      });
      progress.value = 100;
      showReport(ctx, report, result);
      status.textContent = t("import.done", { rows: result.rows, errors: result.error_count });
      ctx.say(status.textContent);
    } catch (err) {
      status.textContent = "";
      ctx.fail(err);
    } finally {
      progress.hidden = true;
    }
  });
  return h("section", { class: "card", id: "import" }, h("h2", { text: t("import.title") }),
    h("p", { class: "hint", text: t("import.intro") }), tools, form, report);
}

/** Fetch a file with the tab's token and hand it to the browser as a download. */
async function saveFile(path, filename, init = {}) {
  const headers = { ...(init.headers || {}) };
  const token = tokenStore.get();
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { ...init, headers });
  if (!response.ok) {
    let problem = {};
    try { problem = await response.json(); } catch { problem = { title: response.statusText }; }
    throw new ApiError(response.status, problem);
  }
  const link = h("a", { href: URL.createObjectURL(await response.blob()), download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

function downloadButton(ctx, label, path, filename, init) {
  return h("button", { type: "button", text: label, on: { click: async () => {
    ctx.fail(null);
    try {
      await saveFile(path, filename, init);
      ctx.say(t("import.downloaded", { name: filename }));
    } catch (err) {
      ctx.fail(err);
    }
  } } });
}

function showReport(ctx, box, r) {
  const counts = h("dl", { class: "counts" },
    ["rows", "created", "updated", "unchanged", "error_count"].map((k) => h("div", {},
      h("dt", { text: t(`import.${k}`) }), h("dd", { text: String(r[k]) }))));
  box.append(
    h("h3", { text: r.stored ? t("import.stored") : t("import.not_stored") }),
    counts);
  if (!r.errors.length) return;
  const rows = new Map();
  for (const e of r.errors) {
    if (!rows.has(e.row)) rows.set(e.row, []);
    rows.get(e.row).push(e);
  }
  const body = { errors: r.errors };
  box.append(
    h("p", { text: t("import.bad_rows", { n: rows.size }) }),
    downloadButton(ctx, t("import.report"), "/v1/imports/errors.csv", "import-errors.csv",
      { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
    h("div", { class: "scroll" }, h("table", { class: "errors" },
      h("caption", { text: t("import.errors") }),
      h("thead", {}, h("tr", {}, ["row", "column", "value", "message"].map((k) => h("th", { scope: "col", text: t(`import.col.${k}`) })))),
      [...rows].map(([row, errors]) => h("tbody", { class: "error-row" }, errors.map((e, i) => h("tr", {},
        i === 0 ? h("th", { scope: "rowgroup", rowspan: String(errors.length), text: row === 1 ? t("import.header_row") : String(row) }) : null,
        h("td", { text: e.column || e.field || "" }),
        h("td", {}, e.value ? h("code", { text: e.value }) : ""),
        h("td", { text: e.message }))))))));
  if (r.errors_truncated) box.append(h("p", { class: "hint", text: t("import.truncated") }));
}
// --- end import and export ---
