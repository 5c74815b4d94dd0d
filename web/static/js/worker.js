// Worker (phone first): my interviews at the top (date, time on my own clock and in Japan,
// company, vacancy with its field and category, booth or link, calendar file; accept or
// decline each: an accepted one lets the employer see my contact data), then what I state
// myself (summary, contact, preferences, availability, whether I may be found), open events to
// register for and the companies I want to meet in order, my recommended vacancies with what I
// still lack, my consents (withdraw any) and the download of everything held about me.
//
// The profile form sends only the fields a worker states itself (WORKER_STATED_FIELDS of
// matcher/access/policy.py), and of those only the ones changed: the agency's attested facts
// (tests, certificates, name, birth date) are never sent from here.

import { api, ApiError } from "./api.js";
import { consentList, downloadButton } from "./consents.js";
import { clear, field, h } from "./dom.js";
import { FIELDS, fieldLabel, t } from "./i18n.js";
import {
  agenda, byDate, calendarButton, employerName, fieldAndCategory, languageLine, place, span,
} from "./interview-day.js";
import { busy, components, dateHint, dateInput, dateValue, eligibleBadge, explanation, scoreBar, uid, vacancyFacts } from "./ui.js";

const state = { ineligible: true };

export async function render(root, ctx) {
  const id = ctx.me.subject_id;
  const me = await api(`/v1/workers/${id}`);
  const profile = h("section", { class: "card worker-profile", id: "my-profile" });
  const events = h("section", { class: "card worker-events", id: "my-events", "aria-live": "polite" });
  const list = h("section", { class: "card", "aria-live": "polite" });
  const interviews = h("section", { class: "card day-mine", id: "my-interviews", "aria-live": "polite" });
  const consents = h("div", { class: "consent-list", "aria-live": "polite" });
  const privacy = h("section", { class: "card", id: "privacy" },
    h("h2", { text: t("privacy.title") }),
    h("p", { class: "hint", text: t("privacy.intro") }),
    h("h3", { text: t("consent.mine") }),
    consents,
    h("h3", { text: t("privacy.my_data") }),
    h("p", { class: "hint", text: t("privacy.download_hint") }),
    downloadButton(ctx, id));
  root.append(
    h("section", { class: "card intro" },
      h("h2", { text: t("worker.hello", { name: me.full_name || me.display_name || "" }) }),
      h("p", { class: "hint", text: t("worker.intro") })),
    interviews,
    profile,
    events,
    list,
    privacy,
  );
  profileForm(profile, ctx, me);

  async function show() {
    clear(list);
    const toggle = h("input", { type: "checkbox", id: uid("inel"), checked: state.ineligible });
    toggle.addEventListener("change", () => { state.ineligible = toggle.checked; show(); });
    list.append(
      h("h2", { text: t("worker.recommended") }),
      h("div", { class: "inline" }, toggle, h("label", { for: toggle.id, text: t("worker.show_all") })),
    );
    const q = `limit=30&lang=${ctx.lang}&include_ineligible=${state.ineligible}`;
    const mark = ctx.mark();
    const recs = await busy(list, ctx, api(`/v1/workers/${id}/recommendations?${q}`));
    const ol = h("ol", { class: "results" });
    for (const m of recs.data) {
      ol.append(h("li", { class: `result ${m.eligible ? "" : "ineligible"}` },
        h("div", { class: "head" }, h("h3", { text: m.vacancy.title }), eligibleBadge(m)),
        vacancyFacts(m.vacancy),
        scoreBar(m.score),
        explanation(m.reasons, m.gaps, t("worker.still_needed")),
        components(m.components)));
    }
    list.append(recs.data.length ? ol : h("p", { text: t("empty.recommendations") }));
    ctx.sayUnlessNewer(t("n_results", { n: recs.data.length }), mark);
  }

  async function showInterviews() {
    const events = await api("/v1/events").catch(() => ({ data: [] }));
    interviews.append(h("h2", { text: t("worker.interviews") }));
    const accepted = new Set();
    const held = await api(`/v1/workers/${id}/export`).catch(() => ({ interviews: [] }));
    for (const i of held.interviews) if (i.accepted_at) accepted.add(i.id);
    let any = false;
    // Newest event first from the API; on the page the soonest day comes first.
    for (const event of [...events.data].reverse()) {
      const mine = await agenda(event.id).catch(() => ({ data: [] }));
      if (!mine.data.length) continue;
      if (!any) interviews.append(h("p", { class: "hint", text: t("interview.accept_hint") }));
      any = true;
      // My own clock, or the event's when my province is not recorded.
      const zone = (mine.data[0].interview.times.worker || mine.data[0].interview.times.event).zone;
      const block = h("div", { class: "day-event" },
        h("div", { class: "day-event-head" }, h("h3", { text: event.name }), calendarButton(ctx, event.id)));
      for (const [date, entries] of byDate(mine.data, zone)) {
        block.append(h("p", { class: "day-date", text: date }),
          h("ul", { class: "plain day-cards" }, entries.map((e) => interviewCard(e, mine.event))));
      }
      interviews.append(block);
    }
    if (!any) interviews.append(h("p", { text: t("empty.interviews") }));

    function interviewCard(entry, event) {
      const i = entry.interview;
      const who = employerName(entry.employer);
      const own = i.times.worker;
      const card = h("li", { class: `interview day-card status-${i.status}`, dataset: { interview: String(i.id) } },
        h("p", { class: "day-when" },
          h("strong", { class: "day-time", text: span(own || i.times.event) }),
          h("span", { class: "day-time other", text: span(i.times.employer) })),
        h("p", { class: "day-company", text: who }),
        h("p", { class: "day-vacancy" }, h("span", { text: entry.vacancy.title }),
          h("span", { class: "hint day-field", text: fieldAndCategory(entry.vacancy) })),
        h("p", {}, place(i, event)),
        languageLine(i),
        h("p", {}, h("span", { class: `badge status-${i.status}`, text: t(`status.${i.status}`) })));
      if (i.status === "scheduled") card.append(acceptance(i, who, accepted.has(i.id)));
      return card;
    }
  }

  function acceptance(r, who, isAccepted) {
    const box = h("span", { class: "acceptance" });
    const label = h("span", { class: `badge ${isAccepted ? "ok" : ""}`,
      text: isAccepted ? t("interview.accepted") : t("interview.not_accepted") });
    const set = async (accept) => {
      ctx.fail(null);
      try {
        const done = await api(`/v1/workers/${id}/interviews/${r.id}/acceptance`,
          { method: accept ? "PUT" : "DELETE" });
        label.className = `badge ${done.accepted ? "ok" : ""}`;
        label.textContent = done.accepted ? t("interview.accepted") : t("interview.not_accepted");
        ctx.say(done.accepted ? t("interview.accepted_done", { who }) : t("interview.declined_done", { who }));
      } catch (err) {
        ctx.fail(err);
      }
    };
    box.append(label,
      h("button", { type: "button", text: t("interview.accept"), "aria-label": `${t("interview.accept")}: ${who}`,
        on: { click: () => set(true) } }),
      h("button", { type: "button", text: t("interview.decline"), "aria-label": `${t("interview.decline")}: ${who}`,
        on: { click: () => set(false) } }));
    return box;
  }

  // The interviews first: on a phone they are what a worker opens the page for.
  const interviewsShown = showInterviews().catch(ctx.fail);
  try {
    await show();
  } catch (err) {
    ctx.fail(err);
  }
  eventsSection(events, ctx, id).catch(ctx.fail);
  await interviewsShown;
  consentList(consents, ctx, id).catch(ctx.fail);
}

// -- my profile: only what a worker states itself ------------------------------------------

// The label of each stated field, for the API's per-field 422 messages.
const LABELS = {
  summary: "worker.summary",
  contact: "worker.contact",
  preferred_fields: "worker.fields",
  preferred_prefectures: "worker.prefectures",
  available_from: "worker.available_from",
  discoverable: "worker.discoverable",
};

/** The stated fields of `w` as the form holds them, so a save sends only what changed. */
function stated(w) {
  return {
    summary: w.summary || "",
    email: (w.contact && w.contact.email) || "",
    phone: (w.contact && w.contact.phone) || "",
    preferred_fields: [...(w.preferred_fields || [])].sort(),
    preferred_prefectures: (w.preferred_prefectures || []).join(", "),
    available_from: w.available_from || "",
    discoverable: Boolean(w.discoverable),
  };
}

function profileForm(box, ctx, worker) {
  let saved = stated(worker);
  const summary = h("textarea", { id: uid("summary"), rows: "4", maxlength: "4000", text: saved.summary });
  const email = h("input", { id: uid("email"), type: "email", inputmode: "email", autocomplete: "email",
    maxlength: "254", value: saved.email });
  const phone = h("input", { id: uid("phone"), type: "tel", inputmode: "tel", autocomplete: "tel",
    maxlength: "40", value: saved.phone });
  const prefectures = h("input", { id: uid("pref"), type: "text", maxlength: "1000",
    value: saved.preferred_prefectures });
  const available = dateInput(saved.available_from, { id: uid("avail") });
  const discoverable = h("input", { type: "checkbox", id: uid("disc"), checked: saved.discoverable });
  const fieldBoxes = FIELDS.map((code) => {
    const box = h("input", { type: "checkbox", id: uid("f"), value: code,
      checked: saved.preferred_fields.includes(code) });
    return h("div", { class: "inline" }, box, h("label", { for: box.id, text: fieldLabel(code) }));
  });
  const errors = h("ul", { class: "field-errors", "aria-live": "polite" });
  const form = h("form", { class: "stack", novalidate: true },
    field(t("worker.summary"), summary, t("worker.summary_hint")),
    h("div", { class: "filters" }, field(t("worker.phone"), phone), field(t("worker.email"), email)),
    h("fieldset", { class: "choices" }, h("legend", { text: t("worker.fields") }), fieldBoxes),
    field(t("worker.prefectures"), prefectures),
    field(t("worker.available_from"), available, dateHint()),
    h("div", { class: "inline" }, discoverable, h("label", { for: discoverable.id, text: t("worker.discoverable") })),
    errors,
    h("button", { type: "submit", class: "primary wide", text: t("worker.save") }));
  box.append(h("h2", { text: t("worker.profile") }), h("p", { class: "hint", text: t("worker.profile_hint") }), form);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    ctx.fail(null);
    clear(errors);
    const availableFrom = dateValue(available);
    if (availableFrom === null) {
      available.focus();
      return;
    }
    const now = {
      summary: summary.value.trim(),
      email: email.value.trim(),
      phone: phone.value.trim(),
      preferred_fields: fieldBoxes.map((d) => d.querySelector("input")).filter((b) => b.checked).map((b) => b.value).sort(),
      preferred_prefectures: prefectures.value,
      available_from: availableFrom,
      discoverable: discoverable.checked,
    };
    const patch = {};
    if (now.summary !== saved.summary) patch.summary = now.summary || null;
    if (now.email !== saved.email || now.phone !== saved.phone) {
      patch.contact = now.email || now.phone ? { email: now.email || null, phone: now.phone || null } : null;
    }
    if (now.preferred_fields.join() !== saved.preferred_fields.join()) patch.preferred_fields = now.preferred_fields;
    const prefs = now.preferred_prefectures.split(/[,、，]/).map((p) => p.trim()).filter(Boolean);
    if (prefs.join(", ") !== saved.preferred_prefectures) patch.preferred_prefectures = prefs;
    if (now.available_from !== saved.available_from) patch.available_from = now.available_from || null;
    if (now.discoverable !== saved.discoverable) patch.discoverable = now.discoverable;
    if (!Object.keys(patch).length) {
      ctx.say(t("worker.nothing_changed"));
      return;
    }
    try {
      const updated = await api(`/v1/workers/${worker.id}`, { method: "PATCH", body: patch });
      saved = stated(updated);
      prefectures.value = saved.preferred_prefectures;
      ctx.say(t("worker.saved"));
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && Array.isArray(err.problem.errors)) {
        for (const e of err.problem.errors) {
          const name = LABELS[e.field.split(".")[0]];
          errors.append(h("li", { text: `${name ? t(name) : e.field}: ${e.message}` }));
        }
      }
      ctx.fail(err);
    }
  });
}

// -- events: register for an open one, rank its companies ------------------------------------

function isOpen(event) {
  return event.ends_on >= new Date().toISOString().slice(0, 10);
}

async function eventsSection(box, ctx, workerId) {
  clear(box);
  box.append(h("h2", { text: t("worker.events") }), h("p", { class: "hint", text: t("worker.events_hint") }));
  const all = await api("/v1/events");
  const open = all.data.filter(isOpen);
  if (!open.length) {
    box.append(h("p", { text: t("empty.open_events") }));
    return;
  }
  const items = h("ul", { class: "results" });
  box.append(items);
  for (const event of open) {
    const item = h("li", { class: "result event", dataset: { event: String(event.id) } });
    items.append(item);
    await eventItem(item, ctx, event, workerId);
  }
}

async function eventItem(item, ctx, event, workerId) {
  clear(item);
  const regs = await api(`/v1/events/${event.id}/workers`);
  const mine = regs.data.find((r) => r.worker_id === workerId && r.status === "registered");
  const where = event.online ? t("worker.online") : event.venue || "";
  item.append(
    h("div", { class: "head" }, h("h3", { text: event.name }),
      mine ? h("span", { class: "badge ok", text: t("worker.registered") }) : null),
    h("p", { class: "facts", text: [dateRange(event), where].filter(Boolean).join(" · ") }));
  if (!mine) {
    item.append(h("button", { type: "button", class: "primary wide", text: t("worker.register"),
      "aria-label": `${t("worker.register")}: ${event.name}`,
      on: { click: async () => {
        ctx.fail(null);
        try {
          await api(`/v1/events/${event.id}/workers`, { method: "PUT", body: {} });
          ctx.say(t("worker.registered_done", { event: event.name }));
          await eventItem(item, ctx, event, workerId);
        } catch (err) {
          ctx.fail(err);
        }
      } } }));
    return;
  }
  const employers = (await api(`/v1/events/${event.id}/employers`)).data;
  if (!employers.length) {
    item.append(h("p", { text: t("worker.no_employers") }));
    return;
  }
  item.append(rankingEditor(ctx, event, workerId, employers, mine.ranking));
}

function dateRange(event) {
  const fmt = (d) => {
    try {
      return new Date(`${d}T00:00:00`).toLocaleDateString(document.documentElement.lang || undefined,
        { day: "numeric", month: "long", year: "numeric" });
    } catch {
      return d;
    }
  };
  return event.starts_on === event.ends_on ? fmt(event.starts_on) : `${fmt(event.starts_on)} – ${fmt(event.ends_on)}`;
}

/** The event's companies in the worker's order (ranked ones first, then the rest), moved with
 * buttons rather than dragging: dragging is unreliable on a phone and for a keyboard. */
function rankingEditor(ctx, event, workerId, employers, ranking) {
  const byId = new Map(employers.map((e) => [e.employer_id, e]));
  let order = [...ranking.filter((id) => byId.has(id)),
    ...employers.map((e) => e.employer_id).filter((id) => !ranking.includes(id))];
  const ol = h("ol", { class: "ranking" });
  const box = h("div", { class: "rank-box" }, h("h4", { text: t("worker.rank_title") }), ol);
  function draw(focusId, which) {
    clear(ol);
    order.forEach((id, i) => {
      const name = byId.get(id).employer_name || `#${id}`;
      const up = h("button", { type: "button", text: "↑", "aria-label": `${t("worker.move_up")}: ${name}`,
        disabled: i === 0, on: { click: () => move(i, -1) } });
      const down = h("button", { type: "button", text: "↓", "aria-label": `${t("worker.move_down")}: ${name}`,
        disabled: i === order.length - 1, on: { click: () => move(i, 1) } });
      ol.append(h("li", { dataset: { employer: String(id) } },
        h("span", { class: "rank-name", text: name }), h("span", { class: "rank-moves" }, up, down)));
      if (id === focusId) (which === "up" && i > 0 ? up : which === "down" && i < order.length - 1 ? down : up).focus();
    });
  }
  function move(i, step) {
    const j = i + step;
    [order[i], order[j]] = [order[j], order[i]];
    draw(order[j], step < 0 ? "up" : "down");
  }
  draw();
  box.append(h("button", { type: "button", class: "primary wide", text: t("worker.save_ranking"),
    on: { click: async () => {
      ctx.fail(null);
      try {
        const saved = await api(`/v1/events/${event.id}/workers/${workerId}/ranking`,
          { method: "PUT", body: { employer_ids: order } });
        order = [...saved.ranking, ...order.filter((id) => !saved.ranking.includes(id))];
        ctx.say(t("worker.ranking_saved"));
      } catch (err) {
        ctx.fail(err);
      }
    } } }));
  return box;
}
