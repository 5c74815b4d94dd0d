// Organiser: event dashboard with registrations, shortlists, the timetable grid (slots x booths)
// with (re-)planning and outcomes, and a chart of interviews, offers and hires per field.

import { api } from "./api.js";
import { clear, field, h, s } from "./dom.js";
import { fieldLabel, t } from "./i18n.js";
import { busy, num, uid, when } from "./ui.js";

const NEXT = {
  scheduled: ["passed", "no_show", "declined", "cancelled"],
  passed: ["offer", "declined"],
  offer: ["hired", "declined"],
};
const state = { eventId: null, employerId: "" };

export async function render(root, ctx) {
  const events = await busy(root, ctx, api("/v1/events"));
  if (!events.data.length) {
    root.append(h("section", { class: "card" }, h("h2", { text: t("org.dashboard") }),
      h("p", { text: t("empty.events") })));
    return;
  }
  if (!events.data.some((e) => e.id === state.eventId)) state.eventId = events.data[0].id;
  const pick = h("select", { id: uid("ev") }, events.data.map((e) =>
    h("option", { value: String(e.id), text: `${e.name} (${e.starts_on})`, selected: e.id === state.eventId })));
  const body = h("div", { class: "dashboard" });
  pick.addEventListener("change", () => { state.eventId = Number(pick.value); state.employerId = ""; load(); });
  root.append(h("section", { class: "card" }, h("h2", { text: t("org.dashboard") }), field(t("event"), pick)), body);

  async function load() {
    clear(body);
    const event = events.data.find((e) => e.id === state.eventId);
    try {
      // One request at a time: a booth laptop on a shared connection gains nothing from more.
      const base = `/v1/events/${event.id}`;
      const [employers, workers, timetable, summary] = await busy(body, ctx, (async () => [
        await api(`${base}/employers`),
        await api(`${base}/workers`),
        await api(`${base}/timetable`),
        await api(`${base}/summary`),
      ])());
      body.append(
        registrations(event, employers, workers, timetable),
        planning(event, ctx, load),
        grid(event, employers.data, timetable.data, ctx, load),
        chart(summary));
      ctx.say(t("org.loaded", { name: event.name }));
    } catch (err) {
      ctx.fail(err);
    }
  }
  await load();
}

function registrations(event, employers, workers, timetable) {
  const active = workers.data.filter((w) => w.status === "registered").length;
  const booths = employers.data.reduce((n, e) => n + e.booths, 0);
  const stat = (label, value) => h("div", { class: "stat" },
    h("span", { class: "value", text: String(value) }), h("span", { class: "label", text: label }));
  return h("section", { class: "card" },
    h("h2", { text: t("org.registrations") }),
    h("div", { class: "stats" },
      stat(t("org.employers"), employers.count),
      stat(t("org.booths"), booths),
      stat(t("org.workers"), active),
      stat(t("org.slots"), event.slots.length),
      stat(t("org.interviews"), timetable.data.filter((r) => r.status !== "cancelled").length)));
}

function planning(event, ctx, reload) {
  const mode = h("select", { id: uid("mode") },
    ["optimal", "stable"].map((m) => h("option", { value: m, text: t(`mode.${m}`) })));
  const replan = h("input", { type: "checkbox", id: uid("replan") });
  const minimum = h("input", { type: "number", id: uid("min"), min: "0", max: "20",
    value: String(event.min_interviews_per_worker) });
  const result = h("p", { class: "result-line", "aria-live": "polite" });
  const buildBtn = h("button", { type: "button", text: t("org.build_shortlists") });
  const planBtn = h("button", { type: "button", class: "primary", text: t("org.plan") });

  buildBtn.addEventListener("click", async () => {
    ctx.fail(null);
    buildBtn.disabled = true;
    try {
      const built = await busy(result, ctx, api(`/v1/events/${event.id}/shortlists`,
        { method: "POST", body: { limit_per_vacancy: 30, lang: ctx.lang } }));
      result.textContent = t("org.built", {
        vacancies: num(built.vacancies), workers: num(built.workers), entries: num(built.entries) });
      ctx.say(result.textContent);
    } catch (err) {
      ctx.fail(err);
    } finally {
      buildBtn.disabled = false;
    }
  });
  planBtn.addEventListener("click", async () => {
    ctx.fail(null);
    planBtn.disabled = true;
    const request = { mode: mode.value, replan: replan.checked };
    if (mode.value === "optimal" && minimum.value !== "") request.min_interviews_per_worker = Number(minimum.value);
    try {
      const planned = await busy(result, ctx, api(`/v1/events/${event.id}/timetable`, { method: "POST", body: request }));
      const message = t("org.planned", {
        n: planned.count, kept: planned.kept, unplaced: planned.unplaced.length,
        secs: num(planned.solve_seconds, 2),
      });
      await reload();
      ctx.say(message);
    } catch (err) {
      ctx.fail(err);
      planBtn.disabled = false;
    }
  });
  return h("section", { class: "card" },
    h("h2", { text: t("org.planning") }),
    h("div", { class: "filters" }, field(t("org.mode"), mode), field(t("org.min_interviews"), minimum)),
    h("div", { class: "inline" }, replan, h("label", { for: replan.id, text: t("org.replan") })),
    h("div", { class: "actions" }, buildBtn, planBtn),
    result);
}

/** Rows are slots, columns are (employer, booth); each cell is one interview. */
function grid(event, employers, rows, ctx, reload) {
  const section = h("section", { class: "card" }, h("h2", { text: t("org.timetable") }));
  if (!rows.length) {
    section.append(h("p", { text: t("empty.timetable") }));
    return section;
  }
  const filter = h("select", { id: uid("emp") },
    h("option", { value: "", text: t("org.all_employers") }),
    employers.map((e) => h("option", { value: String(e.employer_id), text: e.employer_name,
      selected: String(e.employer_id) === state.employerId })));
  const holder = h("div", { class: "scroll grid-holder", tabindex: "0", role: "region",
    "aria-label": t("org.timetable") });
  filter.addEventListener("change", () => { state.employerId = filter.value; draw(); });
  section.append(field(t("org.employer_filter"), filter), holder);

  const cells = new Map();
  for (const r of rows) if (r.status !== "cancelled") cells.set(`${r.slot}:${r.employer_id}:${r.booth}`, r);

  function draw() {
    clear(holder);
    const shown = employers.filter((e) => !state.employerId || String(e.employer_id) === state.employerId);
    const head1 = h("tr", {}, h("th", { scope: "col", rowspan: "2", text: t("col.time") }),
      shown.map((e) => h("th", { scope: "colgroup", colspan: String(e.booths), text: e.employer_name })));
    const head2 = h("tr", {}, shown.flatMap((e) =>
      Array.from({ length: e.booths }, (_, b) => h("th", { scope: "col", text: `${t("col.booth")} ${b + 1}` }))));
    const body = h("tbody");
    for (const slot of event.slots) {
      const tr = h("tr", {}, h("th", { scope: "row", text: `${when(slot.start, event.timezone)}` }));
      for (const e of shown) {
        for (let b = 1; b <= e.booths; b += 1) {
          const r = cells.get(`${slot.id}:${e.employer_id}:${b}`);
          tr.append(r ? interviewCell(event, r, ctx, reload) : h("td", { class: "free", text: "–" }));
        }
      }
      body.append(tr);
    }
    holder.append(h("table", { class: "grid timetable" },
      h("caption", { class: "sr-only", text: t("org.timetable") }), h("thead", {}, head1, head2), body));
  }
  draw();
  return section;
}

function interviewCell(event, r, ctx, reload) {
  const td = h("td", { class: `busy status-${r.status}` },
    h("span", { class: "who", text: t("org.worker_n", { id: r.worker_id }) }),
    h("span", { class: "score-small", text: num(r.score, 2) }));
  const next = NEXT[r.status] || [];
  if (!next.length) {
    td.append(h("span", { class: "state", text: t(`status.${r.status}`) }));
    return td;
  }
  const sel = h("select", { "aria-label": t("org.outcome_for", { id: r.worker_id }) },
    h("option", { value: "", text: t(`status.${r.status}`) }),
    next.map((st) => h("option", { value: st, text: `→ ${t(`status.${st}`)}` })));
  sel.addEventListener("change", async () => {
    if (!sel.value) return;
    try {
      await api(`/v1/events/${event.id}/interviews/${r.id}/outcome`, { method: "PUT", body: { status: sel.value } });
      const message = t("org.outcome_saved", { id: r.worker_id, status: t(`status.${sel.value}`) });
      await reload();
      ctx.say(message);
    } catch (err) {
      ctx.fail(err);
    }
  });
  td.append(sel);
  return td;
}

/** Grouped horizontal bars per field, drawn as inline SVG, with the numbers as a table too. */
function chart(summary) {
  const section = h("section", { class: "card" }, h("h2", { text: t("org.chart") }));
  const rows = summary.by_field;
  if (!rows.length) {
    section.append(h("p", { text: t("empty.summary") }));
    return section;
  }
  const series = ["interviews", "offers", "hires"];
  const max = Math.max(1, ...rows.map((r) => r.interviews));
  const labelW = 190;
  const barW = 360;
  const rowH = 54;
  const width = labelW + barW + 50;
  const height = rows.length * rowH + 30;
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img",
    "aria-labelledby": "chart-title" }, s("title", { id: "chart-title", text: t("org.chart") }));
  rows.forEach((r, i) => {
    const y = 10 + i * rowH;
    svg.append(s("text", { x: String(labelW - 8), y: String(y + 24), "text-anchor": "end", class: "label",
      text: fieldLabel(r.key) }));
    series.forEach((k, j) => {
      const w = Math.max(1, (r[k] / max) * barW);
      svg.append(
        s("rect", { x: String(labelW), y: String(y + j * 15), width: String(w), height: "13", class: `s-${k}` }),
        s("text", { x: String(labelW + w + 4), y: String(y + j * 15 + 11), class: "value", text: String(r[k]) }));
    });
  });
  const legend = h("ul", { class: "legend" },
    series.map((k) => h("li", {}, h("span", { class: `swatch s-${k}` }), h("span", { text: t(`org.${k}`) }))));
  const table = h("table", { class: "numbers" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col", text: t("filter.field") }),
      series.map((k) => h("th", { scope: "col", text: t(`org.${k}`) })))),
    h("tbody", {}, rows.map((r) => h("tr", {}, h("th", { scope: "row", text: fieldLabel(r.key) }),
      series.map((k) => h("td", { text: String(r[k]) }))))));
  section.append(
    h("p", { class: "totals", text: t("org.totals", summary) }),
    legend, svg,
    h("details", {}, h("summary", { text: t("org.as_table") }), table));
  return section;
}
