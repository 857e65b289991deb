"""The overdue list's content: which assignments, grouped how, with what numbers, for whom, in how many queries."""
from datetime import date

import pytest
import sqlalchemy as sa

from conftest import count_queries
from reports.conftest import CADRE, MEETING_DAY, OCOP, OVERDUE_TEXTS, ROAD, SPEECH
from tracker.extensions import db
from tracker.models import AssignmentState, ProgressReport, Role
from tracker.reports import Filters, build_overdue_list
from tracker.services.status import StatusClass, days_overdue


def texts(report):
    return {row["text"] for row in report.rows}


@pytest.mark.parametrize("state, deadline, today, reported, expected", [
    (AssignmentState.OPEN, date(2023, 9, 30), date(2023, 10, 20), None, 20),
    (AssignmentState.OPEN, date(2023, 10, 20), date(2023, 10, 20), None, 0),       # the deadline day is in time
    (AssignmentState.REPORTED_DONE, date(2023, 10, 1), date(2023, 10, 20), date(2023, 10, 5), 4),
    (AssignmentState.REPORTED_DONE, date(2023, 10, 1), date(2023, 10, 20), date(2023, 9, 30), 0),
    (AssignmentState.DONE, date(2023, 10, 1), date(2023, 10, 20), date(2023, 10, 5), 0),
    (AssignmentState.OPEN, None, date(2023, 10, 20), None, 0),
])
def test_days_overdue_follows_the_status_rule(state, deadline, today, reported, expected):
    assert days_overdue(state, deadline, today, reported) == expected


def test_list_holds_exactly_the_overdue_lead_assignments(scenario):
    report = build_overdue_list(MEETING_DAY, meeting=scenario.meeting)
    assert texts(report) == OVERDUE_TEXTS
    assert [(g.title, g.count, g.ordinal) for g in report.groups] == [
        ("Ban Tổ chức Huyện ủy", 1, 1), ("Xã Kim Sơn", 2, 2)]
    assert report.summary == [("Ban Tổ chức Huyện ủy", 1, scenario.to_chuc.id), ("Xã Kim Sơn", 2, scenario.kim_son.id)]
    assert report.total == 3
    kim_son = report.groups[1].rows
    assert [(r["no"], r["text"], r["days_overdue"]) for r in kim_son] == [(1, OCOP, 20), (2, ROAD, 5)]
    ocop = kim_son[0]
    assert ocop["directive_number"] == "152-TB/HU" and ocop["directive_on"] == date(2023, 9, 14)
    assert ocop["deadline_on"] == date(2023, 9, 30) and ocop["extended_on"] is None
    assert ocop["latest_note"] == "05/10/2023: Đã khảo sát 5/7 xã, đang hoàn thiện hồ sơ."
    cadre = report.groups[0].rows[0]
    assert cadre["text"] == CADRE and cadre["days_overdue"] == 4
    assert cadre["latest_note"].startswith("Đã báo cáo hoàn thành ngày 05/10/2023, chờ xác nhận")
    assert "Phục vụ Hội nghị Ban Thường vụ Huyện ủy ngày 20/10/2023" in report.subtitle
    assert "(Tính đến ngày 20/10/2023)" in report.subtitle


def test_extended_deadline_counts(scenario):
    later = build_overdue_list(date(2023, 11, 5))
    speech = next(r for r in later.rows if r["text"] == SPEECH)
    assert speech["deadline_on"] == date(2023, 9, 30) and speech["extended_on"] == date(2023, 10, 31)
    assert speech["days_overdue"] == 5


def test_filters(scenario):
    def shown(**kw):
        return texts(build_overdue_list(MEETING_DAY, Filters(**kw)))

    assert shown(unit_id=scenario.kim_son.id) == {OCOP, ROAD}
    assert shown(committee="Ban Thường vụ Huyện ủy") == {ROAD}
    assert shown(period_from=date(2023, 10, 1)) == {ROAD}
    assert shown(period_to=date(2023, 9, 30)) == {OCOP, CADRE}
    assert shown(directive_id=scenario.d2.id) == {ROAD}
    assert shown(directive_number=" 152-tb/hu ") == {OCOP, CADRE}
    assert shown(unit_id=scenario.y_te.id) == set()


def test_unit_user_sees_only_its_own_unit(scenario, make_user):
    kim_son_user = make_user("kimson", Role.UNIT, scenario.kim_son)
    other = make_user("yte", Role.UNIT, scenario.y_te)
    assert texts(build_overdue_list(MEETING_DAY, user=kim_son_user)) == {OCOP, ROAD}
    assert texts(build_overdue_list(MEETING_DAY, user=other)) == set()
    leader = make_user("lanhdao", Role.LEADER)
    assert texts(build_overdue_list(MEETING_DAY, user=leader)) == OVERDUE_TEXTS


def test_paging_keeps_counts_and_numbers(scenario):
    page2 = build_overdue_list(MEETING_DAY, limit=1, offset=2)
    assert page2.total == 3 and [r["text"] for r in page2.rows] == [ROAD]
    assert page2.groups[0].ordinal == 2 and page2.groups[0].count == 2 and page2.rows[0]["no"] == 2


def test_constant_number_of_queries(scenario, make_unit, make_task):
    def queries(**filters):
        db.session.expire_all()  # nothing cached from the previous run
        with count_queries() as statements:
            report = build_overdue_list(MEETING_DAY, Filters(**filters))
            assert report.row_count >= 0  # the whole list is read as it is rendered, not when it is built
        return report, len(statements)

    small_all, n_small_all = queries()
    small_unit, n_small_unit = queries(unit_id=scenario.kim_son.id)
    units = [make_unit() for _ in range(5)]
    for i in range(40):
        task = make_task(units[i % 5], directive=scenario.d1, text=f"Nhiệm vụ thêm {i}", deadline_on=date(2023, 9, 20))
        task.assignments[0].reports.append(ProgressReport(reported_on=date(2023, 9, 21), text=f"Báo cáo {i}"))
    db.session.commit()
    large_all, n_large_all = queries()
    large_unit, n_large_unit = queries(unit_id=scenario.kim_son.id)
    assert (small_all.total, large_all.total, len(large_all.groups)) == (3, 43, 7)
    assert all(r["latest_note"] for r in large_all.rows if r["text"].startswith("Nhiệm vụ thêm"))
    assert n_small_all == n_large_all == 2        # the counts and the rows (with their notes)
    assert n_small_unit == n_large_unit == 3      # and the filter's unit, for the subtitle


def test_status_classes_agree_with_python_rule(scenario):
    """Every row's class (SQL twin) is the Python rule's "overdue" as of the day."""
    from tracker.models import Assignment
    from tracker.services.status import assignment_class

    report = build_overdue_list(MEETING_DAY)
    for row in report.rows:
        assignment = db.session.scalar(sa.select(Assignment).where(
            Assignment.task_id == row["task_id"], Assignment.unit_id == row["unit_id"]))
        assert assignment_class(assignment, MEETING_DAY) == StatusClass.OVERDUE
