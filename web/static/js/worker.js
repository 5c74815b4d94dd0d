// Worker: my recommended vacancies with what I still lack, my interviews at events (accept or
// decline each: an accepted one lets the employer see my contact data), my consents (withdraw
// any) and the download of everything held about me.

import { api } from "./api.js";
import { consentList, downloadButton } from "./consents.js";
import { clear, h } from "./dom.js";
import { t } from "./i18n.js";
import { busy, components, eligibleBadge, explanation, scoreBar, uid, vacancyFacts, when } from "./ui.js";

const state = { ineligible: true };

export async function render(root, ctx) {
  const id = ctx.me.subject_id;
  const me = await api(`/v1/workers/${id}`);
  const list = h("section", { class: "card", "aria-live": "polite" });
  const interviews = h("section", { class: "card" });
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
    list,
    interviews,
    privacy,
  );

  async function show() {
    clear(list);
    const toggle = h("input", { type: "checkbox", id: uid("inel"), checked: state.ineligible });
    toggle.addEventListener("change", () => { state.ineligible = toggle.checked; show(); });
    list.append(
      h("h2", { text: t("worker.recommended") }),
      h("div", { class: "inline" }, toggle, h("label", { for: toggle.id, text: t("worker.show_all") })),
    );
    const q = `limit=30&lang=${ctx.lang}&include_ineligible=${state.ineligible}`;
    const recs = await busy(list, ctx, api(`/v1/workers/${id}/recommendations?${q}`));
    const ol = h("ol", { class: "results" });
    for (const m of recs.data) {
      ol.append(h("li", { class: `result ${m.eligible ? "" : "ineligible"}` },
        h("div", { class: "head" }, h("h3", { text: m.vacancy.title }), eligibleBadge(m.eligible)),
        vacancyFacts(m.vacancy),
        scoreBar(m.score),
        explanation(m.reasons, m.gaps, t("worker.still_needed")),
        components(m.components)));
    }
    list.append(recs.data.length ? ol : h("p", { text: t("empty.recommendations") }));
    ctx.say(t("n_results", { n: recs.data.length }));
  }

  async function showInterviews() {
    const events = await api("/v1/events").catch(() => ({ data: [] }));
    interviews.append(h("h2", { text: t("worker.interviews") }),
      h("p", { class: "hint", text: t("interview.accept_hint") }));
    const accepted = new Set();
    const held = await api(`/v1/workers/${id}/export`).catch(() => ({ interviews: [] }));
    for (const i of held.interviews) if (i.accepted_at) accepted.add(i.id);
    let any = false;
    const employers = new Map();
    const employerName = async (id) => {
      if (!employers.has(id)) {
        employers.set(id, await api(`/v1/employers/${id}`).then((e) => e.name, () => `#${id}`));
      }
      return employers.get(id);
    };
    for (const event of events.data) {
      const rows = await api(`/v1/events/${event.id}/timetable`).catch(() => ({ data: [] }));
      if (!rows.data.length) continue;
      any = true;
      const items = [];
      for (const r of [...rows.data].sort((a, b) => a.slot - b.slot)) {
        const who = await employerName(r.employer_id);
        const item = h("li", { class: "interview", dataset: { interview: String(r.id) } },
          h("span", { text: `${when(r.start, event.timezone)} · ${who} · ${t("col.booth")} ${r.booth} · ${t(`status.${r.status}`)}` }));
        if (r.status === "scheduled") item.append(acceptance(r, who, accepted.has(r.id)));
        items.push(item);
      }
      interviews.append(h("h3", { text: event.name }), h("ul", { class: "plain" }, items));
    }
    if (!any) interviews.append(h("p", { text: t("empty.interviews") }));
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

  try {
    await show();
  } catch (err) {
    ctx.fail(err);
  }
  showInterviews().catch(ctx.fail);
  consentList(consents, ctx, id).catch(ctx.fail);
}
