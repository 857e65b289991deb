"""The date rules of what falls due (pure functions: no database, no app)."""
from datetime import date, timedelta

import pytest

from tracker.models import ReportEvery
from tracker.reminders.due import Rules, deadline_due, period_of, report_due

RULES = Rules(offsets=(0, 1, 3, 7), overdue_every=7, report_before=3)
DEADLINE = date(2026, 3, 20)


@pytest.mark.parametrize("days_before, expected", [
    (12, None),                      # too early
    (8, None),
    (7, ("before_7", 7)),
    (5, ("before_7", 7)),            # the 7-day reminder is still the latest one due (made up if missed)
    (3, ("before_3", 3)),
    (2, ("before_3", 3)),
    (1, ("before_1", 1)),
    (0, ("before_0", 0)),            # the deadline day is still in time
])
def test_before_the_deadline(days_before, expected):
    today = DEADLINE - timedelta(days=days_before)
    due = deadline_due(DEADLINE, today, RULES)
    if expected is None:
        assert due is None
    else:
        assert due == (expected[0], DEADLINE - timedelta(days=expected[1]))


@pytest.mark.parametrize("days_late, due_late", [
    (1, 1), (2, 1), (7, 1),          # first overdue day, then nothing new for a week
    (8, 8), (14, 8), (15, 15), (400, 400 - (400 - 1) % 7),
])
def test_overdue_every_n_days(days_late, due_late):
    today = DEADLINE + timedelta(days=days_late)
    assert deadline_due(DEADLINE, today, RULES) == ("overdue", DEADLINE + timedelta(days=due_late))


def test_offsets_come_from_the_settings():
    rules = Rules.from_config({"REMIND_OFFSETS": (14, 2, -1), "REMIND_OVERDUE_EVERY": 0, "REMIND_REPORT_BEFORE": 5})
    assert rules.offsets == (2, 14) and rules.overdue_every == 1 and rules.report_before == 5
    assert deadline_due(DEADLINE, DEADLINE - timedelta(days=10), rules) == ("before_14", DEADLINE - timedelta(days=14))
    assert deadline_due(DEADLINE, DEADLINE, rules) == ("before_2", DEADLINE - timedelta(days=2))
    assert deadline_due(DEADLINE, DEADLINE + timedelta(days=3), rules) == ("overdue", DEADLINE + timedelta(days=3))


@pytest.mark.parametrize("every, day, start, end", [
    (ReportEvery.WEEK, date(2026, 3, 11), date(2026, 3, 9), date(2026, 3, 15)),
    (ReportEvery.MONTH, date(2026, 2, 10), date(2026, 2, 1), date(2026, 2, 28)),
    (ReportEvery.QUARTER, date(2026, 11, 30), date(2026, 10, 1), date(2026, 12, 31)),
    (ReportEvery.HALF_YEAR, date(2026, 6, 30), date(2026, 1, 1), date(2026, 6, 30)),
    (ReportEvery.YEAR, date(2026, 7, 1), date(2026, 1, 1), date(2026, 12, 31)),
])
def test_reporting_periods(every, day, start, end):
    assert period_of(day, every) == (start, end)


def test_periodic_report_request():
    # March: asked on 28/03; before that, February's request (25/02) is the latest one due
    assert report_due(ReportEvery.MONTH, date(2026, 3, 28), None, RULES) == ("report_due", date(2026, 3, 28),
                                                                            date(2026, 3, 31))
    assert report_due(ReportEvery.MONTH, date(2026, 3, 10), None, RULES) == ("report_due", date(2026, 2, 25),
                                                                            date(2026, 2, 28))
    # a report within the period answers the request
    assert report_due(ReportEvery.MONTH, date(2026, 3, 29), date(2026, 3, 2), RULES) is None
    assert report_due(ReportEvery.MONTH, date(2026, 3, 10), date(2026, 2, 1), RULES) is None
    assert report_due(ReportEvery.MONTH, date(2026, 3, 10), date(2026, 1, 31), RULES) is not None
    # quarterly: asked 28/03 for the first quarter
    assert report_due(ReportEvery.QUARTER, date(2026, 3, 28), None, RULES)[1] == date(2026, 3, 28)
