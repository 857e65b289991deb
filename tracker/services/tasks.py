"""Entering directives and their tasks by hand (and from the extractor's confirmed proposal)."""
from datetime import date
from typing import Iterable, Optional

import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import Assignment, AssignmentRole, Directive, ReportEvery, Task, Unit
from tracker.services import ServiceError
from tracker.services.events import record

DIRECTIVE_FIELDS = ("number", "issued_on", "issuer", "signer", "title", "full_text", "meeting_id", "period_end_on")
TASK_FIELDS = ("text", "source_ref", "deadline_on", "deadline_phrase", "report_every")


def _check_directive(values: dict) -> None:
    if not (values.get("title") or "").strip():
        raise ServiceError("Vui lòng nhập trích yếu (tiêu đề) văn bản.", "title")
    if not (values.get("issuer") or "").strip():
        raise ServiceError("Vui lòng nhập cơ quan ban hành.", "issuer")
    if values.get("issued_on") is None:
        raise ServiceError("Vui lòng nhập ngày ban hành.", "issued_on")
    period_end = values.get("period_end_on")
    if period_end is not None and period_end < values["issued_on"]:
        raise ServiceError("Cuối kỳ kế hoạch không được trước ngày ban hành.", "period_end_on")


def create_directive(actor=None, **values) -> Directive:
    _check_directive(values)
    directive = Directive(**{k: values[k] for k in DIRECTIVE_FIELDS if k in values},
                          created_by_id=getattr(actor, "id", None))
    _flush_unique(directive)
    db.session.add(directive)
    db.session.flush()
    return directive


def update_directive(directive: Directive, actor=None, **values) -> Directive:
    merged = {k: getattr(directive, k) for k in DIRECTIVE_FIELDS} | values
    _check_directive(merged)
    earliest = min((t.deadline_on for t in directive.tasks if t.deadline_on), default=None)
    if earliest is not None and earliest < merged["issued_on"]:
        raise ServiceError("Có nhiệm vụ có thời hạn trước ngày ban hành mới.", "issued_on")
    for key in DIRECTIVE_FIELDS:
        if key in values:
            setattr(directive, key, values[key])
    _flush_unique(directive)
    return directive


def _flush_unique(directive: Directive) -> None:
    """Refuse a second directive with the same number, issuer and date, then flush."""
    if directive.number:
        with db.session.no_autoflush:
            duplicate = db.session.scalar(sa.select(Directive.id).where(
                Directive.number == directive.number,
                Directive.issuer == directive.issuer,
                Directive.issued_on == directive.issued_on,
                Directive.id != (directive.id or 0),
            ))
        if duplicate:
            raise ServiceError("Đã có văn bản cùng số, cùng cơ quan ban hành và ngày ban hành.", "number")
    db.session.flush()


def _active_units(ids: Iterable[int]) -> dict[int, Unit]:
    ids = set(ids)
    if not ids:
        return {}
    units = {u.id: u for u in db.session.scalars(sa.select(Unit).where(Unit.id.in_(ids), Unit.is_active))}
    if set(units) != ids:
        raise ServiceError("Đơn vị không tồn tại hoặc đã ngừng hoạt động.", "lead_units")
    return units


def task_problems(issued_on: Optional[date], text: Optional[str], lead_ids: list[int], support_ids: list[int],
                  deadline_on: Optional[date], report_every: Optional[ReportEvery] = None) -> list[ServiceError]:
    """Every rule a task breaks, each with the field it concerns (the review screen shows them all at once)."""
    problems = []
    if not (text or "").strip():
        problems.append(ServiceError("Vui lòng nhập nội dung nhiệm vụ.", "text"))
    if not lead_ids:
        problems.append(ServiceError("Vui lòng chọn ít nhất một đơn vị chủ trì.", "lead_units"))
    if set(lead_ids) & set(support_ids):
        problems.append(ServiceError("Một đơn vị không thể vừa chủ trì vừa phối hợp.", "support_units"))
    if deadline_on is not None and issued_on is not None and deadline_on < issued_on:
        problems.append(ServiceError(f"Thời hạn không được trước ngày ban hành văn bản ({issued_on:%d/%m/%Y}).",
                                     "deadline_on"))
    if deadline_on is not None and report_every is not None:
        problems.append(ServiceError("Nhiệm vụ có thời hạn không đặt báo cáo định kỳ; để trống thời hạn nếu là "
                                     "nhiệm vụ thường xuyên.", "report_every"))
    return problems


def _check_task(directive: Directive, text: str, lead_ids: list[int], support_ids: list[int],
                deadline_on: Optional[date], report_every: Optional[ReportEvery]) -> None:
    problems = task_problems(directive.issued_on, text, lead_ids, support_ids, deadline_on, report_every)
    if problems:
        raise problems[0]


def create_task(directive: Directive, actor=None, *, text: str, lead_unit_ids: list[int],
                support_unit_ids: Iterable[int] = (), source_ref: Optional[str] = None,
                deadline_on: Optional[date] = None, deadline_phrase: Optional[str] = None,
                report_every: Optional[ReportEvery] = None) -> Task:
    lead_ids, support_ids = list(dict.fromkeys(lead_unit_ids)), list(dict.fromkeys(support_unit_ids))
    _check_task(directive, text, lead_ids, support_ids, deadline_on, report_every)
    _active_units(lead_ids + support_ids)
    position = (max((t.position for t in directive.tasks), default=0) + 1) if directive.tasks else 1
    task = Task(directive=directive, text=text.strip(), source_ref=(source_ref or "").strip() or None,
                deadline_on=deadline_on, deadline_phrase=deadline_phrase, report_every=report_every,
                position=position)
    db.session.add(task)
    for unit_id in lead_ids:
        task.assignments.append(Assignment(unit_id=unit_id, role=AssignmentRole.LEAD))
    for unit_id in support_ids:
        task.assignments.append(Assignment(unit_id=unit_id, role=AssignmentRole.SUPPORT))
    db.session.flush()
    record(task, "created", actor, after=_task_snapshot(task))
    return task


def update_task(task: Task, actor=None, *, lead_unit_ids: Optional[list[int]] = None,
                support_unit_ids: Optional[list[int]] = None, **values) -> Task:
    """Edit text/ref/deadline and the set of units; assignments of units that stay keep their state."""
    before = _task_snapshot(task)
    lead_ids = list(dict.fromkeys(lead_unit_ids if lead_unit_ids is not None else [a.unit_id for a in task.leads]))
    support_ids = list(dict.fromkeys(
        support_unit_ids if support_unit_ids is not None else [a.unit_id for a in task.supports]))
    merged = {k: getattr(task, k) for k in TASK_FIELDS} | values
    _check_task(task.directive, merged["text"], lead_ids, support_ids, merged["deadline_on"], merged["report_every"])
    _active_units(set(lead_ids + support_ids) - {a.unit_id for a in task.assignments})
    for key in TASK_FIELDS:
        if key in values:
            value = values[key]
            if key == "report_every" and value:
                value = ReportEvery(value)  # a StrEnum is a str: stripping it would store plain text
            elif isinstance(value, str):
                value = value.strip()
            setattr(task, key, value)
    wanted = {uid: AssignmentRole.LEAD for uid in lead_ids} | {uid: AssignmentRole.SUPPORT for uid in support_ids}
    for assignment in list(task.assignments):
        if assignment.unit_id not in wanted:
            if assignment.reports or assignment.extensions:
                raise ServiceError(f"Không thể bỏ {assignment.unit.name}: đơn vị đã có báo cáo hoặc đề nghị gia hạn.",
                                   "lead_units")
            task.assignments.remove(assignment)
        else:
            assignment.role = wanted.pop(assignment.unit_id)
    for unit_id, role in wanted.items():
        task.assignments.append(Assignment(unit_id=unit_id, role=role))
    db.session.flush()
    after = _task_snapshot(task)
    if after != before:
        changed = [k for k in after if after[k] != before.get(k)]
        record(task, "edited", actor, before={k: before.get(k) for k in changed}, after={k: after[k] for k in changed})
    return task


def _task_snapshot(task: Task) -> dict:
    """What the history shows of a task: plain JSON values."""
    return {
        "text": task.text,
        "source_ref": task.source_ref,
        "deadline_on": task.deadline_on.isoformat() if task.deadline_on else None,
        "report_every": task.report_every.value if task.report_every else None,
        "lead": sorted(a.unit.name if a.unit else str(a.unit_id) for a in task.leads),
        "support": sorted(a.unit.name if a.unit else str(a.unit_id) for a in task.supports),
    }
