"""In real Chromium: the office enters a directive with a task for two units and finds it in the list."""
import re

import pytest

from conftest import type_in_picker
from tracker.models import Role

pytestmark = pytest.mark.browser


def test_office_enters_directive_and_finds_task(page, make_user, make_unit, log_in):
    make_user("vanphong", Role.OFFICE, full_name="Trần Thị Thu")
    make_unit("Ủy ban nhân dân huyện")
    make_unit("Xã Kim Sơn")
    make_unit("Phòng Y tế")

    log_in(page, "vanphong")

    page.click("text=+ Nhập văn bản chỉ đạo")
    page.click("text=Nhập bằng tay")
    page.fill("#number", "152-TB/HU")
    page.fill("#issued_on", "14/09/2023")
    page.fill("#issuer", "Thường trực Huyện ủy")
    page.fill("#title", "Thông báo kết luận Hội nghị sơ kết tháng 8")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Đã lưu văn bản")

    page.click("text=+ Thêm nhiệm vụ")
    page.fill("#source_ref", "3.7 -2")
    page.fill("#text", "Phát triển sản phẩm OCOP ở các xã chưa có sản phẩm")
    page.select_option("#lead_units", label=["Ủy ban nhân dân huyện", "Xã Kim Sơn"])
    page.select_option("#support_units", label=["Phòng Y tế"])
    page.fill("#deadline_on", "30/09/2023")
    page.click("main button[type=submit]:text-is(\"Lưu\")")
    page.wait_for_selector("text=Đã thêm nhiệm vụ")

    page.click("nav >> text=Nhiệm vụ")
    page.fill("#q", "OCOP")
    page.click("#task-filters button")
    page.wait_for_url(re.compile(r"q=OCOP"))
    row = page.locator("#task-list tbody tr", has_text="Phát triển sản phẩm OCOP")
    assert row.count() == 1
    assert "152-TB/HU" in row.inner_text() and "30/09/2023" in row.inner_text()
    assert "Ủy ban nhân dân huyện" in row.inner_text() and "Xã Kim Sơn" in row.inner_text()

    row.locator("a", has_text="Phát triển").click()
    assignments = page.locator("#assignments").inner_text()
    assert "Xã Kim Sơn" in assignments and "Phòng Y tế" in assignments and "Phối hợp" in assignments
    assert "Tạo nhiệm vụ" in page.locator("#history").inner_text()


def test_office_uploads_notice_reviews_and_confirms(page, make_user, log_in, district, sample_notice):
    """The sample notice, uploaded as a person would: the review proposes its tasks, confirming saves them."""
    make_user("vanphong", Role.OFFICE)
    log_in(page, "vanphong")
    page.goto("/imports/new")
    page.set_input_files("#file", str(sample_notice))
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Rà soát nhiệm vụ đề xuất")
    cards = page.locator(".task-card")
    proposed = cards.count()
    assert 17 <= proposed <= 22
    ocop = cards.filter(has_text="sản phẩm OCOP")
    chosen = [x.replace("×", "").strip() for x in ocop.locator("select[data-picker=lead] + .ts-wrapper .item").all_inner_texts()]
    assert {"Xã Ngãi Xuyên", "Xã Kim Sơn", "Thị trấn Trà Cú"} <= set(chosen)
    ocop.locator(".show-source").click()
    assert "sản phẩm OCOP" in page.locator("#source-text mark.active").inner_text()
    # items addressed to everybody have no lead yet: the office picks one with the unit picker
    for card in page.locator(".task-card:has(.flag-no_lead)").evaluate_all("cards => cards.map(c => c.id)"):
        control = type_in_picker(page, page.locator(f"#{card} select[data-picker=lead] + .ts-wrapper"),
                                 "van phong huyen uy")
        page.locator(f"#{card} .ts-dropdown .option.active", has_text="Văn phòng Huyện ủy").wait_for()
        control.press("Enter")
    page.click("button:text-is('Xác nhận và lưu')")
    page.wait_for_load_state()
    page.wait_for_selector(f"text=Đã lưu văn bản với {proposed} nhiệm vụ")
    assert page.locator("#directive-tasks tbody tr").count() == proposed
