// Pieces shared by the role views: score bars, explanations, worker and vacancy headers.

import { h } from "./dom.js";
import { t, fieldLabel, getLang } from "./i18n.js";
import { categoriesOf, categoryLabel } from "./vocabulary.js";

// --- numbers, dates and eligibility marks (issue 19) ---
/** A number in the page's language (Indonesian writes 0,85 and 1.200.000). */
export function num(value, digits) {
  const options = digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits };
  return new Intl.NumberFormat(getLang(), options).format(value);
}

/** An ISO date (YYYY-MM-DD) in the page's language; the text itself if it is not one. */
export function day(iso) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso || "")) return iso || "";
  return new Intl.DateTimeFormat(getLang(), { dateStyle: "medium", timeZone: "UTC" })
    .format(new Date(`${iso}T00:00:00Z`));
}
// --- end of numbers, dates and eligibility marks ---

/** A score from 0 to 1 as a bar with its number; exposed to assistive tech as a meter.
 *  ``ineligible``: a candidate who misses a requirement gets a grey, hatched bar whatever
 *  the score, so a high score never reads as "good to go". */
export function scoreBar(score, label, ineligible = false) {
  const pct = Math.max(0, Math.min(100, Math.round(score * 100)));
  const tone = ineligible ? "ineligible" : pct >= 70 ? "high" : pct >= 40 ? "mid" : "low";
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
    h("span", { class: "num", text: num(score, 2) }),
  );
}

/** The eligibility badge. Pass the match itself (or a boolean, as before): a match with no
 *  requirement checks (free-text search, no vacancy) says so instead of "meets all". */
export function eligibleBadge(matchOrEligible) {
  const match = typeof matchOrEligible === "object" && matchOrEligible !== null ? matchOrEligible : null;
  const eligible = match ? match.eligible : Boolean(matchOrEligible);
  if (match && Array.isArray(match.checks) && match.checks.length === 0 && eligible) {
    return h("span", { class: "badge", text: t("no_requirements") });
  }
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
        h("span", { class: "num", text: num(value, 2) }),
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
  else if (worker.birth_date) facts.push(day(worker.birth_date));
  if (worker.province) facts.push(worker.province);
  const jp = (worker.japanese || []).filter((j) => /^(N[1-5]|A2)$/.test(j.level));
  if (jp.length) facts.push(jp.map((j) => `${j.test} ${j.level}`).join(", "));
  const fields = worker.preferred_fields || [];
  if (fields.length) facts.push(fields.map(fieldLabel).join(", "));
  return h("p", { class: "facts", text: facts.join(" · ") });
}

export function vacancyFacts(vacancy) {
  // The job category decides eligibility; it is shown where the field has several.
  const several = vacancy.category && categoriesOf(vacancy.ssw_field).length > 1;
  const field = fieldLabel(vacancy.ssw_field);
  const facts = [several ? `${field} / ${categoryLabel(vacancy.category)}` : field];
  if (vacancy.prefecture) facts.push(vacancy.prefecture);
  if (vacancy.salary_monthly_jpy) {
    facts.push(t("salary_n", { n: num(vacancy.salary_monthly_jpy) }));
  }
  if (vacancy.starts_on) facts.push(t("starts_on", { d: day(vacancy.starts_on) }));
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
    return new Date(iso).toLocaleTimeString(getLang(), {
      hour: "2-digit",
      minute: "2-digit",
      timeZone: timezone || undefined,
    });
  } catch {
    return iso;
  }
}
