"""A small committee whose overdue list is known by heart, for the report, export and dashboard tests.

On the meeting day, 20/10/2023, the overdue lead assignments are exactly:
  Xã Kim Sơn:            OCOP (deadline 30/09, 20 days), "=SUM" road task (15/10, 5 days)
  Ban Tổ chức Huyện ủy:  the party-member task reported done late, on 05/10 (deadline 01/10, 4 days)
Everything else is done, reported in time, extended, due on the day itself or ongoing.
"""
from dataclasses import dataclass
from datetime import date

import pytest

from tracker.extensions import db
from tracker.models import AssignmentState, Meeting, ProgressReport, Role

MEETING_DAY = date(2023, 10, 20)
TODAY = date(2023, 10, 10)
OCOP = "Phát triển sản phẩm OCOP ở các xã chưa có sản phẩm, bảo đảm mỗi xã có ít nhất một sản phẩm"
ROAD = "=SUM(A1:A3) hoàn thiện hồ sơ nâng cấp đường giao thông nông thôn liên ấp"
CADRE = "Rà soát, bổ sung quy hoạch cán bộ nhiệm kỳ 2025-2030, tạo nguồn kết nạp đảng viên"
DENGUE = "Tổng kết công tác phòng, chống dịch sốt xuất huyết (đã hoàn thành quá hạn)"
SPEECH = "Kiểm tra việc chấp hành kỷ luật phát ngôn (gia hạn đến 31/10)"
BUDGET = "Báo cáo tiến độ giải ngân vốn đầu tư công (hạn đúng ngày họp)"
DIGITAL = "Tuyên truyền chuyển đổi số thường xuyên"
CITIZENS = "Tổ chức tiếp công dân định kỳ (đã báo cáo đúng hạn)"
OVERDUE_TEXTS = {OCOP, ROAD, CADRE}
NOT_OVERDUE_TEXTS = {DENGUE, SPEECH, BUDGET, DIGITAL, CITIZENS}


@dataclass
class Scenario:
    kim_son: object
    y_te: object
    to_chuc: object
    d1: object
    d2: object
    meeting: object
    tasks: dict


def _set(task, unit, **values):
    assignment = next(a for a in task.assignments if a.unit_id == unit.id)
    for key, value in values.items():
        setattr(assignment, key, value)
    return assignment


@pytest.fixture
def scenario(make_unit, make_directive, make_task, frozen_clock):
    frozen_clock(TODAY)
    kim_son = make_unit("Xã Kim Sơn", sort_order=3)
    y_te = make_unit("Phòng Y tế", sort_order=2)
    to_chuc = make_unit("Ban Tổ chức Huyện ủy", sort_order=1)
    d1 = make_directive(number="152-TB/HU", issued_on=date(2023, 9, 14), issuer="Thường trực Huyện ủy")
    d2 = make_directive(number="160-TB/HU", issued_on=date(2023, 10, 2), issuer="Ban Thường vụ Huyện ủy")
    t = {
        "ocop": make_task(kim_son, directive=d1, text=OCOP, source_ref="3.7 -2", deadline_on=date(2023, 9, 30)),
        "road": make_task([kim_son, y_te], directive=d2, text=ROAD, source_ref="2", deadline_on=date(2023, 10, 15)),
        "cadre": make_task(to_chuc, directive=d1, text=CADRE, source_ref="3.4", deadline_on=date(2023, 10, 1)),
        "dengue": make_task(to_chuc, directive=d1, text=DENGUE, deadline_on=date(2023, 9, 25)),
        "speech": make_task(y_te, directive=d1, text=SPEECH, deadline_on=date(2023, 9, 30)),
        "budget": make_task(to_chuc, directive=d2, text=BUDGET, deadline_on=MEETING_DAY),
        "digital": make_task(kim_son, directive=d1, text=DIGITAL),
        "citizens": make_task(y_te, directive=d1, text=CITIZENS, deadline_on=date(2023, 10, 18)),
    }

    ocop = _set(t["ocop"], kim_son)
    ocop.reports.append(ProgressReport(reported_on=date(2023, 9, 20), text="Đã họp triển khai."))
    ocop.reports.append(ProgressReport(reported_on=date(2023, 10, 5), text="Đã khảo sát 5/7 xã, đang hoàn thiện hồ sơ."))
    _set(t["road"], y_te, state=AssignmentState.DONE, reported_done_on=date(2023, 10, 9), done_on=date(2023, 10, 9))
    _set(t["cadre"], to_chuc, state=AssignmentState.REPORTED_DONE, reported_done_on=date(2023, 10, 5))
    _set(t["dengue"], to_chuc, state=AssignmentState.DONE, reported_done_on=date(2023, 9, 28), done_on=date(2023, 9, 28))
    _set(t["speech"], y_te, extended_deadline_on=date(2023, 10, 31))
    _set(t["citizens"], y_te, state=AssignmentState.REPORTED_DONE, reported_done_on=date(2023, 10, 17))
    meeting = Meeting(held_on=MEETING_DAY, kind="Hội nghị Ban Thường vụ Huyện ủy", title="Sơ kết công tác tháng 10",
                      chair="Nguyễn Quốc Phương", committee="Ban Thường vụ Huyện ủy")
    db.session.add(meeting)
    db.session.commit()
    return Scenario(kim_son, y_te, to_chuc, d1, d2, meeting, t)


@pytest.fixture
def leader(make_user, make_client):
    make_user("lanhdao", Role.LEADER, full_name="Nguyễn Quốc Phương")
    return make_client("lanhdao")
