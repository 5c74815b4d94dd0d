// The event's summary dashboard: totals as big numbers and bar charts of interviews, offers and
// hires per field and per company, drawn as HTML bars with the numbers as tables too. A
// projector button puts it full screen in large type for the wall of the venue.

import { h } from "./dom.js";
import { addTexts, fieldLabel, t } from "./i18n.js";
import { num } from "./ui.js";

addTexts({
  "organizer-dashboard.title": ["Results dashboard", "結果ダッシュボード", "Dasbor hasil"],
  "organizer-dashboard.by_field": ["Per field", "分野別", "Per bidang"],
  "organizer-dashboard.by_company": ["Per company", "企業別", "Per perusahaan"],
  "organizer-dashboard.interviews": ["Interviews", "面接", "Wawancara"],
  "organizer-dashboard.offers": ["Offers", "内定", "Tawaran"],
  "organizer-dashboard.hires": ["Hires", "採用", "Diterima"],
  "organizer-dashboard.no_shows": ["No-shows", "欠席", "Tidak hadir"],
  "organizer-dashboard.empty": ["No interviews yet.", "面接はまだありません。", "Belum ada wawancara."],
  "organizer-dashboard.as_table": ["Numbers as a table", "数値を表で表示", "Angka dalam tabel"],
  "organizer-dashboard.projector": ["Show on the projector", "プロジェクター表示", "Tampilkan di proyektor"],
  "organizer-dashboard.projector_off": ["Leave projector view", "プロジェクター表示を終了", "Keluar dari tampilan proyektor"],
});

const SERIES = ["interviews", "offers", "hires"];

/** Bars as HTML, not SVG: the text keeps its size on a phone and on a wall alike (an SVG
 * scales its labels down with the drawing). The numbers are in the table below too. */
function barChart(title, rows, labelOf) {
  const max = Math.max(1, ...rows.map((r) => r.interviews));
  const chart = h("div", { class: "bars", role: "img", "aria-label": title },
    rows.map((r) => h("div", { class: "bar-row" },
      h("span", { class: "bar-label", title: labelOf(r), text: labelOf(r) }),
      h("span", { class: "bar-set" }, SERIES.map((k) => h("span", { class: "bar-line" },
        h("span", { class: `bar-fill s-${k}`, style: { width: `${(r[k] / max) * 85}%` } }),
        h("span", { class: "bar-value", text: num(r[k]) })))))));
  const table = h("table", { class: "numbers" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col", text: title }),
      SERIES.map((k) => h("th", { scope: "col", text: t(`organizer-dashboard.${k}`) })))),
    h("tbody", {}, rows.map((r) => h("tr", {}, h("th", { scope: "row", text: labelOf(r) }),
      SERIES.map((k) => h("td", { text: num(r[k]) }))))));
  return h("figure", { class: "chart-box" }, h("figcaption", { text: title }), chart,
    h("details", {}, h("summary", { text: t("organizer-dashboard.as_table") }), table));
}

export function dashboardSection(summary) {
  const section = h("section", { class: "card console-dashboard", id: "dashboard" });
  const toggle = h("button", { type: "button", class: "no-print", "aria-pressed": "false",
    text: t("organizer-dashboard.projector") });
  toggle.addEventListener("click", async () => {
    const on = !section.classList.contains("projector");
    section.classList.toggle("projector", on);
    toggle.setAttribute("aria-pressed", String(on));
    toggle.textContent = t(on ? "organizer-dashboard.projector_off" : "organizer-dashboard.projector");
    try {
      if (on && section.requestFullscreen) await section.requestFullscreen();
      else if (!on && document.fullscreenElement) await document.exitFullscreen();
    } catch {
      // Full screen may be refused (no user gesture, kiosk policy); the large type stays.
    }
  });
  document.addEventListener("fullscreenchange", () => {
    if (!document.fullscreenElement && section.classList.contains("projector")) toggle.click();
  });
  section.append(h("div", { class: "dash-head" }, h("h2", { text: t("organizer-dashboard.title") }), toggle));
  const tile = (k) => h("div", { class: `tile s-${k}-tile` },
    h("span", { class: "value", text: num(summary[k]) }), h("span", { class: "label", text: t(`organizer-dashboard.${k}`) }));
  section.append(h("div", { class: "tiles" }, [...SERIES, "no_shows"].map(tile)));
  if (!summary.by_field.length) {
    section.append(h("p", { text: t("organizer-dashboard.empty") }));
    return section;
  }
  section.append(
    h("ul", { class: "legend" }, SERIES.map((k) => h("li", {}, h("span", { class: `swatch s-${k}` }),
      h("span", { text: t(`organizer-dashboard.${k}`) })))),
    h("div", { class: "charts" },
      barChart(t("organizer-dashboard.by_field"), summary.by_field, (r) => fieldLabel(r.key)),
      barChart(t("organizer-dashboard.by_company"), summary.by_employer, (r) => r.employer_name || `#${r.employer_id}`)));
  return section;
}
