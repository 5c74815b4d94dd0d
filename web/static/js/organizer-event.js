// The event editor of the organiser console: name, venue or online, time zone, and one day
// plan per day (start, end, slot length, gap, breaks) with a preview of the slots the server
// will store (POST /v1/events/slot-preview runs the same slot generation as saving).

import { api } from "./api.js";
import { clear, h } from "./dom.js";
import { addTexts, t } from "./i18n.js";
import { clearErrors, clock, control, dayLabel, errorSlot, showErrors, wallClock, zonedIso } from "./organizer-forms.js";
import { num, uid } from "./ui.js";

addTexts({
  "organizer-event.bad_date": ["Write the date as YYYY-MM-DD.", "日付は YYYY-MM-DD の形で入力してください。", "Tulis tanggal sebagai YYYY-MM-DD."],
  "organizer-event.bad_time": ["Write the time as HH:MM (24-hour).", "時刻は HH:MM(24時間制)で入力してください。", "Tulis jam sebagai HH:MM (24 jam)."],
  "organizer-event.edit": ["Event settings", "イベントの設定", "Pengaturan acara"],
  "organizer-event.organizer_id": ["Organiser id (admins)", "主催者ID(管理者のみ)", "ID penyelenggara (admin)"],
  "organizer-event.create_title": ["Create an event", "イベントを作成", "Buat acara"],
  "organizer-event.name": ["Event name", "イベント名", "Nama acara"],
  "organizer-event.venue": ["Venue", "会場", "Tempat"],
  "organizer-event.online": ["Online event (no venue)", "オンライン開催(会場なし)", "Acara daring (tanpa tempat)"],
  "organizer-event.timezone": ["Time zone of the times below", "以下の時刻のタイムゾーン", "Zona waktu untuk jam di bawah"],
  "organizer-event.min_interviews": ["Minimum interviews per worker", "求職者1人あたりの最低面接数", "Minimal wawancara per pekerja"],
  "organizer-event.days": ["Days and their interview slots", "開催日と面接枠", "Hari dan slot wawancara"],
  "organizer-event.day_n": ["Day {n}", "{n}日目", "Hari ke-{n}"],
  "organizer-event.date": ["Date", "日付", "Tanggal"],
  "organizer-event.start": ["Start", "開始", "Mulai"],
  "organizer-event.end": ["End", "終了", "Selesai"],
  "organizer-event.slot_minutes": ["Slot length (min)", "1枠の長さ(分)", "Panjang slot (menit)"],
  "organizer-event.gap_minutes": ["Gap between slots (min)", "枠の間隔(分)", "Jeda antar slot (menit)"],
  "organizer-event.breaks": ["Breaks", "休憩", "Istirahat"],
  "organizer-event.break_start": ["Break from", "休憩開始", "Istirahat dari"],
  "organizer-event.break_end": ["until", "休憩終了", "sampai"],
  "organizer-event.add_break": ["Add a break", "休憩を追加", "Tambah istirahat"],
  "organizer-event.remove_break": ["Remove break", "休憩を削除", "Hapus istirahat"],
  "organizer-event.add_day": ["Add a day", "開催日を追加", "Tambah hari"],
  "organizer-event.remove_day": ["Remove this day", "この日を削除", "Hapus hari ini"],
  "organizer-event.preview": ["Preview slots", "面接枠をプレビュー", "Pratinjau slot"],
  "organizer-event.preview_title": ["{n} slots", "面接枠 {n} 件", "{n} slot"],
  "organizer-event.preview_day": ["{day}: {n} slots", "{day}: {n} 枠", "{day}: {n} slot"],
  "organizer-event.save": ["Save event", "イベントを保存", "Simpan acara"],
  "organizer-event.create": ["Create event", "イベントを作成", "Buat acara"],
  "organizer-event.cancel": ["Cancel", "キャンセル", "Batal"],
  "organizer-event.saved": ["Event saved: {name}.", "イベントを保存しました: {name}。", "Acara disimpan: {name}."],
  "organizer-event.slots_fixed": [
    "Interviews are planned, so the slots stay as they are; the name, venue and time zone can still change.",
    "面接が組まれているため面接枠は変更できません。名称・会場・タイムゾーンは変更できます。",
    "Wawancara sudah dijadwalkan, jadi slot tidak dapat diubah; nama, tempat, dan zona waktu masih bisa diubah.",
  ],
  "organizer-event.tz.Asia/Tokyo": ["Japan (JST, UTC+9)", "日本(JST, UTC+9)", "Jepang (JST, UTC+9)"],
  "organizer-event.tz.Asia/Jakarta": ["Western Indonesia (WIB, UTC+7)", "インドネシア西部(WIB, UTC+7)", "WIB (UTC+7)"],
  "organizer-event.tz.Asia/Makassar": ["Central Indonesia (WITA, UTC+8)", "インドネシア中部(WITA, UTC+8)", "WITA (UTC+8)"],
  "organizer-event.tz.Asia/Jayapura": ["Eastern Indonesia (WIT, UTC+9)", "インドネシア東部(WIT, UTC+9)", "WIT (UTC+9)"],
});

// Dates and times are typed as text: a native time input shows the browser's clock (12-hour
// AM/PM on many machines) whatever the page's language; here it is 24-hour everywhere, and a
// date reads as ISO with the day spelled out beside it in the page's language.
const INPUTS = {
  date: { type: "text", inputmode: "numeric", placeholder: "2026-12-10", maxlength: "10", pattern: "\\d{4}-\\d{2}-\\d{2}", class: "date" },
  time: { type: "text", inputmode: "numeric", placeholder: "09:00", maxlength: "5", pattern: "[0-2]\\d:[0-5]\\d", class: "time" },
  number: { type: "number" },
};
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

const ZONES = ["Asia/Tokyo", "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"];

/** A time zone by its name in the page's language (JST, WIB, ...), else its IANA name. */
export function zoneLabel(zone) {
  const key = `organizer-event.tz.${zone}`;
  return t(key) === key ? zone : t(key);
}

function addDays(date, n) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const minutes = (time) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The day plans that give these stored slots again (gaps longer than the usual gap are
 * breaks), so an existing event opens in the editor as it was planned. */
export function plansFromSlots(slots, tz) {
  const days = new Map();
  for (const s of slots) {
    const { date } = wallClock(s.start, tz);
    if (!days.has(date)) days.set(date, []);
    days.get(date).push(s);
  }
  return [...days.entries()].map(([date, list]) => {
    const gaps = list.slice(1).map((s, i) => (new Date(s.start) - new Date(list[i].end)) / 60000);
    const gap = gaps.length ? Math.max(0, Math.min(...gaps)) : 0;
    const breaks = [];
    list.slice(1).forEach((s, i) => {
      if (gaps[i] > gap) {
        const from = new Date(new Date(list[i].end).getTime() + gap * 60000).toISOString();
        breaks.push({ start: wallClock(from, tz).time, end: wallClock(s.start, tz).time });
      }
    });
    return {
      date,
      start: wallClock(list[0].start, tz).time,
      end: wallClock(list[list.length - 1].end, tz).time,
      slot: list[0].minutes,
      gap,
      breaks,
    };
  });
}

/** The editor for a new event (`event` null) or an existing one. `onSaved(event)` reloads. */
export function eventEditor(event, ctx, { onSaved, onCancel, hasInterviews }) {
  const creating = !event;
  const name = h("input", { type: "text", id: uid("ev-name"), value: event ? event.name : "", required: true, maxlength: "200" });
  const venue = h("input", { type: "text", id: uid("ev-venue"), value: (event && event.venue) || "" });
  const online = h("input", { type: "checkbox", id: uid("ev-online"), checked: Boolean(event && event.online) });
  const zone = h("select", { id: uid("ev-tz") });
  const current = event ? event.timezone : "Asia/Tokyo";
  for (const z of ZONES.includes(current) ? ZONES : [...ZONES, current]) {
    zone.append(h("option", { value: z, text: zoneLabel(z), selected: z === current }));
  }
  // An admin creates an event for an organiser, named by its id.
  const organizer = creating && ctx.me && ctx.me.role === "admin"
    ? h("input", { type: "number", id: uid("ev-org"), min: "1" }) : null;
  const minimum = h("input", { type: "number", id: uid("ev-min"), min: "0", max: "20",
    value: String(event ? event.min_interviews_per_worker : 0) });

  const today = new Date().toISOString().slice(0, 10);
  let plans = event && event.slots.length ? plansFromSlots(event.slots, event.timezone)
    : [{ date: today, start: "09:00", end: "12:00", slot: 20, gap: 10, breaks: [] }];
  let plansChanged = creating;
  const daysBox = h("div", { class: "days" });
  const preview = h("div", { class: "slot-preview", "aria-live": "polite" });
  const summary = h("p", { class: "form-problem", role: "alert", hidden: true });
  const form = h("form", { class: "event-editor", novalidate: true });

  // Each drawn input can write its value back into `plans`; done before every preview and
  // save, so a value typed just before the click counts whatever events the browser sent.
  let readers = [];
  const readInputs = () => readers.forEach((read) => read());

  function drawDays() {
    readers = [];
    clear(daysBox);
    plans.forEach((p, i) => {
      const base = `slot_plan.${i}`;
      const input = (type, key, extra = {}) => {
        const el = h("input", { ...INPUTS[type], id: uid(`d${i}-${key}`), value: String(p[key]), ...extra });
        const read = () => {
          const value = type === "number" ? Number(el.value) : el.value.trim();
          if (value !== p[key]) plansChanged = true;
          p[key] = value;
        };
        el.addEventListener("input", read);
        readers.push(read);
        return el;
      };
      const dateInput = () => {
        const el = input("date", "date");
        // The day spelled out in the page's language, as the organiser types the ISO date.
        el.addEventListener("input", () => {
          const hint = el.parentElement.querySelector(".hint");
          if (hint) hint.textContent = DATE_RE.test(el.value) ? dayLabel(`${el.value}T12:00:00Z`, "UTC") : "";
        });
        return el;
      };
      const breaks = h("div", { class: "breaks" });
      p.breaks.forEach((b, j) => {
        const bStart = h("input", { ...INPUTS.time, id: uid("bs"), value: b.start });
        const bEnd = h("input", { ...INPUTS.time, id: uid("be"), value: b.end });
        const read = () => {
          if (b.start !== bStart.value.trim() || b.end !== bEnd.value.trim()) plansChanged = true;
          b.start = bStart.value.trim();
          b.end = bEnd.value.trim();
        };
        bStart.addEventListener("input", read);
        bEnd.addEventListener("input", read);
        readers.push(read);
        breaks.append(h("div", { class: "break-row" },
          control(t("organizer-event.break_start"), bStart, `${base}.breaks.${j}.start`),
          control(t("organizer-event.break_end"), bEnd, `${base}.breaks.${j}.end`),
          h("button", { type: "button", class: "link", text: t("organizer-event.remove_break"),
            on: { click: () => { readInputs(); p.breaks.splice(j, 1); plansChanged = true; drawDays(); } } })));
      });
      const remove = plans.length > 1 ? h("button", { type: "button", class: "link", text: t("organizer-event.remove_day"),
        on: { click: () => { readInputs(); plans.splice(i, 1); plansChanged = true; drawDays(); } } }) : null;
      daysBox.append(h("fieldset", { class: "day-plan", dataset: { field: base } },
        h("legend", { text: t("organizer-event.day_n", { n: i + 1 }) }),
        h("div", { class: "day-grid" },
          control(t("organizer-event.date"), dateInput(p, i), `${base}.date`, DATE_RE.test(p.date) ? dayLabel(`${p.date}T12:00:00Z`, "UTC") : ""),
          control(t("organizer-event.start"), input("time", "start"), `${base}.day_start`),
          control(t("organizer-event.end"), input("time", "end"), `${base}.day_end`),
          control(t("organizer-event.slot_minutes"), input("number", "slot", { min: "5", max: "480" }), `${base}.slot_minutes`),
          control(t("organizer-event.gap_minutes"), input("number", "gap", { min: "0", max: "120" }), `${base}.gap_minutes`)),
        h("div", { class: "breaks-box" }, h("span", { class: "label", text: t("organizer-event.breaks") }), breaks,
          h("button", { type: "button", text: t("organizer-event.add_break"),
            on: { click: () => { readInputs(); p.breaks.push({ start: "12:00", end: "13:00" }); plansChanged = true; drawDays(); } } })),
        remove, errorSlot(base)));
    });
  }

  /** Dates and times typed in the wrong shape are marked here, before anything is sent. */
  function formatsOk() {
    readInputs();
    clearErrors(form);
    let ok = true;
    const mark = (name, key) => {
      const slot = form.querySelector(`[data-field="${name}"] > .field-error`);
      if (slot) {
        slot.textContent = t(key);
        slot.hidden = false;
        slot.parentElement.querySelector("input").setAttribute("aria-invalid", "true");
      }
      ok = false;
    };
    plans.forEach((p, i) => {
      if (!DATE_RE.test(p.date) || Number.isNaN(Date.parse(`${p.date}T00:00:00Z`))) mark(`slot_plan.${i}.date`, "organizer-event.bad_date");
      if (!TIME_RE.test(p.start)) mark(`slot_plan.${i}.day_start`, "organizer-event.bad_time");
      if (!TIME_RE.test(p.end)) mark(`slot_plan.${i}.day_end`, "organizer-event.bad_time");
      p.breaks.forEach((b, j) => {
        if (!TIME_RE.test(b.start)) mark(`slot_plan.${i}.breaks.${j}.start`, "organizer-event.bad_time");
        if (!TIME_RE.test(b.end)) mark(`slot_plan.${i}.breaks.${j}.end`, "organizer-event.bad_time");
      });
    });
    return ok;
  }

  function slotPlan() {
    const tz = zone.value;
    return plans.map((p) => ({
      day_start: zonedIso(p.date, p.start, tz),
      day_end: zonedIso(p.date, p.end, tz),
      slot_minutes: Number(p.slot),
      gap_minutes: Number(p.gap),
      breaks: p.breaks.map((b) => ({ start: zonedIso(p.date, b.start, tz), end: zonedIso(p.date, b.end, tz) })),
    }));
  }

  function showPreview(slots) {
    clear(preview);
    const tz = zone.value;
    const byDay = new Map();
    for (const s of slots) {
      const key = wallClock(s.start, tz).date;
      if (!byDay.has(key)) byDay.set(key, []);
      byDay.get(key).push(s);
    }
    preview.append(h("h4", { text: t("organizer-event.preview_title", { n: num(slots.length) }) }));
    for (const list of byDay.values()) {
      preview.append(h("div", { class: "preview-day" },
        h("strong", { text: t("organizer-event.preview_day", { day: dayLabel(list[0].start, tz), n: num(list.length) }) }),
        h("ul", { class: "slot-chips" }, list.map((s) => h("li", { text: `${clock(s.start, tz)}–${clock(s.end, tz)}` })))));
    }
  }

  const previewBtn = h("button", { type: "button", text: t("organizer-event.preview") });
  previewBtn.addEventListener("click", async () => {
    summary.hidden = true;
    if (!formatsOk()) return;
    try {
      const got = await api("/v1/events/slot-preview", { method: "POST", body: { slot_plan: slotPlan() } });
      showPreview(got.data);
      ctx.say(t("organizer-event.preview_title", { n: num(got.count) }));
    } catch (err) {
      clear(preview);
      showErrors(form, err, summary);
    }
  });

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    summary.hidden = true;
    readInputs();
    if ((creating || plansChanged) && !formatsOk()) return;
    const dates = plans.map((p) => p.date).sort();
    const body = {
      name: name.value.trim(),
      venue: venue.value.trim() || null,
      online: online.checked,
      timezone: zone.value,
      min_interviews_per_worker: Number(minimum.value || 0),
    };
    if (organizer && organizer.value) body.organizer_id = Number(organizer.value);
    if (creating || plansChanged) {
      body.slot_plan = slotPlan();
      body.starts_on = dates[0];
      body.ends_on = dates[dates.length - 1];
    }
    try {
      const saved = creating
        ? await api("/v1/events", { method: "POST", body })
        : await api(`/v1/events/${event.id}`, { method: "PATCH", body });
      ctx.say(t("organizer-event.saved", { name: saved.name }));
      await onSaved(saved);
    } catch (err) {
      showErrors(form, err, summary);
    }
  });

  drawDays();
  const buttons = h("div", { class: "actions" }, previewBtn,
    h("button", { type: "submit", class: "primary", text: t(creating ? "organizer-event.create" : "organizer-event.save") }));
  if (onCancel) buttons.append(h("button", { type: "button", text: t("organizer-event.cancel"), on: { click: onCancel } }));
  // Native append writes null as text: leave the optional parts out first.
  form.append(...[
    h("div", { class: "filters" },
      control(t("organizer-event.name"), name, "name"),
      control(t("organizer-event.venue"), venue, "venue"),
      control(t("organizer-event.timezone"), zone, "timezone"),
      control(t("organizer-event.min_interviews"), minimum, "min_interviews_per_worker"),
      organizer ? control(t("organizer-event.organizer_id"), organizer, "organizer_id") : null),
    h("div", { class: "inline" }, online, h("label", { for: online.id, text: t("organizer-event.online") })),
    h("h3", { text: t("organizer-event.days") }),
    hasInterviews ? h("p", { class: "hint", text: t("organizer-event.slots_fixed") }) : null,
    h("div", {}, daysBox, errorSlot("slot_plan"), errorSlot("slots"), errorSlot("starts_on"), errorSlot("ends_on")),
    h("button", { type: "button", text: t("organizer-event.add_day"), on: { click: () => {
      readInputs();
      const last = plans[plans.length - 1];
      plans.push({ ...last, date: addDays(last.date, 1), breaks: last.breaks.map((b) => ({ ...b })) });
      plansChanged = true;
      drawDays();
    } } }),
    preview, summary, buttons].filter(Boolean));
  if (creating) {
    return h("section", { class: "card console-event", id: "event-new" },
      h("h2", { text: t("organizer-event.create_title") }), form);
  }
  // An existing event's settings fold away: on the day the organiser works below them.
  return h("section", { class: "card console-event", id: "event-edit" },
    h("details", { class: "event-settings", open: !hasInterviews },
      h("summary", {}, h("h2", { text: t("organizer-event.edit") })), form));
}
