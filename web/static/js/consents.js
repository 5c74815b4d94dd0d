// Consent and personal data (docs/privacy.md): a worker's consents with withdrawal, the
// download of everything held about it, and the agency's form for consent signed on paper.

import { api } from "./api.js";
import { clear, field, h } from "./dom.js";
import { t } from "./i18n.js";
import { uid } from "./ui.js";

export const PURPOSES = ["contact_sharing", "employer_ranking", "event_participation"];
const SCOPES = {
  contact_sharing: ["employer", "event", "all_employers"],
  employer_ranking: ["all_employers"],
  event_participation: ["event"],
};

const employerNames = new Map();

async function employerName(id) {
  if (!employerNames.has(id)) {
    employerNames.set(id, await api(`/v1/employers/${id}`).then((e) => e.name, () => null));
  }
  return employerNames.get(id);
}

function scopeText(c, names) {
  if (c.scope === "employer") {
    const name = names.get(c.employer_id);
    return name ? `${name} (#${c.employer_id})` : t("consent.scope.employer_n", { id: c.employer_id });
  }
  if (c.scope === "event") return t("consent.scope.event_n", { id: c.event_id });
  return t("consent.scope.all_employers");
}

function day(iso) {
  return iso ? iso.slice(0, 10) : "";
}

/** A worker's consents, newest first; each one in force has a Withdraw button. */
export async function consentList(box, ctx, workerId) {
  clear(box);
  const listed = await api(`/v1/workers/${workerId}/consents`);
  if (!listed.data.length) {
    box.append(h("p", { text: t("consent.none") }));
    return;
  }
  const names = new Map();
  for (const c of listed.data) {
    if (c.scope === "employer" && !names.has(c.employer_id)) names.set(c.employer_id, await employerName(c.employer_id));
  }
  const ul = h("ul", { class: "consents" });
  for (const c of listed.data) {
    const state = c.in_force
      ? h("span", { class: "badge ok", text: t("consent.in_force") })
      : h("span", { class: "badge no", text: t("consent.withdrawn_on", { d: day(c.withdrawn_at) }) });
    const given = c.given_by === "worker"
      ? t("consent.given_by_worker", { d: day(c.given_at) })
      : t("consent.given_by_agency", { d: day(c.given_at), ref: c.form_reference || "" });
    const item = h("li", { class: "consent", dataset: { consent: String(c.id) } },
      h("div", { class: "head" }, h("h3", { text: t(`consent.purpose.${c.purpose}`) }), state),
      h("p", { class: "facts", text: `${scopeText(c, names)} · ${given}` }),
      c.in_force ? h("p", { class: "hint", text: t(`consent.explain.${c.purpose}`) }) : null);
    if (c.in_force) {
      item.append(h("button", {
        type: "button",
        text: t("consent.withdraw"),
        "aria-label": `${t("consent.withdraw")}: ${t(`consent.purpose.${c.purpose}`)} (${scopeText(c, names)})`,
        on: {
          click: async () => {
            ctx.fail(null);
            try {
              await api(`/v1/workers/${workerId}/consents/${c.id}/withdraw`, { method: "POST" });
              ctx.say(t("consent.withdrawn"));
              await consentList(box, ctx, workerId);
            } catch (err) {
              ctx.fail(err);
            }
          },
        },
      }));
    }
    ul.append(item);
  }
  box.append(ul);
}

/** A button that downloads the export of the worker as a JSON file. */
export function downloadButton(ctx, workerId) {
  return h("button", {
    type: "button",
    class: "primary",
    text: t("privacy.download"),
    on: {
      click: async () => {
        ctx.fail(null);
        try {
          const data = await api(`/v1/workers/${workerId}/export`);
          const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
          const link = h("a", { href: URL.createObjectURL(blob), download: `my-data-${workerId}.json` });
          document.body.append(link);
          link.click();
          link.remove();
          setTimeout(() => URL.revokeObjectURL(link.href), 1000);
          ctx.say(t("privacy.downloaded"));
        } catch (err) {
          ctx.fail(err);
        }
      },
    },
  });
}

/** The agency's form: consent the worker signed on paper, with the form's reference. */
export function paperConsentSection(ctx) {
  const worker = h("input", { id: uid("cw"), type: "number", min: "1", required: true, inputmode: "numeric" });
  const purpose = h("select", { id: uid("cp") },
    PURPOSES.map((p) => h("option", { value: p, text: t(`consent.purpose.${p}`) })));
  const scope = h("select", { id: uid("cs") });
  const target = h("input", { id: uid("ct"), type: "number", min: "1", inputmode: "numeric" });
  const targetField = field(t("consent.target_employer"), target);
  const reference = h("input", { id: uid("cr"), type: "text", required: true, maxlength: "200" });
  const list = h("div", { class: "consent-list", "aria-live": "polite" });

  function syncScope() {
    const chosen = scope.value;
    clear(scope);
    for (const s of SCOPES[purpose.value]) {
      scope.append(h("option", { value: s, text: t(`consent.scope.${s}`), selected: s === chosen }));
    }
    syncTarget();
  }
  function syncTarget() {
    const needs = scope.value !== "all_employers";
    targetField.hidden = !needs;
    target.required = needs;
    targetField.querySelector("label").textContent = t(
      scope.value === "event" ? "consent.target_event" : "consent.target_employer");
  }
  purpose.addEventListener("change", syncScope);
  scope.addEventListener("change", syncTarget);
  syncScope();

  const form = h("form", { class: "paper-consent" },
    h("div", { class: "filters" },
      field(t("consent.worker_id"), worker),
      field(t("consent.purpose"), purpose),
      field(t("consent.scope"), scope),
      targetField),
    field(t("consent.form_reference"), reference, t("consent.form_reference_hint")),
    h("button", { type: "submit", class: "primary", text: t("consent.record") }));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    ctx.fail(null);
    const body = { purpose: purpose.value, scope: scope.value, form_reference: reference.value.trim() };
    if (scope.value === "employer") body.employer_id = Number(target.value);
    if (scope.value === "event") body.event_id = Number(target.value);
    try {
      await api(`/v1/workers/${Number(worker.value)}/consents`, { method: "POST", body });
      ctx.say(t("consent.recorded"));
      await consentList(list, ctx, Number(worker.value));
    } catch (err) {
      ctx.fail(err);
    }
  });
  const show = h("button", {
    type: "button",
    text: t("consent.show"),
    on: { click: () => worker.value && consentList(list, ctx, Number(worker.value)).catch(ctx.fail) },
  });
  return h("section", { class: "card", id: "paper-consent" },
    h("h2", { text: t("consent.paper_title") }),
    h("p", { class: "hint", text: t("consent.paper_intro") }),
    form,
    h("div", { class: "inline" }, show),
    list);
}
