// Company meets sending organisation, in the organiser console: which agencies come (with
// their tables and the slots they are present), planning the meetings, and a second grid with
// one column per agency table. The API is /v1/events/{id}/agencies and /meetings
// (docs/events.md, "Company meets sending organisation").

import { api } from "./api.js";
import { JobError, runJob } from "./jobs.js";
import { clear, h } from "./dom.js";
import { addTexts, t } from "./i18n.js";
import { clearErrors, clock, control, dayLabel, download, errorSlot, showErrors, slotGrid } from "./organizer-forms.js";
import { num, uid } from "./ui.js";

addTexts({
  "organizer-meetings.title": ["Companies meet sending organisations", "企業と送出機関の面談", "Perusahaan bertemu lembaga pengirim"],
  "organizer-meetings.agencies": ["Sending organisations at the event ({n})", "参加送出機関({n} 機関)", "Lembaga pengirim di acara ({n})"],
  "organizer-meetings.col_agency": ["Organisation", "送出機関", "Lembaga"],
  "organizer-meetings.col_code": ["Code", "コード", "Kode"],
  "organizer-meetings.tables": ["Tables", "テーブル数", "Jumlah meja"],
  "organizer-meetings.present": ["Present", "参加枠", "Hadir"],
  "organizer-meetings.all_slots": ["every slot", "全枠", "semua slot"],
  "organizer-meetings.n_slots": ["{n} slots", "{n} 枠", "{n} slot"],
  "organizer-meetings.remove": ["Remove", "削除", "Hapus"],
  "organizer-meetings.add": ["Add an organisation", "送出機関を追加", "Tambah lembaga"],
  "organizer-meetings.pick": ["Organisation", "送出機関", "Lembaga"],
  "organizer-meetings.pick_label": ["{name} ({code}) · {n} of its workers registered", "{name}({code})・登録求職者 {n} 名", "{name} ({code}) · {n} pekerjanya terdaftar"],
  "organizer-meetings.every_slot": ["Present in every slot", "全ての枠に参加", "Hadir di semua slot"],
  "organizer-meetings.slots": ["Slots it is present", "参加する枠", "Slot kehadiran"],
  "organizer-meetings.save": ["Save organisations", "送出機関を保存", "Simpan lembaga"],
  "organizer-meetings.saved": ["{n} organisations at the event.", "送出機関 {n} 機関を登録しました。", "{n} lembaga di acara."],
  "organizer-meetings.none_left": ["Every organisation is registered.", "全ての送出機関が登録済みです。", "Semua lembaga sudah terdaftar."],
  "organizer-meetings.plan": ["Plan the meetings", "面談を計画", "Susun pertemuan"],
  "organizer-meetings.planned": [
    "{n} meetings planned ({pairs} pairs have something to offer; {kept} kept).",
    "面談 {n} 件を計画しました(候補の組 {pairs} 組、変更なし {kept} 件)。",
    "{n} pertemuan disusun ({pairs} pasangan punya tawaran; {kept} tetap).",
  ],
  "organizer-meetings.grid": ["Meetings (slots × organisation tables)", "面談表(時間枠 × 送出機関テーブル)", "Pertemuan (slot × meja lembaga)"],
  "organizer-meetings.count": ["{n} meetings", "面談 {n} 件", "{n} pertemuan"],
  "organizer-meetings.empty": ["No meetings planned yet.", "面談はまだ計画されていません。", "Belum ada pertemuan yang disusun."],
  "organizer-meetings.filter": ["Show organisation", "表示する送出機関", "Tampilkan lembaga"],
  "organizer-meetings.all": ["All organisations", "すべての送出機関", "Semua lembaga"],
  "organizer-meetings.table_n": ["Table {n}", "テーブル {n}", "Meja {n}"],
  "organizer-meetings.cell": ["booth {booth} · {workers} workers for {seats} places", "ブース {booth}・{seats} 名の募集に {workers} 名", "meja {booth} · {workers} pekerja untuk {seats} tempat"],
  "organizer-meetings.online": ["Online", "オンライン", "Daring"],
  "organizer-meetings.export.employer": ["Meetings CSV by company", "面談CSV(企業別)", "CSV pertemuan per perusahaan"],
  "organizer-meetings.export.agency": ["Meetings CSV by organisation", "面談CSV(送出機関別)", "CSV pertemuan per lembaga"],
  "organizer-meetings.export.html": ["Printable meetings (HTML)", "印刷用面談表(HTML)", "Pertemuan siap cetak (HTML)"],
  "organizer-meetings.downloaded": ["Downloaded {name}.", "{name} をダウンロードしました。", "{name} telah diunduh."],
});

/** The meetings part: agencies, planning, the grid and its exports. */
export function meetingsSection(event, allAgencies, atEvent, meetings, ctx, reload) {
  const section = h("section", { class: "card console-meetings", id: "meetings" },
    h("h2", { text: t("organizer-meetings.title") }));
  const problem = h("p", { class: "form-problem", role: "alert", hidden: true });

  async function saveAgencies(list, form) {
    clearErrors(section);
    problem.hidden = true;
    try {
      const saved = await api(`/v1/events/${event.id}/agencies`, { method: "PUT", body: { agencies: list } });
      const message = t("organizer-meetings.saved", { n: num(saved.count) });
      await reload();
      ctx.say(message);
    } catch (err) {
      showErrors(form || section, err, problem);
    }
  }
  const asBody = (a) => ({ agency_id: a.agency_id, tables: a.tables, present_slots: a.present_slots });

  // The agencies already at the event.
  const table = h("table", { class: "numbers" },
    h("thead", {}, h("tr", {},
      h("th", { scope: "col", text: t("organizer-meetings.col_agency") }),
      h("th", { scope: "col", text: t("organizer-meetings.col_code") }),
      h("th", { scope: "col", text: t("organizer-meetings.tables") }),
      h("th", { scope: "col", text: t("organizer-meetings.present") }),
      h("th", { scope: "col", text: "" }))),
    h("tbody", {}, atEvent.map((a) => h("tr", {},
      h("th", { scope: "row", text: a.agency_name }),
      h("td", { text: a.external_id }),
      h("td", { text: num(a.tables) }),
      h("td", { text: a.present_slots ? t("organizer-meetings.n_slots", { n: num(a.present_slots.length) }) : t("organizer-meetings.all_slots") }),
      h("td", {}, h("button", { type: "button", class: "link", text: t("organizer-meetings.remove"),
        on: { click: () => saveAgencies(atEvent.filter((x) => x.agency_id !== a.agency_id).map(asBody)) } }))))));

  // Adding one.
  const taken = new Set(atEvent.map((a) => a.agency_id));
  const left = allAgencies.filter((a) => !taken.has(a.agency_id));
  const pick = h("select", { id: uid("ag") }, left.map((a) => h("option", { value: String(a.agency_id),
    text: t("organizer-meetings.pick_label", { name: a.name, code: a.external_id, n: num(a.registered_workers) }) })));
  const tables = h("input", { type: "number", id: uid("tables"), min: "1", max: "50", value: "1" });
  const every = h("input", { type: "checkbox", id: uid("every"), checked: true });
  const slotBoxes = event.slots.map((s) => {
    const box = h("input", { type: "checkbox", id: uid("ps"), value: String(s.id) });
    return h("li", { class: "inline" }, box, h("label", { for: box.id,
      text: `${dayLabel(s.start, event.timezone)} ${clock(s.start, event.timezone)}` }));
  });
  const slotList = h("fieldset", { class: "present-slots", hidden: true, dataset: { field: "present_slots" } },
    h("legend", { text: t("organizer-meetings.slots") }), h("ul", { class: "plain slot-picks" }, slotBoxes),
    h("p", { class: "field-error", hidden: true }));
  every.addEventListener("change", () => { slotList.hidden = every.checked; });
  const addForm = h("form", { class: "bulk add-agency", novalidate: true },
    h("h3", { text: t("organizer-meetings.add") }),
    left.length ? h("div", { class: "filters" },
      control(t("organizer-meetings.pick"), pick, "agency_id"),
      control(t("organizer-meetings.tables"), tables, "tables")) : h("p", { text: t("organizer-meetings.none_left") }),
    left.length ? h("div", { class: "inline" }, every, h("label", { for: every.id, text: t("organizer-meetings.every_slot") })) : null,
    slotList, errorSlot("agencies"),
    left.length ? h("button", { type: "submit", class: "primary", text: t("organizer-meetings.save") }) : null);
  addForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const present = every.checked ? null
      : slotBoxes.map((li) => li.querySelector("input")).filter((b) => b.checked).map((b) => Number(b.value));
    saveAgencies([...atEvent.map(asBody),
      { agency_id: Number(pick.value), tables: Number(tables.value || 1), present_slots: present }], addForm);
  });

  // Planning.
  const planBtn = h("button", { type: "button", class: "primary", text: t("organizer-meetings.plan") });
  planBtn.addEventListener("click", async () => {
    clearErrors(section);
    problem.hidden = true;
    planBtn.disabled = true;
    try {
      // A plan is a job (minutes at a large event): 202, then poll it; the status line says
      // what it is doing.
      const planned = await runJob(`/v1/events/${event.id}/meetings`,
        { mode: "optimal", replan: meetings.length > 0 }, ctx.say);
      const message = t("organizer-meetings.planned", { n: num(planned.count), pairs: num(planned.pairs), kept: num(planned.kept) });
      await reload();
      ctx.say(message);
    } catch (err) {
      if (err instanceof JobError) {
        problem.textContent = String(err);
        problem.hidden = false;
      } else {
        showErrors(section, err, problem);
      }
      planBtn.disabled = false;
    }
  });

  section.append(
    h("h3", { text: t("organizer-meetings.agencies", { n: num(atEvent.length) }) }),
    h("div", { class: "scroll" }, table),
    addForm,
    h("div", { class: "actions" }, planBtn),
    problem,
    meetingGrid(event, atEvent, meetings),
    h("div", { class: "actions no-print" }, ["employer", "agency", "html"].map((kind) => h("button", { type: "button",
      text: t(`organizer-meetings.export.${kind}`), on: { click: async () => {
        ctx.fail(null);
        try {
          const { name } = await download(`/v1/events/${event.id}/meetings/exports/${kind}`);
          ctx.say(t("organizer-meetings.downloaded", { name }));
        } catch (err) {
          ctx.fail(err);
        }
      } } }))));
  return section;
}

const filterState = { eventId: null, agencyId: "" };

/** Rows are slots (grouped by day), columns are agency tables; a cell is one meeting. */
function meetingGrid(event, agencies, meetings) {
  if (filterState.eventId !== event.id) Object.assign(filterState, { eventId: event.id, agencyId: "" });
  const box = h("div", { class: "meeting-grid" },
    h("h3", {}, h("span", { text: t("organizer-meetings.grid") }), " ",
      h("span", { class: "badge", text: t("organizer-meetings.count", { n: num(meetings.length) }) })));
  if (!meetings.length) {
    box.append(h("p", { text: t("organizer-meetings.empty") }));
    return box;
  }
  const filter = h("select", { id: uid("mag") }, h("option", { value: "", text: t("organizer-meetings.all") }),
    agencies.map((a) => h("option", { value: String(a.agency_id), text: a.agency_name,
      selected: String(a.agency_id) === filterState.agencyId })));
  const holder = h("div", { class: "scroll grid-holder", tabindex: "0", role: "region", "aria-label": t("organizer-meetings.grid") });
  filter.addEventListener("change", () => { filterState.agencyId = filter.value; draw(); });
  box.append(h("div", { class: "field" }, h("label", { for: filter.id, text: t("organizer-meetings.filter") }), filter), holder);
  const cells = new Map(meetings.map((m) => [`${m.slot}:${m.agency_id}:${m.table}`, m]));

  function draw() {
    clear(holder);
    const shown = agencies.filter((a) => !filterState.agencyId || String(a.agency_id) === filterState.agencyId);
    holder.append(slotGrid({
      event,
      groups: shown.map((a) => ({ id: a.agency_id, name: a.agency_name, places: a.tables })),
      placeLabel: (n) => t("organizer-meetings.table_n", { n }),
      timeLabel: t("organizer-grid.time"),
      cellOf: (slot, g, n) => {
        const m = cells.get(`${slot.id}:${g.id}:${n}`);
        return m ? h("td", { class: "busy meeting", dataset: { meeting: String(m.id) } },
          h("span", { class: "who", text: m.employer_name }),
          h("span", { class: "vacancy", text: t("organizer-meetings.cell", { booth: m.booth, workers: num(m.workers), seats: num(m.seats) }) }),
          m.mode === "online" && m.online_url
            ? h("a", { href: m.online_url, target: "_blank", rel: "noopener", text: t("organizer-meetings.online") })
            : null)
          : h("td", { class: "free", text: t("organizer-grid.free") });
      },
      className: "grid timetable meetings",
      caption: t("organizer-meetings.grid"),
    }));
  }
  draw();
  return box;
}
