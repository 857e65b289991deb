"""The admin's audit page lists every change of every task, newest first, with filters."""
import re
from datetime import date, datetime

import pytest

from tracker import clock
from tracker.extensions import db
from tracker.models import Role
from tracker.services import workflow


def shown(html):
    """The notes of the listed events, in the order shown."""
    table = html[html.index('id="events"'):]
    return re.findall(r'<div class="task-text">([^<]*)</div>', table)


@pytest.fixture
def history(make_unit, make_user, make_task, frozen_clock):
    frozen_clock(date(2023, 9, 20))
    kimson, hamtan = make_unit("Xã Kim Sơn"), make_unit("Xã Hàm Tân")
    ks_user, ht_user = make_user("kimson", Role.UNIT, kimson), make_user("hamtan", Role.UNIT, hamtan)
    office = make_user("vanphong", Role.OFFICE, full_name="Trần Thị Thu")
    make_user("quantri", Role.ADMIN)
    task_k = make_task(kimson, text="Việc của Kim Sơn", deadline_on=date(2023, 9, 30))
    task_h = make_task(hamtan, text="Việc của Hàm Tân", deadline_on=date(2023, 9, 30))
    workflow.report_progress(task_k.leads[0], ks_user, text="KS tiến độ 20/9")
    db.session.commit()  # each action is its own request: its event takes the time of its commit
    frozen_clock(datetime(2023, 9, 21, 23, 30, tzinfo=clock.TZ))  # late evening, Vietnam time
    workflow.report_done(task_h.leads[0], ht_user, summary="HT xong 21/9")
    db.session.commit()
    frozen_clock(date(2023, 9, 22))
    workflow.return_report(task_h.leads[0], office, reason="HT trả lại 22/9")
    db.session.commit()
    return task_k, task_h, office


def test_admin_sees_every_event_newest_first(history, make_client):
    html = make_client("quantri").get("/admin/events").get_data(as_text=True)
    assert shown(html) == ["HT trả lại 22/9", "HT xong 21/9", "KS tiến độ 20/9"]
    assert "5 thay đổi" in html  # and the two "created" events, which have no note
    assert "Trả lại báo cáo" in html and "Trần Thị Thu" in html and "Ngày báo cáo xong" in html


def test_filters(history, make_client):
    task_k, task_h, office = history
    c = make_client("quantri")

    def notes(query):
        return shown(c.get("/admin/events?" + query).get_data(as_text=True))

    assert notes("kind=returned") == ["HT trả lại 22/9"]
    assert notes(f"actor={office.id}") == ["HT trả lại 22/9"]
    assert notes(f"unit={task_k.leads[0].unit_id}") == ["KS tiến độ 20/9"]
    assert notes(f"task={task_h.id}") == ["HT trả lại 22/9", "HT xong 21/9"]
    # 23:30 on 21/09 in Vietnam is still 21/09, although it is 16:30 UTC
    assert notes("date_from=21/09/2023&date_to=21/09/2023") == ["HT xong 21/9"]
    assert notes("date_from=22/09/2023") == ["HT trả lại 22/9"]
    bad = c.get("/admin/events?date_from=31/02/2023").get_data(as_text=True)
    assert "Ngày không tồn tại." in bad and shown(bad) == []


def test_only_admins(history, make_client):
    for username in ("vanphong", "kimson"):
        assert make_client(username).get("/admin/events").status_code == 403
