"""In real Chromium: a unit reports done with a file and the office confirms it; an overdue unit asks for
more time and a leader's approval brings the task back into time."""
from datetime import date

import pytest

from tracker.models import Role, UnitKind

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def as_another_user(browser, live_server, log_in):
    """A second browser context (another person at another desk), signed in as `username`."""
    def open_as(username):
        context = browser.new_context(base_url=live_server, locale="vi-VN")
        other = context.new_page()
        other.set_default_timeout(10_000)
        log_in(other, username)
        return other
    return open_as


def task_badge(page):
    return page.locator("h1 .badge").inner_text()


def test_unit_reports_done_with_a_file_and_office_confirms(page, make_unit, make_user, log_in, as_another_user,
                                                           make_task, frozen_clock, tmp_path):
    frozen_clock(date(2023, 9, 25))
    kimson = make_unit("Xã Kim Sơn", kind=UnitKind.COMMUNE)
    make_user("kimson", Role.UNIT, kimson, full_name="Thạch Sô Phal")
    make_user("vanphong", Role.OFFICE, full_name="Trần Thị Thu")
    task = make_task(kimson, text="Hoàn thành hồ sơ công nhận sản phẩm OCOP", deadline_on=date(2023, 9, 30))
    assignment_id = task.assignments[0].id
    report = tmp_path / "Báo cáo kết quả OCOP.pdf"
    report.write_bytes(PDF)

    log_in(page, "kimson")
    page.goto(f"/tasks/{task.id}")
    assert task_badge(page) == "Đang thực hiện trong hạn"
    form = page.locator(f"#done-{assignment_id}")
    form.locator("textarea").fill("Đã có 2 sản phẩm được công nhận OCOP 3 sao.")
    form.locator("input[type=file]").set_input_files(str(report))
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Đã báo cáo hoàn thành; chờ Văn phòng xác nhận.")
    assert "Đã báo cáo hoàn thành, chờ xác nhận" in page.locator("#assignments").inner_text()

    frozen_clock(date(2023, 10, 4))  # the office gets to it after the deadline
    office = as_another_user("vanphong")
    office.goto(f"/tasks/{task.id}")
    link = office.locator(".report-file", has_text="Báo cáo kết quả OCOP.pdf")
    with office.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "Báo cáo kết quả OCOP.pdf"
    office.locator(f"#confirm-{assignment_id} button[type=submit]").click()
    office.wait_for_selector("text=Đã xác nhận hoàn thành.")
    assert task_badge(office) == "Hoàn thành đúng hạn"
    assert "Xác nhận hoàn thành" in office.locator("#history").inner_text()
    assert "1/1 xã đã hoàn thành" in office.locator("#leads-done").inner_text()
    office.context.close()

    page.reload()
    assert task_badge(page) == "Hoàn thành đúng hạn"


def test_approved_extension_brings_an_overdue_task_back_into_time(page, make_unit, make_user, log_in, as_another_user,
                                                                  make_task, frozen_clock):
    frozen_clock(date(2023, 10, 3))
    board = make_unit("Ban Tổ chức Huyện ủy")
    make_user("btc", Role.UNIT, board)
    make_user("lanhdao", Role.LEADER, full_name="Nguyễn Văn Lãnh")
    task = make_task(board, text="Rà soát quy hoạch cán bộ", deadline_on=date(2023, 9, 30))
    assignment_id = task.assignments[0].id

    log_in(page, "btc")
    page.goto(f"/tasks/{task.id}")
    assert task_badge(page) == "Quá hạn"
    form = page.locator(f"#extension-{assignment_id}")
    form.locator("input[name$=new_deadline_on]").fill("31/10/2023")
    form.locator("textarea").fill("Chờ ý kiến thẩm định của Ban Tổ chức Tỉnh ủy.")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Đã gửi đề nghị gia hạn.")
    assert page.locator(f"#extension-{assignment_id}").count() == 0  # one pending request at a time

    leader = as_another_user("lanhdao")
    leader.goto(f"/tasks/{task.id}")
    assert task_badge(leader) == "Quá hạn"
    leader.locator("form[id^=approve-] button[type=submit]").click()
    leader.wait_for_selector("text=Đã đồng ý gia hạn.")
    assert task_badge(leader) == "Đang thực hiện trong hạn"
    row = leader.locator(f"#assignments tr[data-assignment='{assignment_id}']").inner_text()
    assert "31/10/2023" in row and "hạn gốc 30/09/2023" in row
    leader.context.close()
