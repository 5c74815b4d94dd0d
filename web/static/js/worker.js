// Worker: my recommended vacancies with what I still lack, and my interviews at events.

import { api } from "./api.js";
import { clear, h } from "./dom.js";
import { t } from "./i18n.js";
import { busy, components, eligibleBadge, explanation, scoreBar, uid, vacancyFacts, when } from "./ui.js";

const state = { ineligible: true };

export async function render(root, ctx) {
  const id = ctx.me.subject_id;
  const me = await api(`/v1/workers/${id}`);
  const list = h("section", { class: "card", "aria-live": "polite" });
  const interviews = h("section", { class: "card" });
  root.append(
    h("section", { class: "card intro" },
      h("h2", { text: t("worker.hello", { name: me.full_name || me.display_name || "" }) }),
      h("p", { class: "hint", text: t("worker.intro") })),
    list,
    interviews,
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
    interviews.append(h("h2", { text: t("worker.interviews") }));
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
        items.push(h("li", {
          text: `${when(r.start, event.timezone)} · ${who} · ${t("col.booth")} ${r.booth} · ${t(`status.${r.status}`)}`,
        }));
      }
      interviews.append(h("h3", { text: event.name }), h("ul", { class: "plain" }, items));
    }
    if (!any) interviews.append(h("p", { text: t("empty.interviews") }));
  }

  try {
    await show();
  } catch (err) {
    ctx.fail(err);
  }
  showInterviews().catch(ctx.fail);
}
