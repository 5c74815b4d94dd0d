// Sign-in, language switch and the view for the token's role.

import { api, ApiError, tokenStore } from "./api.js";
import { clear, h } from "./dom.js";
import { LANGS, setLang, getLang, t, langChosen } from "./i18n.js";
import * as employer from "./employer.js";
import * as agency from "./agency.js";
import * as worker from "./worker.js";
import * as organizer from "./organizer.js";
import { loadVocabulary } from "./vocabulary.js";
import { signinCodesSection } from "./signin-codes.js";
import { problemText } from "./problems.js";

const VIEWS = { employer, agency, worker, organizer };
// Admins see everything: they get the organiser's, agency's and employer's pages as tabs.
const ADMIN_TABS = ["organizer", "agency", "employer"];

const $ = (id) => document.getElementById(id);
const state = { me: null, tab: null };

// Every message said gets a number, so a page that finished loading in the background can
// say its result only when nothing was said meanwhile (a "Saved." is not replaced by "30 results").
const status = { said: 0 };

function say(message) {
  status.said += 1;
  $("status").textContent = message;
}

/** Say `message` unless something else was said since `mark` (from `ctx.mark()`). */
function sayUnlessNewer(message, mark) {
  if (status.said === mark) say(message);
}

function fail(err) {
  const box = $("alert");
  if (!err) {
    box.hidden = true;
    box.textContent = "";
    return;
  }
  // The problem's `type` code in the page's language first; the server's detail (English,
  // exact) as a second line for whoever has to find the cause.
  let { message, detail } = problemText(err);
  if (err instanceof ApiError && err.status === 0) message = t("error.network");
  if (err instanceof ApiError && err.status === 401) message = t("error.token");
  clear(box);
  box.append(h("span", { class: "problem-message", text: `${t("error.prefix")} ${message}` }));
  if (detail) box.append(h("span", { class: "problem-detail", lang: "en", text: detail }));
  box.hidden = false;
  if (err instanceof ApiError && err.status === 401) signOut(false);
}

function relabel() {
  const lang = getLang();
  document.documentElement.lang = lang;
  document.title = t("app.title");
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const btn of document.querySelectorAll("[data-lang]")) {
    btn.setAttribute("aria-pressed", String(btn.dataset.lang === lang));
  }
  $("token").setAttribute("placeholder", "sswm_…");
  if (state.me) {
    // Who is signed in: the company, agency, organiser or worker (/v1/me display_name), not
    // the token's label; the label stays in the tooltip for whoever manages tokens.
    const subject = state.me.subject_id ? ` #${state.me.subject_id}` : "";
    const who = state.me.display_name || `${t(`role.${state.me.role}`)}${subject}`;
    $("who-label").textContent = state.me.display_name ? `${who} · ${t(`role.${state.me.role}`)}` : who;
    $("who-label").title = state.me.name;
  }
}

function ctx() {
  return { me: state.me, lang: getLang(), say, fail, mark: () => status.said, sayUnlessNewer };
}

async function renderView() {
  const view = $("view");
  clear(view);
  if (!state.me) return;
  await loadVocabulary(); // category labels in lists and cards
  const role = state.me.role;
  let key = role;
  if (role === "admin") {
    key = state.tab || ADMIN_TABS[0];
    const tabs = h("nav", { class: "tabs", "aria-label": t("admin.tabs") });
    for (const name of ADMIN_TABS) {
      tabs.append(
        h("button", {
          type: "button",
          text: t(`role.${name}`),
          "aria-pressed": String(name === key),
          on: { click: () => { state.tab = name; renderView(); } },
        }),
      );
    }
    view.append(tabs);
  }
  const module = VIEWS[key];
  if (!module) {
    view.append(h("p", { text: t("error.role") }));
    return;
  }
  const root = h("div", { class: "role-view", dataset: { role: key } });
  view.append(root);
  try {
    await module.render(root, ctx());
    // One-time sign-in codes for workers (issue 19): agencies' and organisers' pages.
    if (key === "agency" || key === "organizer") root.append(signinCodesSection(ctx(), key));
  } catch (err) {
    fail(err);
  }
}

async function signIn(secret) {
  fail(null);
  tokenStore.set(secret);
  try {
    state.me = await api("/v1/me");
  } catch (err) {
    tokenStore.clear();
    state.me = null;
    fail(err);
    return;
  }
  $("signin").hidden = true;
  $("who").hidden = false;
  // Workers read Indonesian unless someone picked a language on this browser (issue 19).
  if (state.me.role === "worker" && !langChosen()) setLang("id");
  relabel();
  say(t("signin.done"));
  await renderView();
  $("main").focus();
}

function signOut(announce = true) {
  tokenStore.clear();
  state.me = null;
  state.tab = null;
  clear($("view"));
  $("who").hidden = true;
  $("signin").hidden = false;
  $("token").value = "";
  if (announce) say(t("signout.done"));
}

function start() {
  for (const btn of document.querySelectorAll("[data-lang]")) {
    btn.addEventListener("click", async () => {
      setLang(btn.dataset.lang);
      relabel();
      say(t("lang.changed"));
      await renderView();
    });
  }
  $("signin-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const secret = $("token").value.trim();
    if (secret) signIn(secret);
  });
  $("sign-out").addEventListener("click", () => signOut());
  $("code-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const code = $("code").value.trim();
    if (code) exchangeCode(code);
  });
  // A scanned QR code opens /#code=XXXX-XXXX: the fragment never reaches the server. It is
  // taken off the address at once, so neither history nor a shared link keeps it.
  const scanned = new URLSearchParams(window.location.hash.slice(1)).get("code");
  if (scanned) {
    history.replaceState(null, "", window.location.pathname + window.location.search);
    if (!langChosen()) setLang("id");
  }
  relabel();
  const saved = tokenStore.get();
  if (scanned) exchangeCode(scanned);
  else if (saved) signIn(saved);
}

// --- one-time sign-in codes (issue 19) ---
/** Exchange a printed code for a short-lived worker token, then sign in with that token. The
 * API answers every unusable code with one 401; say so in the worker's words, not the
 * token's. */
async function exchangeCode(code) {
  fail(null);
  tokenStore.clear();
  try {
    const session = await api("/v1/signin-codes/exchange", { method: "POST", body: { code } });
    $("code").value = "";
    await signIn(session.token);
  } catch (err) {
    $("code").value = code;
    const box = $("alert");
    const key = err instanceof ApiError && err.status === 401 ? "signin.code_bad"
      : err instanceof ApiError && err.status === 422 ? "signin.code_format"
      : err instanceof ApiError && err.status === 429 ? "signin.code_wait" : null;
    if (!key) {
      fail(err);
      return;
    }
    box.textContent = `${t("error.prefix")} ${t(key)}`;
    box.hidden = false;
    $("code").focus();
  }
}

if (!LANGS.includes(getLang())) setLang("en");
start();
