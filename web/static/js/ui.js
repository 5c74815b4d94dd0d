// Pieces shared by the role views: score bars, explanations, worker and vacancy headers.

import { h } from "./dom.js";
import { t, fieldLabel } from "./i18n.js";

/** A score from 0 to 1 as a bar with its number; exposed to assistive tech as a meter. */
export function scoreBar(score, label) {
  const pct = Math.max(0, Math.min(100, Math.round(score * 100)));
  const tone = pct >= 70 ? "high" : pct >= 40 ? "mid" : "low";
  return h(
    "div",
    { class: "score" },
    h(
      "div",
      {
        class: `bar ${tone}`,
        role: "meter",
        "aria-valuemin": "0",
        "aria-valuemax": "100",
        "aria-valuenow": String(pct),
        "aria-label": label || t("score"),
      },
      h("div", { class: "fill", style: { width: `${pct}%` } }),
    ),
    h("span", { class: "num", text: score.toFixed(2) }),
  );
}

export function eligibleBadge(eligible) {
  return h("span", {
    class: `badge ${eligible ? "ok" : "no"}`,
    text: eligible ? t("eligible") : t("not_eligible"),
  });
}

/** Score components, each with its own thin bar, folded away by default. */
export function components(values) {
  const list = h("dl", { class: "components" });
  for (const [name, value] of Object.entries(values || {})) {
    list.append(
      h("dt", { text: t(`component.${name}`) }),
      h(
        "dd",
        {},
        h("span", { class: "mini" }, h("span", { style: { width: `${Math.round(value * 100)}%` } })),
        h("span", { class: "num", text: value.toFixed(2) }),
      ),
    );
  }
  return h("details", { class: "why" }, h("summary", { text: t("components") }), list);
}

/** Reasons (what matches) and gaps (what is still missing), in the API's language. */
export function explanation(reasons, gaps, gapsTitle) {
  const box = h("div", { class: "explain" });
  if (reasons && reasons.length) {
    box.append(
      h("h5", { text: t("reasons") }),
      h("ul", { class: "reasons" }, reasons.map((r) => h("li", { text: r }))),
    );
  }
  if (gaps && gaps.length) {
    box.append(
      h("h5", { text: gapsTitle || t("gaps") }),
      h("ul", { class: "gaps" }, gaps.map((g) => h("li", { text: g }))),
    );
  }
  return box;
}

export function workerName(worker) {
  if (!worker) return "";
  return worker.full_name || worker.display_name || `#${worker.id}`;
}

/** A worker's headline: name, age or birth date, province, Japanese, fields. */
export function workerFacts(worker) {
  const facts = [];
  if (worker.age !== undefined && worker.age !== null) facts.push(t("age_n", { n: worker.age }));
  else if (worker.birth_date) facts.push(worker.birth_date);
  if (worker.province) facts.push(worker.province);
  const jp = (worker.japanese || []).filter((j) => /^(N[1-5]|A2)$/.test(j.level));
  if (jp.length) facts.push(jp.map((j) => `${j.test} ${j.level}`).join(", "));
  const fields = worker.preferred_fields || [];
  if (fields.length) facts.push(fields.map(fieldLabel).join(", "));
  return h("p", { class: "facts", text: facts.join(" · ") });
}

export function vacancyFacts(vacancy) {
  const facts = [fieldLabel(vacancy.ssw_field)];
  if (vacancy.prefecture) facts.push(vacancy.prefecture);
  if (vacancy.salary_monthly_jpy) {
    facts.push(t("salary_n", { n: vacancy.salary_monthly_jpy.toLocaleString() }));
  }
  if (vacancy.starts_on) facts.push(t("starts_on", { d: vacancy.starts_on }));
  return h("p", { class: "facts", text: facts.join(" · ") });
}

/** A busy marker for a region while it waits for the API. */
export async function busy(region, ctx, promise) {
  region.setAttribute("aria-busy", "true");
  ctx.say(t("loading"));
  try {
    return await promise;
  } finally {
    region.removeAttribute("aria-busy");
  }
}

let counter = 0;
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

export function when(iso, timezone) {
  try {
    return new Date(iso).toLocaleTimeString([], {
      hour: "2-digit",
      minute: "2-digit",
      timeZone: timezone || undefined,
    });
  } catch {
    return iso;
  }
}
