"""The unit's own report on a notice: drafted from its assignments, edited, submitted as a progress report
with the document attached to each of its assignments on that notice, in one transaction."""
import io
from datetime import date

import pytest
import sqlalchemy as sa
from docx import Document

from reports.conftest import DIGITAL, OCOP, TODAY
from tracker.extensions import db
from tracker.models import ProgressReport, ReportKind, ReportText, Role
from tracker.reports import render
from tracker.reports.unit_report import build_unit_report
from tracker.services import ServiceError, report_texts
from tracker.services.unit_reports import submit_unit_report


@pytest.fixture
def kimson(scenario, make_user):
    return make_user("kimson", Role.UNIT, scenario.kim_son, full_name="Trần Văn Sơn")


def test_draft_comes_from_the_units_assignments_and_progress(scenario, kimson):
    report = build_unit_report(scenario.d1, scenario.kim_son, kimson, TODAY)
    assert [r["text"] for r in report.rows] == [OCOP, DIGITAL]
    assert report.intro[0].startswith("Thực hiện Thông báo kết luận số 152-TB/HU, ngày 14/09/2023 của Thường trực")
    assert any("Nhiệm vụ 3.7 -2 (quá hạn): Đã khảo sát 5/7 xã" in p for p in report.assessment)
    document = Document(io.BytesIO(render(report, "docx")))
    header = " ".join(c.text for c in document.tables[0].rows[0].cells)
    assert "XÃ KIM SƠN" in header and "HUYỆN ỦY TRÀ CÚ" in header
    assert "Trần Văn Sơn" in document.tables[-1].rows[0].cells[1].text
    assert document.sections[0].page_width < document.sections[0].page_height  # portrait


def test_submit_attaches_the_document_to_every_assignment(scenario, kimson):
    reports = submit_unit_report(scenario.d1, kimson, intro="Xã Kim Sơn báo cáo như sau:",
                                 assessment="Còn khó khăn về kinh phí.", today=TODAY)
    db.session.commit()
    assignments = {a.id for t in (scenario.tasks["ocop"], scenario.tasks["digital"]) for a in t.leads}
    assert {r.assignment_id for r in reports} == assignments
    for report in reports:
        assert [f.original_name for f in report.files] == ["bao-cao-152-TB-HU-v1.docx", "bao-cao-152-TB-HU-v1.pdf"]
        assert "Báo cáo kết quả thực hiện" in report.text and not report.is_done_report
    saved = report_texts.latest(ReportKind.UNIT, report_texts.unit_scope(scenario.d1.id, scenario.kim_son.id))
    assert (saved.version, saved.intro) == (1, "Xã Kim Sơn báo cáo như sau:")


def test_submit_is_one_transaction(scenario, kimson, ctx):
    """A refused file (here: every file, by the size limit) leaves neither a report nor a saved text."""
    limit = ctx.config["UPLOAD_MAX_BYTES"]
    ctx.config["UPLOAD_MAX_BYTES"] = 100
    try:
        with pytest.raises(ServiceError):
            submit_unit_report(scenario.d1, kimson, intro="Báo cáo.", assessment="", today=TODAY)
        db.session.rollback()
    finally:
        ctx.config["UPLOAD_MAX_BYTES"] = limit
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProgressReport).where(
        ProgressReport.text.like("%Báo cáo kết quả thực hiện%"))) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportText)) == 0


def test_unit_page_saves_versions_and_submits(scenario, kimson, make_client, make_user):
    client = make_client("kimson")
    url = f"/directives/{scenario.d1.id}/unit-report"
    page = client.get(url).get_data(as_text=True)
    assert "Đã khảo sát 5/7 xã" in page and "Gửi báo cáo" in page
    assert url in client.get(f"/directives/{scenario.d1.id}").get_data(as_text=True)
    assert client.post(url, {"intro": "", "action": "save"}).status_code == 200  # the message, nothing saved
    assert client.post(url, {"intro": "Bản một.", "assessment": "", "action": "save"}).status_code == 302
    assert client.post(url, {"intro": "Bản hai.", "assessment": "Kiến nghị.", "action": "save"}).status_code == 302
    versions = report_texts.versions(ReportKind.UNIT, report_texts.unit_scope(scenario.d1.id, scenario.kim_son.id))
    assert [(v.version, v.intro) for v in versions] == [(2, "Bản hai."), (1, "Bản một.")]
    assert client.post(url, {"intro": "Bản hai.", "assessment": "Kiến nghị.", "action": "submit"}).status_code == 302
    office_client = make_client(make_user("vanphong", Role.OFFICE).username)
    task_page = office_client.get(f"/tasks/{scenario.tasks['ocop'].id}").get_data(as_text=True)
    assert "bao-cao-152-TB-HU-v2.pdf" in task_page
    # a unit with no part in the notice does not see it at all
    assert make_client(make_user("ubkt", Role.UNIT).username).get(url).status_code == 404
    assert client.get("/directives/999/unit-report").status_code == 404


def test_returned_done_report_is_not_in_the_draft(scenario, kimson, make_user):
    from tracker.services import workflow

    office = make_user("vanphong", Role.OFFICE)
    assignment = scenario.tasks["digital"].leads[0]
    workflow.report_done(assignment, kimson, summary="Xong hết (bị trả lại)", today=date(2023, 10, 8))
    workflow.return_report(assignment, office, reason="Chưa có số liệu.")
    db.session.commit()
    report = build_unit_report(scenario.d1, scenario.kim_son, kimson, TODAY)
    assert not any("bị trả lại" in str(r["results"]) for r in report.rows)
    assert not any("bị trả lại" in p for p in report.assessment)


def test_next_draft_leaves_out_the_units_own_earlier_report(scenario, kimson):
    submit_unit_report(scenario.d1, kimson, intro="Bản một.", assessment="", today=TODAY)
    db.session.commit()
    report = build_unit_report(scenario.d1, scenario.kim_son, kimson, TODAY)
    ocop = next(r for r in report.rows if r["text"] == OCOP)
    assert "Đã khảo sát 5/7 xã" in ocop["results"] and "gửi Báo cáo" not in ocop["results"]
