"""Read queries of the outbox page."""
from typing import Optional

import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import Assignment, OutboxMessage, OutboxStatus, Reminder, Task, Unit
from tracker.reminders.due import kind_label


def page(status: Optional[str], page_no: int, per_page: int) -> tuple[list[OutboxMessage], int]:
    """One page of messages, newest first."""
    stmt = sa.select(OutboxMessage)
    if status:
        stmt = stmt.where(OutboxMessage.status == status)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
    rows = db.session.scalars(stmt.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
                              .limit(per_page).offset((page_no - 1) * per_page)).all()
    return list(rows), total


def status_counts() -> dict[str, int]:
    counts = {s.value: 0 for s in OutboxStatus}
    for status, n in db.session.execute(sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)):
        counts[str(status)] = n
    return counts


def items_of(message_id: int) -> list[dict]:
    """The reminders a message carries (its new items; a round-up's repeats are counted, not kept): kind,
    due date, unit, task. An item moved to a later message after this one failed is listed there."""
    stmt = (sa.select(Reminder.kind, Reminder.due_on, Task.id, Task.source_ref, Task.text, Unit.name)
            .join(Assignment, Assignment.id == Reminder.assignment_id)
            .join(Task, Task.id == Assignment.task_id)
            .join(Unit, Unit.id == Assignment.unit_id)
            .where(Reminder.message_id == message_id)
            .order_by(Unit.name, Reminder.due_on, Task.id))
    return [{"kind": kind_label(kind), "due_on": due_on, "task_id": task_id, "source_ref": ref, "text": text,
             "unit": unit} for kind, due_on, task_id, ref, text, unit in db.session.execute(stmt)]
