"""The exports, opened the way a reader opens them: python-docx, openpyxl, pdftotext."""
import io
import shutil
import subprocess
from datetime import date, datetime

import pytest
from docx import Document
from markupsafe import escape
from openpyxl import load_workbook

from reports.conftest import MEETING_DAY, NOT_OVERDUE_TEXTS, OCOP, OVERDUE_TEXTS, ROAD
from tracker.models import Role
from tracker.filters import Filters
from tracker.reports import build_overdue_list, build_task_list, render_html, render_pdf
from tracker.reports.render_docx import render_docx
from tracker.reports.render_xlsx import render_xlsx
from tracker.services.status import StatusClass


def docx_text(data: bytes) -> tuple[Document, str]:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return document, "\n".join(parts)


@pytest.fixture
def overdue_report(scenario):
    return build_overdue_list(MEETING_DAY, meeting=scenario.meeting)


def test_docx_in_party_style_with_the_expected_tasks(overdue_report):
    document, text = docx_text(render_docx(overdue_report))
    for expected in OVERDUE_TEXTS:
        assert expected in text
    for absent in NOT_OVERDUE_TEXTS:
        assert absent not in text
    header = document.tables[0].rows[0].cells
    left, right = header[0].text, header[1].text
    assert "ĐẢNG BỘ TỈNH TRÀ VINH" in left and "HUYỆN ỦY TRÀ CÚ" in left and "*" in left
    assert "Số" in left and "-BC/HU" in left
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in right
    date_line = next(p for p in header[1].paragraphs if p.text.startswith("Trà Cú, ngày"))
    assert date_line.text == "Trà Cú, ngày 10 tháng 10 năm 2023" and all(r.italic for r in date_line.runs)
    title = next(p for p in document.paragraphs if p.text.startswith("DANH SÁCH NHIỆM VỤ CHẬM, QUÁ HẠN"))
    assert all(r.bold for r in title.runs)
    assert "Nơi nhận:" in text and "CHÁNH VĂN PHÒNG" in text
    section = document.sections[0]
    assert {round(section.page_width.mm), round(section.page_height.mm)} == {210, 297}
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert round(section.top_margin.mm) == round(section.bottom_margin.mm) == 20
    assert document.styles["Normal"].font.name == "Times New Roman"
    # Every run, as Word resolves it (run, else paragraph style, else Normal): Times New Roman 13-14.
    normal = document.styles["Normal"].font
    paragraphs = list(document.paragraphs) + [p for t in document.tables for row in t.rows for c in row.cells
                                              for p in c.paragraphs]
    runs = [(r, p) for p in paragraphs for r in p.runs]
    assert {r.font.name or p.style.font.name or normal.name for r, p in runs} == {"Times New Roman"}
    assert {(r.font.size or p.style.font.size or normal.size).pt for r, p in runs} <= {13, 14}
    # The list groups by lead unit, counts on top; "=SUM…" stays words.
    assert "I. Ban Tổ chức Huyện ủy (1)" in text and "II. Xã Kim Sơn (2)" in text
    assert "Tổng số: 3 nhiệm vụ chậm, quá hạn của 2 đơn vị." in text


def test_committee_comes_from_settings(scenario, ctx):
    ctx.config.update(COMMITTEE_NAME="Tỉnh ủy Trà Vinh", COMMITTEE_PARENT="", COMMITTEE_PLACE="Trà Vinh",
                      COMMITTEE_CODE="TU", COMMITTEE_SIGNER="Lê Văn Hẳn", COMMITTEE_SIGNER_TITLE="Phó Chánh Văn phòng")
    try:
        _, text = docx_text(render_docx(build_overdue_list(MEETING_DAY)))
    finally:
        ctx.config.update(COMMITTEE_NAME="Huyện ủy Trà Cú", COMMITTEE_PARENT="Đảng bộ tỉnh Trà Vinh",
                          COMMITTEE_PLACE="Trà Cú", COMMITTEE_CODE="HU", COMMITTEE_SIGNER="",
                          COMMITTEE_SIGNER_TITLE="CHÁNH VĂN PHÒNG")
    assert "TỈNH ỦY TRÀ VINH" in text and "-BC/TU" in text and "Trà Vinh, ngày 10 tháng 10 năm 2023" in text
    assert "PHÓ CHÁNH VĂN PHÒNG" in text and "Lê Văn Hẳn" in text and "HUYỆN ỦY" not in text


def test_xlsx_has_the_same_rows_with_real_dates(overdue_report):
    book = load_workbook(io.BytesIO(render_xlsx(overdue_report)))
    assert book.sheetnames == ["Tổng hợp", "Danh sách"]
    sheet = book["Danh sách"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    assert {r["Nội dung nhiệm vụ"] for r in rows} == OVERDUE_TEXTS == {r["text"] for r in overdue_report.rows}
    ocop = next(r for r in rows if r["Nội dung nhiệm vụ"] == OCOP)
    assert ocop["Thời hạn"] == datetime(2023, 9, 30) and ocop["Ngày văn bản"] == datetime(2023, 9, 14)
    assert ocop["Số ngày quá hạn"] == 20 and ocop["Đơn vị chủ trì"] == "Xã Kim Sơn"
    date_cell = sheet.cell(2, header.index("Thời hạn") + 1)
    assert date_cell.is_date and date_cell.number_format == "DD/MM/YYYY"
    road = next(row for row in sheet.iter_rows(min_row=2) if row[header.index("Nội dung nhiệm vụ")].value == ROAD)
    cell = road[header.index("Nội dung nhiệm vụ")]
    assert cell.data_type == "s" and cell.quotePrefix  # text, not a formula
    assert all(sheet.column_dimensions[letter].width >= 5 for letter in "ABCDEFGHIJK")
    assert sheet.column_dimensions["G"].width > 40  # the task's text
    # One running number down the list; each unit's own numbering in a column of its own.
    assert [r["STT"] for r in rows] == list(range(1, len(rows) + 1))
    assert [r["TT trong đơn vị"] for r in rows] == [1, 1, 2]
    summary = book["Tổng hợp"]
    values = [[c.value for c in row] for row in summary.iter_rows()]
    assert [1, "Ban Tổ chức Huyện ủy", 1] in values and [2, "Xã Kim Sơn", 2] in values
    assert [None, "Tổng cộng", 3] in values


@pytest.mark.parametrize("text", ["=1+1", "+84 909", "-2 đơn vị", "@mention"])
def test_xlsx_never_writes_a_formula(scenario, make_task, text):
    make_task(scenario.kim_son, directive=scenario.d1, text=text, deadline_on=date(2023, 9, 20))
    sheet = load_workbook(io.BytesIO(render_xlsx(build_overdue_list(MEETING_DAY))))["Danh sách"]
    column = [c.value for c in sheet[1]].index("Nội dung nhiệm vụ")
    cells = [row[column] for row in sheet.iter_rows(min_row=2) if row[column].value == text]
    assert len(cells) == 1 and cells[0].data_type == "s"


def test_pdf_has_vietnamese_text_intact(overdue_report, tmp_path):
    assert shutil.which("pdftotext"), "poppler-utils is needed (make system-deps)"
    path = tmp_path / "list.pdf"
    path.write_bytes(render_pdf(overdue_report))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "HUYỆN ỦY TRÀ CÚ", "DANH SÁCH NHIỆM VỤ CHẬM, QUÁ HẠN",
                     "Trà Cú, ngày 10 tháng 10 năm 2023", "Ban Tổ chức Huyện ủy", "Xã Kim Sơn", "Nơi nhận:",
                     "Phục vụ Hội nghị Ban Thường vụ Huyện ủy ngày 20/10/2023", "Phát triển sản phẩm OCOP"):
        assert expected in flat, expected
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Serif" in fonts or "Times" in fonts, fonts


def _every_vietnamese_letter() -> str:
    """Every vowel with every tone mark (stacked ones included), in both cases, and đ/Đ."""
    import unicodedata

    tones = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # ngang, huyền, sắc, hỏi, ngã, nặng
    vowels = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
    lower = " ".join(unicodedata.normalize("NFC", v + t) for v in vowels for t in tones)
    return f"{lower} {lower.upper()} đ Đ"


def test_pdf_carries_every_vietnamese_letter_in_the_bundled_font(scenario, make_task, tmp_path):
    """The PDF embeds the app's own Liberation Serif 2 and nothing else: no letter falls back to another font,
    whatever fonts the machine has (Debian's fonts-liberation 1.x lacks the stacked marks)."""
    letters = _every_vietnamese_letter()
    assert len(letters.split()) == 12 * 6 * 2 + 2
    make_task(scenario.kim_son, directive=scenario.d1, text=letters, deadline_on=date(2023, 9, 20))
    path = tmp_path / "letters.pdf"
    path.write_bytes(render_pdf(build_overdue_list(MEETING_DAY)))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    missing = [letter for letter in letters.split() if letter not in text]
    assert not missing, missing
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    # WeasyPrint names an @font-face font after its family: "Don Doc Serif" is the bundled file, never a
    # font of the machine (which would show as LiberationSerif, DejaVuSerif …).
    names = {row.split()[0].split("+")[-1] for row in rows}
    assert names <= {"Don-Doc-Serif", "Don-Doc-Serif-Bold", "Don-Doc-Serif-Italic", "Don-Doc-Serif-Bold-Italic"}, rows
    assert "Don-Doc-Serif" in names  # the regular face carries the tasks' text, so every letter above
    assert all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in rows), rows  # embedded, subset, unicode


def test_docx_columns_hold_their_headers(overdue_report):
    """Each header's longest word fits its column on one line ("Mục" never breaks as "Mụ/c"); the table keeps
    its width."""
    from tracker.reports.render_docx import BOLD_CHAR_CM, CELL_PADDING_CM

    document, _ = docx_text(render_docx(overdue_report))
    table = document.tables[-2]  # the list (the last table is the signature)
    headers = [cell.text for cell in table.rows[0].cells]
    widths = [cell.width.cm for cell in table.rows[0].cells]
    for header, width in zip(headers, widths):
        longest = max(len(word) for word in header.split())
        assert width >= longest * BOLD_CHAR_CM + CELL_PADDING_CM - 0.01, (header, width)
    assert "Mục" in headers
    columns = overdue_report.columns_for("paper")
    assert abs(sum(widths) - sum(c.width_cm for c in columns)) < 0.05


def test_print_view_is_the_same_list(overdue_report):
    html = render_html(overdue_report)
    assert all(text in html for text in ("Xã Kim Sơn", "DANH SÁCH NHIỆM VỤ CHẬM, QUÁ HẠN", "20/10/2023"))
    assert all(str(escape(t)) in html for t in OVERDUE_TEXTS)
    assert "Tổng kết công tác phòng" not in html
    assert "@page" in html and "@font-face" in html and "LiberationSerif-Regular.ttf" in html


def test_task_list_export(scenario, make_user):
    leader = make_user("lanhdao", Role.LEADER)
    report = build_task_list(leader, Filters(status=StatusClass.OVERDUE), MEETING_DAY)
    _, text = docx_text(render_docx(report))
    assert "DANH SÁCH NHIỆM VỤ" in text and "Tình trạng: Quá hạn" in text
    assert OCOP in text and ROAD in text and "Tổng kết công tác phòng" not in text
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    sheet = book["Danh sách"]
    column = [c.value for c in sheet[1]].index("Nội dung nhiệm vụ")
    listed = {row[column].value for row in sheet.iter_rows(min_row=2)}
    assert listed == {r["text"] for r in report.rows}
