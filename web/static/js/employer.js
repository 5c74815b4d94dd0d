// Employer: my vacancies -> ranked candidates (score bar, components, reasons, gaps), pin or
// exclude them for an event's shortlist, and my interview timetable at that event.

import { api } from "./api.js";
import { clear, field, h } from "./dom.js";
import { t } from "./i18n.js";
import {
  busy, components, eligibleBadge, explanation, scoreBar, uid, vacancyFacts, when, workerFacts,
  workerName,
} from "./ui.js";

const state = { vacancyId: null, eventId: null, ineligible: false, order: "eligible_first" };

export async function render(root, ctx) {
  const [vacancies, events] = await busy(root, ctx, Promise.all([
    api("/v1/vacancies?limit=200"),
    api("/v1/events").catch(() => ({ data: [] })),
  ]));
  if (state.eventId === null && events.data.length) state.eventId = events.data[0].id;

  const eventSelect = h("select", { id: uid("event") },
    h("option", { value: "", text: t("event.none") }),
    events.data.map((e) => h("option", { value: String(e.id), text: `${e.name} (${e.starts_on})`,
      selected: e.id === state.eventId })));
  eventSelect.addEventListener("change", () => {
    state.eventId = eventSelect.value ? Number(eventSelect.value) : null;
    showCandidates();
    showTimetable();
  });

  const list = h("ul", { class: "picker", "aria-label": t("employer.vacancies") });
  const candidates = h("section", { class: "card", "aria-live": "polite", id: "candidates" });
  const timetable = h("section", { class: "card", id: "timetable" });

  for (const v of vacancies.data) {
    const btn = h("button", {
      type: "button",
      class: "pick",
      "aria-pressed": String(v.id === state.vacancyId),
      on: { click: () => {
        state.vacancyId = v.id;
        for (const b of list.querySelectorAll("button")) b.setAttribute("aria-pressed", "false");
        btn.setAttribute("aria-pressed", "true");
        showCandidates();
      } },
    }, h("strong", { text: v.title }), vacancyFacts(v));
    list.append(h("li", {}, btn));
  }

  root.append(
    h("section", { class: "card" },
      h("h2", { text: t("employer.vacancies") }),
      events.data.length ? field(t("event"), eventSelect) : null,
      vacancies.data.length ? list : h("p", { text: t("empty.vacancies") })),
    candidates,
    timetable,
  );

  async function showCandidates() {
    clear(candidates);
    const vacancy = vacancies.data.find((v) => v.id === state.vacancyId);
    if (!vacancy) {
      candidates.append(h("p", { class: "hint", text: t("employer.pick") }));
      return;
    }
    const toggle = h("input", { type: "checkbox", id: uid("inel"), checked: state.ineligible });
    toggle.addEventListener("change", () => { state.ineligible = toggle.checked; showCandidates(); });
    // With near misses shown, they come after everyone eligible unless asked otherwise.
    const order = h("select", { id: uid("order") },
      ["eligible_first", "score"].map((value) => h("option", {
        value, text: t(`order.${value}`), selected: value === state.order })));
    order.addEventListener("change", () => { state.order = order.value; showCandidates(); });
    candidates.append(
      h("h2", { text: t("employer.candidates_for", { title: vacancy.title }) }),
      h("div", { class: "inline" }, toggle, h("label", { for: toggle.id, text: t("include_ineligible") })),
      state.ineligible ? field(t("order.label"), order) : null,
    );
    try {
      const q = `limit=30&lang=${ctx.lang}&include_ineligible=${state.ineligible}&order=${state.order}`;
      const [matches, shortlist] = await busy(candidates, ctx, Promise.all([
        api(`/v1/vacancies/${vacancy.id}/matches?${q}`),
        state.eventId
          ? api(`/v1/events/${state.eventId}/shortlists?vacancy_id=${vacancy.id}`).catch(() => null)
          : Promise.resolve(null),
      ]));
      const decisions = new Map();
      for (const entry of shortlist ? shortlist.data : []) decisions.set(entry.worker.id, entry.decision);
      const ol = h("ol", { class: "results" });
      for (const m of matches.data) ol.append(candidateCard(m, vacancy, decisions, ctx));
      candidates.append(matches.data.length ? ol : h("p", { text: t("empty.candidates") }));
      ctx.say(t("n_results", { n: matches.data.length }));
    } catch (err) {
      ctx.fail(err);
    }
  }

  async function showTimetable() {
    clear(timetable);
    if (!state.eventId) {
      timetable.hidden = true;
      return;
    }
    timetable.hidden = false;
    const event = events.data.find((e) => e.id === state.eventId);
    timetable.append(h("h2", { text: t("employer.timetable", { name: event.name }) }));
    try {
      const rows = await api(`/v1/events/${state.eventId}/timetable`);
      if (!rows.data.length) {
        timetable.append(h("p", { text: t("empty.timetable") }));
        return;
      }
      const titles = new Map(vacancies.data.map((v) => [v.id, v.title]));
      const names = await workerNames(rows.data.map((r) => r.worker_id));
      const sorted = [...rows.data].sort((a, b) => a.slot - b.slot || a.booth - b.booth);
      timetable.append(h("div", { class: "scroll" }, h("table", { class: "grid" },
        h("caption", { class: "sr-only", text: t("employer.timetable", { name: event.name }) }),
        h("thead", {}, h("tr", {}, ["time", "booth", "candidate", "vacancy", "status"].map(
          (k) => h("th", { scope: "col", text: t(`col.${k}`) })))),
        h("tbody", {}, sorted.map((r) => h("tr", {},
          h("th", { scope: "row", text: `${when(r.start, event.timezone)}–${when(r.end, event.timezone)}` }),
          h("td", { text: String(r.booth) }),
          h("td", { text: names.get(r.worker_id) || `#${r.worker_id}` }),
          h("td", { text: titles.get(r.vacancy_id) || `#${r.vacancy_id}` }),
          h("td", {}, h("span", { class: `status-${r.status}`, text: t(`status.${r.status}`) }))))))));
    } catch (err) {
      ctx.fail(err);
    }
  }

  showCandidates();
  showTimetable();
}

function candidateCard(match, vacancy, decisions, ctx) {
  const w = match.worker;
  const decision = decisions.has(w.id) ? decisions.get(w.id) : undefined;
  const card = h("li", { class: `result ${match.eligible ? "" : "ineligible"}` },
    h("div", { class: "head" },
      h("h3", { text: workerName(w) }),
      eligibleBadge(match)),
    workerFacts(w),
    scoreBar(match.score, undefined, !match.eligible),
    explanation(match.reasons, match.gaps),
    components(match.components));
  if (state.eventId) card.append(decisionButtons(w.id, vacancy, decision, ctx));
  return card;
}

function decisionButtons(workerId, vacancy, current, ctx) {
  const box = h("div", { class: "actions", role: "group", "aria-label": t("decision") });
  const note = h("span", { class: "hint" });
  const make = (value, label) => h("button", {
    type: "button",
    class: value === "exclude" ? "danger" : "",
    "aria-pressed": String(current === value),
    text: label,
    on: { click: async () => {
      const next = current === value ? null : value;
      try {
        await api(`/v1/events/${state.eventId}/shortlists/${vacancy.id}/${workerId}`,
          { method: "PUT", body: { decision: next } });
        current = next;
        for (const b of box.querySelectorAll("button")) {
          b.setAttribute("aria-pressed", String(b.dataset.value === current));
        }
        ctx.fail(null);
        ctx.say(next ? t(`decision.${next}.done`) : t("decision.cleared"));
      } catch (err) {
        ctx.fail(err.status === 404 ? t("decision.not_registered") : err);
      }
    } },
    dataset: { value },
  });
  box.append(make("pin", t("decision.pin")), make("exclude", t("decision.exclude")), note);
  if (current === undefined) note.textContent = t("decision.not_listed");
  return box;
}

/** Names for the interview table: the employer sees a worker in full once scheduled. */
async function workerNames(ids) {
  const names = new Map();
  await Promise.all([...new Set(ids)].slice(0, 60).map(async (id) => {
    try {
      names.set(id, workerName(await api(`/v1/workers/${id}`)));
    } catch {
      // not visible: the row keeps the id
    }
  }));
  return names;
}

