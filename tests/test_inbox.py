"""In-app notifications: the office sees what waits for it, a leader the extensions, a unit the answers."""
import re
from datetime import date
from types import SimpleNamespace

import pytest

from tracker.extensions import db
from tracker.models import Role
from tracker.services import workflow


def badge(html):
    match = re.search(r'id="inbox-count">(\d+)<', html)
    return int(match.group(1)) if match else 0


@pytest.fixture
def waiting(make_unit, make_user, make_task, frozen_clock):
    """Kim Sơn reported one task done, asked more time on another, declined a third."""
    frozen_clock(date(2023, 9, 20))
    kimson, vp_unit = make_unit("Xã Kim Sơn"), make_unit("Văn phòng Huyện ủy")
    unit_user = make_user("kimson", Role.UNIT, kimson)
    make_user("vanphong", Role.OFFICE, vp_unit)
    make_user("lanhdao", Role.LEADER)
    make_user("hamtan", Role.UNIT, make_unit("Xã Hàm Tân"))
    reported = make_task(kimson, text="Việc báo cáo xong", deadline_on=date(2023, 9, 30))
    extended = make_task(kimson, text="Việc xin gia hạn", deadline_on=date(2023, 9, 30))
    declined = make_task(kimson, text="Việc không phải của xã", deadline_on=date(2023, 9, 30))
    workflow.report_done(reported.leads[0], unit_user, summary="Đã xong, có biên bản.")
    workflow.request_extension(extended.leads[0], unit_user, new_deadline_on=date(2023, 10, 31),
                               reason="Chờ kinh phí tỉnh.")
    workflow.decline(declined.leads[0], unit_user, reason="Việc này của Phòng Kinh tế.")
    db.session.commit()
    return SimpleNamespace(reported=reported.leads[0], extended=extended.leads[0], unit_user=unit_user,
                           vp_unit=vp_unit)


def test_office_sees_what_waits_for_it(waiting, make_client):
    c = make_client("vanphong")
    html = c.get("/notifications").get_data(as_text=True)
    reports = html[html.index('id="reports"'):html.index('id="extensions"')]
    extensions = html[html.index('id="extensions"'):html.index('id="declines"')]
    declines = html[html.index('id="declines"'):]
    assert "Việc báo cáo xong" in reports and "20/09/2023" in reports
    assert "Việc xin gia hạn" in extensions and "31/10/2023" in extensions and "Chờ kinh phí tỉnh." in extensions
    assert "Việc không phải của xã" in declines and "Việc này của Phòng Kinh tế." in declines
    home = c.get("/").get_data(as_text=True)
    assert badge(home) == 3 and "1 báo cáo hoàn thành chờ xác nhận" in home


def test_leader_sees_only_extensions(waiting, make_client):
    html = make_client("lanhdao").get("/notifications").get_data(as_text=True)
    assert "Việc xin gia hạn" in html
    assert "Việc báo cáo xong" not in html and "Việc không phải của xã" not in html
    assert badge(html) == 1


def test_nothing_waits_for_the_units_own_office(waiting, make_user, make_task, make_client):
    """An office user never decides for their own unit, so its items do not wait for them."""
    vp_task = make_task(waiting.vp_unit, text="Việc của Văn phòng", deadline_on=date(2023, 9, 30))
    workflow.report_done(vp_task.leads[0], make_user("vp_unit_user", Role.UNIT, waiting.vp_unit), summary="Xong.")
    db.session.commit()
    html = make_client("vanphong").get("/notifications").get_data(as_text=True)
    assert "Việc của Văn phòng" not in html and badge(html) == 3
    make_user("vanphong2", Role.OFFICE)
    other = make_client("vanphong2").get("/notifications").get_data(as_text=True)
    assert "Việc của Văn phòng" in other and badge(other) == 4


def test_unit_is_told_of_answers_until_it_has_read_them(waiting, make_user, make_client, frozen_clock):
    reported, extended = waiting.reported, waiting.extended
    office = make_user("vanphong_b", Role.OFFICE)
    frozen_clock(date(2023, 9, 21))
    workflow.return_report(reported, office, reason="Thiếu biên bản nghiệm thu.")
    workflow.refuse_extension(extended.extensions[0], office, reason="Không có căn cứ.")
    db.session.commit()

    c = make_client("kimson")
    assert badge(c.get("/").get_data(as_text=True)) == 2
    html = c.get("/notifications").get_data(as_text=True)
    assert html.count("Mới</span>") == 2
    assert "Trả lại báo cáo" in html and "Thiếu biên bản nghiệm thu." in html
    assert "Không đồng ý gia hạn" in html and "Không có căn cứ." in html
    assert "Báo cáo hoàn thành" not in html  # the unit's own actions are not news to it
    assert badge(c.get("/").get_data(as_text=True)) == 0
    again = c.get("/notifications").get_data(as_text=True)
    assert "Mới</span>" not in again and "Thiếu biên bản nghiệm thu." in again

    frozen_clock(date(2023, 9, 22))
    request = workflow.request_extension(extended, waiting.unit_user, new_deadline_on=date(2023, 10, 15),
                                         reason="Bổ sung lý do.")
    workflow.approve_extension(request, office)
    db.session.commit()
    assert badge(c.get("/").get_data(as_text=True)) == 1

    neighbour = make_client("hamtan").get("/notifications").get_data(as_text=True)
    assert "Chưa có thông báo." in neighbour and badge(neighbour) == 0
