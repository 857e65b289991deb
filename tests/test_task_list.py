"""The task list: filters by unit, status class, deadline range and directive; pagination."""
from datetime import date

from tracker.extensions import db
from tracker.models import AssignmentState, Role


def texts(html, candidates):
    return {t for t in candidates if t in html}


def test_filters(office, make_unit, make_task, make_directive, frozen_clock):
    frozen_clock(date(2023, 10, 10))
    a, b = make_unit("Xã Kim Sơn"), make_unit("Phòng Y tế")
    d1, d2 = make_directive(number="1-TB/HU"), make_directive(number="2-TB/HU")
    make_task(a, directive=d1, text="Việc quá hạn", deadline_on=date(2023, 9, 30))
    make_task(b, directive=d1, text="Việc trong hạn", deadline_on=date(2023, 12, 31))
    done = make_task(a, directive=d2, text="Việc xong đúng hạn", deadline_on=date(2023, 9, 30))
    make_task(b, directive=d2, text="Việc thường xuyên")
    done.assignments[0].state, done.assignments[0].done_on = AssignmentState.DONE, date(2023, 9, 29)
    db.session.commit()
    names = ["Việc quá hạn", "Việc trong hạn", "Việc xong đúng hạn", "Việc thường xuyên"]

    def shown(query):
        return texts(office.get("/tasks/?" + query).get_data(as_text=True), names)

    assert shown("") == set(names)
    assert shown(f"unit={a.id}") == {"Việc quá hạn", "Việc xong đúng hạn"}
    assert shown("status=overdue") == {"Việc quá hạn"}
    assert shown("status=in_progress") == {"Việc trong hạn"}
    assert shown("status=done_on_time") == {"Việc xong đúng hạn"}
    assert shown("status=ongoing") == {"Việc thường xuyên"}
    assert shown("deadline_from=01/10/2023&deadline_to=31/12/2023") == {"Việc trong hạn"}
    assert shown(f"directive={d2.id}") == {"Việc xong đúng hạn", "Việc thường xuyên"}
    assert shown("number=2-TB") == {"Việc xong đúng hạn", "Việc thường xuyên"}
    bad = office.get("/tasks/?deadline_from=32/13/2023").get_data(as_text=True)
    assert "Ngày không tồn tại." in bad


def test_pagination(office, make_unit, make_task, make_directive):
    unit = make_unit()
    directive = make_directive()
    for i in range(30):
        make_task(unit, directive=directive, text=f"Nhiệm vụ số {i:02d}", source_ref=f"{i}")
    first = office.get("/tasks/").get_data(as_text=True)
    second = office.get("/tasks/?page=2").get_data(as_text=True)
    assert "30 nhiệm vụ" in first
    on_first = {i for i in range(30) if f"Nhiệm vụ số {i:02d}" in first}
    on_second = {i for i in range(30) if f"Nhiệm vụ số {i:02d}" in second}
    assert len(on_first) == 25 and len(on_second) == 5 and not on_first & on_second


def test_unit_home_counts_its_own_tasks(make_unit, make_user, make_task, make_client, frozen_clock):
    frozen_clock(date(2023, 10, 10))
    mine, other = make_unit("Xã Kim Sơn"), make_unit("Xã Hàm Tân")
    make_user("kimson", Role.UNIT, mine)
    make_task(mine, deadline_on=date(2023, 9, 30))
    make_task(other, deadline_on=date(2023, 9, 30))
    html = make_client("kimson").get("/").get_data(as_text=True)
    assert 'data-count="overdue">1<' in html


def test_bad_filter_values_get_vietnamese_messages(office):
    html = office.get("/tasks/?unit=abc&status=nonsense&directive=x").get_data(as_text=True)
    # The one filter parser's messages, the same on the task list, the reports, exports and the API.
    assert "Đơn vị không hợp lệ." in html and "Tình trạng: giá trị không hợp lệ." in html
    assert "Văn bản không hợp lệ." in html
    assert "Not a valid" not in html and "Invalid" not in html
