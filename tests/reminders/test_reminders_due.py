"""The date rules of what falls due (pure functions: no database, no app)."""
from datetime import date, timedelta

import pytest

from tracker.models import ReportEvery
from tracker.reminders.due import Rhythm, Rules, deadline_due, period_of, report_due

RULES = Rules(offsets=(0, 1, 3, 7), report_before=3)
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


@pytest.mark.parametrize("days_late, expected", [
    (1, 1), (2, 1), (7, 1),          # the first overdue day is new, made up for a week if a pass missed it
    (8, None), (15, None), (400, None),  # then it is not new any more: the unit's round-ups repeat it
])
def test_overdue_is_new_once(days_late, expected):
    today = DEADLINE + timedelta(days=days_late)
    due = deadline_due(DEADLINE, today, RULES)
    assert due == (None if expected is None else ("overdue", DEADLINE + timedelta(days=expected)))


def test_offsets_come_from_the_settings():
    config = {"REMIND_OFFSETS": (14, 2, -1), "REMIND_REPORT_BEFORE": 5, "REMIND_ROUNDUP_WEEKDAY": 9,
              "REMIND_ROUNDUP_EVERY_WEEKS": 0}
    rules = Rules.from_config(config)
    assert rules.offsets == (2, 14) and rules.report_before == 5
    assert rules.roundup_weekday == 7 and rules.roundup_every_weeks == 1  # kept within 1–7 and 1–4
    assert deadline_due(DEADLINE, DEADLINE - timedelta(days=10), rules) == ("before_14", DEADLINE - timedelta(days=14))
    assert deadline_due(DEADLINE, DEADLINE, rules) == ("before_2", DEADLINE - timedelta(days=2))
    assert deadline_due(DEADLINE, DEADLINE + timedelta(days=3), rules) == ("overdue", DEADLINE + timedelta(days=1))


@pytest.mark.parametrize("rhythm, today, expected", [
    (Rhythm(1), date(2026, 3, 16), date(2026, 3, 16)),            # Monday: today
    (Rhythm(1), date(2026, 3, 22), date(2026, 3, 16)),            # Sunday: last Monday
    (Rhythm(5), date(2026, 3, 16), date(2026, 3, 13)),            # Friday round-ups
    (Rhythm(1, 2), date(2026, 3, 16), date(2026, 3, 16)),         # every 2 weeks from 05/01/2026: 16/03 is one
    (Rhythm(1, 2), date(2026, 3, 25), date(2026, 3, 16)),
    (Rhythm(1, 2), date(2026, 3, 29), date(2026, 3, 16)),
    (Rhythm(1, 2), date(2026, 3, 30), date(2026, 3, 30)),
])
def test_round_up_days(rhythm, today, expected):
    assert rhythm.last_roundup(today) == expected


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
