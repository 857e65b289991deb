"""What falls due on a day: pure date rules, no database.

The cadence (DESIGN.md, "Reminder cadence"). A unit hears of a thing when it is new: a deadline reaching
one of the offsets (`before_7` … `before_0`), the first overdue day (`overdue`), a periodic report now
asked for (`report_due`), a return or an extension decision of the office. Each is a ledger key
(kind, due_on); a pass sends the *latest* one of an item that fell due within the last `window` days and
has not gone, so a day the scheduler missed is made up by the next pass (once), and a reminder that was
superseded (the 7-days one once the 3-days one is due) is never sent late.

What is already overdue, and report requests still unanswered, are not new: they are repeated together,
all of a unit's at once, on its round-up day (a weekday, every N weeks; the installation's, or the one the
office set for the unit). The round-up is keyed per unit and day in the outbox, not per item.
"""
from dataclasses import dataclass
from functools import cached_property, lru_cache
from datetime import date, timedelta
from typing import Optional

from tracker.models import ReportEvery

OVERDUE = "overdue"
OFFICE_OVERDUE = "office_overdue"  # the office's copy of a newly overdue item (its own ledger row)
REPORT_DUE = "report_due"
BEFORE = "before_"
#: Items repeated in a round-up (no ledger row of their own: the round-up's key covers them).
REPEAT_OVERDUE = "repeat_overdue"
REPEAT_REPORT = "repeat_report"
#: TaskEvent kinds announced to the unit (issue #4's workflow writes them).
ANNOUNCED = ("returned", "extension_approved", "extension_refused")
#: How far back announcements are looked for (a pass missed for longer loses them, on purpose).
ANNOUNCE_WINDOW = timedelta(days=7)
#: Round-ups every N weeks count weeks from this Monday.
WEEK_ZERO = date(2026, 1, 5)
WEEKDAY_LABELS = {1: "thứ Hai", 2: "thứ Ba", 3: "thứ Tư", 4: "thứ Năm", 5: "thứ Sáu", 6: "thứ Bảy", 7: "Chủ nhật"}

KIND_LABELS = {
    OVERDUE: "Quá hạn",
    OFFICE_OVERDUE: "Quá hạn (bản gửi Văn phòng)",
    REPORT_DUE: "Đề nghị báo cáo định kỳ",
    REPEAT_OVERDUE: "Quá hạn (nhắc lại)",
    REPEAT_REPORT: "Chưa báo cáo định kỳ (nhắc lại)",
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
    report_before: int = 3
    #: ISO weekday of the round-up (1 = Monday) and weeks between round-ups, unless a unit's plan says otherwise.
    roundup_weekday: int = 1
    roundup_every_weeks: int = 1
    #: A reminder missed by the scheduler is made up if it fell due within this many days.
    window: int = 7

    @classmethod
    def from_config(cls, config) -> "Rules":
        offsets = tuple(sorted({int(o) for o in config.get("REMIND_OFFSETS", cls.offsets) if int(o) >= 0}))
        return cls(
            offsets=offsets,
            report_before=max(0, int(config.get("REMIND_REPORT_BEFORE", cls.report_before))),
            roundup_weekday=min(7, max(1, int(config.get("REMIND_ROUNDUP_WEEKDAY", cls.roundup_weekday)))),
            roundup_every_weeks=min(4, max(1, int(config.get("REMIND_ROUNDUP_EVERY_WEEKS", cls.roundup_every_weeks)))),
        )

    @cached_property
    def rhythm(self) -> "Rhythm":
        """The installation's rhythm, for units without a plan of their own."""
        return Rhythm(self.roundup_weekday, self.roundup_every_weeks)

    @property
    def horizon(self) -> int:
        """How many days ahead a deadline can be and still be due for a reminder."""
        return max(self.offsets, default=-1)


@dataclass(frozen=True)
class Rhythm:
    """One unit's rhythm: its round-up day, every N weeks, and whether it takes everything weekly."""

    weekday: int = 1
    every_weeks: int = 1
    weekly: bool = False

    def last_roundup(self, today: date) -> date:
        """The latest round-up day on or before `today`."""
        day = today - timedelta(days=(today.isoweekday() - self.weekday) % 7)
        weeks = (day - WEEK_ZERO).days // 7
        return day - timedelta(weeks=weeks % self.every_weeks)

    def window(self, rules: Rules) -> int:
        """How many days back a new thing is still new: for a weekly unit, since its previous round-up."""
        return 7 * self.every_weeks if self.weekly else rules.window


def deadline_due(deadline: date, today: date, rules: Rules, window: Optional[int] = None
                 ) -> Optional[tuple[str, date]]:
    """The new reminder of an open assignment with a deadline, as (kind, due_on), or None.

    Before the deadline: the offset whose day came last (`before_3` on deadline-3 until deadline-1 is due).
    Overdue: the first overdue day (the day after the deadline, as `classify` says). Nothing when that
    day is more than `window` days ago: from then on the item is repeated in its unit's round-ups.
    """
    oldest = today - timedelta(days=(window or rules.window) - 1)
    if today <= deadline:
        ahead = (deadline - today).days
        offset = min((o for o in rules.offsets if o >= ahead), default=None)
        if offset is None or deadline - timedelta(days=offset) < oldest:
            return None
        return f"{BEFORE}{offset}", deadline - timedelta(days=offset)
    first_late = deadline + timedelta(days=1)
    return (OVERDUE, first_late) if first_late >= oldest else None


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
    start, ask, end = _latest_request(every, today, rules)
    if last_report_on is not None and last_report_on >= start:
        return None
    return REPORT_DUE, ask, end


@lru_cache(maxsize=256)
def _latest_request(every: ReportEvery | str, today: date, rules: Rules) -> tuple[date, date, date]:
    """(period start, request day, period end) of the latest request on or before `today`: the same for every
    task of a rhythm, and a pass asks for tens of thousands."""
    start, end = period_of(today, every)
    ask = max(start, end - timedelta(days=rules.report_before))
    if ask > today:  # this period's request is not due yet: the latest one is the previous period's
        start, end = period_of(start - timedelta(days=1), every)
        ask = max(start, end - timedelta(days=rules.report_before))
    return start, ask, end


def report_asked_since(every: ReportEvery | str, oldest: date, today: date, rules: Rules) -> bool:
    """Whether a request of this reporting rhythm fell due between `oldest` and `today` (so its tasks are
    candidates of the day)."""
    found = report_due(every, today, None, rules)
    return found is not None and found[1] >= oldest


@lru_cache(maxsize=None)
def group_of(kind: str) -> str:
    """Which part of a digest an item goes in (kept per kind: a pass asks a million times)."""
    if kind in (OVERDUE, OFFICE_OVERDUE):
        return "overdue"
    if kind.startswith(BEFORE):
        return "due_soon"
    if kind == REPORT_DUE:
        return "requests"
    if kind == REPEAT_OVERDUE:
        return "repeat_overdue"
    if kind == REPEAT_REPORT:
        return "repeat_requests"
    return "notices"


#: The parts of a digest, in order: what is new, then what is repeated.
GROUPS = (
    ("overdue", "Nhiệm vụ quá hạn"),
    ("due_soon", "Nhiệm vụ sắp đến hạn"),
    ("requests", "Đề nghị báo cáo định kỳ"),
    ("notices", "Thông báo về báo cáo và gia hạn"),
    ("repeat_overdue", "Nhắc lại: nhiệm vụ đã quá hạn"),
    ("repeat_requests", "Nhắc lại: báo cáo định kỳ chưa gửi"),
)
REPEAT_GROUPS = ("repeat_overdue", "repeat_requests")
