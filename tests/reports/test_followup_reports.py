"""The follow-up reports (per notice, per period, the unit's own) against counts made by hand over the
scenario of conftest.py, opened the way a reader opens them (python-docx, openpyxl, pdftotext).

As of 10/10/2023 the lead assignments of the two notices are, by hand:
  Ban Tổ chức Huyện ủy: cadre overdue (reported done late), dengue done late, budget in progress
  Phòng Y tế:           road done on time, speech in progress (extended), citizens in progress
  Xã Kim Sơn:           OCOP overdue, road in progress, digital ongoing
"""
import io
import re
import shutil
import subprocess
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from reports.conftest import BUDGET, CADRE, CITIZENS, DIGITAL, OCOP, ROAD, SPEECH, TODAY
from tracker.extensions import db
from tracker.models import Role
from tracker.reports import render
from tracker.reports.notice_report import build_notice_report
from tracker.reports.period_report import build_period_report
from tracker.reports.standard import HEADERS, period_bounds, period_words
from tracker.services import workflow

#: unit → (assigned, on time, late, in progress, overdue, ongoing, carried), counted by hand (docstring).
BY_HAND = {
    "Ban Tổ chức Huyện ủy": (3, 0, 1, 1, 1, 0, 0),
    "Phòng Y tế": (3, 1, 0, 2, 0, 0, 0),
    "Xã Kim Sơn": (3, 0, 0, 1, 1, 1, 0),
}
TOTAL = (9, 1, 1, 4, 2, 1, 0)
RETURNED = "Đã hoàn thành kiểm tra (báo cáo này bị trả lại)"


def docx_parts(data: bytes):
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return document, paragraphs, tables


def pdf_text(data: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils is needed (make system-deps)"
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


@pytest.fixture
def returned(scenario, make_user):
    """Phòng Y tế reports the speech task done, the office returns it; a plain progress note follows."""
    unit_user = make_user("yte", Role.UNIT, scenario.y_te)
    office = make_user("vanphong", Role.OFFICE)
    assignment = scenario.tasks["speech"].leads[0]
    workflow.report_progress(assignment, unit_user, text="Đã lập kế hoạch kiểm tra.", today=date(2023, 10, 3))
    workflow.report_done(assignment, unit_user, summary=RETURNED, today=date(2023, 10, 6))
    workflow.return_report(assignment, office, reason="Thiếu biên bản kiểm tra.")
    db.session.commit()
    return assignment


def numbers(stats) -> dict:
    """The standard table's rows as {unit: (assigned, on time, late, in progress, overdue, ongoing, carried)}."""
    return {cells[1]: tuple(cells[2:9]) for kind, cells in stats.rows if kind in ("row", "total")}


def test_period_table_equals_the_count_by_hand(scenario, returned):
    report = build_period_report(date(2023, 9, 1), date(2023, 10, 31), as_of=TODAY)
    assert report.stats.headers == HEADERS
    assert numbers(report.stats) == BY_HAND | {"Tổng cộng": TOTAL}
    rates = {cells[1]: cells[9:] for kind, cells in report.stats.rows}
    assert rates["Ban Tổ chức Huyện ủy"] == ["33,3", "0,0"]  # 1 of 3 done; 0 on time of 2 come due
    assert rates["Phòng Y tế"] == ["33,3", "100,0"] and rates["Xã Kim Sơn"] == ["0,0", "0,0"]
    overdue, in_progress = report.groups
    assert {r["text"] for r in overdue.rows} == {CADRE, OCOP}
    assert {r["text"] for r in in_progress.rows} == {ROAD, SPEECH, BUDGET, CITIZENS}
    speech = next(r for r in in_progress.rows if r["text"] == SPEECH)
    assert "Đã lập kế hoạch kiểm tra." in speech["results"] and RETURNED not in speech["results"]


def test_period_filters_by_issuer_and_groups_by_unit_kind(scenario):
    report = build_period_report(date(2023, 9, 1), date(2023, 9, 30), issuer="Thường trực Huyện ủy", as_of=TODAY,
                                 by_kind=True)
    # 152-TB/HU only: cadre, dengue (Ban Tổ chức), speech, citizens (Y tế), OCOP, digital (Kim Sơn)
    assert numbers(report.stats)["Tổng cộng"] == (6, 0, 1, 2, 2, 1, 0)
    kinds = [cells[0] for kind, cells in report.stats.rows if kind == "group"]
    assert kinds == ["1. Cơ quan chính quyền"]  # the factory makes government offices
    assert [kind for kind, _ in report.stats.rows].count("subtotal") == 1
    assert "Thường trực Huyện ủy" in report.heading


def test_period_numbers_are_the_dashboards(scenario, make_user, make_client):
    make_user("lanhdao", Role.LEADER)
    dashboard = make_client("lanhdao").get("/dashboard/?from=01/09/2023&to=31/10/2023&as_of=10/10/2023")
    html = dashboard.get_data(as_text=True)
    report = build_period_report(date(2023, 9, 1), date(2023, 10, 31), as_of=TODAY)
    cols = ("assigned", "done_on_time", "done_late", "in_progress", "overdue", "ongoing", "carried_over")
    for unit in (scenario.to_chuc, scenario.y_te, scenario.kim_son):
        row = re.search(rf'<tr data-unit="{unit.id}">(.*?)</tr>', html, re.S).group(1)
        shown = tuple(int(re.search(rf'data-col="{c}"><a [^>]*>(\d+)</a>', row).group(1)) for c in cols)
        assert shown == numbers(report.stats)[unit.name], unit.name


def test_period_words_and_bounds():
    assert period_bounds("quarter", 2023, 3) == (date(2023, 7, 1), date(2023, 9, 30))
    assert period_words(*period_bounds("quarter", 2023, 3)) == "quý III năm 2023"
    assert period_words(*period_bounds("half", 2024, 1)) == "6 tháng đầu năm 2024"
    assert period_words(*period_bounds("year", 2023)) == "năm 2023"
    assert period_words(date(2023, 9, 5), date(2023, 10, 4)) == "từ ngày 05/09/2023 đến ngày 04/10/2023"


def test_notice_report_items_in_the_notices_order_with_counts(scenario, returned):
    report = build_notice_report(scenario.d1, TODAY)
    rows = report.rows
    assert [r["text"] for r in rows] == [t.text for t in scenario.d1.tasks]
    ocop = next(r for r in rows if r["text"] == OCOP)
    assert ocop["source_ref"] == "3.7 -2" and ocop["status"] == "Quá hạn"
    assert "05/10/2023: Đã khảo sát 5/7 xã" in ocop["results"]
    speech = next(r for r in rows if r["text"] == SPEECH)
    assert RETURNED not in speech["results"] and "03/10/2023: Đã lập kế hoạch kiểm tra." in speech["results"]
    cadre = next(r for r in rows if r["text"] == CADRE)
    assert "Quá hạn" in cadre["results"]
    assert numbers(report.stats)["Tổng cộng"] == (6, 0, 1, 2, 2, 1, 0)
    assert report.assessment[0].startswith("Tổng số 6 lượt đơn vị chủ trì; đã hoàn thành 1 (đúng hạn 0, quá hạn 1)")


def test_notice_docx_has_the_party_documents_parts(scenario):
    document, paragraphs, tables = docx_parts(render(build_notice_report(scenario.d1, TODAY), "docx"))
    header = " ".join(tables[0][0])
    assert "ĐẢNG BỘ TỈNH TRÀ VINH" in header and "HUYỆN ỦY TRÀ CÚ" in header and "-BC/HU" in header
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header and "Trà Cú, ngày 10 tháng 10 năm 2023" in header
    assert "BÁO CÁO" in paragraphs
    assert "Kết quả thực hiện Thông báo kết luận số 152-TB/HU, ngày 14/09/2023 của Thường trực Huyện ủy" in paragraphs
    items = tables[1]
    assert items[0][:3] == ["TT", "Mục", "Nội dung nhiệm vụ"] and any(OCOP in row for row in items)
    assert tables[2][0] == HEADERS
    signature = " ".join(tables[-1][0])
    assert "Nơi nhận:" in signature and "CHÁNH VĂN PHÒNG" in signature
    assert any(p.startswith("Thực hiện Thông báo kết luận số 152-TB/HU") for p in paragraphs)


def test_state_style_for_peoples_committees(scenario, ctx):
    ctx.config.update(DOCUMENT_STYLE="state", COMMITTEE_NAME="Ủy ban nhân dân huyện Trà Cú", COMMITTEE_PARENT="",
                      COMMITTEE_CODE="UBND", COMMITTEE_SIGNER_TITLE="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
    try:
        _, _, tables = docx_parts(render(build_notice_report(scenario.d1, TODAY), "docx"))
    finally:
        ctx.config.update(DOCUMENT_STYLE="party", COMMITTEE_NAME="Huyện ủy Trà Cú",
                          COMMITTEE_PARENT="Đảng bộ tỉnh Trà Vinh", COMMITTEE_CODE="HU",
                          COMMITTEE_SIGNER_TITLE="CHÁNH VĂN PHÒNG")
    header = " ".join(tables[0][0])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header and "Độc lập - Tự do - Hạnh phúc" in header
    assert "ỦY BAN NHÂN DÂN HUYỆN TRÀ CÚ" in header and "/BC-UBND" in header and "Số:" in header
    assert "ĐẢNG CỘNG SẢN" not in header
    assert "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH" in tables[-1][0][1]


def test_pdf_keeps_vietnamese(scenario, tmp_path):
    text = pdf_text(render(build_period_report(date(2023, 9, 1), date(2023, 10, 31), as_of=TODAY), "pdf"), tmp_path)
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "BÁO CÁO", "Tình hình thực hiện các kết luận, chỉ đạo",
                     "Ban Tổ chức Huyện ủy", "Xã Kim Sơn", "NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH",
                     "Phát triển sản phẩm OCOP",
                     "Nơi nhận:"):
        assert expected in text, expected


def test_xlsx_has_the_standard_table_and_the_lists(scenario):
    book = load_workbook(io.BytesIO(render(build_period_report(date(2023, 9, 1), date(2023, 10, 31), as_of=TODAY),
                                           "xlsx")))
    summary = [[c for c in row] for row in book["Tổng hợp"].iter_rows(values_only=True)]
    head = next(i for i, row in enumerate(summary) if row[0] == "TT")
    assert list(summary[head][:len(HEADERS)]) == HEADERS
    kim_son = next(row for row in summary if row[1] == "Xã Kim Sơn")
    assert tuple(kim_son[2:9]) == BY_HAND["Xã Kim Sơn"]
    rows = list(book["Danh sách"].iter_rows(values_only=True))
    # A running number first, then each list's own (the XLSX list of every report, issue #12).
    assert rows[0][:7] == ("STT", "TT trong đơn vị", "Danh sách", "Số văn bản", "Ngày văn bản", "Mục",
                           "Nội dung nhiệm vụ")
    overdue = {row[6] for row in rows[1:] if row[2] == "Nhiệm vụ quá hạn chưa hoàn thành"}
    assert overdue == {OCOP, CADRE} and DIGITAL not in {row[6] for row in rows}


def test_cli_period_report(scenario, ctx, tmp_path):
    out = tmp_path / "ky.xlsx"
    result = ctx.test_cli_runner().invoke(args=[
        "tracker", "report", "period", "--from", "2023-09-01", "--to", "2023-10-31", "--as-of", "2023-10-10",
        "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "9 lượt đơn vị chủ trì" in result.output
    summary = list(load_workbook(out)["Tổng hợp"].iter_rows(values_only=True))
    assert tuple(next(row for row in summary if row[1] == "Tổng cộng")[2:9]) == TOTAL
    bad = ctx.test_cli_runner().invoke(args=["tracker", "report", "period", "--from", "2023-10-31", "--to",
                                             "2023-09-01", "--format", "pdf", "-o", str(tmp_path / "x.pdf")])
    assert bad.exit_code != 0 and "--to" in bad.output


def test_notice_page_keeps_the_offices_words_by_version(scenario, make_user, make_client):
    make_user("vanphong", Role.OFFICE)
    make_user("lanhdao", Role.LEADER)
    office, leader = make_client("vanphong"), make_client("lanhdao")
    url = f"/directives/{scenario.d1.id}/report"
    assert url in office.get(f"/directives/{scenario.d1.id}").get_data(as_text=True)
    page = office.get(url).get_data(as_text=True)
    assert "Thực hiện Thông báo kết luận số 152-TB/HU" in page and OCOP in page
    assert office.post(url, {"intro": ""}).status_code == 200
    assert office.post(url, {"intro": "Mở đầu bản một.", "assessment": ""}).status_code == 302
    second = {"intro": "Mở đầu bản hai.", "assessment": "Các đơn vị cần khẩn trương."}
    assert office.post(url, second).status_code == 302
    assert office.post(url, second).status_code == 302
    from tracker.models import ReportKind
    from tracker.services import report_texts

    versions = report_texts.versions(ReportKind.NOTICE, report_texts.notice_scope(scenario.d1.id))
    assert [v.version for v in versions] == [2, 1]  # saving the same words again adds no version
    _, paragraphs, _ = docx_parts(leader.get(f"{url}/docx").data)
    assert "Mở đầu bản hai." in paragraphs and "Các đơn vị cần khẩn trương." in paragraphs
    assert "III. ĐÁNH GIÁ CHUNG" in paragraphs
    assert leader.post(url, {"intro": "x"}).status_code == 403
    assert "Mở đầu bản hai." in leader.get(url).get_data(as_text=True)


def test_period_page_and_exports(scenario, make_user, make_client):
    make_user("vanphong", Role.OFFICE)
    office = make_client("vanphong")
    args = "from=01/09/2023&to=31/10/2023&as_of=10/10/2023"
    page = office.get(f"/reports/period?{args}").get_data(as_text=True)
    assert "Tình hình thực hiện các kết luận, chỉ đạo" in page and "Xã Kim Sơn" in page
    assert office.get("/reports/period?from=01/09/2023").status_code == 400
    saved = office.post("/reports/period", {"from": "01/09/2023", "to": "31/10/2023", "intro": "Kỳ này."})
    assert saved.status_code == 302
    assert "Kỳ này." in office.get(f"/reports/period?{args}").get_data(as_text=True)
    response = office.get(f"/reports/period/export/pdf?{args}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert office.get(f"/reports/period/export/odt?{args}").status_code == 404


def test_overdue_list_never_shows_a_returned_report_as_progress(scenario, make_user):
    from reports.conftest import MEETING_DAY
    from tracker.reports import build_overdue_list

    unit_user, office = make_user("kimson", Role.UNIT, scenario.kim_son), make_user("vanphong", Role.OFFICE)
    assignment = next(a for a in scenario.tasks["road"].leads if a.unit_id == scenario.kim_son.id)
    workflow.report_progress(assignment, unit_user, text="Đã khảo sát tuyến đường.", today=date(2023, 10, 8))
    workflow.report_done(assignment, unit_user, summary=RETURNED, today=date(2023, 10, 9))
    workflow.return_report(assignment, office, reason="Thiếu hồ sơ.")
    db.session.commit()
    road = next(r for r in build_overdue_list(MEETING_DAY).rows if r["text"] == ROAD)
    assert road["latest_note"] == "08/10/2023: Đã khảo sát tuyến đường."


def test_period_lists_can_be_cut_for_a_page_and_refused_for_a_file(scenario):
    from tracker.reports import TooManyRows

    cut = build_period_report(date(2023, 9, 1), date(2023, 10, 31), as_of=TODAY, list_limit=1)
    assert [(len(g.rows), g.count) for g in cut.groups] == [(1, 2), (1, 4)]
    build_period_report(date(2023, 9, 1), date(2023, 10, 31), as_of=TODAY, max_rows=10)  # 4 table rows + 6 items
    with pytest.raises(TooManyRows):
        build_period_report(date(2023, 9, 1), date(2023, 10, 31), as_of=TODAY, max_rows=9)
