// The employer's own vacancies (issue 18): post one ("求人を登録"), edit it (only the fields
// that changed are sent, so a concurrent edit of another field is not overwritten), close or
// reopen it, delete it after a confirmation that names it; and the pager that shows a
// vacancy's ranked candidates ten at a time. Errors of a 422 appear beside the field they name
// (organizer-forms.js showErrors), never only in the page's alert.

import { api } from "./api.js";
import { clear, h } from "./dom.js";
import { addTexts, fieldLabel, getLang, t } from "./i18n.js";
import { clearErrors, control, errorSlot, showErrors } from "./organizer-forms.js";
import { dateHint, dateInput, dateValue, num, uid } from "./ui.js";
import { categoriesOf, loadVocabulary } from "./vocabulary.js";

addTexts({
  "employer-vacancies.new": ["Post a vacancy", "求人を登録", "Pasang lowongan"],
  "employer-vacancies.edit_title": ["Edit “{title}”", "「{title}」を編集", "Ubah “{title}”"],
  "employer-vacancies.external_id": ["Vacancy number", "求人番号", "Nomor lowongan"],
  "employer-vacancies.external_id_hint": [
    "Made from the title; change it to your own numbering if you like (letters, digits, - . _ : /).",
    "タイトルから自動で作成します。自社の管理番号に変更できます(文字・数字・- . _ : /)。",
    "Dibuat dari judul; boleh diganti dengan penomoran Anda sendiri (huruf, angka, - . _ : /)."],
  "employer-vacancies.employer": ["Employer", "企業", "Pemberi kerja"],
  "employer-vacancies.title": ["Job title", "職種名(求人タイトル)", "Judul lowongan"],
  "employer-vacancies.description": ["Description", "仕事内容", "Deskripsi"],
  "employer-vacancies.field": ["SSW field", "特定技能の分野", "Bidang SSW"],
  "employer-vacancies.category": ["Job category", "業務区分", "Kategori pekerjaan"],
  "employer-vacancies.category_pick": ["Choose the job category", "業務区分を選んでください", "Pilih kategori pekerjaan"],
  "employer-vacancies.occupation": ["Occupation (optional)", "職種(任意)", "Jabatan (opsional)"],
  "employer-vacancies.none": ["None", "指定なし", "Tidak ada"],
  "employer-vacancies.visa": ["Visa", "在留資格", "Visa"],
  "employer-vacancies.visa.ssw1": ["SSW (i)", "特定技能1号", "SSW (i)"],
  "employer-vacancies.visa.ssw2": ["SSW (ii)", "特定技能2号", "SSW (ii)"],
  "employer-vacancies.employment": ["Employment", "雇用形態", "Bentuk kerja"],
  "employer-vacancies.employment.direct": ["Direct employment", "直接雇用", "Dipekerjakan langsung"],
  "employer-vacancies.employment.dispatch": ["Dispatch (agriculture, fishery only)", "派遣(農業・漁業のみ)", "Alih daya (hanya pertanian, perikanan)"],
  "employer-vacancies.prefecture": ["Prefecture", "勤務地(都道府県)", "Prefektur"],
  "employer-vacancies.prefecture_hint": [
    "e.g. Miyagi or 宮城県: either matches the workers' preferred prefectures.",
    "例: 宮城県 または Miyagi(どちらでも求職者の希望勤務地と照合されます)。",
    "mis. Miyagi atau 宮城県: keduanya dicocokkan dengan prefektur pilihan pekerja."],
  "employer-vacancies.headcount": ["Openings", "採用予定人数", "Jumlah lowongan"],
  "employer-vacancies.salary": ["Monthly salary (yen)", "月給(円)", "Gaji bulanan (yen)"],
  "employer-vacancies.starts_on": ["Start date", "入社予定日", "Tanggal mulai"],
  "employer-vacancies.required": ["Requirements (must be met)", "必須条件", "Syarat wajib"],
  "employer-vacancies.preferred": ["Preferred (raises the score)", "歓迎条件(スコアが上がります)", "Diutamakan (menaikkan skor)"],
  "employer-vacancies.japanese": ["Japanese level", "日本語レベル", "Tingkat bahasa Jepang"],
  "employer-vacancies.ssw_test": ["Skill test of the job category passed", "業務区分の技能試験に合格していること", "Lulus ujian keterampilan kategori pekerjaan"],
  "employer-vacancies.certificates": ["Certificates (schemes of this field)", "資格(この分野の認定スキーム)", "Sertifikat (skema bidang ini)"],
  "employer-vacancies.certificates_none": ["No scheme of this field in the catalogue.", "この分野の認定スキームはカタログにありません。", "Tidak ada skema bidang ini di katalog."],
  "employer-vacancies.licences": ["Licences held by the start date", "入社日までに保有している免許", "Lisensi yang dimiliki sebelum tanggal mulai"],
  "employer-vacancies.min_experience": ["Minimum experience (years)", "必要な経験年数", "Pengalaman minimal (tahun)"],
  "employer-vacancies.min_age": ["Minimum age", "年齢の下限", "Usia minimal"],
  "employer-vacancies.max_age": ["Maximum age", "年齢の上限", "Usia maksimal"],
  "employer-vacancies.experience": ["Experience (years)", "経験年数", "Pengalaman (tahun)"],
  "employer-vacancies.fixed_after_posting": [
    "Field, job category and employment cannot change once posted: post a new vacancy instead.",
    "分野・業務区分・雇用形態は登録後に変更できません。変更する場合は新しい求人を登録してください。",
    "Bidang, kategori pekerjaan dan bentuk kerja tidak dapat diubah setelah dipasang: pasang lowongan baru."],
  "employer-vacancies.save_new": ["Post the vacancy", "登録する", "Pasang lowongan"],
  "employer-vacancies.save_edit": ["Save changes", "変更を保存", "Simpan perubahan"],
  "employer-vacancies.cancel": ["Cancel", "キャンセル", "Batal"],
  "employer-vacancies.created": ["Posted “{title}”.", "「{title}」を登録しました。", "“{title}” dipasang."],
  "employer-vacancies.saved": ["Saved “{title}”.", "「{title}」を保存しました。", "“{title}” disimpan."],
  "employer-vacancies.unchanged": ["Nothing changed.", "変更はありません。", "Tidak ada perubahan."],
  "employer-vacancies.edit": ["Edit", "編集", "Ubah"],
  "employer-vacancies.close": ["Close", "募集終了", "Tutup"],
  "employer-vacancies.reopen": ["Reopen", "募集再開", "Buka kembali"],
  "employer-vacancies.closed_badge": ["Closed", "募集終了", "Ditutup"],
  "employer-vacancies.closed_done": ["“{title}” is closed.", "「{title}」の募集を終了しました。", "“{title}” ditutup."],
  "employer-vacancies.reopened_done": ["“{title}” is open again.", "「{title}」の募集を再開しました。", "“{title}” dibuka kembali."],
  "employer-vacancies.delete": ["Delete", "削除", "Hapus"],
  "employer-vacancies.delete_title": ["Delete “{title}”?", "「{title}」を削除しますか?", "Hapus “{title}”?"],
  "employer-vacancies.delete_text": [
    "The vacancy (number {id}) goes for good and cannot be restored. Close it instead to keep it for later.",
    "求人(番号 {id})は完全に削除され、元に戻せません。後で使う場合は「募集終了」にしてください。",
    "Lowongan (nomor {id}) dihapus selamanya dan tidak dapat dipulihkan. Tutup saja untuk menyimpannya."],
  "employer-vacancies.delete_yes": ["Delete “{title}”", "「{title}」を削除", "Hapus “{title}”"],
  "employer-vacancies.deleted": ["Deleted “{title}”.", "「{title}」を削除しました。", "“{title}” dihapus."],
  "employer-vacancies.actions": ["Actions for {title}", "「{title}」の操作", "Tindakan untuk {title}"],
  "employer-vacancies.pages": ["Candidate pages", "候補者のページ", "Halaman kandidat"],
  "employer-vacancies.prev": ["Previous", "前へ", "Sebelumnya"],
  "employer-vacancies.next": ["Next", "次へ", "Berikutnya"],
  "employer-vacancies.range": ["{from}–{to} of {total}", "{total}人中 {from}–{to}人目", "{from}–{to} dari {total}"],
  "employer-vacancies.range_more": ["{from}–{to} of the best {total} (more match)", "上位{total}人中 {from}–{to}人目(ほかにも該当者がいます)", "{from}–{to} dari {total} teratas (masih ada yang cocok)"],
  "employer-vacancies.server_said": ["Server: {message}", "サーバー: {message}", "Server: {message}"],
  "employer-vacancies.expect.title": ["Required: the job title, up to 200 characters.", "必須です。200文字以内で入力してください。", "Wajib diisi: judul, paling banyak 200 karakter."],
  "employer-vacancies.expect.external_id": [
    "A number not used by another of your vacancies: letters, digits, - . _ : /, up to 64 characters.",
    "自社の他の求人と重ならない番号にしてください(文字・数字・- . _ : /、64文字以内)。",
    "Nomor yang belum dipakai lowongan Anda lainnya: huruf, angka, - . _ : /, paling banyak 64 karakter."],
  "employer-vacancies.expect.category": ["Choose the job category: this field has several.", "この分野には複数の業務区分があります。業務区分を選んでください。", "Pilih kategori pekerjaan: bidang ini punya beberapa."],
  "employer-vacancies.expect.occupation": ["Choose an occupation of the chosen job category.", "選んだ業務区分の職種を選んでください。", "Pilih jabatan dari kategori pekerjaan yang dipilih."],
  "employer-vacancies.expect.employment": ["Dispatch is allowed only in agriculture and fishery.", "派遣は農業・漁業でのみ認められています。", "Alih daya hanya diizinkan di pertanian dan perikanan."],
  "employer-vacancies.expect.visa": ["This job category offers no SSW (ii) on the start date.", "この業務区分では入社予定日に特定技能2号がありません。", "Kategori ini tidak menawarkan SSW (ii) pada tanggal mulai."],
  "employer-vacancies.expect.headcount": ["A whole number from 1 to 1,000.", "1〜1,000の整数を入力してください。", "Bilangan bulat 1 sampai 1.000."],
  "employer-vacancies.expect.salary_monthly_jpy": ["Yen, a whole number from 0 to 10,000,000.", "0〜10,000,000円の整数を入力してください。", "Yen, bilangan bulat 0 sampai 10.000.000."],
  "employer-vacancies.expect.starts_on": ["A real date, not long past.", "正しい日付を入力してください(過去すぎる日付は不可)。", "Tanggal yang valid, tidak terlalu lampau."],
  "employer-vacancies.expect.age": ["A whole number from 15 to 80; the maximum not below the minimum.", "15〜80の整数を入力してください(上限は下限以上)。", "Bilangan bulat 15 sampai 80; maksimal tidak di bawah minimal."],
  "employer-vacancies.expect.years": ["Years, from 0 to 50.", "0〜50年で入力してください。", "Tahun, 0 sampai 50."],
  "employer-vacancies.expect.certificates": ["A scheme of the catalogue: pick it from the list.", "カタログにない資格です。一覧から選んでください。", "Skema yang ada di katalog: pilih dari daftar."],
  "employer-vacancies.expect.other": ["Check this entry.", "入力内容を確認してください。", "Periksa isian ini."],
});

/** Candidates per page, and the most the page asks the API for: the matches endpoint has no
 * offset, so the page fetches one ranked list and pages through it. */
export const PAGE_SIZE = 10;
export const FETCHED = 100;

const LEVELS = ["N5", "N4", "A2", "N3", "N2", "N1"];

/** An employer's name in the page's language: the Japanese name where the profile has one. */
export function companyName(employer) {
  if (!employer) return "";
  return getLang() === "ja" && employer.name_ja ? employer.name_ja : employer.name;
}

/** "1–10 of 23" with Previous and Next; `known` false when the list was cut at FETCHED. */
export function pager(page, total, known, onPage) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const from = total ? page * PAGE_SIZE + 1 : 0;
  const to = Math.min(total, (page + 1) * PAGE_SIZE);
  const range = t(known ? "employer-vacancies.range" : "employer-vacancies.range_more",
    { from: num(from), to: num(to), total: num(total) });
  const button = (key, target, disabled) => h("button", {
    type: "button", text: t(key), disabled,
    on: { click: () => onPage(target) },
  });
  return h("nav", { class: "ev-pager", "aria-label": t("employer-vacancies.pages") },
    button("employer-vacancies.prev", page - 1, page <= 0),
    h("span", { class: "ev-range", "aria-live": "polite", text: range }),
    button("employer-vacancies.next", page + 1, page >= pages - 1));
}

/** The slug of a title for an external id: word characters kept (Japanese included, as the
 * API's pattern allows), everything else one hyphen. */
function slug(title) {
  return (title || "").normalize("NFKC").trim().replace(/[^\p{L}\p{N}_]+/gu, "-")
    .replace(/^-+|-+$/g, "").slice(0, 48) || "vacancy";
}

/** `slug-001`, the first counter not yet taken by one of `taken`. */
export function nextExternalId(title, taken) {
  const base = slug(title);
  for (let n = 1; ; n += 1) {
    const candidate = `${base}-${String(n).padStart(3, "0")}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The scheme a stored certificate name stands for (code, label or alias), else null. */
function schemeOf(schemes, name) {
  const wanted = (name || "").trim().toLowerCase();
  return schemes.find((s) => s.code.toLowerCase() === wanted
    || Object.values(s.labels).some((l) => l.toLowerCase() === wanted)
    || (s.aliases || []).some((a) => a.toLowerCase() === wanted)) || null;
}

/** What a field expects, in the page's language, for an error the server put on it. */
function expectation(path) {
  const last = path.split(".").filter((part) => !/^\d+$/.test(part)).pop() || "";
  if (["min_age", "max_age"].includes(last) || path === "requirements") return t("employer-vacancies.expect.age");
  if (["min_experience_years", "experience_years"].includes(last)) return t("employer-vacancies.expect.years");
  const key = `employer-vacancies.expect.${last}`;
  return t(key) === key ? t("employer-vacancies.expect.other") : t(key);
}

/** Each error `showErrors` placed in `form` as the field's expectation in the page's language
 * first, the server's own (English) words second, as the agency's worker form shows them. */
function explainErrors(form, summary) {
  for (const slot of form.querySelectorAll(".field-error")) {
    if (slot === summary || slot.hidden || !slot.textContent) continue;
    const owner = slot.dataset.errorFor ?? (slot.closest("[data-field]") || { dataset: {} }).dataset.field ?? "";
    const message = slot.textContent;
    clear(slot);
    slot.append(h("span", { text: expectation(owner) }), " ",
      h("span", { class: "server-said", lang: "en", text: t("employer-vacancies.server_said", { message }) }));
  }
}

const numberOrNull = (input) => (input.value.trim() === "" ? null : Number(input.value));
const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The form that posts (no `vacancy`) or edits (`vacancy`) a vacancy. `employers` are the
 * employers the caller may post for (an employer: itself); `taken` their external ids.
 * `onDone(saved|null)` after a save or a cancel. */
export async function vacancyForm(ctx, { vacancy = null, employers, taken, onDone }) {
  const vocabulary = (await loadVocabulary()) || { fields: [], categories: [], occupations: [], schemes: [], licence_kinds: [] };
  const lang = getLang();
  const editing = vacancy !== null;
  const v = vacancy || { visa: "ssw1", employment: "direct", headcount: 1, requirements: { ssw_test: true, min_age: 18 }, preferred: {} };
  const req = v.requirements || {};
  const pref = v.preferred || {};

  const input = (attrs, value) => h("input", { id: uid("ev"), ...attrs, value: value ?? "" });
  const select = (options, value) => h("select", { id: uid("ev") },
    options.map(([code, text]) => h("option", { value: code, text, selected: code === (value ?? "") })));
  const levels = (value) => select([["", t("employer-vacancies.none")], ...LEVELS.map((l) => [l, l === "A2" ? "JFT-Basic A2" : `JLPT ${l}`])], value);

  const employerPick = employers.length > 1 && !editing
    ? select(employers.map((e) => [String(e.id), companyName(e)]), "") : null;
  const title = input({ type: "text", required: true, maxlength: "200", autocomplete: "off" }, v.title);
  const externalId = input({ type: "text", required: true, maxlength: "64", autocomplete: "off", spellcheck: "false" }, v.external_id);
  let externalIdTyped = editing;
  externalId.addEventListener("input", () => { externalIdTyped = true; });
  title.addEventListener("input", () => {
    if (!externalIdTyped) externalId.value = nextExternalId(title.value, taken);
  });
  const description = h("textarea", { id: uid("ev"), rows: "4", maxlength: "5000" });
  description.value = v.description || "";
  const fieldSelect = select(vocabulary.fields.map((f) => [f.code, f.labels[lang] || fieldLabel(f.code)]), v.ssw_field || "nursing_care");
  const category = h("select", { id: uid("ev") });
  const occupation = h("select", { id: uid("ev") });
  const visa = select(["ssw1", "ssw2"].map((c) => [c, t(`employer-vacancies.visa.${c}`)]), v.visa);
  const employment = select(["direct", "dispatch"].map((c) => [c, t(`employer-vacancies.employment.${c}`)]), v.employment);
  const prefecture = input({ type: "text", maxlength: "200", placeholder: "Miyagi" }, v.prefecture);
  const headcount = input({ type: "number", min: "1", max: "1000", step: "1", inputmode: "numeric" }, v.headcount);
  const salary = input({ type: "number", min: "0", step: "1000", inputmode: "numeric" }, v.salary_monthly_jpy);
  const startsOn = dateInput(v.starts_on || "", { id: uid("ev") });
  const reqJapanese = levels(req.japanese);
  const sswTest = h("input", { type: "checkbox", id: uid("ev"), checked: req.ssw_test !== false });
  const minExperience = input({ type: "number", min: "0", max: "50", step: "0.5" }, req.min_experience_years);
  const minAge = input({ type: "number", min: "15", max: "80", step: "1" }, req.min_age);
  const maxAge = input({ type: "number", min: "15", max: "80", step: "1" }, req.max_age);
  const prefJapanese = levels(pref.japanese);
  const prefExperience = input({ type: "number", min: "0", max: "50", step: "0.5" }, pref.experience_years);
  const reqCertificates = h("div", { class: "ev-choices" });
  const prefCertificates = h("div", { class: "ev-choices" });
  const licences = h("div", { class: "ev-choices" },
    vocabulary.licence_kinds.map((k) => checkbox(k.code, k.labels[lang], (req.licences || []).includes(k.code))));

  function checkbox(value, text, checked, code = value) {
    const box = h("input", { type: "checkbox", id: uid("ev"), value, checked, dataset: { code } });
    return h("div", { class: "inline" }, box, h("label", { for: box.id, text }));
  }

  /** The schemes of the chosen field as checkboxes; a stored name keeps its own spelling as
   * the box's value (so an untouched vacancy sends no change) and its box stays ticked even
   * when it names a scheme of another field, or none of the catalogue. */
  function fillCertificates(box, stored) {
    const names = box.storedNames || new Map();
    box.storedNames = names;
    for (const name of stored) names.set((schemeOf(vocabulary.schemes, name) || { code: name }).code, name);
    const ticked = new Set([...box.querySelectorAll("input:checked")].map((i) => i.dataset.code));
    for (const name of stored) ticked.add((schemeOf(vocabulary.schemes, name) || { code: name }).code);
    clear(box);
    const shown = vocabulary.schemes.filter((s) => s.fields.includes(fieldSelect.value) || ticked.has(s.code));
    for (const s of shown) {
      box.append(checkbox(names.get(s.code) || s.code, `${s.labels[lang]} (${s.code})`, ticked.has(s.code), s.code));
    }
    for (const code of ticked) {
      if (!shown.some((s) => s.code === code)) box.append(checkbox(names.get(code) || code, code, true, code));
    }
    if (!box.children.length) box.append(h("p", { class: "hint", text: t("employer-vacancies.certificates_none") }));
  }

  function fillCategories() {
    const list = categoriesOf(fieldSelect.value);
    const keep = category.value || v.category || "";
    clear(category);
    if (list.length > 1) category.append(h("option", { value: "", text: t("employer-vacancies.category_pick") }));
    for (const c of list) category.append(h("option", { value: c.code, text: c.labels[lang], selected: c.code === keep }));
    category.required = list.length > 1;
    category.closest(".field").hidden = list.length <= 1;
    fillOccupations();
  }

  function fillOccupations() {
    const keep = occupation.value || v.occupation || "";
    const chosen = category.value || (categoriesOf(fieldSelect.value)[0] || {}).code;
    const list = vocabulary.occupations.filter((o) => o.field === fieldSelect.value && o.category === chosen);
    clear(occupation);
    occupation.append(h("option", { value: "", text: t("employer-vacancies.none") }));
    for (const o of list) occupation.append(h("option", { value: o.code, text: o.labels[lang], selected: o.code === keep }));
    // A stored occupation the list lacks stays chosen rather than silently cleared.
    if (keep && !list.some((o) => o.code === keep)) occupation.append(h("option", { value: keep, text: keep, selected: true }));
    occupation.closest(".field").hidden = occupation.options.length <= 1;
  }

  const summary = h("p", { class: "field-error ev-summary", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: "primary", text: t(editing ? "employer-vacancies.save_edit" : "employer-vacancies.save_new") });
  const cancel = h("button", { type: "button", text: t("employer-vacancies.cancel"), on: { click: () => onDone(null) } });
  const headingId = uid("evh");
  const form = h("form", { class: "ev-form", novalidate: true, "aria-labelledby": headingId },
    h("h2", { id: headingId, text: editing ? t("employer-vacancies.edit_title", { title: v.title }) : t("employer-vacancies.new") }),
    employerPick ? control(t("employer-vacancies.employer"), employerPick, "employer_id") : null,
    h("div", { class: "ev-grid" },
      control(t("employer-vacancies.title"), title, "title"),
      control(t("employer-vacancies.external_id"), externalId, "external_id", t("employer-vacancies.external_id_hint"))),
    control(t("employer-vacancies.description"), description, "description"),
    h("div", { class: "ev-grid" },
      control(t("employer-vacancies.field"), fieldSelect, "ssw_field"),
      control(t("employer-vacancies.category"), category, "category"),
      control(t("employer-vacancies.occupation"), occupation, "occupation"),
      control(t("employer-vacancies.visa"), visa, "visa"),
      control(t("employer-vacancies.employment"), employment, "employment"),
      control(t("employer-vacancies.prefecture"), prefecture, "prefecture", t("employer-vacancies.prefecture_hint")),
      control(t("employer-vacancies.headcount"), headcount, "headcount"),
      control(t("employer-vacancies.salary"), salary, "salary_monthly_jpy"),
      control(t("employer-vacancies.starts_on"), startsOn, "starts_on", dateHint())),
    editing ? h("p", { class: "hint", text: t("employer-vacancies.fixed_after_posting") }) : null,
    h("fieldset", { class: "ev-set" },
      h("legend", { text: t("employer-vacancies.required") }),
      h("div", { class: "ev-grid" },
        control(t("employer-vacancies.japanese"), reqJapanese, "requirements.japanese"),
        control(t("employer-vacancies.min_experience"), minExperience, "requirements.min_experience_years"),
        control(t("employer-vacancies.min_age"), minAge, "requirements.min_age"),
        control(t("employer-vacancies.max_age"), maxAge, "requirements.max_age")),
      h("div", { class: "inline", dataset: { field: "requirements.ssw_test" } }, sswTest,
        h("label", { for: sswTest.id, text: t("employer-vacancies.ssw_test") })),
      h("fieldset", { class: "ev-sub" }, h("legend", { text: t("employer-vacancies.certificates") }),
        reqCertificates, errorSlot("requirements.certificates")),
      h("fieldset", { class: "ev-sub" }, h("legend", { text: t("employer-vacancies.licences") }),
        licences, errorSlot("requirements.licences")),
      errorSlot("requirements")),
    h("fieldset", { class: "ev-set" },
      h("legend", { text: t("employer-vacancies.preferred") }),
      h("div", { class: "ev-grid" },
        control(t("employer-vacancies.japanese"), prefJapanese, "preferred.japanese"),
        control(t("employer-vacancies.experience"), prefExperience, "preferred.experience_years")),
      h("fieldset", { class: "ev-sub" }, h("legend", { text: t("employer-vacancies.certificates") }),
        prefCertificates, errorSlot("preferred.certificates")),
      errorSlot("preferred")),
    summary,
    h("div", { class: "actions" }, submit, cancel));

  fieldSelect.addEventListener("change", () => {
    fillCategories();
    fillCertificates(reqCertificates, []);
    fillCertificates(prefCertificates, []);
  });
  category.addEventListener("change", fillOccupations);
  fillCategories();
  fillCertificates(reqCertificates, req.certificates || []);
  fillCertificates(prefCertificates, pref.certificates || []);
  if (editing) for (const locked of [fieldSelect, category, employment]) locked.disabled = true;
  else externalId.value = nextExternalId(title.value, taken);

  const ticked = (box) => [...box.querySelectorAll("input:checked")].map((i) => i.value);

  /** What the form says, in the contract's shape. */
  function read() {
    return {
      external_id: externalId.value.trim(),
      title: title.value.trim(),
      description: description.value.trim() || null,
      ssw_field: fieldSelect.value,
      category: category.value || null,
      occupation: occupation.value || null,
      visa: visa.value,
      employment: employment.value,
      prefecture: prefecture.value.trim() || null,
      headcount: numberOrNull(headcount),
      salary_monthly_jpy: numberOrNull(salary),
      starts_on: dateValue(startsOn) || null,
      requirements: {
        japanese: reqJapanese.value || null,
        ssw_test: sswTest.checked,
        certificates: ticked(reqCertificates),
        licences: ticked(licences),
        min_experience_years: numberOrNull(minExperience),
        min_age: numberOrNull(minAge),
        max_age: numberOrNull(maxAge),
      },
      preferred: {
        japanese: prefJapanese.value || null,
        certificates: ticked(prefCertificates),
        experience_years: numberOrNull(prefExperience),
      },
    };
  }

  /** Only what differs from the stored vacancy; requirements and preferred key by key (the
   * API merges them so). Field, category and employment are fixed once posted. */
  function changes(body) {
    const patch = {};
    for (const [key, value] of Object.entries(body)) {
      if (["ssw_field", "category", "employment"].includes(key)) continue;
      if (key === "requirements" || key === "preferred") {
        const stored = vacancy[key] || {};
        const part = {};
        for (const [k, x] of Object.entries(value)) if (!same(x, stored[k])) part[k] = x;
        if (Object.keys(part).length) patch[key] = part;
      } else if (!same(value, vacancy[key])) {
        patch[key] = value;
      }
    }
    return patch;
  }

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    if (dateValue(startsOn) === null) {
      startsOn.focus();
      return;
    }
    const body = read();
    submit.disabled = true;
    try {
      let saved;
      if (editing) {
        const patch = changes(body);
        if (!Object.keys(patch).length) {
          ctx.say(t("employer-vacancies.unchanged"));
          onDone(null);
          return;
        }
        saved = await api(`/v1/vacancies/${vacancy.id}`, { method: "PATCH", body: patch });
      } else {
        const employerId = employerPick ? Number(employerPick.value) : employers[0] && employers[0].id;
        saved = await api("/v1/vacancies", { method: "POST", body: { ...body, employer_id: employerId } });
      }
      ctx.fail(null);
      await onDone(saved);
      // Said last: the candidates reloaded by onDone say their own count first.
      ctx.say(t(editing ? "employer-vacancies.saved" : "employer-vacancies.created", { title: saved.title }));
    } catch (err) {
      showErrors(form, err, summary);
      explainErrors(form, summary);
      const invalid = form.querySelector("[aria-invalid='true']");
      (invalid || summary).scrollIntoView({ block: "center" });
      if (invalid) invalid.focus();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** Edit, close or reopen, and delete (after a dialog naming the vacancy) for one list row;
 * a refusal appears right beside these buttons. */
export function vacancyActions(ctx, vacancy, { onEdit, onChanged }) {
  const error = h("p", { class: "field-error ev-action-error", role: "alert", hidden: true });
  const fail = (err) => showErrors(h("div"), err, error);
  const closed = vacancy.status === "closed";
  const toggle = h("button", {
    type: "button", text: t(closed ? "employer-vacancies.reopen" : "employer-vacancies.close"),
    on: { click: async () => {
      error.hidden = true;
      try {
        const saved = await api(`/v1/vacancies/${vacancy.id}`, { method: "PATCH", body: { status: closed ? "open" : "closed" } });
        ctx.fail(null);
        await onChanged(saved);
        ctx.say(t(closed ? "employer-vacancies.reopened_done" : "employer-vacancies.closed_done", { title: vacancy.title }));
      } catch (err) {
        fail(err);
      }
    } },
  });
  const remove = h("button", {
    type: "button", class: "danger", text: t("employer-vacancies.delete"),
    on: { click: () => {
      const titleId = uid("del");
      const dialog = h("dialog", { class: "ws-confirm", "aria-labelledby": titleId },
        h("h2", { id: titleId, text: t("employer-vacancies.delete_title", { title: vacancy.title }) }),
        h("p", { text: t("employer-vacancies.delete_text", { id: vacancy.external_id }) }),
        h("form", { method: "dialog", class: "actions" },
          h("button", { value: "cancel", text: t("employer-vacancies.cancel"), autofocus: true }),
          h("button", { value: "delete", class: "danger-solid", text: t("employer-vacancies.delete_yes", { title: vacancy.title }) })));
      dialog.addEventListener("close", async () => {
        const confirmed = dialog.returnValue === "delete";
        dialog.remove();
        if (!confirmed) return;
        try {
          await api(`/v1/vacancies/${vacancy.id}`, { method: "DELETE" });
          ctx.fail(null);
          await onChanged(null);
          ctx.say(t("employer-vacancies.deleted", { title: vacancy.title }));
        } catch (err) {
          fail(err);
        }
      });
      document.body.append(dialog);
      dialog.showModal();
    } },
  });
  return h("div", { class: "ev-actions" },
    h("div", { class: "actions", role: "group", "aria-label": t("employer-vacancies.actions", { title: vacancy.title }) },
      h("button", { type: "button", text: t("employer-vacancies.edit"), on: { click: () => onEdit(vacancy) } }),
      toggle, remove),
    error);
}
