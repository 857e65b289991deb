"""A unit's home page: its assignments grouped by class, overdue first, with counts; the same page of any
unit for the office and leaders."""
import re
from datetime import date

import pytest

from tracker.extensions import db
from tracker.queries.unit_home import unit_home
from tracker.models import Role
from tracker.services import workflow
from tracker.services.status import StatusClass, assignment_class

TODAY = date(2023, 10, 10)


@pytest.fixture
def kimson(make_unit, make_user, make_task, frozen_clock):
    """Xã Kim Sơn with work in every class, and a neighbour's task it must not see."""
    frozen_clock(TODAY)
    mine, other = make_unit("Xã Kim Sơn"), make_unit("Xã Hàm Tân")
    user = make_user("kimson", Role.UNIT, mine)
    office = make_user("vanphong", Role.OFFICE)
    make_user("lanhdao", Role.LEADER)
    make_user("hamtan", Role.UNIT, other)
    make_task(mine, text="Việc quá hạn sau", deadline_on=date(2023, 10, 5))
    make_task(mine, text="Việc quá hạn trước", deadline_on=date(2023, 9, 30))
    asking = make_task(mine, text="Việc đang xin gia hạn", deadline_on=date(2023, 12, 31))
    make_task(other, support=[mine], text="Việc phối hợp với Hàm Tân", deadline_on=date(2023, 11, 30))
    make_task(mine, text="Việc thường xuyên của xã")
    done = make_task(mine, text="Việc đã xong", deadline_on=date(2023, 9, 30))
    waiting = make_task(mine, text="Việc chờ xác nhận", deadline_on=date(2023, 10, 31))
    extended = make_task(mine, text="Việc được gia hạn", deadline_on=date(2023, 9, 25))
    make_task(other, text="Việc riêng của Hàm Tân", deadline_on=date(2023, 9, 30))

    workflow.report_done(done.leads[0], user, summary="Xong.", today=date(2023, 9, 25))
    workflow.confirm_done(done.leads[0], office)
    workflow.report_done(waiting.leads[0], user, summary="Đã làm xong.", today=TODAY)
    workflow.request_extension(asking.leads[0], user, new_deadline_on=date(2024, 1, 31), reason="Chờ vốn.")
    request = workflow.request_extension(extended.leads[0], user, new_deadline_on=date(2023, 11, 15),
                                         reason="Mưa bão.")
    workflow.approve_extension(request, office)
    db.session.commit()
    return mine, other


def count(html, cls):
    match = re.search(rf'data-count="{cls}">(\d+)<', html)
    return int(match.group(1)) if match else None


def test_unit_sees_its_assignments_grouped_overdue_first(kimson, make_client):
    html = make_client("kimson").get("/").get_data(as_text=True)
    assert "Nhiệm vụ của Xã Kim Sơn" in html
    assert {c.value: count(html, c.value) for c in StatusClass} == {
        "overdue": 2, "in_progress": 4, "ongoing": 1, "done_on_time": 1, "done_late": 0, "carried_over": 0}
    positions = [html.index(f'id="group-{c}"') for c in ("overdue", "in_progress", "ongoing", "done_on_time")]
    assert positions == sorted(positions)
    assert 'id="group-done_late"' not in html  # an empty class has no section, only its count
    overdue = html[positions[0]:positions[1]]
    assert overdue.index("Việc quá hạn trước") < overdue.index("Việc quá hạn sau")  # soonest deadline first
    in_progress = html[positions[1]:positions[2]]
    for text in ("Việc đang xin gia hạn", "Việc phối hợp với Hàm Tân", "Việc chờ xác nhận", "Việc được gia hạn"):
        assert text in in_progress
    assert "Việc riêng của Hàm Tân" not in html
    assert "Phối hợp" in in_progress and "chờ xác nhận" in in_progress and "Đang xin gia hạn" in in_progress
    assert "hạn gốc 25/09/2023" in in_progress and "15/11/2023" in in_progress


def test_groups_agree_with_the_status_rule_and_are_capped(kimson):
    mine, _ = kimson
    home = unit_home(mine.id, TODAY)
    for status, rows in home.groups.items():
        assert rows and all(assignment_class(a, TODAY) == status for a in rows)
    assert home.total == 8
    capped = unit_home(mine.id, TODAY, limit=1)
    assert capped.counts[StatusClass.OVERDUE] == 2 and len(capped.groups[StatusClass.OVERDUE]) == 1


@pytest.mark.parametrize("username", ["vanphong", "lanhdao"])
def test_office_and_leader_see_any_units_page(kimson, make_client, username):
    mine, other = kimson
    c = make_client(username)
    html = c.get(f"/units/{mine.id}/home").get_data(as_text=True)
    assert count(html, "overdue") == 2 and "Việc quá hạn trước" in html and 'id="unit-picker"' in html
    picked = c.get(f"/?unit={other.id}")
    assert picked.status_code == 302 and picked.headers["Location"].endswith(f"/units/{other.id}/home")
    assert "Việc riêng của Hàm Tân" in c.get(picked.headers["Location"]).get_data(as_text=True)
    overview = c.get("/").get_data(as_text=True)
    assert "Tình hình thực hiện nhiệm vụ" in overview and count(overview, "overdue") == 3


def test_unit_user_sees_only_its_own_unit_page(kimson, make_client):
    mine, other = kimson
    c = make_client("kimson")
    assert c.get(f"/units/{mine.id}/home").status_code == 200
    assert c.get(f"/units/{other.id}/home").status_code == 403
    assert c.get("/units/999999/home").status_code == 404
    assert 'id="unit-picker"' not in c.get("/").get_data(as_text=True)


def test_unit_without_assignments(make_unit, make_user, make_client):
    make_user("moi", Role.UNIT, make_unit("Xã Mới"))
    html = make_client("moi").get("/").get_data(as_text=True)
    assert "Đơn vị chưa được giao nhiệm vụ nào." in html and count(html, "overdue") == 0
