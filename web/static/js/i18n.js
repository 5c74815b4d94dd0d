// Every label of the interface in Japanese, Indonesian and English. Reasons and gaps are not
// here: the API writes them in the language the page asks for (`lang=`).

export const LANGS = ["ja", "id", "en"];
const STORE = "sswm.lang";

// Field codes with their names (DOMAIN.md); a code the table lacks is shown as is.
const FIELD_NAMES = {
  nursing_care: ["Nursing care", "介護", "Perawatan lansia (kaigo)"],
  building_cleaning: ["Building cleaning", "ビルクリーニング", "Pembersihan gedung"],
  industrial_products_manufacturing: ["Industrial products manufacturing", "工業製品製造業", "Manufaktur produk industri"],
  construction: ["Construction", "建設", "Konstruksi"],
  shipbuilding: ["Shipbuilding and ship machinery", "造船・舶用工業", "Perkapalan dan industri mesin kapal"],
  automobile_maintenance: ["Automobile maintenance", "自動車整備", "Perawatan kendaraan bermotor"],
  aviation: ["Aviation", "航空", "Penerbangan"],
  accommodation: ["Accommodation", "宿泊", "Akomodasi (perhotelan)"],
  agriculture: ["Agriculture", "農業", "Pertanian"],
  fishery: ["Fishery and aquaculture", "漁業", "Perikanan"],
  food_beverage_manufacturing: ["Food and beverage manufacturing", "飲食料品製造業", "Manufaktur makanan dan minuman"],
  food_service: ["Food service", "外食業", "Jasa makanan (restoran)"],
  automobile_transportation: ["Automobile transportation", "自動車運送業", "Angkutan kendaraan bermotor"],
  railway: ["Railway", "鉄道", "Perkeretaapian"],
  forestry: ["Forestry", "林業", "Kehutanan"],
  wood_industry: ["Wood industry", "木材産業", "Industri kayu"],
  linen_supply: ["Linen supply", "リネンサプライ", "Pasokan linen"],
  logistics_warehousing: ["Logistics warehousing", "物流倉庫", "Pergudangan logistik"],
  resource_circulation: ["Resource circulation", "資源循環", "Sirkulasi sumber daya"],
};
export const FIELDS = Object.keys(FIELD_NAMES);

// [en, ja, id]
const TEXT = {
  "app.title": ["SSW Matcher", "SSW マッチング", "SSW Matcher"],
  skip: ["Skip to content", "本文へ移動", "Langsung ke isi"],
  "signin.title": ["Sign in", "サインイン", "Masuk"],
  "signin.token": ["API token", "APIトークン", "Token API"],
  "signin.hint": [
    "The token your organiser, agency or administrator gave you. It stays in this browser tab only.",
    "主催者・送出機関・管理者から受け取ったトークン。このタブの中だけに保存されます。",
    "Token dari penyelenggara, agensi atau administrator Anda. Hanya disimpan di tab ini.",
  ],
  "signin.submit": ["Sign in", "サインイン", "Masuk"],
  "signin.done": ["Signed in.", "サインインしました。", "Berhasil masuk."],
  signout: ["Sign out", "サインアウト", "Keluar"],
  "signout.done": ["Signed out.", "サインアウトしました。", "Anda telah keluar."],
  "lang.changed": ["Language: English", "言語: 日本語", "Bahasa: Indonesia"],
  "error.prefix": ["Error:", "エラー:", "Galat:"],
  "error.network": ["the server cannot be reached.", "サーバーに接続できません。", "server tidak dapat dihubungi."],
  "error.token": [
    "this token is unknown, expired or revoked.",
    "このトークンは無効(不明・期限切れ・失効)です。",
    "token ini tidak dikenal, kedaluwarsa atau dicabut.",
  ],
  "error.role": ["This role has no page yet.", "このロールの画面はまだありません。", "Peran ini belum memiliki halaman."],
  "admin.tabs": ["Pages", "画面", "Halaman"],
  "role.admin": ["Administrator", "管理者", "Administrator"],
  "role.agency": ["Agency", "送出機関", "Agensi"],
  "role.employer": ["Employer", "受入企業", "Pemberi kerja"],
  "role.worker": ["Worker", "求職者", "Pekerja"],
  "role.organizer": ["Organiser", "主催者", "Penyelenggara"],
  loading: ["Loading…", "読み込み中…", "Memuat…"],
  n_results: ["{n} results.", "{n} 件の結果。", "{n} hasil."],
  score: ["Match score", "マッチ度", "Skor kecocokan"],
  eligible: ["Meets all requirements", "必須条件をすべて満たす", "Memenuhi semua syarat"],
  not_eligible: ["Missing a requirement", "必須条件が不足", "Ada syarat yang belum terpenuhi"],
  components: ["Score components", "スコアの内訳", "Komponen skor"],
  "component.semantic": ["Text similarity", "文章の類似度", "Kemiripan teks"],
  "component.field": ["SSW field", "特定技能分野", "Bidang SSW"],
  "component.occupation": ["Occupation", "職種", "Jabatan"],
  "component.certificates": ["Certificates", "資格証明", "Sertifikat"],
  "component.japanese": ["Japanese", "日本語", "Bahasa Jepang"],
  "component.experience": ["Experience", "経験", "Pengalaman"],
  "component.kkni": ["KKNI level", "KKNIレベル", "Level KKNI"],
  "component.preferred_field": ["Preferred field", "希望分野", "Bidang pilihan"],
  "component.preferred_prefecture": ["Preferred prefecture", "希望都道府県", "Prefektur pilihan"],
  "component.availability": ["Availability", "就業可能時期", "Ketersediaan"],
  reasons: ["Why it fits", "マッチの理由", "Alasan cocok"],
  gaps: ["What is missing", "不足している点", "Yang masih kurang"],
  age_n: ["{n} years", "{n}歳", "{n} tahun"],
  salary_n: ["¥{n}/month", "月給 {n}円", "¥{n}/bulan"],
  starts_on: ["starts {d}", "{d} 開始", "mulai {d}"],
  any: ["Any", "指定なし", "Semua"],
  jp_at_least: ["{level} or higher", "{level} 以上", "{level} atau lebih tinggi"],
  event: ["Event", "イベント", "Acara"],
  "event.none": ["No event", "イベントなし", "Tanpa acara"],
  include_ineligible: [
    "Also show candidates who miss a requirement",
    "必須条件を満たさない候補者も表示",
    "Tampilkan juga kandidat yang belum memenuhi syarat",
  ],
  "employer.vacancies": ["My vacancies", "自社の求人", "Lowongan saya"],
  "employer.pick": [
    "Choose a vacancy to see its ranked candidates.",
    "求人を選ぶと候補者のランキングが表示されます。",
    "Pilih lowongan untuk melihat peringkat kandidat.",
  ],
  "employer.candidates_for": ["Candidates for {title}", "「{title}」の候補者", "Kandidat untuk {title}"],
  "employer.timetable": ["My interviews: {name}", "面接スケジュール: {name}", "Jadwal wawancara saya: {name}"],
  decision: ["Shortlist decision", "ショートリストの判断", "Keputusan daftar pendek"],
  "decision.pin": ["Pin for interview", "面接を確約", "Sematkan untuk wawancara"],
  "decision.exclude": ["Exclude", "除外", "Kecualikan"],
  "decision.pin.done": ["Pinned for an interview.", "面接確約にしました。", "Disematkan untuk wawancara."],
  "decision.exclude.done": ["Excluded.", "除外しました。", "Dikecualikan."],
  "decision.cleared": ["Decision cleared.", "判断を取り消しました。", "Keputusan dihapus."],
  "decision.not_registered": [
    "this worker is not a candidate for this vacancy at the selected event (not registered, or neither shortlisted nor eligible).",
    "この求職者は選択中のイベントでこの求人の候補者ではありません（未登録、またはショートリスト外で要件も満たしていません）。",
    "pekerja ini bukan kandidat lowongan ini di acara yang dipilih (tidak terdaftar, atau tidak ada di daftar pendek dan tidak memenuhi syarat).",
  ],
  "decision.not_listed": ["Not on the event shortlist yet", "イベントのショートリスト外", "Belum ada di daftar pendek acara"],
  "col.time": ["Time", "時間", "Waktu"],
  "col.booth": ["Booth", "ブース", "Meja"],
  "col.candidate": ["Candidate", "候補者", "Kandidat"],
  "col.vacancy": ["Vacancy", "求人", "Lowongan"],
  "col.status": ["Status", "状況", "Status"],
  "status.scheduled": ["Scheduled", "予定", "Terjadwal"],
  "status.cancelled": ["Cancelled", "取消", "Dibatalkan"],
  "status.no_show": ["No show", "欠席", "Tidak hadir"],
  "status.passed": ["Passed", "合格", "Lolos"],
  "status.offer": ["Offer", "内定", "Tawaran kerja"],
  "status.hired": ["Hired", "採用", "Diterima kerja"],
  "status.declined": ["Declined", "辞退・不採用", "Ditolak"],
  "worker.hello": ["Hello, {name}", "{name} さん、こんにちは", "Halo, {name}"],
  "worker.intro": [
    "Vacancies ranked for you, with what you still need for each.",
    "あなたに合う求人と、それぞれに足りない条件です。",
    "Lowongan yang cocok untuk Anda, beserta syarat yang masih perlu dipenuhi.",
  ],
  "worker.recommended": ["My recommended vacancies", "おすすめの求人", "Lowongan yang direkomendasikan"],
  "worker.show_all": [
    "Include vacancies I do not qualify for yet",
    "まだ条件を満たしていない求人も表示",
    "Tampilkan juga lowongan yang syaratnya belum saya penuhi",
  ],
  "worker.still_needed": ["What you still need", "まだ必要なもの", "Yang masih Anda perlukan"],
  "worker.interviews": ["My interviews", "私の面接", "Wawancara saya"],
  "agency.search_title": ["Search workers", "人材検索", "Cari pekerja"],
  "agency.query": ["What are you looking for?", "検索語", "Apa yang Anda cari?"],
  "agency.query_hint": [
    "Free text in any language, e.g. “perawat lansia”, “介護 夜勤”, “welder”.",
    "どの言語でも可(例: 「介護 夜勤」「perawat lansia」「welder」)。",
    "Teks bebas dalam bahasa apa pun, mis. “perawat lansia”, “介護 夜勤”, “welder”.",
  ],
  "agency.search": ["Search", "検索", "Cari"],
  "filter.field": ["Field", "分野", "Bidang"],
  "filter.japanese": ["Japanese level", "日本語レベル", "Level bahasa Jepang"],
  "filter.certificate": ["Certificate", "資格", "Sertifikat"],
  "filter.province": ["Province", "州", "Provinsi"],
  "filter.available_by": ["Available by", "就業可能日", "Tersedia paling lambat"],
  "view.full": ["Full profile", "全項目", "Profil lengkap"],
  "view.contact_hidden": ["Contact hidden", "連絡先非表示", "Kontak disembunyikan"],
  "view.masked": ["Masked", "匿名表示", "Disamarkan"],
  "page.prev": ["Previous", "前へ", "Sebelumnya"],
  "page.next": ["Next", "次へ", "Berikutnya"],
  "page.of": ["Page {page} of {pages} ({n} workers)", "{pages} ページ中 {page} ページ目(全 {n} 人)", "Halaman {page} dari {pages} ({n} pekerja)"],
  "page.nav": ["Result pages", "結果のページ", "Halaman hasil"],
  "import.title": ["Bulk import workers", "求職者の一括登録", "Impor pekerja massal"],
  "import.file": ["File (CSV, JSON or JSON Lines)", "ファイル(CSV・JSON・JSON Lines)", "Berkas (CSV, JSON atau JSON Lines)"],
  "import.hint": [
    "Columns as in the data contract; lists joined by “;”. Importing the same file twice changes nothing.",
    "列名はデータ仕様どおり、リストは「;」区切り。同じファイルを二度取り込んでも変化しません。",
    "Kolom sesuai kontrak data; daftar dipisah “;”. Mengimpor berkas yang sama dua kali tidak mengubah apa pun.",
  ],
  "import.all_or_nothing": [
    "Store nothing if any row is bad",
    "不正な行が一つでもあれば何も保存しない",
    "Jangan simpan apa pun jika ada baris yang salah",
  ],
  "import.submit": ["Import", "取り込む", "Impor"],
  "import.progress": ["Upload progress", "アップロードの進捗", "Kemajuan unggahan"],
  "import.uploading": ["Uploading… {pct}%", "アップロード中… {pct}%", "Mengunggah… {pct}%"],
  "import.processing": ["Checking rows…", "行を検証中…", "Memeriksa baris…"],
  "import.done": ["Import finished: {rows} rows, {errors} errors.", "取り込み完了: {rows} 行、エラー {errors} 件。", "Impor selesai: {rows} baris, {errors} galat."],
  "import.stored": ["Stored", "保存しました", "Tersimpan"],
  "import.not_stored": ["Nothing stored", "保存していません", "Tidak ada yang disimpan"],
  "import.rows": ["Rows", "行数", "Baris"],
  "import.created": ["Created", "新規", "Dibuat"],
  "import.updated": ["Updated", "更新", "Diperbarui"],
  "import.unchanged": ["Unchanged", "変更なし", "Tidak berubah"],
  "import.error_count": ["Errors", "エラー", "Galat"],
  "import.errors": ["Rows with errors", "エラーのある行", "Baris dengan galat"],
  "import.col.row": ["Row", "行", "Baris"],
  "import.col.field": ["Field", "項目", "Kolom"],
  "import.col.message": ["Problem", "内容", "Masalah"],
  "import.truncated": ["Only the first errors are listed.", "最初のエラーのみ表示しています。", "Hanya galat pertama yang ditampilkan."],
  "org.dashboard": ["Event dashboard", "イベント管理", "Dasbor acara"],
  "org.loaded": ["{name} loaded.", "{name} を表示しました。", "{name} dimuat."],
  "org.registrations": ["Registrations", "登録状況", "Pendaftaran"],
  "org.employers": ["Employers", "企業", "Pemberi kerja"],
  "org.booths": ["Booths", "ブース", "Meja"],
  "org.workers": ["Workers", "求職者", "Pekerja"],
  "org.slots": ["Slots", "時間枠", "Slot"],
  "org.interviews": ["Interviews", "面接", "Wawancara"],
  "org.offers": ["Offers", "内定", "Tawaran"],
  "org.hires": ["Hires", "採用", "Diterima"],
  "org.planning": ["Plan the timetable", "面接スケジュールの作成", "Susun jadwal"],
  "org.mode": ["Method", "方式", "Metode"],
  "mode.optimal": ["Optimal (highest total score)", "最適(合計スコア最大)", "Optimal (skor total tertinggi)"],
  "mode.stable": ["Stable (both sides' rankings)", "安定(双方の希望順位)", "Stabil (peringkat kedua pihak)"],
  "org.min_interviews": ["Minimum interviews per worker", "求職者1人あたりの最低面接数", "Minimal wawancara per pekerja"],
  "org.replan": [
    "Re-plan: keep every unaffected interview where it is",
    "再計画: 影響のない面接はそのまま残す",
    "Rencana ulang: pertahankan wawancara yang tidak terdampak",
  ],
  "org.build_shortlists": ["Build shortlists", "ショートリスト作成", "Buat daftar pendek"],
  "org.built": ["Shortlists built: {vacancies} vacancies, {entries} candidates.", "ショートリスト作成: 求人 {vacancies} 件、候補 {entries} 人。", "Daftar pendek dibuat: {vacancies} lowongan, {entries} kandidat."],
  "org.plan": ["Plan timetable", "スケジュール作成", "Susun jadwal"],
  "org.planned": [
    "Planned {n} interviews ({kept} kept, {unplaced} not placed) in {secs} s.",
    "面接 {n} 件を作成(維持 {kept} 件、未配置 {unplaced} 件、{secs} 秒)。",
    "{n} wawancara dijadwalkan ({kept} dipertahankan, {unplaced} tidak terjadwal) dalam {secs} d.",
  ],
  "org.timetable": ["Timetable (slots × booths)", "面接表(時間枠 × ブース)", "Jadwal (slot × meja)"],
  "org.employer_filter": ["Show employer", "表示する企業", "Tampilkan pemberi kerja"],
  "org.all_employers": ["All employers", "すべての企業", "Semua pemberi kerja"],
  "org.worker_n": ["Worker #{id}", "求職者 #{id}", "Pekerja #{id}"],
  "org.outcome_for": ["Outcome for worker #{id}", "求職者 #{id} の結果", "Hasil untuk pekerja #{id}"],
  "org.outcome_saved": ["Worker #{id}: {status}.", "求職者 #{id}: {status}。", "Pekerja #{id}: {status}."],
  "org.chart": ["Interviews, offers and hires per field", "分野別の面接・内定・採用", "Wawancara, tawaran, dan penerimaan per bidang"],
  "org.totals": [
    "{interviews} interviews, {offers} offers, {hires} hires, {no_shows} no-shows",
    "面接 {interviews} 件、内定 {offers} 件、採用 {hires} 件、欠席 {no_shows} 件",
    "{interviews} wawancara, {offers} tawaran, {hires} diterima, {no_shows} tidak hadir",
  ],
  "org.as_table": ["Show as a table", "表で表示", "Tampilkan sebagai tabel"],
  "empty.vacancies": ["No vacancies yet.", "求人はまだありません。", "Belum ada lowongan."],
  "empty.candidates": ["No candidates match yet.", "該当する候補者はいません。", "Belum ada kandidat yang cocok."],
  "empty.recommendations": ["No vacancies to recommend yet.", "おすすめの求人はまだありません。", "Belum ada lowongan untuk direkomendasikan."],
  "empty.search": ["No workers found.", "該当する求職者はいません。", "Tidak ada pekerja yang ditemukan."],
  "empty.timetable": ["No interviews planned yet.", "面接はまだ組まれていません。", "Belum ada wawancara yang dijadwalkan."],
  "empty.interviews": ["No interviews yet.", "面接の予定はありません。", "Belum ada wawancara."],
  "empty.events": ["No events yet.", "イベントはまだありません。", "Belum ada acara."],
  "empty.summary": ["No outcomes yet.", "結果はまだありません。", "Belum ada hasil."],
};

const INDEX = { en: 0, ja: 1, id: 2 };

export function getLang() {
  const saved = localStorage.getItem(STORE);
  if (saved && LANGS.includes(saved)) return saved;
  const nav = (navigator.language || "en").slice(0, 2);
  return LANGS.includes(nav) ? nav : "en";
}

export function setLang(lang) {
  if (LANGS.includes(lang)) localStorage.setItem(STORE, lang);
}

/** The label `key` in the current language, with `{name}` placeholders filled in. */
export function t(key, values) {
  const row = TEXT[key];
  let text = row ? row[INDEX[getLang()]] : key;
  if (values) text = text.replace(/\{(\w+)\}/g, (m, name) => (name in values ? String(values[name]) : m));
  return text;
}

export function fieldLabel(code) {
  const row = FIELD_NAMES[code];
  return row ? row[INDEX[getLang()]] : code || "";
}
