"""In real Chromium: a unit opens its report on a notice from the notice's page, edits it and submits it; the
office finds the document on the task page."""
import pytest

from reports.conftest import OCOP
from tracker.models import Role

pytestmark = pytest.mark.browser


def test_unit_writes_and_submits_its_report(scenario, make_user, page, log_in, browser, live_server):
    make_user("kimson", Role.UNIT, scenario.kim_son, full_name="Trần Văn Sơn")
    make_user("vanphong", Role.OFFICE)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, "kimson")
    page.goto(f"/directives/{scenario.d1.id}")
    page.click("#unit-report")
    page.wait_for_selector("#unit-report")
    assert "Đã khảo sát 5/7 xã" in page.input_value("#assessment")  # the draft comes from the progress notes
    page.fill("#assessment", "Đã khảo sát 5/7 xã; đề nghị hỗ trợ kinh phí.")
    page.click("#submit-report")
    page.wait_for_selector(".alert-success")
    assert "đính kèm vào 2 nhiệm vụ" in page.inner_text(".alert-success")
    assert not errors

    office = browser.new_context(base_url=live_server, locale="vi-VN").new_page()
    log_in(office, "vanphong")
    office.goto(f"/tasks/{scenario.tasks['ocop'].id}")
    assert office.locator("text=bao-cao-152-TB-HU-v1.docx").count() >= 1
    assert OCOP[:30] in office.inner_text("body")
