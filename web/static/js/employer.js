// Employer: the interview day first (my timetable at the chosen event, with times in JST and
// the candidate's zone, names once disclosed, the vacancy, booth or link, outcomes recorded from
// the row and my calendar file), then my vacancies -> ranked candidates (score bar,
// components, reasons, gaps) to pin or exclude for the event's shortlist.

import { api } from "./api.js";
import { clear, field, h } from "./dom.js";
import { addTexts, t } from "./i18n.js";
import {
  agenda, byDate, calendarButton, fieldAndCategory, languageLine, place, span,
} from "./interview-day.js";
import { problemText } from "./problems.js";
import {
  busy, components, day, eligibleBadge, explanation, scoreBar, uid, vacancyFacts, workerFacts,
  workerName,
} from "./ui.js";

addTexts({
  "employer.day_pick": ["Choose an event to see its interviews.", "面接を見るイベントを選んでください。",
    "Pilih acara untuk melihat wawancaranya."],
  "employer.masked_hint": [
    "Full names appear once the candidate accepts the interview or consents to share.",
    "候補者が面接を承諾するか情報提供に同意すると、氏名が表示されます。",
    "Nama lengkap tampil setelah kandidat menerima wawancara atau menyetujui berbagi data."],
  "employer.col.actions": ["Outcome", "結果", "Hasil"],
});

/** The outcomes an employer may record next, by the interview's status (matcher/events/pipeline.py). */
const NEXT = {
  scheduled: ["passed", "no_show", "declined"],
  passed: ["offer", "declined"],
  offer: ["hired", "declined"],
};

const state = { vacancyId: null, eventId: null, ineligible: false, order: "eligible_first" };

export async function render(root, ctx) {
  const [vacancies, events] = await busy(root, ctx, Promise.all([
    api("/v1/vacancies?limit=200"),
    api("/v1/events").catch(() => ({ data: [] })),
  ]));
  if (state.eventId === null && events.data.length) state.eventId = events.data[0].id;

  const eventSelect = h("select", { id: uid("event") },
    h("option", { value: "", text: t("event.none") }),
    events.data.map((e) => h("option", { value: String(e.id), text: `${e.name} (${day(e.starts_on)})`,
      selected: e.id === state.eventId })));
  eventSelect.addEventListener("change", () => {
    state.eventId = eventSelect.value ? Number(eventSelect.value) : null;
    showCandidates();
    showTimetable();
  });

  const list = h("ul", { class: "picker", "aria-label": t("employer.vacancies") });
  const candidates = h("section", { class: "card", "aria-live": "polite", id: "candidates" });
  const timetable = h("section", { class: "card day-timetable", id: "timetable", "aria-live": "polite" });

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

  // The day first: on an event day the timetable is what an employer opens the page for.
  root.append(
    timetable,
    h("section", { class: "card" },
      h("h2", { text: t("employer.vacancies") }),
      vacancies.data.length ? list : h("p", { text: t("empty.vacancies") })),
    candidates,
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
    const event = events.data.find((e) => e.id === state.eventId);
    timetable.append(
      h("h2", { text: event ? t("employer.timetable", { name: event.name }) : t("worker.interviews") }),
      events.data.length ? field(t("event"), eventSelect) : null);
    if (!event) {
      timetable.append(h("p", { class: "hint", text: events.data.length ? t("employer.day_pick") : t("empty.timetable") }));
      return;
    }
    try {
      const plan = await busy(timetable, ctx, agenda(event.id));
      if (!plan.data.length) {
        timetable.append(h("p", { text: t("empty.timetable") }));
        return;
      }
      timetable.append(h("div", { class: "day-tools" }, calendarButton(ctx, event.id)));
      if (plan.data.some((e) => !e.worker.disclosed)) {
        timetable.append(h("p", { class: "hint", text: t("employer.masked_hint") }));
      }
      for (const [date, entries] of byDate(plan.data, "Asia/Tokyo")) {
        timetable.append(h("h3", { class: "day-date", text: date }), dayTable(entries, plan.event));
      }
      ctx.say(t("day.n_interviews", { n: plan.data.length }));
    } catch (err) {
      ctx.fail(err);
    }
  }

  function dayTable(entries, event) {
    return h("div", { class: "scroll" }, h("table", { class: "day-table" },
      h("thead", {}, h("tr", {},
        h("th", { scope: "col", text: t("day.time_jst") }),
        h("th", { scope: "col", text: t("day.worker_time") }),
        h("th", { scope: "col", text: t("col.candidate") }),
        h("th", { scope: "col", text: t("col.vacancy") }),
        h("th", { scope: "col", text: t("day.place") }),
        h("th", { scope: "col", text: t("employer.col.actions") }))),
      h("tbody", {}, entries.map((entry) => dayRow(entry, event)))));
  }

  function dayRow(entry, event) {
    const i = entry.interview;
    const row = h("tr", { dataset: { interview: String(i.id) } });
    const worker = i.times.worker;
    row.append(
      h("th", { scope: "row", class: "day-time", text: span(i.times.employer) }),
      h("td", { class: `day-time other ${worker ? "" : "unknown"}`,
        text: worker ? span(worker) : t("day.zone_unknown") }),
      h("td", { class: entry.worker.disclosed ? "" : "masked", text: entry.worker.name }),
      h("td", {}, h("span", { text: entry.vacancy.title }),
        h("span", { class: "hint day-field", text: fieldAndCategory(entry.vacancy) })),
      h("td", {}, place(i, event), languageLine(i), placeEditor(entry)),
      h("td", {}, outcomeCell(entry)));
    return row;
  }

  /** Status and the next outcomes as buttons; a refusal is shown right beside them. */
  function outcomeCell(entry) {
    const i = entry.interview;
    const box = h("div", { class: "day-outcome", role: "group", "aria-label": t("day.outcome") },
      h("span", { class: `status-${i.status}`, text: t(`status.${i.status}`) }));
    const error = h("p", { class: "field-error day-error day-outcome-error", role: "alert", hidden: true });
    for (const next of NEXT[i.status] || []) {
      box.append(h("button", {
        type: "button",
        class: next === "no_show" || next === "declined" ? "danger" : "",
        text: t(`status.${next}`),
        "aria-label": `${t(`status.${next}`)}: ${entry.worker.name}`,
        on: { click: async () => {
          error.hidden = true;
          try {
            await api(`/v1/events/${state.eventId}/interviews/${i.id}/outcome`,
              { method: "PUT", body: { status: next } });
            ctx.fail(null);
            await showTimetable();
            ctx.say(t("day.outcome_done", { status: t(`status.${next}`) }));
          } catch (err) {
            showBeside(error, err);
          }
        } },
      }));
    }
    return h("div", {}, box, error);
  }

  /** The employer changes how its interview is held: in person, or online with its link. */
  function placeEditor(entry) {
    const i = entry.interview;
    if (i.status !== "scheduled") return null;
    const mode = h("select", { id: uid("mode") },
      ["in_person", "online"].map((m) => h("option", { value: m, text: t(`day.mode.${m}`), selected: m === i.mode })));
    const link = h("input", { id: uid("link"), type: "url", inputmode: "url", placeholder: "https://",
      maxlength: "500", value: i.online_url || "" });
    const error = h("p", { class: "field-error day-error", role: "alert", hidden: true });
    const sync = () => { link.closest(".field").hidden = mode.value !== "online"; };
    const form = h("form", { class: "day-place-form" },
      field(t("day.mode"), mode), field(t("day.link"), link), error,
      h("button", { type: "submit", text: t("day.save") }));
    mode.addEventListener("change", sync);
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      error.hidden = true;
      const body = mode.value === "online" ? { mode: "online", online_url: link.value.trim() } : { mode: "in_person" };
      try {
        await api(`/v1/events/${state.eventId}/interviews/${i.id}`, { method: "PATCH", body });
        ctx.fail(null);
        await showTimetable();
        ctx.say(t("day.saved"));
      } catch (err) {
        showBeside(error, err);
        if (mode.value === "online") link.setAttribute("aria-invalid", "true");
      }
    });
    sync();
    return h("details", { class: "day-edit" }, h("summary", { text: t("day.change_place") }), form);
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

/** A failed action's problem right beside the action: the page's language first, the server's
 * own words (what names the field, in English) as a second line. */
function showBeside(box, err) {
  const { message, detail } = problemText(err);
  const errors = (err.problem && err.problem.errors) || [];
  const named = errors.map((e) => e.message).filter(Boolean).join(" / ");
  clear(box);
  box.append(h("span", { class: "problem-message", text: message }));
  const why = named || detail;
  if (why) box.append(h("span", { class: "problem-detail", lang: "en", text: why }));
  box.hidden = false;
}
