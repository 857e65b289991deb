"""What falls due on a day: pure date rules, no database.

Every rule answers with the *latest* reminder that fell due on or before `today`, as a ledger key
(kind, due_on). The ledger then says whether it went out. So a day the scheduler missed is made up by
the next pass (once), and an old reminder that was superseded (the 7-days one once the 3-days one is
due) is never sent late.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from tracker.models import ReportEvery

OVERDUE = "overdue"
OFFICE_OVERDUE = "office_overdue"  # the office's copy of an overdue reminder (its own ledger row)
REPORT_DUE = "report_due"
BEFORE = "before_"
#: TaskEvent kinds announced to the unit (issue #4's workflow writes them).
ANNOUNCED = ("returned", "extension_approved", "extension_refused")
#: How far back announcements are looked for (a pass missed for longer loses them, on purpose).
ANNOUNCE_WINDOW = timedelta(days=7)

KIND_LABELS = {
    OVERDUE: "Quá hạn",
    OFFICE_OVERDUE: "Quá hạn (bản gửi Văn phòng)",
    REPORT_DUE: "Đề nghị báo cáo định kỳ",
    "returned": "Báo cáo hoàn thành bị trả lại",
    "extension_approved": "Đồng ý gia hạn",
    "extension_refused": "Không đồng ý gia hạn",
}


def kind_label(kind: str) -> str:
    if kind.startswith(BEFORE):
        days = int(kind[len(BEFORE):])
        return "Đến hạn hôm nay" if days == 0 else f"Sắp đến hạn ({days} ngày)"
    return KIND_LABELS.get(kind, kind)


@dataclass(frozen=True)
class Rules:
    """The settings that decide what is due (TRACKER_REMIND_*)."""

    offsets: tuple[int, ...] = (0, 1, 3, 7)
    overdue_every: int = 7
    report_before: int = 3

    @classmethod
    def from_config(cls, config) -> "Rules":
        offsets = tuple(sorted({int(o) for o in config.get("REMIND_OFFSETS", cls.offsets) if int(o) >= 0}))
        return cls(
            offsets=offsets,
            overdue_every=max(1, int(config.get("REMIND_OVERDUE_EVERY", cls.overdue_every))),
            report_before=max(0, int(config.get("REMIND_REPORT_BEFORE", cls.report_before))),
        )

    @property
    def horizon(self) -> int:
        """How many days ahead a deadline can be and still be due for a reminder."""
        return max(self.offsets, default=-1)


def deadline_due(deadline: date, today: date, rules: Rules) -> Optional[tuple[str, date]]:
    """The reminder of an open assignment with a deadline, as (kind, due_on), or None.

    Before the deadline: the offset whose day came last (`before_3` on deadline-3 until deadline-1 is due).
    Overdue (from the day after the deadline, as `classify` says): on that day, then every N days.
    """
    if today <= deadline:
        ahead = (deadline - today).days
        offset = min((o for o in rules.offsets if o >= ahead), default=None)
        if offset is None:
            return None
        return f"{BEFORE}{offset}", deadline - timedelta(days=offset)
    late = (today - deadline).days  # 1 on the first overdue day
    step = (late - 1) // rules.overdue_every
    return OVERDUE, deadline + timedelta(days=1 + step * rules.overdue_every)


def period_of(day: date, every: ReportEvery | str) -> tuple[date, date]:
    """The reporting period (first day, last day) that contains `day`."""
    every = ReportEvery(every)
    if every == ReportEvery.WEEK:
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    months = {ReportEvery.MONTH: 1, ReportEvery.QUARTER: 3, ReportEvery.HALF_YEAR: 6, ReportEvery.YEAR: 12}[every]
    first_month = (day.month - 1) // months * months + 1
    start = date(day.year, first_month, 1)
    end_month = first_month + months - 1
    next_start = date(day.year + 1, 1, 1) if end_month == 12 else date(day.year, end_month + 1, 1)
    return start, next_start - timedelta(days=1)


def report_due(every: ReportEvery | str, today: date, last_report_on: Optional[date],
               rules: Rules) -> Optional[tuple[str, date, date]]:
    """The request for an ongoing task's periodic report, as (kind, due_on, period_end), or None.

    Asked `report_before` days before the period ends; not asked if the unit already reported in it.
    """
    start, end = period_of(today, every)
    ask = max(start, end - timedelta(days=rules.report_before))
    if ask > today:  # this period's request is not due yet: the latest one is the previous period's
        start, end = period_of(start - timedelta(days=1), every)
        ask = max(start, end - timedelta(days=rules.report_before))
    if last_report_on is not None and last_report_on >= start:
        return None
    return REPORT_DUE, ask, end


def group_of(kind: str) -> str:
    """Which part of a digest an item goes in."""
    if kind in (OVERDUE, OFFICE_OVERDUE):
        return "overdue"
    if kind.startswith(BEFORE):
        return "due_soon"
    if kind == REPORT_DUE:
        return "requests"
    return "notices"


GROUPS = (
    ("overdue", "Nhiệm vụ quá hạn"),
    ("due_soon", "Nhiệm vụ sắp đến hạn"),
    ("requests", "Đề nghị báo cáo định kỳ"),
    ("notices", "Thông báo về báo cáo và gia hạn"),
)
