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
  "component.lexical": ["Trade terms", "職種の用語", "Istilah keahlian"],
  "component.name": ["Name or id", "氏名・ID", "Nama atau ID"],
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
  "privacy.title": ["My consents and my data", "同意と個人データ", "Persetujuan dan data saya"],
  "privacy.intro": [
    "You decide who may see your name and contact details. A withdrawal counts from the next time anyone looks.",
    "氏名や連絡先を誰に見せるかはあなたが決めます。撤回は次の閲覧から有効です。",
    "Anda yang menentukan siapa yang boleh melihat nama dan kontak Anda. Penarikan berlaku sejak akses berikutnya.",
  ],
  "privacy.my_data": ["Everything held about me", "保存されている私のデータ", "Semua data tentang saya"],
  "privacy.download_hint": [
    "One JSON file: profile, certificates, consents, events, interviews and outcomes, and who viewed your profile.",
    "1つのJSONファイル: プロフィール、資格、同意、イベント、面接と結果、あなたのプロフィールを見た人。",
    "Satu berkas JSON: profil, sertifikat, persetujuan, acara, wawancara dan hasilnya, serta siapa yang melihat profil Anda.",
  ],
  "privacy.download": ["Download my data", "データをダウンロード", "Unduh data saya"],
  "privacy.downloaded": ["Your data was downloaded.", "データをダウンロードしました。", "Data Anda telah diunduh."],
  "consent.mine": ["My consents", "私の同意", "Persetujuan saya"],
  "consent.none": ["No consent recorded.", "記録された同意はありません。", "Belum ada persetujuan yang dicatat."],
  "consent.purpose": ["Purpose", "目的", "Tujuan"],
  "consent.purpose.contact_sharing": [
    "Share my name and contact details",
    "氏名と連絡先の提供",
    "Bagikan nama dan kontak saya",
  ],
  "consent.purpose.employer_ranking": [
    "Be found by employers (without my name or contact)",
    "企業の検索対象になる(氏名・連絡先なし)",
    "Dapat ditemukan pemberi kerja (tanpa nama dan kontak)",
  ],
  "consent.purpose.event_participation": [
    "Take part in a job fair",
    "面接会への参加",
    "Ikut bursa kerja",
  ],
  "consent.explain.contact_sharing": [
    "These employers see your full name, birth date and contact details.",
    "対象の企業はあなたの氏名・生年月日・連絡先を見ることができます。",
    "Pemberi kerja ini dapat melihat nama lengkap, tanggal lahir, dan kontak Anda.",
  ],
  "consent.explain.employer_ranking": [
    "Employers see you in their rankings with a shortened name and your age only.",
    "企業のランキングには短縮した名前と年齢だけが表示されます。",
    "Pemberi kerja melihat Anda di peringkat hanya dengan nama singkat dan usia.",
  ],
  "consent.explain.event_participation": [
    "Withdrawing cancels your registration and the interviews still planned at this event.",
    "撤回するとこのイベントへの登録と予定中の面接が取り消されます。",
    "Jika ditarik, pendaftaran dan wawancara yang masih dijadwalkan di acara ini dibatalkan.",
  ],
  "consent.scope": ["For whom", "対象", "Untuk siapa"],
  "consent.scope.all_employers": ["All employers", "すべての企業", "Semua pemberi kerja"],
  "consent.scope.employer": ["One employer", "特定の企業", "Satu pemberi kerja"],
  "consent.scope.event": ["The employers of one event", "特定のイベントの企業", "Pemberi kerja di satu acara"],
  "consent.scope.employer_n": ["Employer #{id}", "企業 #{id}", "Pemberi kerja #{id}"],
  "consent.scope.event_n": ["Employers of event #{id}", "イベント #{id} の企業", "Pemberi kerja acara #{id}"],
  "consent.in_force": ["In force", "有効", "Berlaku"],
  "consent.withdrawn_on": ["Withdrawn {d}", "{d} 撤回", "Ditarik {d}"],
  "consent.given_by_worker": ["given by you on {d}", "{d} にあなたが同意", "Anda berikan pada {d}"],
  "consent.given_by_agency": [
    "signed on paper, recorded by your agency on {d} (form {ref})",
    "書面で署名、{d} に送出機関が記録(書類 {ref})",
    "ditandatangani di kertas, dicatat agensi pada {d} (formulir {ref})",
  ],
  "consent.withdraw": ["Withdraw", "撤回する", "Tarik persetujuan"],
  "consent.withdrawn": ["Consent withdrawn.", "同意を撤回しました。", "Persetujuan telah ditarik."],
  "consent.paper_title": ["Record consent signed on paper", "書面の同意を記録", "Catat persetujuan tertulis"],
  "consent.paper_intro": [
    "For a worker of your agency who signed a consent form: enter the form's number or file name so it can be found again.",
    "同意書に署名した自機関の求職者について、後で確認できるよう書類番号またはファイル名を入力してください。",
    "Untuk pekerja agensi Anda yang menandatangani formulir persetujuan: isi nomor atau nama berkas formulir agar dapat ditemukan kembali.",
  ],
  "consent.worker_id": ["Worker id", "求職者ID", "ID pekerja"],
  "consent.target_employer": ["Employer id", "企業ID", "ID pemberi kerja"],
  "consent.target_event": ["Event id", "イベントID", "ID acara"],
  "consent.form_reference": ["Signed form reference", "署名済み同意書の番号", "Nomor formulir yang ditandatangani"],
  "consent.form_reference_hint": [
    "e.g. AG1/2026/0042 or the scanned file's name.",
    "例: AG1/2026/0042、またはスキャンしたファイル名。",
    "mis. AG1/2026/0042 atau nama berkas hasil pindaian.",
  ],
  "consent.record": ["Record consent", "同意を記録", "Catat persetujuan"],
  "consent.recorded": ["Consent recorded.", "同意を記録しました。", "Persetujuan dicatat."],
  "consent.show": ["Show this worker's consents", "この求職者の同意を表示", "Tampilkan persetujuan pekerja ini"],
  "interview.accept_hint": [
    "An employer sees your contact details only for an interview you accepted.",
    "承諾した面接の企業だけがあなたの連絡先を見られます。",
    "Pemberi kerja hanya melihat kontak Anda untuk wawancara yang Anda terima.",
  ],
  "interview.accept": ["Accept", "承諾する", "Terima"],
  "interview.decline": ["Decline", "辞退する", "Tolak"],
  "interview.accepted": ["Accepted", "承諾済み", "Diterima"],
  "interview.not_accepted": ["Not accepted", "未承諾", "Belum diterima"],
  "interview.accepted_done": ["Interview with {who} accepted.", "{who} との面接を承諾しました。", "Wawancara dengan {who} diterima."],
  "interview.declined_done": ["Interview with {who} declined.", "{who} との面接を辞退しました。", "Wawancara dengan {who} ditolak."],
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
  // --- import and export (issue 19, part B) ---
  "import.intro": [
    "Start from the template or export your workers, fill it in a spreadsheet and upload it. Headers may be English or Indonesian (Nama Lengkap, Tanggal Lahir…); separators , ; or tab and Excel's encodings are recognised. Certificates, tests and experience have numbered columns (cert1_scheme, jp1_level, exp1_title…). Dates as YYYY-MM-DD.",
    "テンプレートまたは登録済みの求職者のエクスポートから始め、表計算ソフトで記入してアップロードしてください。見出しは英語・インドネシア語(Nama Lengkap、Tanggal Lahir…)のどちらでも構いません。区切り文字(, ; タブ)と Excel の文字コードは自動判定します。証明書・試験・職歴は番号付きの列(cert1_scheme、jp1_level、exp1_title…)です。日付は YYYY-MM-DD。",
    "Mulai dari templat atau ekspor pekerja Anda, isi di lembar kerja, lalu unggah. Judul kolom boleh bahasa Inggris atau Indonesia (Nama Lengkap, Tanggal Lahir…); pemisah , ; atau tab dan pengodean Excel dikenali otomatis. Sertifikat, tes dan pengalaman memakai kolom bernomor (cert1_scheme, jp1_level, exp1_title…). Tanggal dengan format YYYY-MM-DD.",
  ],
  "import.template": ["Download template (CSV)", "テンプレート(CSV)をダウンロード", "Unduh templat (CSV)"],
  "import.export_csv": ["Export my workers (CSV)", "求職者をエクスポート(CSV)", "Ekspor pekerja saya (CSV)"],
  "import.export_json": ["Export my workers (JSON)", "求職者をエクスポート(JSON)", "Ekspor pekerja saya (JSON)"],
  "import.downloaded": ["{name} downloaded.", "{name} をダウンロードしました。", "{name} telah diunduh."],
  "import.report": ["Download error report (CSV)", "エラー一覧(CSV)をダウンロード", "Unduh laporan galat (CSV)"],
  "import.bad_rows": [
    "{n} rows were not stored. Fix them in your spreadsheet and upload the file again: the rows already stored stay unchanged.",
    "{n} 行は保存されていません。表計算ソフトで修正して同じファイルを再度アップロードしてください。保存済みの行は変わりません。",
    "{n} baris tidak disimpan. Perbaiki di lembar kerja lalu unggah lagi berkasnya: baris yang sudah tersimpan tidak berubah.",
  ],
  "import.header_row": ["Header", "見出し行", "Judul kolom"],
  "import.col.column": ["Column", "列", "Kolom"],
  "import.col.value": ["Value", "値", "Isi"],
  // --- end import and export ---
  "org.dashboard": ["Event dashboard", "イベント管理", "Dasbor acara"],
  "mode.optimal": ["Optimal (highest total score)", "最適(合計スコア最大)", "Optimal (skor total tertinggi)"],
  "mode.stable": ["Stable (both sides' rankings)", "安定(双方の希望順位)", "Stabil (peringkat kedua pihak)"],
  "org.timetable": ["Timetable (slots × booths)", "面接表(時間枠 × ブース)", "Jadwal (slot × meja)"],
  "empty.vacancies": ["No vacancies yet.", "求人はまだありません。", "Belum ada lowongan."],
  "empty.candidates": ["No candidates match yet.", "該当する候補者はいません。", "Belum ada kandidat yang cocok."],
  "empty.recommendations": ["No vacancies to recommend yet.", "おすすめの求人はまだありません。", "Belum ada lowongan untuk direkomendasikan."],
  "empty.search": ["No workers found.", "該当する求職者はいません。", "Tidak ada pekerja yang ditemukan."],
  "empty.timetable": ["No interviews planned yet.", "面接はまだ組まれていません。", "Belum ada wawancara yang dijadwalkan."],
  "empty.interviews": ["No interviews yet.", "面接の予定はありません。", "Belum ada wawancara."],
  "empty.events": ["No events yet.", "イベントはまだありません。", "Belum ada acara."],
  "empty.summary": ["No outcomes yet.", "結果はまだありません。", "Belum ada hasil."],
  // --- worker page and one-time sign-in codes (issue 19) ---
  "signin.code_title": ["Sign in with a code", "コードでサインイン", "Masuk dengan kode"],
  "signin.code": ["Sign-in code", "サインインコード", "Kode masuk"],
  "signin.code_hint": [
    "The 8-character code on the paper from your agency or the event organiser. You can also scan its QR code with your phone camera.",
    "送出機関またはイベント主催者から受け取った紙にある8文字のコードです。QRコードをスマートフォンのカメラで読み取ることもできます。",
    "Kode 8 karakter pada kertas dari agensi atau penyelenggara acara. Anda juga bisa memindai kode QR-nya dengan kamera ponsel.",
  ],
  "signin.code_submit": ["Continue with this code", "このコードで続ける", "Lanjut dengan kode ini"],
  "signin.or_token": ["Or sign in with an API token", "またはAPIトークンでサインイン", "Atau masuk dengan token API"],
  "signin.code_bad": [
    "This code does not work: check it, or ask for a new one. Each code works once and only for a few days.",
    "このコードは使えません。確認するか、新しいコードを依頼してください。コードは1回限りで、数日間だけ有効です。",
    "Kode ini tidak berlaku: periksa lagi, atau minta kode baru. Setiap kode hanya bisa dipakai sekali dan hanya berlaku beberapa hari.",
  ],
  "signin.code_format": [
    "A code has 8 letters and digits, like K7QM-4TXP.",
    "コードは K7QM-4TXP のような英数字8文字です。",
    "Kode terdiri dari 8 huruf dan angka, misalnya K7QM-4TXP.",
  ],
  "signin.code_wait": [
    "Too many wrong codes from this network. Wait a minute and try again.",
    "このネットワークからの誤ったコードが多すぎます。1分ほど待ってから再度お試しください。",
    "Terlalu banyak kode salah dari jaringan ini. Tunggu sebentar lalu coba lagi.",
  ],
  "worker.profile": ["My profile", "私のプロフィール", "Profil saya"],
  "worker.profile_hint": [
    "You can change these yourself. Your agency keeps your name, documents, tests and certificates up to date.",
    "ここは自分で変更できます。氏名・書類・試験・証明書は送出機関が更新します。",
    "Bagian ini bisa Anda ubah sendiri. Nama, dokumen, ujian dan sertifikat Anda diperbarui oleh agensi.",
  ],
  "worker.summary": ["About me", "自己紹介", "Tentang saya"],
  "worker.summary_hint": [
    "What you have done and what you want to do, in your own words (any language).",
    "これまでの仕事とやりたい仕事を自分の言葉で(どの言語でも可)。",
    "Pengalaman dan pekerjaan yang Anda inginkan, dengan kata-kata sendiri (bahasa apa saja).",
  ],
  "worker.contact": ["Contact", "連絡先", "Kontak"],
  "worker.phone": ["Phone (WhatsApp)", "電話(WhatsApp)", "Telepon (WhatsApp)"],
  "worker.email": ["Email", "メール", "Email"],
  "worker.fields": ["Fields I want to work in", "希望する分野", "Bidang kerja yang saya inginkan"],
  "worker.prefectures": [
    "Prefectures in Japan I would like (separate with commas)",
    "希望する都道府県(カンマ区切り)",
    "Prefektur di Jepang yang saya inginkan (pisahkan dengan koma)",
  ],
  "worker.available_from": ["I can start from", "就労開始可能日", "Saya bisa mulai bekerja dari"],
  "worker.discoverable": [
    "Employers may find me in their searches",
    "企業の検索に表示してよい",
    "Perusahaan boleh menemukan saya dalam pencarian",
  ],
  "worker.save": ["Save my profile", "プロフィールを保存", "Simpan profil saya"],
  "worker.saved": ["Your profile was saved.", "プロフィールを保存しました。", "Profil Anda telah disimpan."],
  "worker.nothing_changed": ["Nothing to save: nothing was changed.", "変更はありません。", "Tidak ada yang disimpan: belum ada perubahan."],
  "worker.events": ["Job fairs and events", "合同面接会・イベント", "Job fair dan acara"],
  "worker.events_hint": [
    "Register for an open event, then put the companies you would most like to meet first.",
    "受付中のイベントに登録し、会いたい企業を希望順に並べてください。",
    "Daftar ke acara yang masih dibuka, lalu urutkan perusahaan yang paling ingin Anda temui di atas.",
  ],
  "worker.online": ["Online", "オンライン", "Daring"],
  "worker.register": ["Register for this event", "このイベントに登録", "Daftar ke acara ini"],
  "worker.registered": ["Registered", "登録済み", "Terdaftar"],
  "worker.registered_done": ["You are registered for {event}.", "{event} に登録しました。", "Anda sudah terdaftar di {event}."],
  "worker.rank_title": [
    "Companies, in the order you want to meet them",
    "会いたい順の企業",
    "Perusahaan, sesuai urutan yang ingin Anda temui",
  ],
  "worker.move_up": ["Move up", "上へ", "Naikkan"],
  "worker.move_down": ["Move down", "下へ", "Turunkan"],
  "worker.save_ranking": ["Save my order", "この順番で保存", "Simpan urutan saya"],
  "worker.ranking_saved": ["Your order was saved.", "順番を保存しました。", "Urutan Anda telah disimpan."],
  "worker.no_employers": ["No companies have registered yet.", "まだ企業の登録はありません。", "Belum ada perusahaan yang terdaftar."],
  "empty.open_events": ["No open events right now.", "現在受付中のイベントはありません。", "Belum ada acara yang dibuka saat ini."],
  "codes.title": ["Sign-in codes for workers", "労働者用サインインコード", "Kode masuk untuk pekerja"],
  "codes.hint": [
    "Print a one-time code for each worker: they scan its QR code or type the code on their phone. Each code works once and expires on the date printed.",
    "労働者ごとに1回限りのコードを印刷します。QRコードを読み取るか、スマートフォンでコードを入力します。コードは1回限りで、印刷された日時に失効します。",
    "Cetak kode sekali pakai untuk setiap pekerja: mereka memindai kode QR atau mengetik kodenya di ponsel. Setiap kode hanya sekali pakai dan berakhir pada tanggal yang tercetak.",
  ],
  "codes.event": ["Event", "イベント", "Acara"],
  "codes.pick": ["Workers", "労働者", "Pekerja"],
  "codes.all": ["All of them", "全員", "Semua"],
  "codes.create": ["Make codes to print", "印刷用のコードを作成", "Buat kode untuk dicetak"],
  "codes.none_picked": ["Choose at least one worker.", "労働者を1人以上選んでください。", "Pilih setidaknya satu pekerja."],
  "codes.no_workers": ["No workers to choose from.", "選べる労働者がいません。", "Tidak ada pekerja untuk dipilih."],
  "codes.created_done": ["Codes ready to print: {n}.", "印刷できるコード: {n} 件。", "Kode siap dicetak: {n}."],
  "codes.sheet": ["Codes to hand out (shown only now)", "配布用コード(今だけ表示)", "Kode untuk dibagikan (hanya tampil sekarang)"],
  "codes.print": ["Print this sheet", "この用紙を印刷", "Cetak lembar ini"],
  "codes.expires": ["Valid until {d}", "{d} まで有効", "Berlaku sampai {d}"],
  "codes.how": [
    "Scan the QR code with your phone camera, or open {url} and type the code. It works once.",
    "スマートフォンのカメラでQRコードを読み取るか、{url} を開いてコードを入力してください。1回だけ使えます。",
    "Pindai kode QR dengan kamera ponsel, atau buka {url} lalu ketik kodenya. Hanya bisa dipakai sekali.",
  ],
  "codes.qr_alt": ["QR code for {name}", "{name} さんのQRコード", "Kode QR untuk {name}"],
  "codes.issued": ["Codes issued", "発行済みコード", "Kode yang sudah dibuat"],
  "codes.none_issued": ["No codes issued yet.", "発行したコードはまだありません。", "Belum ada kode yang dibuat."],
  "codes.worker": ["Worker", "労働者", "Pekerja"],
  "codes.status": ["Status", "状態", "Status"],
  "codes.valid_until": ["Valid until", "有効期限", "Berlaku sampai"],
  "codes.revoke": ["Revoke", "無効にする", "Batalkan"],
  "codes.revoked_done": ["Code revoked; a session it gave has ended.", "コードを無効にしました(このコードでのサインインも終了しました)。", "Kode dibatalkan; sesi yang dibukanya juga berakhir."],
  "codes.status.active": ["Not used yet", "未使用", "Belum dipakai"],
  "codes.status.used": ["Used", "使用済み", "Sudah dipakai"],
  "codes.status.revoked": ["Revoked", "無効", "Dibatalkan"],
  "codes.status.expired": ["Expired", "期限切れ", "Kedaluwarsa"],
  // --- end of worker page and sign-in codes (issue 19) ---
  // --- smaller frictions (issue 19, part D) ---
  no_requirements: ["No requirements to check", "確認する必須条件なし", "Tidak ada syarat untuk diperiksa"],
  "order.label": ["Order", "並び順", "Urutan"],
  "order.eligible_first": ["Eligible first", "条件を満たす人を先に", "Yang memenuhi syarat dulu"],
  "order.score": ["By score only", "スコア順のみ", "Menurut skor saja"],
  // --- end of smaller frictions ---
};

const INDEX = { en: 0, ja: 1, id: 2 };

/** Add a page module's own labels ({key: [en, ja, id]}) so each module keeps its texts beside
 * its code; a key defined twice is a bug, so it throws. */
export function addTexts(table) {
  for (const [key, row] of Object.entries(table)) {
    if (key in TEXT) throw new Error(`i18n: duplicate label ${key}`);
    if (!Array.isArray(row) || row.length !== 3) throw new Error(`i18n: ${key} needs [en, ja, id]`);
    TEXT[key] = row;
  }
}

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

// --- worker page and one-time sign-in codes (issue 19) ---
/** The label `key` in `lang` whatever the page's language (a printed code sheet speaks the
 * workers' Indonesian as well as the issuer's language). */
export function tIn(lang, key, values) {
  const row = TEXT[key];
  let text = row ? row[INDEX[lang] ?? 0] : key;
  if (values) text = text.replace(/\{(\w+)\}/g, (m, name) => (name in values ? String(values[name]) : m));
  return text;
}

/** Whether someone picked the page's language (else a worker's page starts in Indonesian). */
export function langChosen() {
  return LANGS.includes(localStorage.getItem(STORE));
}
