"""An agency imports its own spreadsheet from the page (issue 19): Indonesian Excel's `;`
separators and Windows-1252 encoding, Indonesian headers, the bad rows listed with messages in
Indonesian, the error report downloaded, the rows fixed and imported again, and the export."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import anyio
import pytest

from tests.web.conftest import LiveWorld, shot
from tests.web.test_pages import sign_in

pytestmark = pytest.mark.browser

HEADER = (
    "No Induk;Nama Lengkap;Tanggal Lahir;Provinsi;No. HP;Bidang Pilihan;jp1_test;jp1_level;"
    "jp1_passed_on;Sertifikat1 Skema;Sertifikat1 Nomor;Sertifikat1 Penerbit;Sertifikat1 Terbit;"
    "Sertifikat1 Berlaku Sampai;Pengalaman1 Jabatan;Pengalaman1 Bidang;Pengalaman1 Tahun;"
    "Dapat Ditemukan"
)
GOOD = (
    "LPK-WEB-01;Ni Luh Putu Café;2000-08-17;Bali;+62 812-3911-2040;food_service;JLPT;N4;"
    "2025-07-06;;;;;;Juru masak;food_service;2,5;ya"
)
BAD_DATE = (
    "LPK-WEB-02;Yohanes Situmorang;{birth};Sumatera Utara;+62 813-7702-1184;nursing_care;"
    "JLPT;N4;2024-12-01;Perawat Lansia;62.3.1.87.2.0201.2024;LSP Kesehatan Indonesia;"
    "2024-03-01;2027-03-01;Perawat lansia;nursing_care;3;ya"
)
BAD_LEVEL = (
    "LPK-WEB-03;Wayan Suardana;1997-05-21;Bali;+62 819-3344-5566;agriculture;JFT-Basic;{level};"
    "2025-02-18;;;;;;Petani;agriculture;4;tidak"
)


def spreadsheet(path: Path, *, birth: str, level: str) -> Path:
    """The file as Indonesian Excel saves "CSV (dipisahkan titik koma)": cp1252, CRLF."""
    lines = [HEADER, GOOD, BAD_DATE.format(birth=birth), BAD_LEVEL.format(level=level)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


async def _download(page: Any, button: Any, target: Path) -> bytes:
    async with page.expect_download() as info:
        await button.click()
    await (await info.value).save_as(str(target))
    return await anyio.Path(target).read_bytes()


async def test_agency_imports_an_indonesian_excel_file_fixes_the_bad_rows_and_exports(
    page: Any, live: LiveWorld, tmp_path: Path
) -> None:
    await sign_in(page, live, "agency", "id")
    section = page.locator("#import")
    await section.get_by_role("heading", name="Impor pekerja massal").wait_for()

    template = await _download(
        page, section.get_by_role("button", name="Unduh templat (CSV)"), tmp_path / "t.csv"
    )
    assert template.startswith(codecs.BOM_UTF8)
    assert template.decode("utf-8-sig").startswith("external_id,full_name,birth_date,")

    first = spreadsheet(tmp_path / "pekerja.csv", birth="14/03/1998", level="N6")
    await section.get_by_label("Berkas (CSV, JSON atau JSON Lines)").set_input_files(str(first))
    await section.get_by_role("button", name="Impor", exact=True).click()
    await section.get_by_text("2 baris tidak disimpan").wait_for()
    groups = section.locator("table.errors tbody.error-row")
    assert await groups.count() == 2
    date_row = groups.nth(0)
    assert await date_row.locator("th").text_content() == "3"
    cells = await date_row.locator("td").all_text_contents()
    assert cells[0] == "Tanggal Lahir" and cells[1] == "14/03/1998", cells
    assert cells[2].startswith("harus berupa tanggal dengan format YYYY-MM-DD"), cells
    level_cells = await groups.nth(1).locator("td").all_text_contents()
    assert level_cells[0] == "jp1_level" and level_cells[1] == "N6", level_cells
    assert level_cells[2].startswith("harus salah satu dari: N1, N2"), level_cells
    counts = await section.locator(".counts dd").all_text_contents()
    assert counts == ["3", "1", "0", "0", "2"], counts  # rows, created, updated, unchanged, errors
    await shot(page, "agency-import-errors-id")

    report = await _download(
        page, section.get_by_role("button", name="Unduh laporan galat (CSV)"), tmp_path / "e.csv"
    )
    lines = report.decode("utf-8-sig").splitlines()
    assert lines[0] == "row,column,field,value,message"
    assert lines[1].startswith('3,Tanggal Lahir,birth_date,14/03/1998,"harus berupa tanggal')
    assert lines[2].startswith("4,jp1_level,japanese.0.level,N6,")

    fixed = spreadsheet(tmp_path / "pekerja-perbaikan.csv", birth="1998-03-14", level="A2")
    await section.get_by_label("Berkas (CSV, JSON atau JSON Lines)").set_input_files(str(fixed))
    await section.get_by_role("button", name="Impor", exact=True).click()
    await page.locator("#status", has_text="Impor selesai: 3 baris, 0 galat.").wait_for()
    counts = await section.locator(".counts dd").all_text_contents()
    assert counts == ["3", "2", "0", "1", "0"], counts  # the good row is unchanged
    assert await section.locator("table.errors").count() == 0
    await shot(page, "agency-import-fixed-id")

    exported = await _download(
        page, section.get_by_role("button", name="Ekspor pekerja saya (CSV)"), tmp_path / "x.csv"
    )
    assert exported.startswith(codecs.BOM_UTF8)
    text = exported.decode("utf-8-sig")
    assert "Ni Luh Putu Café" in text and "Yohanes Situmorang" in text
    assert "'+62 813-7702-1184" in text  # formula-safe: a leading + is neutralised


BIG_ROWS = 5000


async def test_a_long_import_shows_rows_checked_of_all_rows_then_the_report(
    page: Any, live: LiveWorld, tmp_path: Path
) -> None:
    """The import answers 202 with a job (issue 17): the bar and the status line follow the
    job's rows done of all rows (numbers in the page's locale) until the report replaces them."""
    rows = [GOOD.replace("LPK-WEB-01", f"LPK-BIG-{n:05d}") for n in range(BIG_ROWS)]
    path = tmp_path / "banyak.csv"
    path.write_bytes(("\r\n".join([HEADER, *rows]) + "\r\n").encode("cp1252"))
    await sign_in(page, live, "agency", "id")
    section = page.locator("#import")
    # The page draws its sections one after another: observe the status line once it is there.
    await section.locator(".job-status").wait_for(state="attached")
    await section.locator("progress.job-progress").wait_for(state="attached")
    # Every text the status line shows, and the bar's largest maximum, as they happen.
    await page.evaluate(
        """() => {
          window.seenStatus = [];
          window.seenMax = 0;
          const status = document.querySelector('#import .job-status');
          const bar = document.querySelector('#import progress.job-progress');
          new MutationObserver(() => {
            window.seenStatus.push(status.textContent);
            window.seenMax = Math.max(window.seenMax, bar.max);
          }).observe(status, { childList: true, characterData: true, subtree: true });
        }"""
    )
    await section.get_by_label("Berkas (CSV, JSON atau JSON Lines)").set_input_files(str(path))
    await section.get_by_role("button", name="Impor", exact=True).click()
    total = f"{BIG_ROWS:,}".replace(",", ".")  # Indonesian groups digits with dots
    done = f"Impor selesai: {total} baris, 0 galat."
    await section.locator(".job-status", has_text=f"dari {total} baris diperiksa").wait_for()
    await shot(page, "agency-import-job-progress-id")
    await page.locator("#status", has_text=done).wait_for(timeout=120_000)
    seen: list[str] = await page.evaluate("window.seenStatus")
    counted = [s for s in seen if s.endswith(f"dari {total} baris diperiksa")]
    assert counted, seen
    assert await page.evaluate("window.seenMax") == BIG_ROWS
    counts = await section.locator(".counts dd").all_text_contents()
    assert counts[:2] == [total, total], counts  # rows, created
    await shot(page, "agency-import-job-done-id")


async def test_a_running_import_can_be_cancelled_from_the_page(
    page: Any, live: LiveWorld, tmp_path: Path
) -> None:
    rows = [GOOD.replace("LPK-WEB-01", f"LPK-STOP-{n:05d}") for n in range(2 * BIG_ROWS)]
    path = tmp_path / "batal.csv"
    path.write_bytes(("\r\n".join([HEADER, *rows]) + "\r\n").encode("cp1252"))
    await sign_in(page, live, "agency", "id")
    section = page.locator("#import")
    await section.get_by_label("Berkas (CSV, JSON atau JSON Lines)").set_input_files(str(path))
    await section.get_by_role("button", name="Impor", exact=True).click()
    await section.locator(".job-status", has_text="baris diperiksa").wait_for(timeout=60_000)
    await section.get_by_role("button", name="Batalkan").click()
    await section.locator(".job-status", has_text="Pekerjaan dibatalkan.").wait_for(timeout=30_000)
    assert await section.locator(".counts").count() == 0  # no report: the job did not finish
    assert await section.get_by_role("button", name="Batalkan").is_hidden()
    assert await page.locator("#alert").is_hidden()  # asked for, so not shown as an error
    await shot(page, "agency-import-cancelled-id")
