// Agency: search workers (free text in any language plus filters, paginated), bulk import
// with upload progress and the row-level error report, and consent signed on paper.

import { api, upload } from "./api.js";
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

function importSection(ctx) {
  const file = h("input", { id: uid("file"), type: "file", accept: ".csv,.json,.jsonl,.ndjson", required: true });
  const atomic = h("input", { id: uid("aon"), type: "checkbox" });
  const progress = h("progress", { max: "100", value: "0", hidden: true, "aria-label": t("import.progress") });
  const report = h("div", { class: "report", "aria-live": "polite" });
  const form = h("form", { class: "import" },
    field(t("import.file"), file, t("import.hint")),
    h("div", { class: "inline" }, atomic, h("label", { for: atomic.id, text: t("import.all_or_nothing") })),
    h("button", { type: "submit", class: "primary", text: t("import.submit") }),
    progress);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const chosen = file.files && file.files[0];
    if (!chosen) return;
    clear(report);
    ctx.fail(null);
    progress.hidden = false;
    progress.value = 0;
    const path = `/v1/imports/workers${atomic.checked ? "?all_or_nothing=true" : ""}`;
    try {
      const result = await upload(path, chosen, (fraction, phase) => {
        progress.value = Math.round(fraction * 100);
        ctx.say(phase === "processing" ? t("import.processing") : t("import.uploading", { pct: progress.value }));
      });
      progress.value = 100;
      showReport(report, result);
      ctx.say(t("import.done", { rows: result.rows, errors: result.error_count }));
    } catch (err) {
      ctx.fail(err);
    } finally {
      progress.hidden = true;
    }
  });
  return h("section", { class: "card" }, h("h2", { text: t("import.title") }), form, report);
}

function showReport(box, r) {
  const counts = h("dl", { class: "counts" },
    ["rows", "created", "updated", "unchanged", "error_count"].map((k) => h("div", {},
      h("dt", { text: t(`import.${k}`) }), h("dd", { text: String(r[k]) }))));
  box.append(
    h("h3", { text: r.stored ? t("import.stored") : t("import.not_stored") }),
    counts);
  if (r.errors.length) {
    box.append(h("div", { class: "scroll" }, h("table", { class: "errors" },
      h("caption", { text: t("import.errors") }),
      h("thead", {}, h("tr", {}, ["row", "field", "message"].map((k) => h("th", { scope: "col", text: t(`import.col.${k}`) })))),
      h("tbody", {}, r.errors.map((e) => h("tr", {},
        h("td", { text: String(e.row) }),
        h("td", { text: e.field || "" }),
        h("td", { text: e.message })))))));
    if (r.errors_truncated) box.append(h("p", { class: "hint", text: t("import.truncated") }));
  }
}
