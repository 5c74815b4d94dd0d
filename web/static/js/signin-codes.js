// One-time sign-in codes (issue 19), for the agency's and the organiser's pages: pick workers
// (an agency: its own; an organiser: those registered at one of its events), print a sheet
// with each worker's code and QR code, and list or revoke the codes issued.
//
// The codes are shown once, on the sheet made right after they are created (only their hashes
// are stored). The QR code is an SVG `data:` image the API makes (segno), which the page's CSP
// allows as an <img>. The sheet's instructions are in Indonesian, the workers' language, and
// also in the page's language when that differs.

import { api } from "./api.js";
import { clear, field, h } from "./dom.js";
import { getLang, t, tIn } from "./i18n.js";
import { uid } from "./ui.js";

const MAX_WORKERS = 1000;

/** The section for `role` ("agency" or "organizer"; admins get it on either tab). */
export function signinCodesSection(ctx, role) {
  const box = h("section", { class: "card signin-codes", id: "signin-codes" });
  const picker = h("div", { class: "code-picker", "aria-live": "polite" });
  const sheet = h("div", { class: "code-sheet", id: "code-sheet", "aria-live": "polite" });
  const issued = h("div", { class: "codes-issued" });
  box.append(h("h2", { text: t("codes.title") }), h("p", { class: "hint", text: t("codes.hint") }), picker, sheet, issued);
  (async () => {
    if (role === "organizer") await organiserPicker(picker, ctx, sheet, issued);
    else await agencyPicker(picker, ctx, sheet, issued);
    await issuedList(issued, ctx);
  })().catch(ctx.fail);
  return box;
}

async function allWorkers(ctx) {
  const found = [];
  let cursor = null;
  do {
    const q = `limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page = await api(`/v1/workers?${q}`);
    found.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor && found.length < MAX_WORKERS);
  const own = ctx.me.role === "agency" ? found.filter((w) => w.agency_id === ctx.me.subject_id) : found;
  return own.map((w) => ({ id: w.id, name: w.full_name || w.display_name || `#${w.id}` }));
}

async function agencyPicker(box, ctx, sheet, issued) {
  const workers = await allWorkers(ctx);
  box.append(checklist(ctx, workers, null, sheet, issued));
}

async function organiserPicker(box, ctx, sheet, issued) {
  const events = (await api("/v1/events")).data.filter(
    (e) => ctx.me.role === "admin" || e.organizer_id === ctx.me.subject_id);
  if (!events.length) {
    box.append(h("p", { text: t("empty.events") }));
    return;
  }
  const select = h("select", { id: uid("code-event") },
    events.map((e) => h("option", { value: String(e.id), text: e.name })));
  const list = h("div");
  box.append(field(t("codes.event"), select), list);
  async function load() {
    clear(list);
    const eventId = Number(select.value);
    const regs = (await api(`/v1/events/${eventId}/workers`)).data.filter((r) => r.status === "registered");
    const workers = [];
    for (const r of regs) {
      // Organisers see workers masked, and hidden ones not at all: the id is what is certain.
      const seen = await api(`/v1/workers/${r.worker_id}`).catch(() => null);
      workers.push({ id: r.worker_id, name: seen ? seen.full_name || seen.display_name : `#${r.worker_id}` });
    }
    list.append(checklist(ctx, workers, eventId, sheet, issued));
  }
  select.addEventListener("change", () => load().catch(ctx.fail));
  await load();
}

function checklist(ctx, workers, eventId, sheet, issued) {
  if (!workers.length) return h("p", { text: t("codes.no_workers") });
  const boxes = workers.map((w) => {
    const box = h("input", { type: "checkbox", id: uid("cw"), value: String(w.id) });
    return h("li", { class: "inline" }, box, h("label", { for: box.id, text: `${w.name} · #${w.id}` }));
  });
  const all = h("input", { type: "checkbox", id: uid("call") });
  all.addEventListener("change", () => {
    for (const li of boxes) li.querySelector("input").checked = all.checked;
  });
  const form = h("form", { class: "code-form" },
    h("fieldset", { class: "choices" }, h("legend", { text: t("codes.pick") }),
      h("div", { class: "inline" }, all, h("label", { for: all.id, text: t("codes.all") })),
      h("ul", { class: "plain code-workers" }, boxes)),
    h("button", { type: "submit", class: "primary", text: t("codes.create") }));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    ctx.fail(null);
    const ids = boxes.map((li) => li.querySelector("input")).filter((b) => b.checked).map((b) => Number(b.value));
    if (!ids.length) {
      ctx.say(t("codes.none_picked"));
      return;
    }
    try {
      const body = eventId ? { worker_ids: ids, event_id: eventId } : { worker_ids: ids };
      const made = await api("/v1/signin-codes", { method: "POST", body });
      printSheet(sheet, made.data);
      ctx.say(t("codes.created_done", { n: made.count }));
      await issuedList(issued, ctx);
      sheet.querySelector("h3").focus();
    } catch (err) {
      ctx.fail(err);
    }
  });
  return form;
}

function expiry(iso, lang = getLang()) {
  return new Date(iso).toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" });
}

function printSheet(sheet, codes) {
  clear(sheet);
  const origin = window.location.origin;
  const langs = getLang() === "id" ? ["id"] : ["id", getLang()];
  sheet.append(
    h("div", { class: "actions no-print" },
      h("h3", { tabindex: "-1", text: t("codes.sheet") }),
      h("button", { type: "button", class: "primary", text: t("codes.print"), on: { click: () => window.print() } })),
    h("ul", { class: "code-cards" }, codes.map((c) => h("li", { class: "code-card", dataset: { worker: String(c.worker_id), url: c.url } },
      h("img", { class: "qr", src: c.qr_svg, width: "148", height: "148", alt: tIn("id", "codes.qr_alt", { name: c.worker_name }) }),
      h("div", { class: "code-text" },
        h("p", { class: "code-name", text: `${c.worker_name} · #${c.worker_id}` }),
        h("p", { class: "code-value", text: c.code }),
        h("p", { class: "hint", text: tIn("id", "codes.expires", { d: expiry(c.expires_at, "id") }) }),
        langs.map((lang) => h("p", { class: "code-how", lang, text: tIn(lang, "codes.how", { url: origin }) })))))));
}

async function issuedList(box, ctx) {
  clear(box);
  const codes = await api("/v1/signin-codes?limit=200");
  box.append(h("h3", { text: t("codes.issued") }));
  if (!codes.data.length) {
    box.append(h("p", { text: t("codes.none_issued") }));
    return;
  }
  const rows = [...codes.data].reverse().map((c) => {
    const revoke = c.status === "active" || c.status === "used"
      ? h("button", { type: "button", text: t("codes.revoke"), "aria-label": `${t("codes.revoke")}: #${c.worker_id}`,
        on: { click: async () => {
          ctx.fail(null);
          try {
            await api(`/v1/signin-codes/${c.id}`, { method: "DELETE" });
            ctx.say(t("codes.revoked_done"));
            await issuedList(box, ctx);
          } catch (err) {
            ctx.fail(err);
          }
        } } })
      : null;
    return h("tr", { dataset: { code: String(c.id) } },
      h("td", { text: `#${c.worker_id}` }),
      h("td", { text: t(`codes.status.${c.status}`) }),
      h("td", { text: expiry(c.expires_at) }),
      h("td", {}, revoke));
  });
  box.append(h("div", { class: "scroll" }, h("table", {},
    h("thead", {}, h("tr", {}, [t("codes.worker"), t("codes.status"), t("codes.valid_until"), ""].map((x) => h("th", { scope: "col", text: x })))),
    h("tbody", {}, rows))));
}
