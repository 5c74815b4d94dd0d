// Agency workspace (issue 19): the agency's own workers listed with the real total, sorted or
// searched (a name or external id puts that person first), each one opened to see its profile,
// the events it is registered for and what it lacks for open vacancies, edited (422s shown
// beside the field they name) or deleted after a confirmation; above them, the near misses of
// GET /v1/eligibility-gaps. Below: bulk import with upload progress and the row-level error
// report, and consent signed on paper.

import { api, ApiError, downloadFile, upload } from "./api.js";
import { clear, field, h } from "./dom.js";
import { addTexts, FIELDS, fieldLabel, getLang, t } from "./i18n.js";
import { paperConsentSection } from "./consents.js";
import { agencyMeetingsSection } from "./agency-meetings.js"; // meetings with companies (issue 18)
import { cancelJob, JobError, progressText, showProgress, waitForJob } from "./jobs.js"; // the import's job (issue 17)
import { busy, components, dateHint, dateInput, dateValue, day, eligibleBadge, explanation, num, scoreBar, uid,
  vacancyFacts, workerFacts, workerName } from "./ui.js";
import { categoriesOf, categoryLabel } from "./vocabulary.js";

const PAGE = 10;
const LEVELS = ["N5", "N4", "N3", "N2", "N1"];
const SEARCH_DEPTH = 300; // a query's ranking reaches this deep (MAX_SEARCH_DEPTH of the API)
// Listing orders offered on the page: [value, API sort, descending].
const SORTS = [
  ["name", "name", false],
  ["updated", "updated", true],
  ["available", "available", false],
  ["japanese", "japanese", true],
  ["newest", "id", true],
];
const state = { query: "", filters: {}, mineOnly: true, sort: "name", page: 0, open: null };
/** Dispatched (bubbling) by whatever changes the agency's workers: an edit, a delete, an import.
 *  The list and the near-miss summary fetch themselves again, without taking the status line. */
export const WORKERS_CHANGED = "agency:workers-changed";

export async function render(root, ctx) {
  const detail = h("section", { class: "card worker-detail", id: "worker-detail", tabindex: "-1", hidden: true,
    "aria-labelledby": "worker-detail-name" });
  const workspace = workspaceSection(ctx, detail, root);
  root.append(gapsSection(ctx, root), detail, workspace, importSection(ctx), paperConsentSection(ctx));
  workspace.after(agencyMeetingsSection(ctx)); // meetings with companies at events (issue 18)
}

// --- agency workspace (issue 19): labels ---
addTexts({
  "agency.ws.title": ["My workers", "自社の求職者", "Pekerja saya"],
  "agency.ws.title_all": ["Workers", "求職者", "Pekerja"],
  "agency.ws.intro": [
    "Your workers, in the order you choose. Search by name, external id (AG1-000123) or description: a name or id puts that person first, small typos allowed.",
    "登録した求職者の一覧です。氏名・外部ID(AG1-000123)・説明文で検索できます。氏名やIDが一致する人が先頭に表示されます(多少の入力ミスも可)。",
    "Daftar pekerja Anda, urut sesuai pilihan. Cari dengan nama, ID eksternal (AG1-000123) atau deskripsi: nama atau ID yang cocok tampil paling atas, salah ketik kecil tidak apa-apa.",
  ],
  "agency.ws.query_hint": [
    "A name, an external id, or free text in any language (“perawat lansia”, “介護 夜勤”). Empty: the list.",
    "氏名・外部ID、またはどの言語の文章でも可(「介護 夜勤」「perawat lansia」)。空欄なら一覧。",
    "Nama, ID eksternal, atau teks bebas dalam bahasa apa pun (“perawat lansia”, “介護 夜勤”). Kosong: daftar lengkap.",
  ],
  "agency.ws.mine_only": ["Only my workers", "自社の求職者のみ", "Hanya pekerja saya"],
  "agency.ws.category": ["Job category", "業務区分", "Kategori pekerjaan"],
  "agency.ws.sort.name": ["Name (A–Z)", "氏名順", "Nama (A–Z)"],
  "agency.ws.sort.updated": ["Recently updated first", "更新が新しい順", "Terakhir diperbarui dulu"],
  "agency.ws.sort.available": ["Available soonest first", "就業可能日が早い順", "Paling cepat tersedia dulu"],
  "agency.ws.sort.japanese": ["Highest Japanese level first", "日本語レベルが高い順", "Level bahasa Jepang tertinggi dulu"],
  "agency.ws.sort.newest": ["Newest registered first", "登録が新しい順", "Terbaru didaftarkan dulu"],
  "agency.ws.sort_relevance": ["A search is ordered by relevance.", "検索結果は関連度順です。", "Hasil pencarian diurutkan menurut relevansi."],
  "agency.ws.show_all": ["Show the whole list", "一覧に戻る", "Tampilkan seluruh daftar"],
  "agency.ws.range": ["{from}–{to} of {total} workers", "全 {total} 人中 {from}–{to} 人目", "{from}–{to} dari {total} pekerja"],
  "agency.ws.capped": [
    "A search ranks the best {cap}; narrow it with the filters to reach the others.",
    "検索結果は上位 {cap} 人までです。残りは絞り込み条件で探してください。",
    "Pencarian hanya menampilkan {cap} teratas; persempit dengan filter untuk yang lain.",
  ],
  "agency.ws.open": ["Open", "開く", "Buka"],
  "agency.ws.opened": ["{name}: profile, events and open vacancies shown.", "{name} さんのプロフィール・イベント・求人を表示しました。", "Profil, acara dan lowongan {name} ditampilkan."],
  "agency.ws.close": ["Close", "閉じる", "Tutup"],
  "agency.ws.updated": ["Updated {when}", "{when} 更新", "Diperbarui {when}"],
  "agency.ws.gaps_title": ["One requirement short", "あと1つの条件で応募できる求職者", "Kurang satu syarat lagi"],
  "agency.ws.gaps_intro": [
    "Your workers who lack exactly one requirement of an open vacancy, grouped by what they lack.",
    "募集中の求人の必須条件があと1つだけ足りない求職者を、不足している条件ごとにまとめています。",
    "Pekerja Anda yang hanya kurang satu syarat untuk lowongan terbuka, dikelompokkan menurut yang kurang.",
  ],
  "agency.ws.gaps_none": [
    "None of your workers is exactly one requirement short of an open vacancy.",
    "あと1つの条件で応募できる求職者はいません。",
    "Tidak ada pekerja Anda yang hanya kurang satu syarat untuk lowongan terbuka.",
  ],
  "agency.ws.gaps_show": ["Show them", "該当者を表示", "Tampilkan mereka"],
  "agency.ws.profile": ["Profile", "プロフィール", "Profil"],
  "agency.ws.external_id": ["External id", "外部ID", "ID eksternal"],
  "agency.ws.full_name": ["Full name", "氏名", "Nama lengkap"],
  "agency.ws.birth_date": ["Date of birth", "生年月日", "Tanggal lahir"],
  "agency.ws.summary": ["Summary", "概要・自己紹介", "Ringkasan"],
  "agency.ws.contact": ["Contact", "連絡先", "Kontak"],
  "agency.ws.email": ["Email", "メールアドレス", "Email"],
  "agency.ws.phone": ["Phone", "電話番号", "Nomor telepon"],
  "agency.ws.fields": ["Fields wanted", "希望分野", "Bidang yang diinginkan"],
  "agency.ws.prefectures": ["Prefectures wanted (separate with commas)", "希望都道府県(カンマ区切り)", "Prefektur yang diinginkan (pisahkan dengan koma)"],
  "agency.ws.available_from": ["Available from", "就業可能日", "Tersedia mulai"],
  "agency.ws.discoverable": ["Employers may find this worker", "企業の検索に表示する", "Boleh ditemukan pemberi kerja"],
  "agency.ws.yes": ["Yes", "はい", "Ya"],
  "agency.ws.no": ["No", "いいえ", "Tidak"],
  "agency.ws.japanese": ["Japanese tests", "日本語試験", "Tes bahasa Jepang"],
  "agency.ws.jp_test": ["Test", "試験", "Tes"],
  "agency.ws.jp_level": ["Level", "レベル", "Level"],
  "agency.ws.jp_passed": ["Passed on", "合格日", "Lulus pada"],
  "agency.ws.jp_care": ["Nursing care Japanese test", "介護日本語評価試験", "Tes bahasa Jepang perawatan lansia"],
  "agency.ws.jp_pass": ["passed", "合格", "lulus"],
  "agency.ws.jp_add": ["Add a Japanese test", "日本語試験を追加", "Tambah tes bahasa Jepang"],
  "agency.ws.certificates": ["Certificates", "資格証明", "Sertifikat"],
  "agency.ws.cert_scheme": ["Scheme", "スキーム", "Skema"],
  "agency.ws.cert_number": ["Certificate number", "証明書番号", "Nomor sertifikat"],
  "agency.ws.cert_issuer": ["Issuer (LSP)", "発行機関(LSP)", "Penerbit (LSP)"],
  "agency.ws.cert_code": ["Scheme code", "スキームコード", "Kode skema"],
  "agency.ws.cert_kkni": ["KKNI level", "KKNIレベル", "Level KKNI"],
  "agency.ws.cert_issued": ["Issued on", "発行日", "Tanggal terbit"],
  "agency.ws.cert_expires": ["Expires on", "有効期限", "Berlaku sampai"],
  "agency.ws.cert_status": ["Status", "状態", "Status"],
  "agency.ws.cert_add": ["Add a certificate", "資格を追加", "Tambah sertifikat"],
  "agency.ws.status.valid": ["Valid", "有効", "Berlaku"],
  "agency.ws.status.expired": ["Expired", "期限切れ", "Kedaluwarsa"],
  "agency.ws.status.revoked": ["Revoked", "取消", "Dicabut"],
  "agency.ws.status.suspended": ["Suspended", "停止中", "Dibekukan"],
  "agency.ws.remove_row": ["Remove", "削除", "Hapus"],
  "agency.ws.row": ["{what} {n}", "{what} {n}", "{what} {n}"],
  "agency.ws.ssw_tests": ["SSW skill tests", "特定技能評価試験", "Tes keterampilan SSW"],
  "agency.ws.experience": ["Experience", "経験", "Pengalaman"],
  "agency.ws.years": ["{n} years", "{n}年", "{n} tahun"],
  "agency.ws.none": ["None recorded", "登録なし", "Belum ada data"],
  "agency.ws.edit": ["Edit", "編集", "Ubah data"],
  "agency.ws.edit_hint": [
    "Only what you change is sent; the server checks the whole profile again.",
    "変更した項目だけを送信し、サーバーがプロフィール全体を確認し直します。",
    "Hanya yang Anda ubah yang dikirim; server memeriksa ulang seluruh profil.",
  ],
  "agency.ws.save": ["Save changes", "変更を保存", "Simpan perubahan"],
  "agency.ws.saved": ["Saved: {name}.", "{name} さんの情報を保存しました。", "Tersimpan: {name}."],
  "agency.ws.fix_fields": [
    "Some entries need fixing: see the message beside each.",
    "修正が必要な項目があります。各項目の横のメッセージを確認してください。",
    "Ada isian yang perlu diperbaiki: lihat pesan di samping masing-masing.",
  ],
  "agency.ws.server_said": ["Server: {message}", "サーバー: {message}", "Server: {message}"],
  "agency.ws.expect.phone": ["6 to 24 digits; +, spaces, ( ) and - are allowed.", "6〜24桁の数字(+、空白、( )、- も使えます)。", "6–24 angka; boleh memakai +, spasi, ( ) dan -."],
  "agency.ws.expect.email": ["An address like name@example.com.", "name@example.com の形式で入力してください。", "Alamat seperti nama@contoh.com."],
  "agency.ws.expect.birth_date": ["A date of birth giving an age of 15 to 70 today.", "本日時点で15〜70歳になる生年月日を入力してください。", "Tanggal lahir dengan usia 15 sampai 70 tahun hari ini."],
  "agency.ws.expect.past": ["A date that is not after today.", "本日以前の日付を入力してください。", "Tanggal yang tidak melewati hari ini."],
  "agency.ws.expect.expires_on": ["A date after the issue date.", "発行日より後の日付を入力してください。", "Tanggal setelah tanggal terbit."],
  "agency.ws.expect.kkni_level": ["A whole number from 1 to 9.", "1〜9の整数を入力してください。", "Bilangan bulat 1 sampai 9."],
  "agency.ws.expect.required": ["Required: this must not be empty.", "必須です。空欄にできません。", "Wajib diisi: tidak boleh kosong."],
  "agency.ws.expect.other": ["Check this entry.", "入力内容を確認してください。", "Periksa isian ini."],
  "agency.ws.events": ["Events registered for", "登録済みのイベント", "Acara yang diikuti"],
  "agency.ws.events_none": ["Not registered for any event.", "登録しているイベントはありません。", "Belum terdaftar di acara mana pun."],
  "agency.ws.reg.registered": ["Registered", "登録済み", "Terdaftar"],
  "agency.ws.reg.cancelled": ["Cancelled", "取消済み", "Dibatalkan"],
  "agency.ws.reg.ranked": ["{n} companies ranked", "{n} 社の希望順位あり", "{n} perusahaan sudah diurutkan"],
  "agency.ws.online": ["Online", "オンライン", "Daring"],
  "agency.ws.fit": ["Open vacancies: what is missing", "募集中の求人: 不足している点", "Lowongan terbuka: yang masih kurang"],
  "agency.ws.fit_eligible": [
    "Meets every requirement of {n} of these open vacancies.",
    "このうち {n} 件の求人の必須条件をすべて満たしています。",
    "Memenuhi semua syarat untuk {n} lowongan terbuka ini.",
  ],
  "agency.ws.fit_eligible_none": [
    "Does not yet meet every requirement of any of these open vacancies.",
    "必須条件をすべて満たす募集中の求人はまだありません。",
    "Belum memenuhi semua syarat untuk satu pun lowongan terbuka ini.",
  ],
  "agency.ws.fit_none": ["No open vacancies to compare with.", "比較できる募集中の求人はありません。", "Tidak ada lowongan terbuka untuk dibandingkan."],
  "agency.ws.fit_misses": ["Misses a requirement for {n} vacancies:", "{n} 件の求人で必須条件が不足しています:", "Kurang syarat untuk {n} lowongan:"],
  "agency.ws.other_agency": [
    "This worker is registered by another agency: contact data hidden, no changes from here.",
    "他の送出機関が登録した求職者です。連絡先は非表示で、ここからは変更できません。",
    "Pekerja ini didaftarkan agensi lain: kontak disembunyikan, tidak dapat diubah dari sini.",
  ],
  "agency.ws.delete": ["Delete this worker…", "この求職者を削除…", "Hapus pekerja ini…"],
  "agency.ws.delete_title": ["Delete {name}?", "{name} さんを削除しますか?", "Hapus {name}?"],
  "agency.ws.delete_text": [
    "The profile of {name} ({id}) is removed with its certificates, tests and event registrations; the log of who viewed it stays. This cannot be undone.",
    "{name}({id})さんのプロフィールを、資格・試験・イベント登録とともに削除します。閲覧記録は残ります。元に戻せません。",
    "Profil {name} ({id}) dihapus beserta sertifikat, tes dan pendaftaran acaranya; catatan siapa yang pernah melihatnya tetap ada. Tindakan ini tidak dapat dibatalkan.",
  ],
  "agency.ws.delete_yes": ["Delete {name}", "{name} さんを削除", "Hapus {name}"],
  "agency.ws.cancel": ["Cancel", "キャンセル", "Batal"],
  "agency.ws.deleted": ["{name} was deleted.", "{name} さんを削除しました。", "{name} telah dihapus."],
});
// --- end of agency workspace labels ---

// --- agency workspace (issue 19) ---

/** The near misses above the list: GET /v1/eligibility-gaps, each group's sentence in the
 *  page's language ("3 of your workers lack only Japanese N4 for 12 vacancies"). */
function gapsSection(ctx, root) {
  const lines = h("div");
  const box = h("section", { class: "card ws-gaps", id: "agency-gaps", "aria-live": "polite" },
    h("h2", { text: t("agency.ws.gaps_title") }), h("p", { class: "hint", text: t("agency.ws.gaps_intro") }), lines);
  let latest = 0;
  async function load() {
    const ticket = ++latest;
    const gaps = await api(`/v1/eligibility-gaps?lang=${ctx.lang}`);
    if (ticket !== latest) return;
    clear(lines);
    if (!gaps.data.length) {
      lines.append(h("p", { class: "gaps-none", text: t("agency.ws.gaps_none") }));
      return;
    }
    lines.append(h("ul", { class: "gap-lines" }, gaps.data.map((g) => h("li", { dataset: { requirement: g.requirement } },
      h("span", { text: g.text })))));
  }
  root.addEventListener(WORKERS_CHANGED, () => load().catch(ctx.fail));
  load().catch(ctx.fail);
  return box;
}

/** The list of workers: a listing without a query (sorted, paged by the server with its real
 *  total) or a hybrid search with the same filters. Another part of the page that changes the
 *  agency's workers (an import) dispatches a bubbling `agency:workers-changed` event on its own
 *  element, and the list is fetched again. */
function workspaceSection(ctx, detail, root) {
  const f = state.filters;
  const isAgency = ctx.me.role === "agency";
  const query = h("input", { id: uid("q"), type: "search", maxlength: "1000", value: state.query });
  const fieldSel = h("select", { id: uid("field") },
    h("option", { value: "", text: t("any") }),
    FIELDS.map((code) => h("option", { value: code, text: fieldLabel(code), selected: f.ssw_field === code })));
  const category = h("select", { id: uid("cat") });
  const categoryBox = field(t("agency.ws.category"), category);
  const level = h("select", { id: uid("jp") },
    h("option", { value: "", text: t("any") }),
    LEVELS.map((l) => h("option", { value: l, text: t("jp_at_least", { level: l }), selected: f.min_japanese === l })));
  const cert = h("input", { id: uid("cert"), type: "text", maxlength: "200", value: f.certificate || "" });
  const province = h("input", { id: uid("prov"), type: "text", maxlength: "200", value: f.province || "" });
  const available = dateInput(f.available_by || "", { id: uid("avail") });
  const mine = h("input", { id: uid("mine"), type: "checkbox", checked: state.mineOnly });
  const sort = h("select", { id: uid("sort") },
    SORTS.map(([value]) => h("option", { value, text: t(`agency.ws.sort.${value}`), selected: state.sort === value })));
  const sortHint = h("p", { class: "hint", text: t("agency.ws.sort_relevance") });
  const results = h("div", { class: "search-results", "aria-live": "polite", tabindex: "-1" });

  function fillCategories() {
    const options = categoriesOf(fieldSel.value);
    clear(category);
    category.append(h("option", { value: "", text: t("any") }),
      options.map((c) => h("option", { value: c.code, text: categoryLabel(c.code), selected: f.category === c.code })));
    categoryBox.hidden = options.length < 2; // a single-category field needs no choice
  }
  function sortState() {
    const searching = Boolean(query.value.trim());
    sort.disabled = searching;
    sortHint.hidden = !searching;
  }
  fillCategories();
  sortState();
  fieldSel.addEventListener("change", fillCategories);
  query.addEventListener("input", sortState);

  const form = h("form", { class: "search", role: "search", novalidate: true },
    field(t("agency.query"), query, t("agency.ws.query_hint")),
    h("div", { class: "filters" },
      field(t("filter.field"), fieldSel),
      categoryBox,
      field(t("filter.japanese"), level),
      field(t("filter.certificate"), cert),
      field(t("filter.province"), province),
      field(t("filter.available_by"), available, dateHint())),
    h("div", { class: "ws-toolbar" },
      isAgency ? h("div", { class: "inline" }, mine, h("label", { for: mine.id, text: t("agency.ws.mine_only") })) : null,
      h("div", { class: "field" }, h("label", { for: sort.id, text: t("order.label") }), sort, sortHint)),
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary", text: t("agency.search") }),
      h("button", { type: "button", text: t("agency.ws.show_all"), on: { click: () => {
        query.value = "";
        sortState();
        form.requestSubmit();
      } } })));

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const availableBy = dateValue(available);
    if (availableBy === null) {
      available.focus();
      return;
    }
    state.query = query.value.trim();
    state.filters = {
      ssw_field: fieldSel.value || null,
      category: (!categoryBox.hidden && category.value) || null,
      min_japanese: level.value || null,
      certificate: cert.value.trim() || null,
      province: province.value.trim() || null,
      available_by: availableBy || null,
    };
    state.mineOnly = mine.checked;
    state.sort = sort.value;
    state.page = 0;
    clear(results); // the previous list goes at once: nothing stale reads as the answer
    await run();
  });

  let latest = 0; // a slower, older answer must not replace a newer one
  /** Fetch and show the current page; `quiet` leaves the status line to whoever changed the
   *  workers (an import's own "done" message stays). */
  async function run(focus = false, quiet = false) {
    const ticket = ++latest;
    if (!quiet) ctx.fail(null);
    const filters = Object.fromEntries(Object.entries(state.filters).filter(([, v]) => v));
    if (isAgency && state.mineOnly) filters.mine_only = true;
    const body = { filters, limit: PAGE, offset: state.page * PAGE, lang: ctx.lang };
    if (state.query) {
      body.query = state.query;
    } else {
      const [, key, descending] = SORTS.find(([value]) => value === state.sort) || SORTS[0];
      Object.assign(body, { sort: key, descending });
    }
    try {
      const request = api("/v1/search/workers", { method: "POST", body });
      const found = await (quiet ? request : busy(results, ctx, request));
      if (ticket !== latest) return;
      show(found, quiet);
      if (focus) results.focus();
    } catch (err) {
      if (ticket === latest) ctx.fail(err);
    }
  }

  function show(found, quiet) {
    clear(results);
    if (!found.data.length) {
      results.append(h("p", { text: t("empty.search") }));
      if (!quiet) ctx.say(t("empty.search"));
      return;
    }
    const searching = Boolean(state.query);
    const reachable = searching ? Math.min(found.total, SEARCH_DEPTH) : found.total;
    const pages = Math.max(1, Math.ceil(reachable / PAGE));
    const start = state.page * PAGE;
    const range = t("agency.ws.range", { from: num(start + 1), to: num(start + found.data.length), total: num(found.total) });
    const ol = h("ol", { class: "results", start: String(start + 1) });
    for (const m of found.data) ol.append(resultItem(m, searching));
    const go = (step) => { state.page += step; run(true); };
    const pageLabel = t("page.of", { page: num(state.page + 1), pages: num(pages), n: num(found.total) });
    const capped = searching && found.total > SEARCH_DEPTH;
    results.append(
      h("p", { class: "count ws-range", text: range }),
      ol,
      h("p", { class: "hint", hidden: !capped, text: t("agency.ws.capped", { cap: num(SEARCH_DEPTH) }) }),
      h("nav", { class: "pager", "aria-label": t("page.nav") },
        h("button", { type: "button", text: t("page.prev"), disabled: state.page === 0, on: { click: () => go(-1) } }),
        h("span", { text: pageLabel }),
        h("button", { type: "button", text: t("page.next"), disabled: state.page >= pages - 1, on: { click: () => go(1) } })));
    if (!quiet) ctx.say(range);
  }

  function resultItem(m, searching) {
    const w = m.worker;
    const name = workerName(w);
    const open = h("button", { type: "button", class: "open-worker", text: t("agency.ws.open"),
      "aria-label": `${t("agency.ws.open")}: ${name}`,
      on: { click: () => openWorker(ctx, detail, w.id).catch(ctx.fail) } });
    return h("li", { class: "result", dataset: { workerId: String(w.id) } },
      h("div", { class: "head" },
        h("h3", { text: name }),
        w.external_id ? h("span", { class: "ext-id", text: w.external_id }) : null,
        h("span", { class: "badge", text: t(`view.${w.view}`) }),
        searching ? eligibleBadge(m) : null,
        open),
      workerFacts(w),
      // A listing has nothing to explain: what the profile shows fits on one line.
      searching ? scoreBar(m.score) : null,
      searching ? explanation(m.reasons, m.gaps) : h("p", { class: "highlights", text: m.reasons.join(" · ") }),
      !searching && m.gaps.length ? h("p", { class: "highlights missing", text: m.gaps.join(" · ") }) : null,
      searching ? components(m.components) : null);
  }

  /** After an edit, a delete or an import: the same page again (the previous one if it
   *  emptied). */
  async function refresh(quiet = false) {
    await run(false, quiet);
    if (state.page > 0 && !results.querySelector(".results")) {
      state.page -= 1;
      await run(false, quiet);
    }
  }

  root.addEventListener(WORKERS_CHANGED, () => refresh(true).catch(ctx.fail));
  run();
  if (state.open) openWorker(ctx, detail, state.open).catch(ctx.fail);
  return h("section", { class: "card ws-list", id: "my-workers" },
    h("h2", { text: t(isAgency ? "agency.ws.title" : "agency.ws.title_all") }),
    h("p", { class: "hint", text: t("agency.ws.intro") }), form, results);
}

/** A moment in the page's language with a 24-hour clock in Japanese and Indonesian. */
function moment(iso) {
  if (!iso) return "";
  const lang = getLang();
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", hourCycle: lang === "en" ? "h12" : "h23" })
    .format(new Date(iso));
}

/** One worker opened: profile, events, what it lacks for open vacancies, edit and delete. */
async function openWorker(ctx, detail, workerId) {
  ctx.fail(null);
  state.open = workerId;
  detail.hidden = false;
  const w = await busy(detail, ctx, api(`/v1/workers/${workerId}`));
  clear(detail);
  const name = workerName(w);
  const own = w.view === "full";
  const close = h("button", { type: "button", class: "close", text: t("agency.ws.close"), on: { click: () => {
    state.open = null;
    detail.hidden = true;
    clear(detail);
    // Back to where the person was in the list.
    const opener = document.querySelector(`#my-workers li[data-worker-id="${workerId}"] .open-worker`);
    if (opener) opener.focus();
  } } });
  const events = h("div", { class: "ws-events", "aria-live": "polite" });
  const fit = h("div", { class: "ws-fit", "aria-live": "polite" });
  detail.append(...[
    h("div", { class: "head" },
      h("h2", { id: "worker-detail-name", text: name }),
      w.external_id ? h("span", { class: "ext-id", text: w.external_id }) : null,
      h("span", { class: "badge", text: t(`view.${w.view}`) }),
      close),
    w.updated_at ? h("p", { class: "facts", text: t("agency.ws.updated", { when: moment(w.updated_at) }) }) : null,
    own ? null : h("p", { class: "hint", text: t("agency.ws.other_agency") }),
    h("div", { class: "ws-columns" },
      h("div", {}, h("h3", { text: t("agency.ws.profile") }), profileList(w)),
      h("div", {}, h("h3", { text: t("agency.ws.events") }), events,
        own ? h("h3", { text: t("agency.ws.fit") }) : null, own ? fit : null)),
  ].filter(Boolean));
  if (own) {
    const changed = () => detail.dispatchEvent(new CustomEvent(WORKERS_CHANGED, { bubbles: true }));
    detail.append(editForm(ctx, w, async (updated) => {
      changed();
      await openWorker(ctx, detail, updated.id);
      ctx.say(t("agency.ws.saved", { name: workerName(updated) }));
    }));
    detail.append(deleteButton(ctx, detail, w, async () => {
      state.open = null;
      detail.hidden = true;
      clear(detail);
      changed();
    }));
  }
  detail.focus();
  await Promise.all([eventsOf(ctx, events, w.id), own ? fitOf(ctx, fit, w.id) : null].map((p) => Promise.resolve(p).catch(ctx.fail)));
  ctx.say(t("agency.ws.opened", { name }));
}

function profileList(w) {
  const yes = (b) => t(b ? "agency.ws.yes" : "agency.ws.no");
  const list = (items, render) => (items && items.length
    ? h("ul", { class: "plain" }, items.map((item) => h("li", { text: render(item) })))
    : h("span", { class: "muted", text: t("agency.ws.none") }));
  const contact = w.contact ? [w.contact.phone, w.contact.email].filter(Boolean).join(" · ") : "";
  const rows = [
    ["agency.ws.birth_date", w.birth_date ? day(w.birth_date) : w.age !== undefined ? t("age_n", { n: w.age }) : ""],
    ["filter.province", w.province || ""],
    ["agency.ws.contact", contact],
    ["agency.ws.summary", w.summary || ""],
    ["agency.ws.japanese", list(w.japanese, (j) => [`${testLabel(j.test)} ${levelLabel(j.level)}`,
      j.passed_on ? day(j.passed_on) : ""].filter(Boolean).join(" · "))],
    ["agency.ws.certificates", list(w.certificates, (c) => [c.scheme, c.number, c.issuer,
      c.expires_on ? `${t("agency.ws.cert_expires")} ${day(c.expires_on)}` : "",
      c.status === "valid" ? "" : t(`agency.ws.status.${c.status}`)].filter(Boolean).join(" · "))],
    ["agency.ws.ssw_tests", list(w.ssw_tests, (s) => [s.category && categoriesOf(s.field).length > 1
      ? `${fieldLabel(s.field)} / ${categoryLabel(s.category)}` : fieldLabel(s.field), s.passed_on ? day(s.passed_on) : ""].filter(Boolean).join(" · "))],
    ["agency.ws.experience", list(w.experience, (e) => [e.title, e.field ? fieldLabel(e.field) : "",
      t("agency.ws.years", { n: num(e.years) })].filter(Boolean).join(" · "))],
    ["agency.ws.fields", (w.preferred_fields || []).map(fieldLabel).join(", ")],
    ["agency.ws.available_from", w.available_from ? day(w.available_from) : ""],
    ["agency.ws.discoverable", w.discoverable === undefined ? "" : yes(w.discoverable)],
  ];
  return h("dl", { class: "ws-profile" }, rows.filter(([, value]) => value !== "").map(([key, value]) => h("div", {},
    h("dt", { text: t(key) }), h("dd", {}, value))));
}

function dateSpan(event) {
  return event.starts_on === event.ends_on ? day(event.starts_on) : `${day(event.starts_on)} – ${day(event.ends_on)}`;
}

/** The events the worker is registered for (an agency sees its own workers' registrations). */
async function eventsOf(ctx, box, workerId) {
  const events = (await busy(box, ctx, api("/v1/events"))).data;
  const regs = await Promise.all(events.map((e) => api(`/v1/events/${e.id}/workers`)
    .then((r) => r.data.find((x) => x.worker_id === workerId) || null, () => null)));
  const mine = events.map((e, i) => [e, regs[i]]).filter(([, r]) => r);
  if (!mine.length) {
    box.append(h("p", { text: t("agency.ws.events_none") }));
    return;
  }
  box.append(h("ul", { class: "plain ws-event-list" }, mine.map(([e, r]) => h("li", { dataset: { event: String(e.id) } },
    h("strong", { text: e.name }), " ",
    h("span", { class: `badge ${r.status === "registered" ? "ok" : ""}`, text: t(`agency.ws.reg.${r.status}`) }),
    h("span", { class: "facts", text: ` ${[dateSpan(e), e.online ? t("agency.ws.online") : e.venue || "",
      r.ranking.length ? t("agency.ws.reg.ranked", { n: num(r.ranking.length) }) : ""].filter(Boolean).join(" · ")}` })))));
}

/** What the worker lacks for each open vacancy, nearest misses first. */
async function fitOf(ctx, box, workerId) {
  const q = new URLSearchParams({ include_ineligible: "true", limit: "50", lang: ctx.lang });
  const recs = (await busy(box, ctx, api(`/v1/workers/${workerId}/recommendations?${q}`))).data;
  if (!recs.length) {
    box.append(h("p", { text: t("agency.ws.fit_none") }));
    return;
  }
  const eligible = recs.filter((m) => m.eligible);
  const misses = recs.filter((m) => !m.eligible).sort((a, b) => a.gaps.length - b.gaps.length || b.score - a.score);
  box.append(h("p", { class: "fit-eligible",
    text: eligible.length ? t("agency.ws.fit_eligible", { n: num(eligible.length) }) : t("agency.ws.fit_eligible_none") }));
  if (!misses.length) return;
  box.append(h("p", { text: t("agency.ws.fit_misses", { n: num(misses.length) }) }),
    h("ul", { class: "results ws-misses" }, misses.map((m) => h("li", { class: "result ineligible", dataset: { vacancy: String(m.vacancy.id) } },
      h("div", { class: "head" }, h("h4", { text: m.vacancy.title })),
      vacancyFacts(m.vacancy),
      h("ul", { class: "gaps" }, m.gaps.map((g) => h("li", { text: g })))))));
}

// -- the edit form ----------------------------------------------------------------------------

const JP_LEVELS = { JLPT: ["N5", "N4", "N3", "N2", "N1"], "JFT-Basic": ["A2"], "care-japanese": ["pass"] };
const testLabel = (test) => (test === "care-japanese" ? t("agency.ws.jp_care") : test);
const levelLabel = (level) => (level === "pass" ? t("agency.ws.jp_pass") : level);
const CERT_STATUSES = ["valid", "expired", "revoked", "suspended"];

/** The localised expectation for a field path the API names (the API's own message follows it,
 *  so no detail is lost when the lead is generic). */
function expectation(path) {
  const last = path.split(".").pop();
  if (last === "phone") return t("agency.ws.expect.phone");
  if (last === "email") return t("agency.ws.expect.email");
  if (path === "birth_date") return t("agency.ws.expect.birth_date");
  if (last === "expires_on") return t("agency.ws.expect.expires_on");
  if (["passed_on", "issued_on"].includes(last)) return t("agency.ws.expect.past");
  if (last === "kkni_level") return t("agency.ws.expect.kkni_level");
  if (["full_name", "scheme", "number", "issuer"].includes(last)) return t("agency.ws.expect.required");
  return t("agency.ws.expect.other");
}

/** Drop empty values so a blank optional input means "not recorded" rather than "". */
function compact(object) {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== "" && v !== null && v !== undefined));
}

/** A list of sub-records (Japanese tests, certificates) edited as rows; each row keeps the
 *  stored record it came from, so fields the form does not show (units, verification...) are
 *  sent back unchanged. `columns`: [name, label, make(value) -> control, read(control) -> value,
 *  wide (a long value such as a scheme name gets two grid columns)];
 *  `onRow` gets each new row's controls by name (to tie one control to another). */
function listEditor(legend, addLabel, rowLabel, items, columns, blank, onRow = () => {}) {
  const rows = [];
  const body = h("div", { class: "list-rows" });
  const box = h("fieldset", { class: "list-editor" }, h("legend", { text: legend }), body);
  function addRow(base) {
    const controls = columns.map(([name, label, make, , wide]) => {
      const control = make(base[name] ?? "");
      control.id = uid(`row-${name}`);
      const box = field(label, control);
      if (wide) box.classList.add("wide");
      return { name, control, box };
    });
    const row = { base, controls, el: null };
    onRow(Object.fromEntries(controls.map((c) => [c.name, c.control])));
    const remove = h("button", { type: "button", class: "remove-row", text: t("agency.ws.remove_row"), on: { click: () => {
      rows.splice(rows.indexOf(row), 1);
      row.el.remove();
      relabel();
    } } });
    row.el = h("fieldset", { class: "list-row" }, h("legend", { class: "row-legend" }), controls.map((c) => c.box), remove);
    rows.push(row);
    body.append(row.el);
    relabel();
    return row;
  }
  function relabel() {
    rows.forEach((row, i) => {
      const text = t("agency.ws.row", { what: rowLabel, n: i + 1 });
      row.el.querySelector(".row-legend").textContent = text;
      row.el.querySelector(".remove-row").setAttribute("aria-label", `${t("agency.ws.remove_row")}: ${text}`);
    });
  }
  for (const item of items || []) addRow(item);
  box.append(h("button", { type: "button", class: "add-row", text: addLabel, on: { click: () => {
    const row = addRow({ ...blank });
    row.controls[0].control.focus();
  } } }));
  return {
    box,
    /** The rows as records, or null when a date in them is not a date. */
    read() {
      let ok = true;
      const value = rows.map((row) => {
        const edited = {};
        for (const [i, [name, , , read]] of columns.entries()) {
          const v = read(row.controls[i].control);
          if (v === null) ok = false;
          edited[name] = v;
        }
        return compact({ ...row.base, ...edited });
      });
      return ok ? value : null;
    },
    /** The field box of each `key.i.column` path, for the API's errors. */
    boxes(key) {
      const out = {};
      rows.forEach((row, i) => {
        out[`${key}.${i}`] = row.el;
        for (const c of row.controls) out[`${key}.${i}.${c.name}`] = c.box;
      });
      return out;
    },
  };
}

const textInput = (value) => h("input", { type: "text", maxlength: "200", value: value ?? "" });
const readText = (el) => el.value.trim();
const makeDate = (value) => dateInput(value || "");

function choice(values, labelOf) {
  return (value) => h("select", {}, values.map((v) => h("option", { value: v, text: labelOf(v), selected: v === value })));
}

function japaneseEditor(items) {
  // The levels offered follow the test chosen (JFT-Basic has only A2).
  const tie = ({ test, level }) => {
    const sync = () => {
      const keep = level.value || level.dataset.stored;
      clear(level);
      for (const l of JP_LEVELS[test.value] || []) level.append(h("option", { value: l, text: levelLabel(l), selected: l === keep }));
    };
    test.addEventListener("change", sync);
    sync();
  };
  const levelSelect = (value) => h("select", { dataset: { stored: value || "N4" } });
  return listEditor(t("agency.ws.japanese"), t("agency.ws.jp_add"), t("agency.ws.jp_test"), items, [
    ["test", t("agency.ws.jp_test"), choice(Object.keys(JP_LEVELS), testLabel), readText],
    ["level", t("agency.ws.jp_level"), levelSelect, (el) => el.value],
    ["passed_on", t("agency.ws.jp_passed"), makeDate, dateValue],
  ], { test: "JLPT", level: "N4" }, tie);
}

function certificateEditor(items) {
  return listEditor(t("agency.ws.certificates"), t("agency.ws.cert_add"), t("agency.ws.certificates"), items, [
    ["scheme", t("agency.ws.cert_scheme"), textInput, readText, true],
    ["number", t("agency.ws.cert_number"), textInput, readText, true],
    ["issuer", t("agency.ws.cert_issuer"), textInput, readText],
    ["scheme_code", t("agency.ws.cert_code"), textInput, readText],
    ["kkni_level", t("agency.ws.cert_kkni"), (v) => h("input", { type: "number", min: "1", max: "9", step: "1", value: v ?? "" }),
      (el) => (el.value === "" ? "" : Number(el.value))],
    ["issued_on", t("agency.ws.cert_issued"), makeDate, dateValue],
    ["expires_on", t("agency.ws.cert_expires"), makeDate, dateValue],
    ["status", t("agency.ws.cert_status"), choice(CERT_STATUSES, (v) => t(`agency.ws.status.${v}`)), (el) => el.value],
  ], { status: "valid" });
}

/** The agency's edit form: sends a PATCH with only the top-level fields that changed. */
function editForm(ctx, w, onSaved) {
  const name = h("input", { id: uid("name"), type: "text", maxlength: "200", autocomplete: "off", value: w.full_name || "" });
  const birth = dateInput(w.birth_date, { id: uid("birth") });
  const province = h("input", { id: uid("province"), type: "text", maxlength: "200", value: w.province || "" });
  const summary = h("textarea", { id: uid("summary"), rows: "4", maxlength: "5000", text: w.summary || "" });
  const email = h("input", { id: uid("email"), type: "email", inputmode: "email", maxlength: "254",
    value: (w.contact && w.contact.email) || "" });
  const phone = h("input", { id: uid("phone"), type: "tel", inputmode: "tel", maxlength: "40",
    value: (w.contact && w.contact.phone) || "" });
  const prefectures = h("input", { id: uid("prefs"), type: "text", maxlength: "1000",
    value: (w.preferred_prefectures || []).join(", ") });
  const available = dateInput(w.available_from, { id: uid("from") });
  const discoverable = h("input", { id: uid("disc"), type: "checkbox", checked: Boolean(w.discoverable) });
  const fieldBoxes = FIELDS.map((code) => h("input", { type: "checkbox", id: uid("pf"), value: code,
    checked: (w.preferred_fields || []).includes(code) }));
  const japanese = japaneseEditor(w.japanese);
  const certificates = certificateEditor(w.certificates);
  const general = h("ul", { class: "field-errors", "aria-live": "polite" });
  const boxes = {
    full_name: field(t("agency.ws.full_name"), name),
    birth_date: field(t("agency.ws.birth_date"), birth, dateHint()),
    province: field(t("filter.province"), province),
    summary: field(t("agency.ws.summary"), summary),
    "contact.phone": field(t("agency.ws.phone"), phone),
    "contact.email": field(t("agency.ws.email"), email),
    preferred_prefectures: field(t("agency.ws.prefectures"), prefectures),
    available_from: field(t("agency.ws.available_from"), available, dateHint()),
    discoverable: h("div", { class: "inline" }, discoverable, h("label", { for: discoverable.id, text: t("agency.ws.discoverable") })),
    preferred_fields: h("fieldset", { class: "choices ws-fields" }, h("legend", { text: t("agency.ws.fields") }),
      fieldBoxes.map((b) => h("div", { class: "inline" }, b, h("label", { for: b.id, text: fieldLabel(b.value) })))),
  };

  /** The form as a profile (top-level keys of WorkerUpdate), or null if a date is unreadable. */
  function current() {
    const dates = [birth, available].map(dateValue);
    const jp = japanese.read();
    const certs = certificates.read();
    if (dates.includes(null) || jp === null || certs === null) return null;
    const contact = compact({ email: email.value.trim(), phone: phone.value.trim() });
    return {
      full_name: name.value.trim(),
      birth_date: dates[0],
      province: province.value.trim() || null,
      summary: summary.value.trim() || null,
      contact: Object.keys(contact).length ? contact : null,
      japanese: jp,
      certificates: certs,
      preferred_fields: fieldBoxes.filter((b) => b.checked).map((b) => b.value),
      preferred_prefectures: prefectures.value.split(/[,、，]/).map((p) => p.trim()).filter(Boolean),
      available_from: dates[1] || null,
      discoverable: discoverable.checked,
    };
  }
  const saved = current(); // the stored profile as this form reads it: only differences are sent

  function clearErrors() {
    clear(general);
    for (const el of form.querySelectorAll(".field-error")) el.remove();
    for (const el of form.querySelectorAll("[aria-invalid='true']:not([data-date-input])")) el.removeAttribute("aria-invalid");
  }

  /** The API's message beside the field its path names (the deepest one shown), else below. */
  function showError(path, message) {
    const all = { ...boxes, ...japanese.boxes("japanese"), ...certificates.boxes("certificates") };
    const parts = path.split(".");
    let box = null;
    while (parts.length && !box) {
      box = all[parts.join(".")] || null;
      if (!box) parts.pop();
    }
    if (path === "contact") box = boxes["contact.phone"];
    const lead = expectation(path);
    const note = h("p", { class: "field-error", id: uid("err") },
      h("span", { text: lead }), " ", h("span", { class: "server-said", lang: "en", text: t("agency.ws.server_said", { message }) }));
    if (!box) {
      general.append(h("li", {}, h("code", { text: path || "(profile)" }), " ", note));
      return;
    }
    box.append(note);
    const control = box.querySelector("input, select, textarea");
    if (control) {
      control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", note.id);
    }
  }

  const form = h("form", { class: "stack ws-edit", novalidate: true },
    h("h3", { text: t("agency.ws.edit") }),
    h("p", { class: "hint", text: t("agency.ws.edit_hint") }),
    h("div", { class: "filters" }, boxes.full_name, boxes.birth_date, boxes.province),
    boxes.summary,
    h("div", { class: "filters" }, boxes["contact.phone"], boxes["contact.email"]),
    boxes.preferred_fields,
    h("div", { class: "filters" }, boxes.preferred_prefectures, boxes.available_from),
    boxes.discoverable,
    japanese.box,
    certificates.box,
    general,
    h("button", { type: "submit", class: "primary", text: t("agency.ws.save") }));

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    ctx.fail(null);
    clearErrors();
    const now = current();
    if (now === null) {
      const bad = form.querySelector("[aria-invalid='true']");
      if (bad) bad.focus();
      ctx.say(t("agency.ws.fix_fields"));
      return;
    }
    const patch = Object.fromEntries(Object.entries(now).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(saved[k])));
    if (!Object.keys(patch).length) {
      ctx.say(t("worker.nothing_changed"));
      return;
    }
    try {
      const updated = await api(`/v1/workers/${w.id}`, { method: "PATCH", body: patch });
      await onSaved(updated);
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && Array.isArray(err.problem.errors)) {
        for (const e of err.problem.errors) showError(e.field || "", e.message || "");
        const bad = form.querySelector("[aria-invalid='true']");
        if (bad) bad.focus();
        ctx.say(t("agency.ws.fix_fields"));
        return;
      }
      ctx.fail(err);
    }
  });
  return form;
}

/** Delete after a confirmation naming the person; a <dialog> so Escape or Cancel backs out. */
function deleteButton(ctx, detail, w, onDeleted) {
  const name = workerName(w);
  return h("div", { class: "actions ws-delete" }, h("button", { type: "button", class: "danger-solid", text: t("agency.ws.delete"),
    on: { click: () => {
      const titleId = uid("del");
      const dialog = h("dialog", { class: "ws-confirm", "aria-labelledby": titleId },
        h("h2", { id: titleId, text: t("agency.ws.delete_title", { name }) }),
        h("p", { text: t("agency.ws.delete_text", { name, id: w.external_id || `#${w.id}` }) }),
        h("form", { method: "dialog", class: "actions" },
          h("button", { value: "cancel", text: t("agency.ws.cancel"), autofocus: true }),
          h("button", { value: "delete", class: "danger-solid", text: t("agency.ws.delete_yes", { name }) })));
      dialog.addEventListener("close", async () => {
        const confirmed = dialog.returnValue === "delete";
        dialog.remove();
        if (!confirmed) return;
        ctx.fail(null);
        try {
          await api(`/v1/workers/${w.id}`, { method: "DELETE" });
          await onDeleted();
          ctx.say(t("agency.ws.deleted", { name }));
        } catch (err) {
          ctx.fail(err);
        }
      });
      detail.append(dialog);
      dialog.showModal();
    } } }));
}
// --- end of agency workspace ---

// --- import and export (issue 19, part B): template, upload with progress, per-row errors in
// the page's language, the error report as CSV, and the agency's export as CSV or JSON. ---
function importSection(ctx) {
  const file = h("input", { id: uid("file"), type: "file", accept: ".csv,.tsv,.txt,.json,.jsonl,.ndjson", required: true });
  const atomic = h("input", { id: uid("aon"), type: "checkbox" });
  const progress = h("progress", { class: "job-progress", max: "100", value: "0", hidden: true, "aria-label": t("import.progress") });
  const status = h("p", { class: "hint import-status job-status", "aria-live": "polite" });
  const report = h("div", { class: "report", "aria-live": "polite" });
  const submit = h("button", { type: "submit", class: "primary", text: t("import.submit") });
  // Stops the import's job (issue 17); shown while the job is queued or running.
  const stop = h("button", { type: "button", class: "job-cancel", text: t("jobs.cancel"), hidden: true });
  let jobId = null;
  stop.addEventListener("click", async () => {
    if (jobId === null) return;
    stop.disabled = true;
    try {
      await cancelJob(jobId);
    } catch (err) {
      ctx.fail(err);
    }
  });
  const form = h("form", { class: "import" },
    field(t("import.file"), file, t("import.hint")),
    h("div", { class: "inline" }, atomic, h("label", { for: atomic.id, text: t("import.all_or_nothing") })),
    h("div", { class: "inline" }, submit, stop),
    progress, status);
  const tools = h("div", { class: "import-tools" },
    downloadButton(ctx, t("import.template"), "/v1/imports/workers/template.csv", "workers-template.csv"),
    downloadButton(ctx, t("import.export_csv"), "/v1/imports/workers/export?format=csv", "workers.csv"),
    downloadButton(ctx, t("import.export_json"), "/v1/imports/workers/export?format=json", "workers.json"));

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const chosen = file.files && file.files[0];
    if (!chosen) return;
    clear(report);
    ctx.fail(null);
    progress.hidden = false;
    progress.value = 0;
    const query = new URLSearchParams({ lang: ctx.lang });
    if (atomic.checked) query.set("all_or_nothing", "true");
    progress.max = 100;
    try {
      const accepted = await upload(`/v1/imports/workers?${query}`, chosen, (fraction, phase) => {
        if (phase === "processing") {
          progress.removeAttribute("value"); // indeterminate: the server is storing the file
          status.textContent = t("import.processing");
        } else {
          progress.value = Math.round(fraction * 100);
          status.textContent = t("import.uploading", { pct: progress.value });
        }
      });
      // 202: the file is stored and imported as a job (issue 17); its rows done of all rows.
      jobId = accepted.id;
      stop.hidden = false;
      stop.disabled = false;
      submit.disabled = true;
      const job = await waitForJob(accepted.id, (polled) => {
        showProgress(progress, polled);
        status.textContent = progressText(polled);
      });
      const result = job.result;
      progress.value = progress.max;
      showReport(ctx, report, result);
      // The list and its total above show what the import stored.
      form.dispatchEvent(new CustomEvent("agency:workers-changed", { bubbles: true }));
      status.textContent = t("import.done", { rows: num(result.rows), errors: num(result.error_count) });
      ctx.say(status.textContent);
    } catch (err) {
      if (err instanceof JobError && err.job.state === "cancelled") {
        status.textContent = t("jobs.cancelled"); // asked for: not an error
        ctx.say(status.textContent);
      } else {
        status.textContent = "";
        ctx.fail(err);
      }
    } finally {
      progress.hidden = true;
      stop.hidden = true;
      submit.disabled = false;
      jobId = null;
    }
  });
  return h("section", { class: "card", id: "import" }, h("h2", { text: t("import.title") }),
    h("p", { class: "hint", text: t("import.intro") }), tools, form, report);
}

/** Fetch a file with the tab's token and hand it to the browser as a download. */
function downloadButton(ctx, label, path, filename, init) {
  return h("button", { type: "button", text: label, on: { click: async () => {
    ctx.fail(null);
    try {
      await downloadFile(path, { filename, init });
      ctx.say(t("import.downloaded", { name: filename }));
    } catch (err) {
      ctx.fail(err);
    }
  } } });
}

function showReport(ctx, box, r) {
  const counts = h("dl", { class: "counts" },
    ["rows", "created", "updated", "unchanged", "error_count"].map((k) => h("div", {},
      h("dt", { text: t(`import.${k}`) }), h("dd", { text: num(r[k]) }))));
  box.append(
    h("h3", { text: r.stored ? t("import.stored") : t("import.not_stored") }),
    counts);
  if (!r.errors.length) return;
  const rows = new Map();
  for (const e of r.errors) {
    if (!rows.has(e.row)) rows.set(e.row, []);
    rows.get(e.row).push(e);
  }
  const body = { errors: r.errors };
  box.append(
    h("p", { text: t("import.bad_rows", { n: rows.size }) }),
    downloadButton(ctx, t("import.report"), "/v1/imports/errors.csv", "import-errors.csv",
      { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
    h("div", { class: "scroll" }, h("table", { class: "errors" },
      h("caption", { text: t("import.errors") }),
      h("thead", {}, h("tr", {}, ["row", "column", "value", "message"].map((k) => h("th", { scope: "col", text: t(`import.col.${k}`) })))),
      [...rows].map(([row, errors]) => h("tbody", { class: "error-row" }, errors.map((e, i) => h("tr", {},
        i === 0 ? h("th", { scope: "rowgroup", rowspan: String(errors.length), text: row === 1 ? t("import.header_row") : String(row) }) : null,
        h("td", { text: e.column || e.field || "" }),
        h("td", {}, e.value ? h("code", { text: e.value }) : ""),
        h("td", { text: e.message }))))))));
  if (r.errors_truncated) box.append(h("p", { class: "hint", text: t("import.truncated") }));
}
// --- end import and export ---
