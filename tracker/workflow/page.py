"""What the task page shows: each assignment with its reports, extension requests and the action forms
the current user may use, and the history. Shared by the page itself and by the action views, which
render it again with their bound form when the input is refused."""
import re
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from tracker import clock
from tracker.extensions import db
from tracker.models import (
    REPORT_EVERY_LABELS, Assignment, AssignmentState, ExtensionRequest, ExtensionStatus, ProgressReport, Task, TaskEvent, UnitKind,
)
from tracker.permissions import is_unit_user
from tracker.queries.followup import carried_from, carried_to
from tracker.queries.units import unit_choices
from tracker.services import workflow
from tracker.services.events import EVENT_LABELS
from tracker.services.status import StatusClass, assignment_class, task_class
from tracker.workflow.forms import make_form

STATE_LABELS = {
    AssignmentState.OPEN: "Đang thực hiện",
    AssignmentState.REPORTED_DONE: "Đã báo cáo hoàn thành, chờ xác nhận",
    AssignmentState.DONE: "Đã hoàn thành",
    AssignmentState.CARRIED_OVER: "Đã chuyển sang văn bản sau",
}
#: How the history names the values it shows.
FIELD_LABELS = {
    "state": "Trạng thái", "reported_done_on": "Ngày báo cáo xong", "done_on": "Ngày hoàn thành",
    "deadline_on": "Thời hạn", "new_deadline_on": "Thời hạn đề nghị", "unit": "Đơn vị", "files": "Tệp",
    "text": "Nội dung", "source_ref": "Mục", "report_every": "Báo cáo định kỳ", "lead": "Chủ trì",
    "support": "Phối hợp", "units": "Đơn vị", "to_task": "Nhiệm vụ mới (mã)", "from_task": "Nhiệm vụ cũ (mã)",
}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def history_value(key, value) -> str:
    """A history value as a person reads it: dates dd/mm/yyyy, states in words, lists joined."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if key == "state" and value in STATE_LABELS:
        return STATE_LABELS[AssignmentState(value)]
    match = _ISO_DATE.match(str(value))
    if match:
        return f"{match[3]}/{match[2]}/{match[1]}"
    return str(value)


@dataclass
class AssignmentView:
    assignment: Assignment
    status: StatusClass
    reports: list = field(default_factory=list)
    extensions: list = field(default_factory=list)
    #: action name → form, only the actions the current user may take now.
    forms: dict = field(default_factory=dict)
    #: extension id → {"approve": form, "refuse": form}
    extension_forms: dict = field(default_factory=dict)
    #: The assignment belongs to the current user's own unit (its card comes first on the page).
    own: bool = False

    @property
    def returned(self):
        """The done report the office sent back, while the assignment waits for a new one."""
        latest = self.reports[0] if self.reports else None
        if latest and latest.returned_at and self.assignment.state == AssignmentState.OPEN:
            return latest
        return None

    @property
    def pending_extension(self):
        return next((e for e in self.extensions if e.status == ExtensionStatus.PENDING), None)


def _offered_actions(user, a: Assignment) -> list[str]:
    """The forms the page shows: the allowed actions, but reassigning only once the unit has declined (the
    office may reassign any open assignment; the page offers it where it is needed)."""
    return [action for action in workflow.allowed_actions(user, a) if action != "reassign" or a.declined_at]


def task_context(task: Task, user, bound: dict | None = None) -> dict:
    """Template variables of tasks/detail.html. `bound` maps (action, object id) to a form to show as is."""
    bound = bound or {}
    today = clock.today()
    ids = [a.id for a in task.assignments]
    reports, extensions = defaultdict(list), defaultdict(list)
    if ids:
        for r in db.session.scalars(sa.select(ProgressReport).where(ProgressReport.assignment_id.in_(ids))
                                    .options(selectinload(ProgressReport.files), selectinload(ProgressReport.author),
                                             selectinload(ProgressReport.returned_by))
                                    .order_by(ProgressReport.id.desc())):
            reports[r.assignment_id].append(r)
        for e in db.session.scalars(sa.select(ExtensionRequest).where(ExtensionRequest.assignment_id.in_(ids))
                                    .options(selectinload(ExtensionRequest.requested_by),
                                             selectinload(ExtensionRequest.decided_by))
                                    .order_by(ExtensionRequest.id.desc())):
            extensions[e.assignment_id].append(e)

    def form(action, object_id):
        return bound.get((action, object_id)) or make_form(action, object_id, formdata=None)

    views, free_units = [], None
    for a in task.assignments:
        view = AssignmentView(a, assignment_class(a, today), reports[a.id], extensions[a.id],
                              own=is_unit_user(user) and a.unit_id == user.unit_id)
        for action in _offered_actions(user, a):
            view.forms[action] = form(action, a.id)
        if "reassign" in view.forms:
            if free_units is None:
                taken = {other.unit_id for other in task.assignments}
                free_units = [(0, "— Chọn đơn vị —")] + [c for c in unit_choices() if c[0] not in taken]
            view.forms["reassign"].unit_id.choices = free_units
        pending = view.pending_extension
        if pending and workflow.extension_refusal(user, pending) is None:
            view.extension_forms[pending.id] = {"approve": form("approve", pending.id),
                                                "refuse": form("refuse", pending.id)}
        views.append(view)

    events = db.session.scalars(sa.select(TaskEvent).where(TaskEvent.task_id == task.id)
                                .options(selectinload(TaskEvent.actor),
                                         selectinload(TaskEvent.assignment).selectinload(Assignment.unit))
                                .order_by(TaskEvent.id.desc())).all()
    leads = task.leads
    communes = bool(leads) and all(a.unit.kind == UnitKind.COMMUNE for a in leads)
    return {
        "task": task, "status": task_class(task, today), "views": views, "events": events,
        "own_views": [v for v in views if v.own], "other_views": [v for v in views if not v.own],
        "carried_to": carried_to([task.id]).get(task.id, []), "carried_from": carried_from([task.id]).get(task.id),
        "event_labels": EVENT_LABELS, "state_labels": STATE_LABELS, "field_labels": FIELD_LABELS,
        "history_value": history_value, "report_every_labels": REPORT_EVERY_LABELS,
        "leads_done": sum(1 for a in leads if a.state == AssignmentState.DONE),
        "leads_waiting": sum(1 for a in leads if a.state == AssignmentState.REPORTED_DONE),
        "lead_word": "xã" if communes else "đơn vị chủ trì",
    }
