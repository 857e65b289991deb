"""In real Chromium at 390×844 (a phone): a commune's journey (home, task page, progress, extension, done, a
refused form, notifications) never scrolls the page sideways and every confirmation is in view."""
from datetime import date

import pytest

from tracker.models import Role, UnitKind

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="vi-VN", viewport=PHONE, has_touch=True,
                                  is_mobile=True)
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


def assert_fits(page):
    """No horizontal scrolling of the page body."""
    width, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width <= inner, f"{page.url}: {width} px wide in a {inner} px window"


def assert_in_view(page, text):
    message = page.get_by_text(text)
    message.wait_for()
    box = message.bounding_box()
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"], f"{text!r} is out of view: {box}"


def test_commune_journey_on_a_phone(phone, make_unit, make_user, make_task, log_in, frozen_clock):
    frozen_clock(date(2023, 10, 3))
    kimson = make_unit("Xã Kim Sơn", kind=UnitKind.COMMUNE)
    others = [make_unit(f"Xã số {n} của huyện có tên rất dài để thử", kind=UnitKind.COMMUNE) for n in range(20)]
    make_user("kimson", Role.UNIT, kimson)
    long_text = ("Chỉ đạo các ngành, địa phương thường xuyên rà soát, hỗ trợ các hợp tác xã, tổ hợp tác đảm bảo các "
                 "tiêu chí theo quy định, từng bước nâng cao hiệu quả hoạt động sản xuất, kinh doanh. ") * 2
    task = make_task([kimson, *others], text=long_text, deadline_on=date(2023, 9, 30))
    make_task(kimson, text="Phát triển sản phẩm OCOP", deadline_on=date(2023, 12, 31))
    mine = next(a for a in task.assignments if a.unit_id == kimson.id)

    log_in(phone, "kimson")
    assert_fits(phone)
    # Home: a card per assignment, text first, with its action button.
    card = phone.locator(f"tr[data-assignment='{mine.id}']")
    assert card.locator("td").first.bounding_box()["width"] > 300  # a card, not a table column
    assert phone.locator("table thead").first.is_hidden()
    card.get_by_role("link", name="Báo cáo").click()

    # The task page: the unit's own forms come before the table of the 21 units.
    phone.wait_for_url(f"**/tasks/{task.id}*")
    assert_fits(phone)
    own_form = phone.locator(f"#progress-{mine.id}")
    assert own_form.bounding_box()["y"] < phone.locator("#assignments").bounding_box()["y"]
    button = own_form.locator("button[type=submit]")
    assert button.bounding_box()["height"] >= 44
    own_form.locator("textarea").fill("Đã khảo sát 12 hợp tác xã.")
    button.click()
    assert_in_view(phone, "Đã gửi báo cáo tiến độ.")
    assert_fits(phone)

    # A refused form: the page comes back with the error in view.
    extension = phone.locator(f"#extension-{mine.id}")
    extension.locator("input[name$=new_deadline_on]").fill("31/02/2023")
    extension.locator("textarea").fill("Chờ kết quả thẩm định của tỉnh.")
    extension.locator("button[type=submit]").click()
    error = phone.locator(f"#extension-{mine.id} .is-invalid").first
    error.wait_for()
    box = error.bounding_box()
    assert 0 <= box["y"] <= PHONE["height"]
    assert_fits(phone)

    extension.locator("input[name$=new_deadline_on]").fill("31/10/2023")
    extension.locator("button[type=submit]").click()
    assert_in_view(phone, "Đã gửi đề nghị gia hạn.")

    done = phone.locator(f"#done-{mine.id}")
    done.locator("textarea").fill("Đã hoàn thành hỗ trợ các hợp tác xã.")
    done.locator("button[type=submit]").click()
    assert_in_view(phone, "Đã báo cáo hoàn thành; chờ Văn phòng xác nhận.")
    assert_fits(phone)

    for path in ("/notifications", "/tasks/", "/directives/", "/reports/overdue", "/units/"):
        phone.goto(path)
        assert_fits(phone)

    # The task list opens on its search box; the other filters are one tap away.
    phone.goto("/tasks/?unit=0")
    assert phone.locator("#q").is_visible() and phone.locator("#unit").is_hidden()
    phone.get_by_role("button", name="Thêm bộ lọc").click()
    assert phone.locator("#unit").is_visible()
    phone.goto("/tasks/?status=overdue")
    assert phone.locator("#status").is_visible()
