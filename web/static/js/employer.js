// Employer: the interview day first (my timetable at the chosen event, with times in JST and
// the candidate's zone, names once disclosed, the vacancy, booth or link, outcomes recorded from
// the row and my calendar file), then my vacancies (post, edit, close, delete:
// employer-vacancies.js) -> ranked candidates ten per page (score bar, components, reasons,
// gaps) to pin or exclude for the event's shortlist, a refusal shown beside its button.

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
import {
  FETCHED, PAGE_SIZE, companyName, pager, vacancyActions, vacancyForm,
} from "./employer-vacancies.js";

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

const state = { vacancyId: null, eventId: null, ineligible: false, order: "eligible_first", page: 0 };

export async function render(root, ctx) {
  const [first, events, employers] = await busy(root, ctx, Promise.all([
    api("/v1/vacancies?limit=200"),
    api("/v1/events").catch(() => ({ data: [] })),
    api("/v1/employers?limit=200").catch(() => ({ data: [] })),
  ]));
  let vacancies = first.data;
  if (state.eventId === null && events.data.length) state.eventId = events.data[0].id;
  const employerById = new Map(employers.data.map((e) => [e.id, e]));
  // Whom a new vacancy is for: an employer posts for itself; an admin picks the employer.
  const own = ctx.me.role === "employer" ? employers.data.filter((e) => e.id === ctx.me.subject_id) : employers.data;

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
  const editor = h("section", { class: "card ev-editor", id: "vacancy-editor" });
  const candidates = h("section", { class: "card", "aria-live": "polite", id: "candidates" });
  const timetable = h("section", { class: "card day-timetable", id: "timetable", "aria-live": "polite" });
  const company = ctx.me.role === "employer" ? employerById.get(ctx.me.subject_id) : null;
  const listBox = h("div", {});
  const postButton = h("button", { type: "button", class: "primary ev-new", text: t("employer-vacancies.new"),
    on: { click: () => openEditor(null) } });

  function drawList() {
    clear(list);
    clear(listBox);
    for (const v of vacancies) {
      const owner = ctx.me.role === "employer" ? null : employerById.get(v.employer_id);
      const btn = h("button", {
        type: "button",
        class: "pick",
        "aria-pressed": String(v.id === state.vacancyId),
        on: { click: () => {
          state.vacancyId = v.id;
          state.page = 0;
          for (const b of list.querySelectorAll("button.pick")) b.setAttribute("aria-pressed", "false");
          btn.setAttribute("aria-pressed", "true");
          showCandidates();
        } },
      }, h("strong", { text: v.title }),
      v.status === "closed" ? h("span", { class: "badge ev-closed", text: t("employer-vacancies.closed_badge") }) : null,
      owner ? h("span", { class: "facts ev-owner", text: companyName(owner) }) : null,
      vacancyFacts(v),
      h("span", { class: "facts ev-id", text: v.external_id }));
      list.append(h("li", { class: v.status === "closed" ? "ev-item closed" : "ev-item", dataset: { vacancy: String(v.id) } },
        btn, vacancyActions(ctx, v, { onEdit: openEditor, onChanged: refresh })));
    }
    listBox.append(vacancies.length ? list : h("p", { text: t("empty.vacancies") }));
  }

  /** Reload my vacancies (after a post, an edit, a close or a delete) and redraw the list. */
  async function refresh(saved) {
    const fresh = await api("/v1/vacancies?limit=200");
    vacancies = fresh.data;
    if (saved) state.vacancyId = saved.id;
    if (!vacancies.some((v) => v.id === state.vacancyId)) state.vacancyId = null;
    drawList();
    await showCandidates();
  }

  async function openEditor(vacancy) {
    clear(editor);
    const taken = new Set(vacancies.map((v) => v.external_id));
    const form = await vacancyForm(ctx, {
      vacancy,
      employers: vacancy ? [employerById.get(vacancy.employer_id)].filter(Boolean) : own,
      taken,
      onDone: async (saved) => {
        clear(editor);
        if (saved) {
          state.page = 0;
          await refresh(saved);
        }
        postButton.focus();
      },
    });
    editor.append(form);
    editor.scrollIntoView({ block: "start" });
    form.querySelector("input, select, textarea").focus();
  }

  drawList();
  // The day first: on an event day the timetable is what an employer opens the page for.
  root.append(
    timetable,
    h("section", { class: "card" },
      h("h2", { text: t("employer.vacancies") }),
      company ? h("p", { class: "ev-company", text: companyName(company) }) : null,
      own.length ? h("div", { class: "actions" }, postButton) : null,
      listBox),
    editor,
    candidates,
  );

  /** The ranked list of the chosen vacancy, fetched once per choice and paged in the browser
   * (the matches endpoint has no offset): the total is real below FETCHED, else "of the best". */
  async function showCandidates() {
    clear(candidates);
    const vacancy = vacancies.find((v) => v.id === state.vacancyId);
    if (!vacancy) {
      candidates.append(h("p", { class: "hint", text: t("employer.pick") }));
      return;
    }
    const toggle = h("input", { type: "checkbox", id: uid("inel"), checked: state.ineligible });
    toggle.addEventListener("change", () => { state.ineligible = toggle.checked; state.page = 0; showCandidates(); });
    // With near misses shown, they come after everyone eligible unless asked otherwise.
    const order = h("select", { id: uid("order") },
      ["eligible_first", "score"].map((value) => h("option", {
        value, text: t(`order.${value}`), selected: value === state.order })));
    order.addEventListener("change", () => { state.order = order.value; state.page = 0; showCandidates(); });
    const body = h("div", { class: "ev-candidates" });
    candidates.append(
      h("h2", { text: t("employer.candidates_for", { title: vacancy.title }) }),
      h("div", { class: "inline" }, toggle, h("label", { for: toggle.id, text: t("include_ineligible") })),
      ...(state.ineligible ? [field(t("order.label"), order)] : []),
      body,
    );
    try {
      const q = `limit=${FETCHED}&lang=${ctx.lang}&include_ineligible=${state.ineligible}&order=${state.order}`;
      const [matches, shortlist] = await busy(candidates, ctx, Promise.all([
        api(`/v1/vacancies/${vacancy.id}/matches?${q}`),
        state.eventId
          ? api(`/v1/events/${state.eventId}/shortlists?vacancy_id=${vacancy.id}`).catch(() => null)
          : Promise.resolve(null),
      ]));
      const decisions = new Map();
      for (const entry of shortlist ? shortlist.data : []) decisions.set(entry.worker.id, entry.decision);
      const known = matches.data.length < FETCHED;
      const drawPage = () => {
        clear(body);
        if (!matches.data.length) {
          body.append(h("p", { text: t("empty.candidates") }));
          return;
        }
        const last = Math.max(0, Math.ceil(matches.data.length / PAGE_SIZE) - 1);
        state.page = Math.min(Math.max(0, state.page), last);
        const start = state.page * PAGE_SIZE;
        const ol = h("ol", { class: "results", start: String(start + 1) });
        for (const m of matches.data.slice(start, start + PAGE_SIZE)) ol.append(candidateCard(m, vacancy, decisions, ctx));
        const turn = (target) => {
          state.page = target;
          drawPage();
          candidates.scrollIntoView({ block: "start" });
        };
        body.append(ol);
        if (matches.data.length > PAGE_SIZE) body.append(pager(state.page, matches.data.length, known, turn));
      };
      drawPage();
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
      ...(events.data.length ? [field(t("event"), eventSelect)] : []));
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
  const card = h("li", { class: `result ${match.eligible ? "" : "ineligible"}` },
    h("div", { class: "head" },
      h("h3", { text: workerName(w) }),
      eligibleBadge(match)),
    workerFacts(w),
    scoreBar(match.score, undefined, !match.eligible),
    explanation(match.reasons, match.gaps),
    components(match.components));
  if (state.eventId) card.append(decisionButtons(w.id, vacancy, decisions, ctx));
  return card;
}

/** Pin or exclude for the event's shortlist; a refusal appears beside these buttons (not only
 * in the page's alert, which may be far above the card). */
function decisionButtons(workerId, vacancy, decisions, ctx) {
  let current = decisions.has(workerId) ? decisions.get(workerId) : undefined;
  const box = h("div", { class: "actions", role: "group", "aria-label": t("decision") });
  const note = h("span", { class: "hint" });
  const error = h("p", { class: "field-error day-error decision-error", role: "alert", hidden: true });
  const make = (value, label) => h("button", {
    type: "button",
    class: value === "exclude" ? "danger" : "",
    "aria-pressed": String(current === value),
    text: label,
    on: { click: async () => {
      const next = current === value ? null : value;
      error.hidden = true;
      try {
        await api(`/v1/events/${state.eventId}/shortlists/${vacancy.id}/${workerId}`,
          { method: "PUT", body: { decision: next } });
        current = next;
        decisions.set(workerId, next);
        note.textContent = "";
        for (const b of box.querySelectorAll("button")) {
          b.setAttribute("aria-pressed", String(b.dataset.value === current));
        }
        ctx.fail(null);
        ctx.say(next ? t(`decision.${next}.done`) : t("decision.cleared"));
      } catch (err) {
        showBeside(error, err);
        if (err.status === 404) error.firstChild.textContent = `${t("error.prefix")} ${t("decision.not_registered")}`;
      }
    } },
    dataset: { value },
  });
  box.append(make("pin", t("decision.pin")), make("exclude", t("decision.exclude")), note);
  if (current === undefined) note.textContent = t("decision.not_listed");
  return h("div", {}, box, error);
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
