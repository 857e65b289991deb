"""The cadence (issue #11) over a month of daily passes: which item comes on which day, in which part of
which digest — offsets, newly overdue, the weekly round-up, a return, an extension that moves a deadline."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tracker import clock
from tracker.extensions import db
from tracker.models import DigestEvery, ReminderPlan, ReportEvery, Role, User
from tracker.reminders.run import run_pass
from tracker.services.events import record

KIMSON = "kimson@tracu.example.vn"
OFFICE = "vanphong@tracu.example.vn"
MONTH = [date(2026, 3, 2) + timedelta(days=n) for n in range(30)]  # Monday 02/03 … Tuesday 31/03


def d(day: int) -> date:
    return date(2026, 3, day)


#: Daily digests (the default): day → {task: kind of its row}. Mondays are round-up days.
DAILY = {
    d(2): {"B": "repeat_overdue", "E": "report_due"},          # first pass, a Monday: B overdue since February;
                                                                 # E's February report was never asked for
    d(3): {"C": "before_7"},
    d(7): {"C": "before_3"},
    d(8): {"C": "extension_approved"},                          # C's deadline moves from 10/03 to 25/03
    d(9): {"B": "repeat_overdue", "E": "repeat_report"},       # round-up; C's old before_1 never comes
    d(12): {"D": "returned"},
    d(13): {"A": "before_7"},
    d(16): {"B": "repeat_overdue", "E": "repeat_report"},
    d(17): {"A": "before_3"},
    d(18): {"C": "before_7"},                                   # from the new deadline
    d(19): {"A": "before_1"},
    d(20): {"A": "before_0"},
    d(21): {"A": "overdue"},                                    # newly overdue: new, said once
    d(22): {"C": "before_3"},
    d(23): {"A": "repeat_overdue", "B": "repeat_overdue", "E": "repeat_report"},
    d(24): {"C": "before_1", "D": "before_7"},
    d(25): {"C": "before_0"},
    d(26): {"C": "overdue"},
    d(28): {"D": "before_3", "E": "report_due"},                # March's report asked for
    d(30): {"A": "repeat_overdue", "B": "repeat_overdue", "C": "repeat_overdue", "D": "before_1",
            "E": "repeat_report"},
    d(31): {"D": "before_0"},
}
#: The office hears of what became overdue, the day it did.
OFFICE_DAYS = {d(21): {"A": "office_overdue"}, d(26): {"C": "office_overdue"}}
#: A unit on weekly digests with Friday round-ups: one digest a week, what was new in it and the repeats.
WEEKLY = {
    d(2): {"B": "repeat_overdue", "E": "report_due"},  # the first pass makes up Friday 27/02's round-up
    d(6): {"B": "repeat_overdue", "C": "before_7", "E": "repeat_report"},
    d(13): {"A": "before_7", "B": "repeat_overdue", "C": "extension_approved", "D": "returned",
            "E": "repeat_report"},
    d(20): {"A": "before_0", "B": "repeat_overdue", "C": "before_7", "E": "repeat_report"},
    d(27): {"A": "overdue", "B": "repeat_overdue", "C": "overdue", "D": "before_7", "E": "repeat_report"},
}


@pytest.fixture
def month(make_unit, make_user, make_directive, make_task, frozen_clock, smtp):
    frozen_clock(MONTH[0])
    kimson = make_unit("Xã Kim Sơn", email=KIMSON)
    make_user("vanphong", Role.OFFICE, email=OFFICE)
    directive = make_directive(number="7-TB/HU", issued_on=date(2026, 1, 5))
    tasks = {
        "A": make_task(kimson, directive=directive, text="Việc A", deadline_on=d(20)),
        "B": make_task(kimson, directive=directive, text="Việc B", deadline_on=date(2026, 2, 20)),
        "C": make_task(kimson, directive=directive, text="Việc C", deadline_on=d(10)),
        "D": make_task(kimson, directive=directive, text="Việc D", deadline_on=d(31)),
        "E": make_task(kimson, directive=directive, text="Việc E", report_every=ReportEvery.MONTH),
    }
    db.session.commit()
    return kimson, tasks


def _run_month(month, smtp):
    """One pass a day; the office's decisions happen on their day, before the pass. {day: {address: {task: kind}}}."""
    kimson, tasks = month
    names = {t.leads[0].id: name for name, t in tasks.items()}
    office = db.session.scalar(sa.select(User).where(User.username == "vanphong"))
    got = {}
    for day in MONTH:
        clock.freeze(day)
        if day == d(8):
            c = tasks["C"].leads[0]
            c.extended_deadline_on = d(25)
            record(tasks["C"], "extension_approved", office, assignment=c, after={"deadline_on": "2026-03-25"})
        if day == d(12):
            record(tasks["D"], "returned", office, assignment=tasks["D"].leads[0], note="Thiếu số liệu.")
        db.session.commit()
        before = len(smtp.received)
        assert run_pass(day).ok
        for message in smtp.received[before:]:
            rows = [r for rows in message.sections().values() for r in rows]
            assert len(rows) == len({r["assignment"] for r in rows})  # an item at most once in a digest
            for rcpt in message.rcpt_tos:
                assert rcpt not in got.get(day, {}), f"two digests to {rcpt} on {day}"
                got.setdefault(day, {})[rcpt] = {names[r["assignment"]]: r["kind"] for r in rows}
    return got


def _for(got, address):
    return {day: to[address] for day, to in got.items() if address in to}


def test_a_month_of_daily_digests(month, smtp):
    got = _run_month(month, smtp)
    assert _for(got, KIMSON) == DAILY
    assert _for(got, OFFICE) == OFFICE_DAYS
    # every digest says at its top what is new and what is repeated, and links to the unit's page
    roundup = next(m for m in smtp.to(KIMSON) if "23/03/2026" in m.subject)
    assert "MỚI: không có việc mới." in roundup.text
    assert "NHẮC LẠI: 3 việc đã quá hạn hoặc chưa báo cáo" in roundup.text and "thứ Hai ngày 23/03/2026" in roundup.text
    assert f"/tasks/?unit={month[0].id}" in roundup.html
    first_overdue = next(m for m in smtp.to(KIMSON) if "21/03/2026" in m.subject)
    assert "MỚI: 1 việc mới" in first_overdue.text and "NHẮC LẠI" not in first_overdue.text


def test_a_month_of_weekly_digests_on_fridays(month, smtp):
    kimson, _ = month
    db.session.add(ReminderPlan(unit_id=kimson.id, roundup_weekday=5, digest_every=DigestEvery.WEEKLY))
    db.session.commit()
    got = _run_month(month, smtp)
    assert _for(got, KIMSON) == WEEKLY
    assert _for(got, OFFICE) == OFFICE_DAYS  # the office's rhythm is its own


def test_weekly_digests_need_the_office_s_leave(month, smtp):
    """A unit that chose weekly digests gets daily ones while the office does not allow weekly ones."""
    kimson, _ = month
    db.session.add(ReminderPlan(unit_id=kimson.id, digest_every=DigestEvery.WEEKLY, is_weekly_allowed=False))
    db.session.commit()
    assert _for(_run_month(month, smtp), KIMSON) == DAILY
