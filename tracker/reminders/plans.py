"""Units' reminder plans: the office sets a unit's round-up day, every N weeks and whether it may take weekly
digests; the unit chooses daily or weekly within that. Services: they flush, the view commits."""
from typing import Optional

import sqlalchemy as sa
from flask import current_app

from tracker.extensions import db
from tracker.models import DigestEvery, ReminderPlan, Unit
from tracker.reminders.due import WEEKDAY_LABELS, Rules


def plan_of(unit_id: int) -> Optional[ReminderPlan]:
    return db.session.get(ReminderPlan, unit_id)


def _plan(unit_id: int) -> ReminderPlan:
    plan = plan_of(unit_id)
    if plan is None:
        plan = ReminderPlan(unit_id=unit_id, roundup_every_weeks=1, is_weekly_allowed=True,
                            digest_every=DigestEvery.DAILY)
        db.session.add(plan)
    return plan


def set_rhythm(unit_id: int, weekday: Optional[int], every_weeks: int, is_weekly_allowed: bool) -> ReminderPlan:
    """The office's part of a unit's plan."""
    plan = _plan(unit_id)
    plan.roundup_weekday = weekday if weekday in WEEKDAY_LABELS else None
    plan.roundup_every_weeks = min(4, max(1, every_weeks))
    plan.is_weekly_allowed = is_weekly_allowed
    db.session.flush()
    return plan


def choose(unit_id: int, digest_every: DigestEvery) -> ReminderPlan:
    """The unit's part: daily or weekly digests (weekly only if the office allows it; else daily)."""
    plan = _plan(unit_id)
    plan.digest_every = digest_every if plan.is_weekly_allowed else DigestEvery.DAILY
    db.session.flush()
    return plan


def plans() -> list:
    return list(db.session.execute(sa.select(Unit, ReminderPlan).join(ReminderPlan, ReminderPlan.unit_id == Unit.id)
                                   .order_by(Unit.sort_order, Unit.name)).all())


def describe(plan: Optional[ReminderPlan]) -> str:
    """A unit's rhythm in words."""
    rules = Rules.from_config(current_app.config)
    weekday = WEEKDAY_LABELS[(plan.roundup_weekday if plan and plan.roundup_weekday else rules.roundup_weekday)]
    every = plan.roundup_every_weeks if plan else rules.roundup_every_weeks
    weekly = bool(plan and plan.is_weekly_allowed and plan.digest_every == DigestEvery.WEEKLY)
    when = f"{weekday} hằng tuần" if every == 1 else f"{weekday}, {every} tuần một lần"
    return (f"Một thư vào {when}, gồm việc mới và việc nhắc lại." if weekly else
            f"Thư trong ngày có việc mới; việc quá hạn và báo cáo chưa gửi được nhắc lại vào {when}.")
