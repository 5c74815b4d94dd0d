// Sign-in, language switch and the view for the token's role.

import { api, ApiError, tokenStore } from "./api.js";
import { clear, h } from "./dom.js";
import { LANGS, setLang, getLang, t } from "./i18n.js";
import * as employer from "./employer.js";
import * as agency from "./agency.js";
import * as worker from "./worker.js";
import * as organizer from "./organizer.js";

const VIEWS = { employer, agency, worker, organizer };
// Admins see everything: they get the organiser's, agency's and employer's pages as tabs.
const ADMIN_TABS = ["organizer", "agency", "employer"];

const $ = (id) => document.getElementById(id);
const state = { me: null, tab: null };

function say(message) {
  $("status").textContent = message;
}

function fail(err) {
  const box = $("alert");
  if (!err) {
    box.hidden = true;
    box.textContent = "";
    return;
  }
  let message = err instanceof ApiError ? err.message : String(err);
  if (err instanceof ApiError && err.status === 0) message = t("error.network");
  if (err instanceof ApiError && err.status === 401) message = t("error.token");
  box.textContent = `${t("error.prefix")} ${message}`;
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
    const subject = state.me.subject_id ? ` #${state.me.subject_id}` : "";
    $("who-label").textContent = `${t(`role.${state.me.role}`)}${subject} · ${state.me.name}`;
  }
}

function ctx() {
  return { me: state.me, lang: getLang(), say, fail };
}

async function renderView() {
  const view = $("view");
  clear(view);
  if (!state.me) return;
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
  relabel();
  const saved = tokenStore.get();
  if (saved) signIn(saved);
}

if (!LANGS.includes(getLang())) setLang("en");
start();
