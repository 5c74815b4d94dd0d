// The agency's meetings with companies at matching events (issue 18): for every event where
// the organiser planned meetings for this agency, its meetings by day and time (on the event's
// clock and, where it differs, on the viewer's own: WIB, WITA or WIT), the company, where it
// meets (the company's booth and the agency's table, or the online link) and, under each, the
// company's vacancies with the agency's own workers who fit them. Data: GET /v1/events, then
// GET /v1/events/{id}/meetings (an agency caller gets `offers`, each vacancy with its category,
// prefecture, salary and start, and each meeting the company's Japanese name: no lookups);
// the CSV is GET /v1/events/{id}/meetings/exports/agency.

import { api, downloadFile } from "./api.js";
import { clear, h } from "./dom.js";
import { addTexts, getLang, t } from "./i18n.js";
import { clock, dateLabel } from "./interview-day.js";
import { zoneLabel } from "./organizer-event.js";
import { num, scoreBar, vacancyFacts } from "./ui.js";

addTexts({
  "agency-meetings.title": ["Meetings with companies", "企業との面談", "Pertemuan dengan perusahaan"],
  "agency-meetings.intro": [
    "The companies your organisation meets at matching events, their vacancies and which of your workers fit them.",
    "マッチングイベントで貴機関が面談する企業と、その求人に合う貴機関の求職者です。",
    "Perusahaan yang akan bertemu lembaga Anda di acara pencocokan, lowongan mereka, dan pekerja Anda yang cocok.",
  ],
  "agency-meetings.loading": ["Loading the meetings…", "面談を読み込んでいます…", "Memuat pertemuan…"],
  "agency-meetings.no_events": [
    "No matching events yet. When an organiser creates one and registers your organisation, your meetings with companies appear here.",
    "マッチングイベントはまだありません。主催者がイベントを作成し貴機関を登録すると、企業との面談がここに表示されます。",
    "Belum ada acara pencocokan. Setelah penyelenggara membuat acara dan mendaftarkan lembaga Anda, pertemuan dengan perusahaan tampil di sini.",
  ],
  "agency-meetings.none": [
    "No meetings with companies planned for your organisation yet.",
    "貴機関と企業との面談はまだ計画されていません。",
    "Belum ada pertemuan dengan perusahaan yang disusun untuk lembaga Anda.",
  ],
  "agency-meetings.registered_at": [
    "Registered at {events}: the organiser has not planned the meetings yet. Keep your workers' profiles up to date (Japanese tests, certificates, skill tests): the companies you meet are chosen by how well your workers fit their vacancies.",
    "{events} に登録済みですが、主催者はまだ面談を計画していません。求職者の情報(日本語試験・資格・技能試験)を最新にしてください。面談する企業は、求人に合う求職者の多さで選ばれます。",
    "Terdaftar di {events}: penyelenggara belum menyusun pertemuan. Perbarui profil pekerja Anda (tes bahasa Jepang, sertifikat, tes keterampilan): perusahaan yang Anda temui dipilih menurut kecocokan pekerja Anda dengan lowongannya.",
  ],
  "agency-meetings.not_registered": [
    "Ask the organiser of an event to register your organisation for its company meetings (with your number of tables); the meetings are then planned for you.",
    "企業との面談に参加するには、イベントの主催者に貴機関の登録(テーブル数を含む)を依頼してください。その後、面談が計画されます。",
    "Minta penyelenggara acara mendaftarkan lembaga Anda untuk pertemuan perusahaan (dengan jumlah meja Anda); setelah itu pertemuan disusun untuk Anda.",
  ],
  "agency-meetings.count": ["{n} meetings", "面談 {n} 件", "{n} pertemuan"],
  "agency-meetings.event_facts": ["{dates} · {place} · times in {zone}", "{dates}・{place}・時刻は{zone}", "{dates} · {place} · waktu dalam {zone}"],
  "agency-meetings.online_event": ["online", "オンライン", "daring"],
  "agency-meetings.csv": ["Download meetings (CSV)", "面談一覧をダウンロード(CSV)", "Unduh daftar pertemuan (CSV)"],
  "agency-meetings.downloaded": ["Downloaded {name}.", "{name} をダウンロードしました。", "{name} telah diunduh."],
  "agency-meetings.your_time": ["{time} your time", "{time}(現地時間)", "{time} waktu Anda"],
  "agency-meetings.table": ["your table {n}", "貴機関テーブル {n}", "meja Anda {n}"],
  "agency-meetings.booth": ["{venue}, company booth {booth} · {table}", "{venue} 企業ブース {booth}・{table}", "{venue}, stan perusahaan {booth} · {table}"],
  "agency-meetings.with_agency": ["with {name}", "{name} と", "dengan {name}"],
  "agency-meetings.fit_summary": [
    "{workers} of your workers fit, for {seats} places",
    "募集 {seats} 名に対し、貴機関の求職者 {workers} 名が適合",
    "{workers} pekerja Anda cocok, untuk {seats} tempat",
  ],
  "agency-meetings.vacancies": ["Vacancies of {name}", "{name} の求人", "Lowongan {name}"],
  "agency-meetings.headcount": ["{n} places", "募集 {n} 名", "{n} tempat"],
  "agency-meetings.fits": ["Your workers who fit ({n})", "適合する貴機関の求職者({n} 名)", "Pekerja Anda yang cocok ({n})"],
  "agency-meetings.no_fit": [
    "None of your workers fits this vacancy yet: see “One requirement short” above for who is closest.",
    "この求人に適合する求職者はまだいません。上の「あと1つの条件で応募できる求職者」で近い人を確認できます。",
    "Belum ada pekerja Anda yang cocok untuk lowongan ini: lihat “Kurang satu syarat lagi” di atas untuk yang paling dekat.",
  ],
  "agency-meetings.score_of": ["Match of {name}", "{name} の適合度", "Kecocokan {name}"],
  "agency-meetings.no_offers": [
    "Vacancies and fitting workers are shown to the agency itself.",
    "求人と適合する求職者は、送出機関本人にのみ表示されます。",
    "Lowongan dan pekerja yang cocok hanya ditampilkan kepada agensi itu sendiri.",
  ],
});

/** Short names of the zones the events use (the page writes "09.00 WIB", as people do). */
const ZONE_ABBREVIATIONS = {
  "Asia/Tokyo": "JST",
  "Asia/Jakarta": "WIB",
  "Asia/Pontianak": "WIB",
  "Asia/Makassar": "WITA",
  "Asia/Jayapura": "WIT",
};

function zoneAbbreviation(zone, iso) {
  if (ZONE_ABBREVIATIONS[zone]) return ZONE_ABBREVIATIONS[zone];
  const part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" })
    .formatToParts(new Date(iso)).find((p) => p.type === "timeZoneName");
  return part ? part.value : zone;
}

/** Minutes east of UTC of `zone` at `iso` (to tell whether two clocks read the same). */
function offsetOf(zone, iso) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", {
    timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit" }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day),
    Number(parts.hour) % 24, Number(parts.minute));
  return Math.round((wall - new Date(iso).getTime()) / 60000);
}

/** "09.00–09.20 WIB" on `zone`'s clock. */
function span(start, end, zone) {
  return `${clock(start, zone)}–${clock(end, zone)} ${zoneAbbreviation(zone, start)}`;
}

const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The section on the agency page; it fills itself in once the API answers. */
export function agencyMeetingsSection(ctx) {
  const content = h("div", { class: "am-content", "aria-live": "polite" },
    h("p", { class: "hint am-loading", text: t("agency-meetings.loading") }));
  const section = h("section", { class: "card agency-meetings", id: "agency-meetings", "aria-busy": "true" },
    h("h2", { text: t("agency-meetings.title") }),
    h("p", { class: "hint", text: t("agency-meetings.intro") }), content);
  load(ctx, content)
    .catch((err) => {
      clear(content);
      ctx.fail(err);
    })
    .finally(() => section.removeAttribute("aria-busy"));
  return section;
}

async function load(ctx, content) {
  const events = (await api("/v1/events")).data;
  const planned = [];
  for (const event of events) {
    const meetings = (await api(`/v1/events/${event.id}/meetings`)).data;
    if (meetings.length) planned.push([event, meetings]);
  }
  clear(content);
  if (!planned.length) {
    content.append(...await emptyState(ctx, events));
    return;
  }
  for (const [event, meetings] of planned) content.append(eventBlock(event, meetings, ctx));
}

/** What to do when nothing is planned: wait for the organiser, or ask to be registered. */
async function emptyState(ctx, events) {
  if (!events.length) return [h("p", { class: "am-empty", text: t("agency-meetings.no_events") })];
  const none = h("p", { class: "am-empty", text: t("agency-meetings.none") });
  // An administrator on the agency tab is no agency: there is nobody to register.
  if (!ctx.me || ctx.me.role !== "agency") return [none];
  const registered = [];
  for (const event of events) {
    const agencies = (await api(`/v1/events/${event.id}/agencies`)).data;
    if (agencies.some((a) => a.agency_id === ctx.me.subject_id)) registered.push(event.name);
  }
  return [
    none,
    h("p", { class: "hint am-next", text: registered.length
      ? t("agency-meetings.registered_at", { events: registered.join(", ") })
      : t("agency-meetings.not_registered") }),
  ];
}

function eventDates(event) {
  const fmt = new Intl.DateTimeFormat(getLang(), { dateStyle: "medium", timeZone: "UTC" });
  const from = new Date(`${event.starts_on}T00:00:00Z`);
  const to = new Date(`${event.ends_on}T00:00:00Z`);
  return event.starts_on === event.ends_on ? fmt.format(from) : fmt.formatRange(from, to);
}

function eventBlock(event, meetings, ctx) {
  const zone = event.timezone;
  const csv = h("button", { type: "button", class: "am-csv", text: t("agency-meetings.csv"), on: { click: async () => {
    ctx.fail(null);
    try {
      const { name } = await downloadFile(`/v1/events/${event.id}/meetings/exports/agency`);
      ctx.say(t("agency-meetings.downloaded", { name }));
    } catch (err) {
      ctx.fail(err);
    }
  } } });
  const block = h("article", { class: "am-event", dataset: { event: String(event.id) } },
    h("h3", {}, h("span", { text: event.name }), " ",
      h("span", { class: "badge", text: t("agency-meetings.count", { n: num(meetings.length) }) })),
    h("p", { class: "facts", text: t("agency-meetings.event_facts", {
      dates: eventDates(event),
      place: event.online && !event.venue ? t("agency-meetings.online_event") : event.venue || event.name,
      zone: zoneLabel(zone) }) }),
    h("div", { class: "actions" }, csv));
  const ordered = [...meetings].sort((a, b) => a.start.localeCompare(b.start) || a.table - b.table);
  let day = null;
  let list = null;
  for (const m of ordered) {
    const label = dateLabel(m.start, zone);
    if (label !== day) {
      day = label;
      list = h("ol", { class: "am-list" });
      block.append(h("h4", { class: "am-day", text: label }), list);
    }
    list.append(meetingItem(event, m, ctx));
  }
  return block;
}

function meetingItem(event, m, ctx) {
  const zone = event.timezone;
  const mine = viewerZone();
  const times = [h("span", { class: "am-time", text: span(m.start, m.end, zone) })];
  if (mine && offsetOf(mine, m.start) !== offsetOf(zone, m.start)) {
    times.push(h("span", { class: "am-time-own", text: t("agency-meetings.your_time", { time: span(m.start, m.end, mine) }) }));
  }
  const nameJa = m.employer_name_ja && m.employer_name_ja !== m.employer_name ? m.employer_name_ja : null;
  const where = h("p", { class: "am-place" }, ...placeOf(m, event));
  if (ctx.me && ctx.me.role !== "agency") where.append(" · ", h("span", { text: t("agency-meetings.with_agency", { name: m.agency_name }) }));
  const item = h("li", { class: "am-meeting", dataset: { meeting: String(m.id) } },
    h("div", { class: "am-when" }, times),
    h("div", { class: "am-body" },
      h("h5", { class: "am-company" }, h("span", { text: m.employer_name }),
        nameJa ? h("span", { class: "am-company-ja", lang: "ja", text: nameJa }) : null),
      where,
      h("p", { class: "am-fit", text: t("agency-meetings.fit_summary", { workers: num(m.workers), seats: num(m.seats) }) })));
  const body = item.querySelector(".am-body");
  if (!m.offers) {
    body.append(h("p", { class: "hint", text: t("agency-meetings.no_offers") }));
    return item;
  }
  body.append(h("ul", { class: "am-offers", "aria-label": t("agency-meetings.vacancies", { name: m.employer_name }) },
    m.offers.map((o) => offerItem(o))));
  return item;
}

/** Where the meeting is: the company's booth at the venue and the agency's table, or the
 *  link (which opens in a new tab). */
function placeOf(m, event) {
  const table = t("agency-meetings.table", { n: m.table });
  if (m.mode === "online") {
    const link = m.online_url
      ? h("a", { class: "am-link", href: m.online_url, target: "_blank", rel: "noopener noreferrer", text: t("day.join") })
      : h("span", { text: t("day.no_link") });
    return [link, ` · ${table}`];
  }
  return [t("agency-meetings.booth", { venue: event.venue || event.name, booth: m.booth, table })];
}

function offerItem(offer) {
  const facts = vacancyFacts(offer);
  facts.textContent = `${facts.textContent} · ${t("agency-meetings.headcount", { n: num(offer.headcount) })}`;
  const workers = [...offer.workers].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  return h("li", { class: "am-offer", dataset: { vacancy: String(offer.vacancy_id) } },
    h("h6", { class: "am-vacancy", text: offer.title }), facts,
    workers.length
      ? h("div", { class: "am-workers" },
        h("p", { class: "am-fits-title", text: t("agency-meetings.fits", { n: num(workers.length) }) }),
        h("ul", { class: "am-worker-list" }, workers.map((w) => h("li", { class: "am-worker" },
          h("span", { class: "am-worker-name", text: w.name }),
          scoreBar(w.score, t("agency-meetings.score_of", { name: w.name }))))))
      : h("p", { class: "am-no-fit", text: t("agency-meetings.no_fit") }));
}
