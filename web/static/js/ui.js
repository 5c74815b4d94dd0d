// Pieces shared by the role views: score bars, explanations, worker and vacancy headers.

import { h } from "./dom.js";
import { t, fieldLabel, getLang } from "./i18n.js";
import { categoriesOf, categoryLabel, prefectureLabel } from "./vocabulary.js";

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

// --- date input (issue 19) ---
// Chromium ignores `lang` on <input type=date>: a Japanese or Indonesian page showed
// mm/dd/yyyy. This is a text input in the page's own numeric order (Intl: dd/mm/yyyy in
// Indonesian, yyyy/mm/dd in Japanese), read back as ISO; ISO itself (2027-04-01) is accepted
// in every language so that a pasted or typed standard date never fails.
import { addTexts as addDateTexts } from "./i18n.js";

addDateTexts({
  "dateinput.letters": ["DD MM YYYY", "DD MM YYYY", "HH BB TTTT"],
  "dateinput.hint": ["Format {pattern}, e.g. {example}", "形式 {pattern}(例: {example})", "Format {pattern}, mis. {example}"],
  "dateinput.invalid": [
    "This is not a date: write it as {pattern}, e.g. {example}.",
    "日付として読めません。{pattern} の形式で入力してください(例: {example})。",
    "Ini bukan tanggal yang valid: tulis sebagai {pattern}, mis. {example}.",
  ],
});

const DATE_PARTS = ["day", "month", "year"];
const DATE_EXAMPLE = "1998-03-14";

/** The order of day, month and year and their separator in `lang`, as Intl writes dates. */
function dateOrder(lang) {
  const parts = new Intl.DateTimeFormat(lang, { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "UTC" })
    .formatToParts(new Date(Date.UTC(2001, 10, 22)));
  const order = parts.filter((p) => DATE_PARTS.includes(p.type)).map((p) => p.type);
  const literal = parts.find((p) => p.type === "literal");
  return { order: order.length === 3 ? order : ["year", "month", "day"], sep: literal ? literal.value : "/" };
}

/** The pattern the page's language writes a date in ("HH/BB/TTTT" in Indonesian). */
export function datePattern(lang = getLang()) {
  const { order, sep } = dateOrder(lang);
  const [d, m, y] = t("dateinput.letters").split(" ");
  const letters = { day: d, month: m, year: y };
  return order.map((part) => letters[part]).join(sep);
}

/** An ISO date written the way the page's language writes it numerically (14/03/1998). */
export function formatDateInput(iso, lang = getLang()) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso || "")) return iso || "";
  return new Intl.DateTimeFormat(lang, { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "UTC" })
    .format(new Date(`${iso}T00:00:00Z`));
}

/** What a person typed, as an ISO date: "" when empty, null when it is not a real date.
 *  Year first (ISO, 1998/03/14, 1998年3月14日) is read as year-month-day in any language;
 *  otherwise the page's order decides whether 03/04/1998 is the 3rd of April or March 4th. */
export function parseDateInput(text, lang = getLang()) {
  const s = (text || "").trim();
  if (!s) return "";
  let year;
  let month;
  let dayOfMonth;
  const yearFirst = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  const yearLast = /^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$/.exec(s);
  if (yearFirst) {
    [year, month, dayOfMonth] = yearFirst.slice(1).map(Number);
  } else if (yearLast) {
    const { order } = dateOrder(lang);
    const dayFirst = order.indexOf("day") < order.indexOf("month");
    const [a, b] = yearLast.slice(1, 3).map(Number);
    [dayOfMonth, month] = dayFirst ? [a, b] : [b, a];
    year = Number(yearLast[3]);
  } else {
    return null;
  }
  const date = new Date(Date.UTC(year, month - 1, dayOfMonth));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== dayOfMonth) {
    return null;
  }
  return date.toISOString().slice(0, 10);
}

/** The hint to show under a date input: its pattern and an example. */
export function dateHint() {
  return t("dateinput.hint", { pattern: datePattern(), example: formatDateInput(DATE_EXAMPLE) });
}

/** A date entry in the page's language holding `iso`; read it with `dateValue`. A value that is
 *  not a date is marked invalid (aria-invalid, a message right after the input, and the
 *  constraint-validation message) as soon as the person leaves the field. */
export function dateInput(iso = "", attrs = {}) {
  const input = h("input", {
    type: "text",
    inputmode: "numeric",
    autocomplete: "off",
    maxlength: "12",
    placeholder: datePattern(),
    ...attrs,
    value: formatDateInput(iso || ""),
    dataset: { dateInput: "" },
  });
  input.addEventListener("change", () => dateValue(input));
  return input;
}

/** The ISO value of a `dateInput` ("" when empty), or null after marking it invalid. */
export function dateValue(input) {
  const iso = parseDateInput(input.value);
  const errorId = `${input.id || "date"}-error`;
  let message = input.parentElement ? input.parentElement.querySelector(`[id="${errorId}"]`) : null;
  if (iso === null) {
    const text = t("dateinput.invalid", { pattern: datePattern(), example: formatDateInput(DATE_EXAMPLE) });
    input.setCustomValidity(text);
    input.setAttribute("aria-invalid", "true");
    if (!message) {
      message = h("p", { class: "date-error", id: errorId });
      input.after(message);
    }
    message.textContent = text;
    const described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (!described.includes(errorId)) input.setAttribute("aria-describedby", [...described, errorId].join(" "));
    return null;
  }
  input.setCustomValidity("");
  input.removeAttribute("aria-invalid");
  if (message) message.remove();
  const described = (input.getAttribute("aria-describedby") || "").split(" ").filter((d) => d && d !== errorId);
  if (described.length) input.setAttribute("aria-describedby", described.join(" "));
  else input.removeAttribute("aria-describedby");
  if (iso) input.value = formatDateInput(iso); // 1/4/2027 becomes 01/04/2027
  return iso;
}
// --- end of date input ---

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
  if (vacancy.prefecture) facts.push(prefectureLabel(vacancy.prefecture));
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
