// Pieces the organiser console's forms share: labelled controls that can show the server's
// error beside them, wall-clock times in the event's time zone, and downloads that carry the
// tab's token (a plain link cannot send it).

import { ApiError, downloadFile } from "./api.js";
import { h } from "./dom.js";
import { addTexts, getLang, t } from "./i18n.js";
import { problemText } from "./problems.js";
import { uid } from "./ui.js";

addTexts({
});

/** A labelled control that names the API field it edits (`data-field`), with a place for the
 * error the server returns for that field. */
export function control(labelText, input, fieldName, hint) {
  if (!input.id) input.id = uid("f");
  const error = h("p", { class: "field-error", id: `${input.id}-err`, hidden: true });
  input.setAttribute("aria-describedby", error.id);
  const box = h("div", { class: "field", dataset: { field: fieldName } },
    h("label", { for: input.id, text: labelText }), input);
  if (hint !== undefined && hint !== null) box.append(h("p", { class: "hint", text: hint }));
  box.append(error);
  return box;
}

/** A block (a day, a list) that shows errors for a field and everything under it. */
export function errorSlot(fieldName) {
  return h("p", { class: "field-error", hidden: true, dataset: { errorFor: fieldName } });
}

export function clearErrors(scope) {
  for (const el of scope.querySelectorAll(".field-error")) {
    el.hidden = true;
    el.textContent = "";
  }
  for (const el of scope.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
}

function slotFor(scope, fieldName) {
  // The most specific place: `slot_plan.0.day_end` goes to that input, else to its day, else
  // to the whole plan.
  let best = null;
  let bestLen = -1;
  for (const el of scope.querySelectorAll("[data-field], [data-error-for]")) {
    const name = el.dataset.field ?? el.dataset.errorFor;
    if ((fieldName === name || fieldName.startsWith(`${name}.`)) && name.length > bestLen) {
      best = el;
      bestLen = name.length;
    }
  }
  if (!best) return null;
  return best.dataset.errorFor !== undefined ? best : best.querySelector(":scope > .field-error");
}

/** Put each error of a 4xx problem next to the field it names; what names no field here goes
 * to `summary` with the problem's text in the page's language. Returns whether any was placed. */
export function showErrors(scope, err, summary) {
  clearErrors(scope);
  const { message, detail } = problemText(err);
  const errors = (err instanceof ApiError && err.problem.errors) || [];
  let placed = false;
  const rest = [];
  for (const e of errors) {
    const slot = slotFor(scope, e.field || "");
    if (!slot) {
      rest.push(`${e.field}: ${e.message}`);
      continue;
    }
    slot.textContent = slot.textContent ? `${slot.textContent} / ${e.message}` : e.message;
    slot.hidden = false;
    const input = slot.parentElement && slot.parentElement.querySelector("input, select, textarea");
    if (input && slot.dataset.errorFor === undefined) input.setAttribute("aria-invalid", "true");
    placed = true;
  }
  if (summary) {
    summary.textContent = "";
    summary.append(h("span", { text: message }));
    const extra = rest.length ? rest.join("; ") : placed ? "" : detail;
    if (extra) summary.append(h("span", { class: "problem-detail", lang: "en", text: extra }));
    summary.hidden = false;
  }
  return placed;
}

// --- time in the event's zone ---
const pad = (n) => String(n).padStart(2, "0");

function zoneParts(ms, tz) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit",
  }).formatToParts(new Date(ms));
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

function offsetMinutes(ms, tz) {
  const v = zoneParts(ms, tz);
  const wall = Date.UTC(Number(v.year), Number(v.month) - 1, Number(v.day), Number(v.hour) % 24, Number(v.minute));
  return Math.round((wall - ms) / 60000);
}

/** "2026-12-05" + "09:00" in `tz` as an ISO time with that zone's offset ("...+07:00"). */
export function zonedIso(date, time, tz) {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  let off = offsetMinutes(guess, tz);
  off = offsetMinutes(guess - off * 60000, tz);
  const a = Math.abs(off);
  return `${date}T${pad(hh)}:${pad(mm)}:00${off >= 0 ? "+" : "-"}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** An instant as the date ("YYYY-MM-DD") and time ("HH:MM") on the clocks of `tz`. */
export function wallClock(iso, tz) {
  const v = zoneParts(new Date(iso).getTime(), tz);
  return { date: `${v.year}-${v.month}-${v.day}`, time: `${pad(Number(v.hour) % 24)}:${v.minute}` };
}

/** A day heading in the page's language ("12月5日(土)", "Sab, 5 Des"). */
export function dayLabel(iso, tz) {
  return new Intl.DateTimeFormat(getLang(), { weekday: "short", month: "short", day: "numeric", timeZone: tz })
    .format(new Date(iso));
}

/** 24-hour "HH:MM" in the page's language (Indonesian writes 09.00). */
export function clock(iso, tz) {
  return new Intl.DateTimeFormat(getLang(), { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: tz })
    .format(new Date(iso));
}

// --- slot grids ---
/** A table with a row per slot, grouped by day (a day row before each date), and a column per
 * place of each group: the interview grid (companies × booths) and the meeting grid (agencies ×
 * tables). `groups` are `{ name, places }`; `placeLabel(n)` heads place n of a group; `cellOf(slot,
 * group, n)` draws one cell. */
export function slotGrid({ event, groups, placeLabel, timeLabel, cellOf, className, caption }) {
  const tz = event.timezone;
  const columns = groups.reduce((n, g) => n + g.places, 0);
  const head1 = h("tr", {}, h("th", { scope: "col", rowspan: "2", text: timeLabel }),
    groups.map((g) => h("th", { scope: "colgroup", colspan: String(g.places), text: g.name })));
  const head2 = h("tr", {}, groups.flatMap((g) =>
    Array.from({ length: g.places }, (_, i) => h("th", { scope: "col", text: placeLabel(i + 1) }))));
  const body = h("tbody");
  let day = null;
  for (const slot of event.slots) {
    const date = wallClock(slot.start, tz).date;
    if (date !== day) {
      day = date;
      body.append(h("tr", { class: "day-row" }, h("th", { scope: "colgroup", colspan: String(columns + 1), text: dayLabel(slot.start, tz) })));
    }
    const tr = h("tr", {}, h("th", { scope: "row", class: "time", text: `${clock(slot.start, tz)}–${clock(slot.end, tz)}` }));
    for (const g of groups) {
      for (let n = 1; n <= g.places; n += 1) tr.append(cellOf(slot, g, n));
    }
    body.append(tr);
  }
  return h("table", { class: className }, h("caption", { class: "sr-only", text: caption }), h("thead", {}, head1, head2), body);
}

// --- downloads ---
/** Fetch a file with the tab's token and hand it to the browser as a download. */
export function download(path) {
  return downloadFile(path);
}
