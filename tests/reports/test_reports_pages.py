"""The pages: the overdue list and its exports, the dashboard and the lists behind its numbers, meetings, CLI."""
import dataclasses
import io
import re
from datetime import date

import pytest
import sqlalchemy as sa
from docx import Document
from openpyxl import load_workbook

from reports.conftest import CADRE, DIGITAL, OCOP, OVERDUE_TEXTS, ROAD
from tracker.extensions import db
from tracker.models import Meeting, Role
from tracker.reports import FORMATS
from tracker.services.status import StatusClass
from tracker.services.tasks import update_directive

AS_OF = "as_of=20/10/2023"


def shown(html, candidates):
    return {t for t in candidates if t.replace('"', "&#34;") in html}


def docx_text(data):
    document = Document(io.BytesIO(data))
    return "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)


def test_overdue_page_for_the_next_meeting(scenario, leader):
    html = leader.get("/reports/overdue").get_data(as_text=True)  # no date: the next meeting's
    assert "Phục vụ Hội nghị Ban Thường vụ Huyện ủy ngày 20/10/2023" in html
    assert shown(html, OVERDUE_TEXTS) == OVERDUE_TEXTS and DIGITAL not in html
    assert f'data-count="{scenario.kim_son.id}">2<' in html and f'data-count="{scenario.to_chuc.id}">1<' in html
    assert '<span id="overdue-total">3</span>' in html
    assert "Đã khảo sát 5/7 xã" in html
    # The export links carry the day the page used.
    assert "/reports/overdue/export/docx?" in html and "as_of=20/10/2023" in html


def test_overdue_page_filters_and_bad_input(scenario, leader):
    html = leader.get(f"/reports/overdue?{AS_OF}&unit={scenario.kim_son.id}").get_data(as_text=True)
    assert shown(html, OVERDUE_TEXTS) == {OCOP, ROAD}
    html = leader.get(f"/reports/overdue?{AS_OF}&committee=Ban+Thường+vụ+Huyện+ủy").get_data(as_text=True)
    assert shown(html, OVERDUE_TEXTS) == {ROAD}
    html = leader.get(f"/reports/overdue?{AS_OF}&number=152-TB/HU").get_data(as_text=True)
    assert shown(html, OVERDUE_TEXTS) == {OCOP, CADRE}
    for query, message in [("as_of=31/02/2023", "Ngày không tồn tại."), ("from=abc", "Ngày không đúng định dạng"),
                           ("unit=xyz", "Đơn vị không hợp lệ."), ("unit=99999", "Không tìm thấy đơn vị."),
                           ("from=01/10/2023&to=01/09/2023", "phải sau hoặc bằng từ ngày"),
                           ("meeting=424242", "Không tìm thấy hội nghị.")]:
        response = leader.get(f"/reports/overdue?{query}")
        assert response.status_code == 400, query
        assert message in response.get_data(as_text=True), query
        export = leader.get(f"/reports/overdue/export/docx?{query}")
        assert export.status_code == 400 and message in export.get_data(as_text=True), query
    assert leader.get("/reports/overdue/export/exe").status_code == 404


def test_unit_user_sees_and_exports_only_its_own(scenario, make_user, make_client):
    make_user("kimson", Role.UNIT, scenario.kim_son)
    c = make_client("kimson")
    html = c.get(f"/reports/overdue?{AS_OF}").get_data(as_text=True)
    assert shown(html, OVERDUE_TEXTS) == {OCOP, ROAD}
    html = c.get(f"/reports/overdue?{AS_OF}&unit={scenario.to_chuc.id}").get_data(as_text=True)
    assert shown(html, OVERDUE_TEXTS) == set()
    text = docx_text(c.get(f"/reports/overdue/export/docx?{AS_OF}").data)
    assert OCOP in text and CADRE not in text
    assert c.get("/dashboard/").status_code == 403
    assert c.get("/meetings/").status_code == 403
    rows = c.get(f"/reports/assignments?{AS_OF}&cls=overdue").get_data(as_text=True)
    assert shown(rows, OVERDUE_TEXTS) == {OCOP, ROAD}


@pytest.mark.parametrize("fmt, mimetype", [("docx", "wordprocessingml"), ("xlsx", "spreadsheetml"),
                                           ("pdf", "application/pdf"), ("html", "text/html")])
def test_overdue_exports_download(scenario, leader, fmt, mimetype):
    response = leader.get(f"/reports/overdue/export/{fmt}?{AS_OF}")
    assert response.status_code == 200 and mimetype in response.mimetype
    if fmt != "html":
        assert f'filename="danh-sach-cham-qua-han-2023-10-20.{fmt}"' in response.headers["Content-Disposition"]
    if fmt == "docx":
        assert all(t in docx_text(response.data) for t in OVERDUE_TEXTS)
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.data))["Danh sách"]
        assert sheet.max_row == 4
    if fmt == "html":
        html = response.get_data(as_text=True)  # a print button, wired by app.js (no inline script under the CSP)
        assert "<button type=\"button\" data-print>In</button>" in html and "/static/app.js" in html


def test_too_long_for_paper_is_refused_clearly(scenario, leader, monkeypatch):
    monkeypatch.setitem(FORMATS, "docx", dataclasses.replace(FORMATS["docx"], max_rows=2))
    response = leader.get(f"/reports/overdue/export/docx?{AS_OF}")
    assert response.status_code == 400
    assert "Danh sách có 3 dòng, quá dài để xuất ra DOCX (tối đa 2 dòng)" in response.get_data(as_text=True)


def test_task_list_exports_take_the_lists_filters(scenario, leader, make_user, make_client):
    html = leader.get("/tasks/?status=overdue").get_data(as_text=True)
    link = re.search(r'href="(/reports/tasks/export/docx\?[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "status=overdue" in link
    text = docx_text(leader.get(link).data)
    assert OCOP in text and DIGITAL not in text
    xlsx = leader.get("/reports/tasks/export/xlsx?q=OCOP")
    sheet = load_workbook(io.BytesIO(xlsx.data))["Danh sách"]
    assert sheet.max_row == 2
    bad = leader.get("/reports/tasks/export/pdf?deadline_from=32/13/2023")
    assert bad.status_code == 400 and "Ngày không tồn tại." in bad.get_data(as_text=True)
    bad = leader.get("/reports/tasks/export/pdf?status=nope")
    assert bad.status_code == 400 and "Tình trạng: giá trị không hợp lệ." in bad.get_data(as_text=True)
    make_user("yte", Role.UNIT, scenario.y_te)
    unit_text = docx_text(make_client("yte").get("/reports/tasks/export/docx?unit=0").data)
    assert ROAD in unit_text and OCOP not in unit_text  # y tế is on the road task, not on OCOP


def _cell(html, unit, column):
    row = re.search(rf'<tr[^>]*data-unit="{unit}".*?</tr>', html, re.S).group(0)
    return int(re.search(rf'data-col="{column}">\s*<a [^>]*>(\d+)</a>', row).group(1))


@pytest.mark.parametrize("query", ["", "&committee=Thường+trực+Huyện+ủy", "&from=01/10/2023&to=31/10/2023",
                                   "&number=160-TB/HU"])
def test_list_counts_agree_with_the_dashboard(scenario, leader, query):
    dashboard = leader.get(f"/dashboard/?{AS_OF}{query}").get_data(as_text=True)
    overdue = leader.get(f"/reports/overdue?{AS_OF}{query}").get_data(as_text=True)
    total_on_list = int(re.search(r'<span id="overdue-total">(\d+)</span>', overdue).group(1))
    assert _cell(dashboard, "total", "overdue") == total_on_list
    for unit in (scenario.kim_son, scenario.y_te, scenario.to_chuc):
        on_list = re.search(rf'data-count="{unit.id}">(\d+)<', overdue)
        if f'data-unit="{unit.id}"' in dashboard:
            assert _cell(dashboard, unit.id, "overdue") == (int(on_list.group(1)) if on_list else 0)
            for cls in StatusClass:
                behind = leader.get(f"/reports/assignments?{AS_OF}{query}&unit={unit.id}&cls={cls.value}")
                total = int(re.search(r'id="assignment-total">(\d+)<', behind.get_data(as_text=True)).group(1))
                assert total == _cell(dashboard, unit.id, cls.value), (unit.name, cls)
        else:
            assert on_list is None


def test_dashboard_scorecard_and_links(scenario, leader):
    html = leader.get(f"/dashboard/?{AS_OF}&from=01/09/2023&to=31/10/2023").get_data(as_text=True)
    # Kim Sơn: OCOP and road overdue, digital ongoing. Tổ chức: dengue late, cadre overdue, budget in time.
    assert [_cell(html, scenario.kim_son.id, c) for c in ("overdue", "ongoing", "done_on_time")] == [2, 1, 0]
    assert [_cell(html, scenario.to_chuc.id, c) for c in ("done_late", "overdue", "in_progress")] == [1, 1, 1]
    row = re.search(rf'<tr[^>]*data-unit="{scenario.to_chuc.id}".*?</tr>', html, re.S).group(0)
    assert "0,0%" in row  # on time: 0 of 2 that came due
    y_te = re.search(rf'<tr[^>]*data-unit="{scenario.y_te.id}".*?</tr>', html, re.S).group(0)
    assert "100,0%" in y_te  # road done on time; the others still in time
    link = re.search(rf'href="(/reports/overdue\?[^"]*unit={scenario.kim_son.id}[^"]*)"', html).group(1)
    assert "from=01/09/2023" in link and "to=31/10/2023" in link and "as_of=20/10/2023" in link
    assert 'id="trend"' in html and 'data-month="09/2023"' in html and 'data-month="10/2023"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "cdn" not in html.lower()
    assert leader.get("/dashboard/?as_of=hôm-qua").status_code == 400


def test_dashboard_default_period_is_the_last_twelve_months(scenario, leader):
    html = leader.get("/dashboard/").get_data(as_text=True)
    assert 'value="01/11/2022"' in html and 'value="10/10/2023"' in html
    assert re.findall(r'data-month="([\d/]+)"', html)[0] == "11/2022"  # a year: every month, empty ones too
    everything = leader.get("/dashboard/?from=&to=").get_data(as_text=True)
    assert re.findall(r'data-month="([\d/]+)"', everything) == ["09/2023", "10/2023"]
    assert _cell(everything, "total", "assigned") == 9  # every lead assignment of both directives (road has two)


def test_dashboard_scores_one_page_of_units_and_totals_them_all(scenario, leader, monkeypatch):
    monkeypatch.setattr("tracker.dashboard.routes.UNITS_PER_PAGE", 2)
    query = f"/dashboard/?{AS_OF}&from=01/09/2023&to=31/10/2023"
    pages = [leader.get(f"{query}&page={n}").get_data(as_text=True) for n in (1, 2)]
    numbered = [re.findall(r'<tr data-unit="(\d+)"><td>(\d+)</td>', html) for html in pages]
    assert [len(rows) for rows in numbered] == [2, 1] and [n for rows in numbered for _, n in rows] == ["1", "2", "3"]
    units = {int(u) for rows in numbered for u, _ in rows}
    assert units == {scenario.kim_son.id, scenario.y_te.id, scenario.to_chuc.id}
    for html in pages:  # the total is every unit's on every page, and says how many units there are
        assert _cell(html, "total", "assigned") == 9 and _cell(html, "total", "overdue") == 3
        assert "(3 đơn vị, trang" in html
    assert sum(_cell(html, u, "assigned") for html, rows in zip(pages, numbered) for u, _ in rows) == 9


def test_dashboard_counts_a_directive_in_the_month_of_its_corrected_date(scenario, leader):
    september = f"/dashboard/?{AS_OF}&from=01/09/2023&to=30/09/2023"
    assert _cell(leader.get(september).get_data(as_text=True), "total", "assigned") == 6  # d1's lead work
    update_directive(scenario.d2, None, issued_on=date(2023, 9, 28))  # the office corrects d2's date
    db.session.commit()
    assert _cell(leader.get(september).get_data(as_text=True), "total", "assigned") == 9  # d2's three join it
    everything = leader.get("/dashboard/?from=&to=").get_data(as_text=True)
    assert re.findall(r'data-month="([\d/]+)"', everything) == ["09/2023"]


def test_meetings_are_scheduled_by_the_office(scenario, make_user, make_client, leader):
    make_user("vanphong", Role.OFFICE)
    office = make_client("vanphong")
    response = office.post("/meetings/new", {"held_on": "27/10/2023", "kind": "Giao ban Thường trực",
                                             "title": "Giao ban tuần", "chair": "Lâm Thái Hòa"})
    assert response.status_code == 302
    made = db.session.scalar(sa.select(Meeting).where(Meeting.kind == "Giao ban Thường trực"))
    assert made.held_on == date(2023, 10, 27) and made.chair == "Lâm Thái Hòa"
    bad = office.post("/meetings/new", {"held_on": "30/02/2023", "kind": ""}).get_data(as_text=True)
    assert "Ngày không tồn tại." in bad and "Vui lòng nhập loại cuộc họp." in bad
    assert office.post(f"/meetings/{made.id}/edit", {"held_on": "28/10/2023", "kind": "Giao ban Thường trực"}
                       ).status_code == 302
    db.session.refresh(made)
    assert made.held_on == date(2023, 10, 28)
    html = leader.get("/meetings/").get_data(as_text=True)
    assert "28/10/2023" in html and "Giao ban Thường trực" in html and f"/reports/overdue?meeting={made.id}" in html
    assert leader.post("/meetings/new", {"held_on": "27/10/2023", "kind": "x"}, page="/meetings/").status_code == 403
    nxt = leader.get("/meetings/next")
    assert nxt.status_code == 302 and f"meeting={scenario.meeting.id}" in nxt.headers["Location"]
    made_id = made.id
    assert office.post(f"/meetings/{made_id}/delete", page="/meetings/").status_code == 302
    db.session.expire_all()  # the request ran in its own session; forget what this one remembers
    assert db.session.get(Meeting, made_id) is None


def test_cli_writes_the_overdue_list(scenario, ctx, tmp_path):
    runner = ctx.test_cli_runner()
    out = tmp_path / "ds.xlsx"
    result = runner.invoke(args=["tracker", "report", "overdue", "--as-of", "2023-10-20", "--format", "xlsx",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 nhiệm vụ chậm, quá hạn của 2 đơn vị" in result.output
    sheet = load_workbook(out)["Danh sách"]
    column = [c.value for c in sheet[1]].index("Nội dung nhiệm vụ")
    assert {row[column].value for row in sheet.iter_rows(min_row=2)} == OVERDUE_TEXTS
    docx = tmp_path / "ds.docx"
    result = runner.invoke(args=["tracker", "report", "overdue", "--as-of", "2023-10-20", "--format", "docx",
                                 "-o", str(docx), "--unit", str(scenario.kim_son.id)])
    assert result.exit_code == 0 and OCOP in docx_text(docx.read_bytes()) and CADRE not in docx_text(docx.read_bytes())
    bad = runner.invoke(args=["tracker", "report", "overdue", "--as-of", "20/10/2023", "--format", "pdf", "-o", "x"])
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output


def test_dashboard_says_what_its_overdue_number_counts(scenario, leader, make_directive, make_task):
    """The dashboard counts one period's work; the overdue list every period's: the page gives both numbers
    for the same day, and they agree with the lists behind them."""
    old = make_directive(number="9-TB/HU", issued_on=date(2022, 3, 1))
    make_task(scenario.kim_son, directive=old, text="Việc cũ còn quá hạn", deadline_on=date(2022, 6, 30))
    html = leader.get(f"/dashboard/?{AS_OF}&from=01/09/2023&to=31/10/2023").get_data(as_text=True)
    note = re.search(r'id="overdue-definition">(.*?)</p>', html, re.S).group(1)
    in_period = sum(_cell(html, u.id, "overdue") for u in (scenario.kim_son, scenario.to_chuc, scenario.y_te))
    overdue_page = leader.get(f"/reports/overdue?{AS_OF}").get_data(as_text=True)
    everywhere = int(re.search(r'id="overdue-total">(\d+)<', overdue_page).group(1))
    assert everywhere == in_period + 1
    assert f"({in_period} nhiệm vụ)" in note and f"<strong>{everywhere}</strong>" in note
    assert "20/10/2023" in note and "from=" not in re.search(r'href="([^"]+)"', note).group(1)
