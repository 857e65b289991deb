"""`flask tracker demo`: a realistic committee and the sample notice, dated around today.

The sample notice (meeting of 12/9/2023) is moved so that the meeting was 30 days ago: its
end-of-month deadlines have passed and its end-of-year ones lie ahead, and the assignments are put
in states that make every status class appear.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import AssignmentState, Meeting, ReportEvery, Role, Unit, User
from tracker.services.events import record
from tracker.services.tasks import create_directive, create_task
from tracker.demo.units import unit_rows

NOTICE_PATH = Path(__file__).with_name("tb-ket-luan-thuong-truc-huyen-uy-2023-09.txt")
MEETING_ON = date(2023, 9, 12)
MONTH_END = date(2023, 9, 30)
YEAR_END = date(2023, 12, 31)
DEMO_PASSWORD = "dondoc2026"

#: (username, full name, role, unit name or None)
USERS = [
    ("admin", "Quản trị hệ thống", Role.ADMIN, None),
    ("vanphong", "Trần Thị Thu (Văn phòng Huyện ủy)", Role.OFFICE, "Văn phòng Huyện ủy"),
    ("lanhdao", "Nguyễn Quốc Phương (Bí thư Huyện ủy)", Role.LEADER, None),
    ("ubnd", "Lê Văn Hùng (UBND huyện)", Role.UNIT, "Ủy ban nhân dân huyện"),
    ("bantochuc", "Phạm Minh Tâm (Ban Tổ chức)", Role.UNIT, "Ban Tổ chức Huyện ủy"),
    ("kimson", "Thạch Sô Phal (xã Kim Sơn)", Role.UNIT, "Xã Kim Sơn"),
]


@dataclass
class Plan:
    """What the demo makes of one item of the notice. States: done / late / open / reported / extended."""

    ref: str
    lead: list[str]
    support: list[str] = field(default_factory=list)
    deadline: Optional[date] = MONTH_END
    states: dict[str, str] = field(default_factory=dict)  # unit → state; default "open"
    report_every: Optional[ReportEvery] = None


OCOP = ["Xã Ngãi Xuyên", "Xã Kim Sơn", "Xã Hàm Tân", "Xã Định An", "Xã Thanh Sơn", "Xã Tân Hiệp", "Thị trấn Trà Cú"]
BOARDS = ["Văn phòng Huyện ủy", "Ban Tổ chức Huyện ủy", "Ban Tuyên giáo Huyện ủy", "Ủy ban Kiểm tra Huyện ủy",
          "Ban Dân vận Huyện ủy"]
PLANS = [
    Plan("3.1", ["Ủy ban nhân dân huyện", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện"],
         states={"Ủy ban nhân dân huyện": "done", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện": "done"}),
    Plan("3.2", ["Ban Tuyên giáo Huyện ủy"], ["Công an huyện"], states={"Ban Tuyên giáo Huyện ủy": "late"}),
    Plan("3.3", BOARDS, states={b: "done" for b in BOARDS[:4]}),
    Plan("3.4", ["Ban Tổ chức Huyện ủy"]),
    Plan("3.5", ["Xã Kim Sơn", "Xã Long Hiệp", "Thị trấn Định An"], deadline=None, report_every=ReportEvery.MONTH),
    Plan("3.6", ["Ủy ban Mặt trận Tổ quốc Việt Nam huyện"],
         ["Huyện đoàn", "Hội Liên hiệp Phụ nữ huyện", "Hội Nông dân huyện", "Hội Cựu chiến binh huyện"],
         deadline=YEAR_END),
    Plan("3.7 -1", ["Ủy ban nhân dân huyện"], ["Phòng Nông nghiệp và Phát triển nông thôn"], deadline=YEAR_END),
    Plan("3.7 -2", OCOP, ["Phòng Nông nghiệp và Phát triển nông thôn"],
         states={"Xã Ngãi Xuyên": "done", "Xã Hàm Tân": "done", "Xã Định An": "late", "Xã Thanh Sơn": "done",
                 "Xã Tân Hiệp": "reported"}),
    Plan("3.7 -3", ["Ủy ban nhân dân huyện"], ["Phòng Tài chính - Kế hoạch"], deadline=YEAR_END),
    Plan("3.7 -4", ["Phòng Nông nghiệp và Phát triển nông thôn"], states={"Phòng Nông nghiệp và Phát triển nông thôn": "late"}),
    Plan("3.7 -5", ["Phòng Kinh tế và Hạ tầng"], ["Phòng Tài nguyên và Môi trường"],
         states={"Phòng Kinh tế và Hạ tầng": "extended"}),
    Plan("3.7 -6", ["Phòng Tài nguyên và Môi trường"], states={"Phòng Tài nguyên và Môi trường": "done"}),
    Plan("3.7 -7", ["Ủy ban nhân dân huyện"], ["Phòng Tài nguyên và Môi trường", "Xã Long Hiệp"]),
    Plan("3.7 -8", ["Phòng Giáo dục và Đào tạo"], states={"Phòng Giáo dục và Đào tạo": "done"}),
    Plan("3.7 -9", ["Phòng Y tế"], ["Trung tâm Y tế huyện"], states={"Phòng Y tế": "reported"}),
    Plan("3.7 -10", ["Phòng Dân tộc"], ["Ủy ban Mặt trận Tổ quốc Việt Nam huyện"], states={"Phòng Dân tộc": "done"}),
    Plan("3.8", ["Phòng Nội vụ"], ["Công an huyện"], states={"Phòng Nội vụ": "late"}),
    Plan("3.9", ["Thanh tra huyện"], deadline=YEAR_END),
    Plan("3.10", ["Công an huyện", "Ban Chỉ huy Quân sự huyện"], deadline=None, report_every=ReportEvery.QUARTER),
]


def notice_items(text: str) -> dict[str, str]:
    """Section 3 of the sample notice as {ref: text}: items "3.n." and the dash bullets of 3.7.

    A paragraph that starts in lower case continues the previous one (the page break in the source).
    """
    items: dict[str, str] = {}
    current, bullet, in_section = None, 0, False
    for para in (p.strip() for p in text.split("\n")):
        if not para:
            continue
        if para.startswith("3. "):
            in_section = True
            continue
        if not in_section:
            continue
        if para.startswith(("Văn phòng Huyện ủy xin", "CHÁNH VĂN PHÒNG", "Nơi nhận")):
            break
        head = para.split(" ", 1)
        if head[0].startswith("3.") and head[0].endswith(".") and len(head) > 1:
            current, bullet = head[0].rstrip("."), 0
            items[current] = head[1]
        elif para.startswith("- ") and current == "3.7":
            bullet += 1
            items[f"3.7 -{bullet}"] = para[2:]
        elif para[0].islower() and items:
            last = list(items)[-1]
            items[last] += " " + para
    return items


def load_demo(today: date) -> dict:
    """Fill an empty database. Returns what was made, for the CLI to print."""
    shift = (today - timedelta(days=30)) - MEETING_ON
    moved = lambda d: d + shift if d else None  # noqa: E731

    units: dict[str, Unit] = {}
    for order, (name, short, aliases, kind, parent, groups, email) in enumerate(unit_rows()):
        unit = Unit(name=name, short_name=short, aliases=aliases, kind=kind, groups=groups, email=email,
                    parent=units.get(parent), sort_order=order)
        db.session.add(unit)
        units[name] = unit
    db.session.flush()

    users = []
    for username, full_name, role, unit_name in USERS:
        user = User(username=username, full_name=full_name, role=role, email=f"{username}@tracu.example.vn",
                    unit=units.get(unit_name))
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        users.append(user)
    office = users[1]
    db.session.flush()

    meeting = Meeting(held_on=moved(MEETING_ON), kind="Hội nghị Ban Thường vụ Huyện ủy mở rộng",
                      title="Sơ kết công tác tháng, xây dựng chương trình công tác tháng tới",
                      chair="Nguyễn Quốc Phương", committee="Ban Thường vụ Huyện ủy")
    next_meeting = Meeting(held_on=today + timedelta(days=10), kind="Hội nghị Ban Thường vụ Huyện ủy",
                           title="Sơ kết công tác tháng", chair="Nguyễn Quốc Phương",
                           committee="Ban Thường vụ Huyện ủy")
    db.session.add_all([meeting, next_meeting])
    text = NOTICE_PATH.read_text(encoding="utf-8")
    directive = create_directive(
        office, number="152-TB/HU", issued_on=moved(date(2023, 9, 14)),
        issuer="Thường trực Huyện ủy", signer="Lâm Thái Hòa", meeting_id=None, period_end_on=moved(MONTH_END),
        title="Thông báo ý kiến kết luận của Thường trực Huyện ủy tại Hội nghị sơ kết tình hình công tác tháng, "
              "xây dựng chương trình công tác tháng tới", full_text=text)
    directive.meeting = meeting
    items = notice_items(text)
    for plan in PLANS:
        deadline = moved(plan.deadline)
        task = create_task(directive, office, text=items[plan.ref], source_ref=plan.ref,
                           lead_unit_ids=[units[n].id for n in plan.lead],
                           support_unit_ids=[units[n].id for n in plan.support],
                           deadline_on=deadline, report_every=plan.report_every,
                           deadline_phrase=None if deadline is None else (
                               "từ nay đến cuối năm" if plan.deadline == YEAR_END else "chương trình công tác tháng"))
        for assignment in task.leads:
            _apply_state(assignment, plan.states.get(assignment.unit.name, "open"), deadline, today, office)
    db.session.flush()
    return {"units": len(units), "users": [u.username for u in users], "password": DEMO_PASSWORD,
            "directive": directive.number, "tasks": len(PLANS)}


def _apply_state(assignment, state: str, deadline: Optional[date], today: date, office) -> None:
    from tracker.models import ExtensionRequest, ExtensionStatus, ProgressReport

    if state == "open":
        return
    task = assignment.task
    if state == "extended":
        new_deadline = today + timedelta(days=20)
        assignment.extensions.append(ExtensionRequest(
            new_deadline_on=new_deadline, reason="Chờ kết quả khảo sát thực địa của Sở Xây dựng.",
            status=ExtensionStatus.APPROVED, decided_by_id=office.id, decision_note="Đồng ý gia hạn."))
        assignment.extended_deadline_on = new_deadline
        record(task, "extension_approved", office, assignment=assignment,
               before={"deadline_on": deadline.isoformat()}, after={"deadline_on": new_deadline.isoformat()})
        return
    reported_on = deadline - timedelta(days=3) if state in ("done", "reported") else deadline + timedelta(days=4)
    assignment.reports.append(ProgressReport(reported_on=reported_on, is_done_report=True,
                                             text="Đã triển khai thực hiện xong, có báo cáo kết quả kèm theo."))
    assignment.state = AssignmentState.REPORTED_DONE
    assignment.reported_done_on = reported_on
    record(task, "reported_done", None, assignment=assignment, after={"reported_done_on": reported_on.isoformat()})
    if state in ("done", "late"):
        assignment.state = AssignmentState.DONE
        assignment.done_on = reported_on
        record(task, "confirmed", office, assignment=assignment, after={"done_on": reported_on.isoformat()})


def database_is_empty() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Unit)) == 0
