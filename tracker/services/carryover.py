"""Carry-over: a later notice of the same committee takes up still-open tasks of its earlier notices.

- carry: the task is given again in the new notice (a new task, the same open units, a new deadline); the
  old task's open assignments close as "chuyển sang Thông báo số …" (state carried_over, their own class in
  every count), its history and progress stay on it, and the two tasks are linked both ways;
- re-state: the old task stays where it is, its open assignments take the new notice's deadline.

Each is one TaskCarryOver row plus TaskEvents on the tasks concerned; the caller commits once.
"""
from datetime import date
from typing import Optional

import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import (
    AssignmentRole, AssignmentState, CarryMode, Directive, Task, TaskCarryOver,
)
from tracker.permissions import has_grant
from tracker.reports.standard import cite
from tracker.services import ServiceError
from tracker.services.events import record
from tracker.services.tasks import create_task


def refusal(task: Task, to_directive: Directive, actor) -> Optional[str]:
    """Why this task cannot be taken up by `to_directive` now, or None."""
    if not has_grant(actor, "manage"):
        return "Chỉ Văn phòng chuyển được nhiệm vụ."
    old = task.directive
    if old.id == to_directive.id or old.issuer != to_directive.issuer:
        return "Chỉ chuyển được nhiệm vụ từ văn bản trước của cùng cơ quan ban hành."
    if (old.issued_on, old.id) > (to_directive.issued_on, to_directive.id):
        return "Chỉ chuyển được nhiệm vụ từ văn bản ban hành trước."
    if not any(a.role == AssignmentRole.LEAD and a.state == AssignmentState.OPEN for a in task.assignments):
        return "Nhiệm vụ không còn đơn vị chủ trì nào đang thực hiện."
    taken = db.session.scalar(sa.select(TaskCarryOver.id).where(TaskCarryOver.from_task_id == task.id,
                                                                TaskCarryOver.to_directive_id == to_directive.id))
    if taken:
        return "Nhiệm vụ đã được văn bản này tiếp nhận."
    return None


def _check(task: Task, to_directive: Directive, actor, deadline_on: Optional[date]) -> None:
    reason = refusal(task, to_directive, actor)
    if reason:
        raise ServiceError(reason)
    if deadline_on is not None and deadline_on < to_directive.issued_on:
        raise ServiceError(f"Thời hạn mới không được trước ngày ban hành văn bản ({to_directive.issued_on:%d/%m/%Y}).",
                           "deadline_on")


def carry(task: Task, to_directive: Directive, actor, *, deadline_on: Optional[date],
          source_ref: Optional[str] = None) -> Task:
    """Give the task again in `to_directive` to the units still working on it; close it here as carried."""
    _check(task, to_directive, actor, deadline_on)
    moving = [a for a in task.assignments if a.state == AssignmentState.OPEN]
    leads = [a.unit_id for a in moving if a.role == AssignmentRole.LEAD]
    supports = [a.unit_id for a in moving if a.role == AssignmentRole.SUPPORT]
    new = create_task(to_directive, actor, text=task.text, lead_unit_ids=leads, support_unit_ids=supports,
                      source_ref=source_ref, deadline_on=deadline_on,
                      report_every=task.report_every if deadline_on is None else None)
    for assignment in moving:
        db.session.refresh(assignment, with_for_update=True)
        if assignment.state != AssignmentState.OPEN:
            raise ServiceError("Nhiệm vụ vừa thay đổi; vui lòng tải lại trang.")
        assignment.state = AssignmentState.CARRIED_OVER
    db.session.add(TaskCarryOver(from_task=task, to_directive=to_directive, to_task=new, mode=CarryMode.CARRIED,
                                 new_deadline_on=deadline_on, actor_id=getattr(actor, "id", None)))
    db.session.flush()
    record(task, "carried_over", actor, note=f"Chuyển sang Thông báo {cite(to_directive)}",
           before={"state": AssignmentState.OPEN.value},
           after={"state": AssignmentState.CARRIED_OVER.value, "units": sorted(a.unit.name for a in moving),
                  "to_task": new.id})
    record(new, "carried_from", actor, note=f"Chuyển từ Thông báo {cite(task.directive)}"
           + (f", mục {task.source_ref}" if task.source_ref else ""), after={"from_task": task.id})
    return new


def restate(task: Task, to_directive: Directive, actor, *, deadline_on: Optional[date]) -> None:
    """The later notice asks again for the same task with a new deadline: the open assignments take it."""
    if deadline_on is None:
        raise ServiceError("Vui lòng nhập thời hạn mới.", "deadline_on")
    _check(task, to_directive, actor, deadline_on)
    changed = []
    for assignment in task.assignments:
        if assignment.state != AssignmentState.OPEN:
            continue
        db.session.refresh(assignment, with_for_update=True)
        changed.append((assignment, assignment.deadline_on))
        assignment.extended_deadline_on = deadline_on
    db.session.add(TaskCarryOver(from_task=task, to_directive=to_directive, mode=CarryMode.RESTATED,
                                 new_deadline_on=deadline_on, actor_id=getattr(actor, "id", None)))
    db.session.flush()
    for assignment, before in changed:
        record(task, "restated", actor, assignment=assignment,
               note=f"Thông báo {cite(to_directive)} giao lại với thời hạn mới",
               before={"deadline_on": before.isoformat() if before else None},
               after={"deadline_on": deadline_on.isoformat()})
