// The interview day, shared by the employer's and the worker's pages (issue 18): times on both
// parties' clocks (an employer in Sendai and a worker in Makassar see JST and WITA), dates in
// the page's language, where the interview is (booth or link), its language and interpreter,
// and the caller's calendar file. The data is /v1/events/{id}/agenda: interviews with their
// `times` (event, employer, worker), names and labels already in the page's language.

import { api, downloadFile } from "./api.js";
import { h } from "./dom.js";
import { addTexts, getLang, t } from "./i18n.js";

addTexts({
  "day.time_jst": ["Time (JST)", "時間 (日本時間)", "Waktu (JST)"],
  "day.worker_time": ["Candidate's time", "候補者の現地時間", "Waktu kandidat"],
  "day.my_time": ["My time ({zone})", "現地時間 ({zone})", "Waktu saya ({zone})"],
  "day.zone_unknown": ["zone unknown", "時間帯不明", "zona tidak diketahui"],
  "day.place": ["Place or link", "場所・リンク", "Tempat atau tautan"],
  "day.booth": ["{venue}, booth {booth}", "{venue} ブース{booth}", "{venue}, meja {booth}"],
  "day.online": ["Online", "オンライン", "Daring"],
  "day.join": ["Join online", "オンラインで参加", "Gabung daring"],
  "day.no_link": ["Online (link not set yet)", "オンライン (リンク未設定)", "Daring (tautan belum ada)"],
  "day.language": ["Language", "言語", "Bahasa"],
  "day.interpreter": ["Interpreter: {name}", "通訳: {name}", "Penerjemah: {name}"],
  "day.interpreter_needed": ["Interpreter needed", "通訳が必要", "Perlu penerjemah"],
  "day.lang.ja": ["Japanese", "日本語", "Bahasa Jepang"],
  "day.lang.id": ["Indonesian", "インドネシア語", "Bahasa Indonesia"],
  "day.lang.en": ["English", "英語", "Bahasa Inggris"],
  "day.calendar": ["Add to calendar (.ics)", "カレンダーに追加 (.ics)", "Tambah ke kalender (.ics)"],
  "day.calendar_done": ["Calendar file {name} downloaded.", "カレンダーファイル {name} をダウンロードしました。",
    "Berkas kalender {name} sudah diunduh."],
  "day.outcome": ["Record outcome", "結果を記録", "Catat hasil"],
  "day.outcome_done": ["Recorded: {status}.", "記録しました: {status}", "Tercatat: {status}."],
  "day.change_place": ["Change place or link", "場所・リンクを変更", "Ubah tempat atau tautan"],
  "day.mode": ["How", "形式", "Cara"],
  "day.mode.in_person": ["In person", "対面", "Tatap muka"],
  "day.mode.online": ["Online", "オンライン", "Daring"],
  "day.link": ["Meeting link (https://)", "会議リンク (https://)", "Tautan rapat (https://)"],
  "day.save": ["Save", "保存", "Simpan"],
  "day.saved": ["Saved.", "保存しました。", "Tersimpan."],
  "day.n_interviews": ["{n} interviews.", "面接 {n} 件。", "{n} wawancara."],
  "day.field_category": ["{field} · {category}", "{field}・{category}", "{field} · {category}"],
});

/** 24-hour clock in Japanese and Indonesian (they write 14:00 / 14.00); English keeps its own. */
function hourCycle(lang) {
  return lang === "en" ? {} : { hourCycle: "h23" };
}

/** The time of `iso` on the clock of `zone`, in the page's language ("09:30", "09.30"). */
export function clock(iso, zone) {
  const lang = getLang();
  return new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", timeZone: zone, ...hourCycle(lang) })
    .format(new Date(iso));
}

/** `start–end` of a LocalTime (`{zone, abbreviation, start, end}`) with the zone's short name. */
export function span(local) {
  return `${clock(local.start, local.zone)}–${clock(local.end, local.zone)} ${local.abbreviation}`;
}

/** The date of `iso` on the clock of `zone`, as the page's language writes a full date. */
export function dateLabel(iso, zone) {
  return new Intl.DateTimeFormat(getLang(), { dateStyle: "full", timeZone: zone }).format(new Date(iso));
}

/** The employer's display name: its Japanese name on a Japanese page where it has one. */
export function employerName(employer) {
  return getLang() === "ja" && employer.name_ja ? employer.name_ja : employer.name;
}

/** "Nursing care · Care" in the page's language; a single-category field says it once. */
export function fieldAndCategory(vacancy) {
  const category = vacancy.category_label;
  if (!category || category === vacancy.field_label) return vacancy.field_label;
  return t("day.field_category", { field: vacancy.field_label, category });
}

/** Where the interview is: the booth at the venue, or a link that opens in a new tab. */
export function place(interview, event) {
  if (interview.mode === "online") {
    if (!interview.online_url) return h("span", { class: "day-place online", text: t("day.no_link") });
    return h("a", { class: "day-place online", href: interview.online_url, target: "_blank",
      rel: "noopener noreferrer", text: t("day.join") });
  }
  return h("span", { class: "day-place", text: t("day.booth", { venue: event.venue || event.name, booth: interview.booth }) });
}

/** Language and interpreter, or null when neither is set. */
export function languageLine(interview) {
  const parts = [];
  if (interview.language) {
    const key = `day.lang.${interview.language}`;
    parts.push(`${t("day.language")}: ${t(key) === key ? interview.language : t(key)}`);
  }
  if (interview.interpreter) parts.push(t("day.interpreter", { name: interview.interpreter }));
  else if (interview.interpreter_needed) parts.push(t("day.interpreter_needed"));
  return parts.length ? h("span", { class: "day-language", text: parts.join(" · ") }) : null;
}

/** The caller's agenda at one event, in the page's language. */
export function agenda(eventId) {
  return api(`/v1/events/${eventId}/agenda?lang=${getLang()}`);
}

/** A button that downloads the caller's .ics for the event (with the tab's token). */
export function calendarButton(ctx, eventId) {
  const filename = `event-${eventId}-calendar.ics`;
  return h("button", { type: "button", class: "day-ics", text: t("day.calendar"), on: { click: async () => {
    ctx.fail(null);
    try {
      await downloadFile(`/v1/events/${eventId}/calendar.ics?lang=${getLang()}`, { filename });
      ctx.say(t("day.calendar_done", { name: filename }));
    } catch (err) {
      ctx.fail(err);
    }
  } } });
}

/** Entries grouped by their date on `zone`'s clock, in order: [[dateLabel, entries], ...]. */
export function byDate(entries, zone) {
  const groups = new Map();
  for (const entry of entries) {
    const label = dateLabel(entry.interview.start, zone);
    if (!groups.has(label)) groups.set(label, []);
    groups.get(label).push(entry);
  }
  return [...groups.entries()];
}
