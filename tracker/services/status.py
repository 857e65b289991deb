"""The displayed status class of assignments and tasks: derived, never stored (DESIGN.md "States").

`classify` is the rule. `assignment_class_sql` is the same rule as an SQL expression, for lists,
reports and dashboards that filter or count at scale; tests/test_status.py proves the two agree.

The class is never stored, but its inputs are, so that "open and due before today" is an index range:
each assignment's deadline that counts (`Assignment.due_on`) and, per task, `open_due_on` and
`fixed_severity` (see "the task's status inputs" below). A before_flush hook keeps them in the same
transaction as what they come from; `flask tracker check` and tests/test_status_inputs.py compare them
with a recomputation from the extension history. The same hook keeps `Assignment.latest_progress_id` (the
note the lists show: the newest progress report not returned; tests/reports/test_latest_progress.py) and
`Assignment.issued_on` (its directive's date: the dashboard counts a period from one index).
"""
from datetime import date
from enum import StrEnum
from typing import Iterable, Optional

import sqlalchemy as sa
import sqlalchemy.orm  # noqa: F401  (sa.orm.Session for the flush hook)

from tracker.models import Assignment, AssignmentRole, AssignmentState, Directive, ProgressReport, Task, TaskTally


class StatusClass(StrEnum):
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    ONGOING = "ongoing"
    #: Taken up by a later notice ("chuyển sang Thông báo số …"): neither done nor overdue here.
    CARRIED_OVER = "carried_over"


LABELS = {
    StatusClass.IN_PROGRESS: "Đang thực hiện trong hạn",
    StatusClass.OVERDUE: "Quá hạn",
    StatusClass.DONE_ON_TIME: "Hoàn thành đúng hạn",
    StatusClass.DONE_LATE: "Hoàn thành quá hạn",
    StatusClass.ONGOING: "Thường xuyên",
    StatusClass.CARRIED_OVER: "Chuyển sang văn bản sau",
}

#: Bootstrap colour of each class's badge.
BADGES = {
    StatusClass.IN_PROGRESS: "primary",
    StatusClass.OVERDUE: "danger",
    StatusClass.DONE_ON_TIME: "success",
    StatusClass.DONE_LATE: "warning",
    StatusClass.ONGOING: "secondary",
    StatusClass.CARRIED_OVER: "info",
}

#: Worst first: a task's class is the worst of its lead assignments.
SEVERITY = {
    StatusClass.OVERDUE: 5,
    StatusClass.IN_PROGRESS: 4,
    StatusClass.ONGOING: 3,
    StatusClass.DONE_LATE: 2,
    StatusClass.DONE_ON_TIME: 1,
    StatusClass.CARRIED_OVER: 0,
}
BY_SEVERITY = {v: k for k, v in SEVERITY.items()}
#: Worst first: how lists of classes read (the unit's home, summaries).
CLASS_ORDER = tuple(sorted(StatusClass, key=SEVERITY.__getitem__, reverse=True))
#: The columns of the standard table of implementation reports (and the dashboard's scorecard).
REPORT_ORDER = (StatusClass.DONE_ON_TIME, StatusClass.DONE_LATE, StatusClass.IN_PROGRESS, StatusClass.OVERDUE,
                StatusClass.ONGOING, StatusClass.CARRIED_OVER)


def classify(
    state: AssignmentState | str,
    deadline: Optional[date],
    done_on: Optional[date],
    today: date,
    reported_done_on: Optional[date] = None,
) -> StatusClass:
    """The class of one assignment.

    - done: on time if done on or before the deadline (or there is none), else late;
    - no deadline: ongoing work (thường xuyên);
    - reported done, awaiting the office: judged on the day it was reported, so a slow
      confirmation does not make a unit overdue;
    - open: overdue from the day after the deadline; the deadline day itself is still in time.
    """
    state = AssignmentState(state)
    if state == AssignmentState.CARRIED_OVER:
        return StatusClass.CARRIED_OVER
    if state == AssignmentState.DONE:
        if deadline is None or (done_on is not None and done_on <= deadline):
            return StatusClass.DONE_ON_TIME
        return StatusClass.DONE_LATE
    if deadline is None:
        return StatusClass.ONGOING
    as_of = reported_done_on if state == AssignmentState.REPORTED_DONE and reported_done_on else today
    return StatusClass.OVERDUE if as_of > deadline else StatusClass.IN_PROGRESS


def days_overdue(
    state: AssignmentState | str, deadline: Optional[date], today: date, reported_done_on: Optional[date] = None
) -> int:
    """How many days past the deadline an overdue assignment is, on the day `classify` judges it; 0 otherwise.

    Open work counts up to `today`; a late "done" report counts up to the day it came in.
    """
    if classify(state, deadline, None, today, reported_done_on) != StatusClass.OVERDUE:
        return 0
    state = AssignmentState(state)
    as_of = reported_done_on if state == AssignmentState.REPORTED_DONE and reported_done_on else today
    return (as_of - deadline).days


def assignment_class(assignment: Assignment, today: date) -> StatusClass:
    return classify(
        assignment.state, assignment.deadline_on, assignment.done_on, today, assignment.reported_done_on
    )


def worst(classes: Iterable[StatusClass]) -> Optional[StatusClass]:
    classes = list(classes)
    return max(classes, key=SEVERITY.__getitem__) if classes else None


def task_class(task: Task, today: date) -> StatusClass:
    """The worst of the lead assignments (all assignments if none leads; the deadline if none at all)."""
    assignments = task.leads or task.assignments
    if not assignments:
        return classify(AssignmentState.OPEN, task.deadline_on, None, today)
    return worst(assignment_class(a, today) for a in assignments)


def effective_deadline_sql():
    """The deadline that counts, as SQL: the stored status input `Assignment.due_on` (indexed)."""
    return Assignment.due_on


def assignment_class_sql(today: date):
    """`classify` as an SQL CASE over Assignment's own columns (no join), giving StatusClass values."""
    deadline = Assignment.due_on
    return sa.case(
        (Assignment.state == AssignmentState.CARRIED_OVER, StatusClass.CARRIED_OVER.value),
        (
            Assignment.state == AssignmentState.DONE,
            sa.case(
                (sa.or_(deadline.is_(None), Assignment.done_on <= deadline), StatusClass.DONE_ON_TIME.value),
                else_=StatusClass.DONE_LATE.value,
            ),
        ),
        (deadline.is_(None), StatusClass.ONGOING.value),
        (
            sa.and_(Assignment.state == AssignmentState.REPORTED_DONE, Assignment.reported_done_on.is_not(None)),
            sa.case(
                (Assignment.reported_done_on > deadline, StatusClass.OVERDUE.value),
                else_=StatusClass.IN_PROGRESS.value,
            ),
        ),
        (deadline < today, StatusClass.OVERDUE.value),
        else_=StatusClass.IN_PROGRESS.value,
    )


def overdue_assignment_clause(today: date):
    """Overdue as of the day, written as two index ranges: open work due before today (the (state, role,
    due_on) index), and the few "done" reports that came in after their deadline. Equal to
    `assignment_class_sql(today) == 'overdue'` (tests/test_status.py)."""
    return sa.or_(*overdue_assignment_clauses(today))


def overdue_assignment_clauses(today: date) -> tuple:
    """The two halves of `overdue_assignment_clause`, for a query that reads each from its own index."""
    due = Assignment.due_on
    return (
        sa.and_(Assignment.state == AssignmentState.OPEN, due < today),
        sa.and_(Assignment.state == AssignmentState.REPORTED_DONE, due.is_not(None),
                sa.or_(Assignment.reported_done_on > due,
                       sa.and_(Assignment.reported_done_on.is_(None), due < today))),
    )


# --- the task's status inputs ---------------------------------------------------------------------------
# A task's class is the worst of its deciding assignments (its leads, or all if none leads). An open
# assignment with a deadline is in progress up to that day and overdue after it; every other assignment's
# class no longer depends on the day. So two stored inputs give the class for any day, from an index:
# Task.open_due_on (the earliest such deadline) and Task.fixed_severity (the worst of the others).

def fixed_severity(state, due_on: Optional[date], done_on: Optional[date],
                   reported_done_on: Optional[date]) -> Optional[int]:
    """The severity of an assignment whose class does not depend on the day; None for open work with a deadline."""
    if AssignmentState(state) == AssignmentState.OPEN and due_on is not None:
        return None
    far = date.max  # any day: the class does not depend on it
    return SEVERITY[classify(state, due_on, done_on, far, reported_done_on)]


def task_inputs(assignments: Iterable[tuple]) -> tuple[Optional[date], int]:
    """(open_due_on, fixed_severity) of a task from its assignments as (role, state, due_on, done_on,
    reported_done_on) tuples."""
    rows = list(assignments)
    deciding = [r for r in rows if AssignmentRole(r[0]) == AssignmentRole.LEAD] or rows
    open_due, fixed = None, 0
    for _, state, due_on, done_on, reported_done_on in deciding:
        sev = fixed_severity(state, due_on, done_on, reported_done_on)
        if sev is None:
            open_due = due_on if open_due is None else min(open_due, due_on)
        else:
            fixed = max(fixed, sev)
    return open_due, fixed


def refresh_status_inputs(task: Task) -> None:
    """Recompute the stored status inputs of a task and its assignments from their history: each
    assignment's deadline that counts and its directive's date, then the task's two inputs. Called at every
    flush for the tasks whose assignments, deadline, directive or extensions changed, or whose directive's date
    did (see keep_status_inputs); a service that changes these with a bulk UPDATE must call it itself."""
    directive = task.directive or (sa.orm.object_session(task).get(Directive, task.directive_id)
                                   if task.directive_id else None)
    issued_on = directive.issued_on if directive is not None else None
    for a in task.assignments:
        a.due_on = a.extended_deadline_on or task.deadline_on
        if a.issued_on != issued_on:
            a.issued_on = issued_on
    # A new assignment's state is None until its column default applies at the insert: open.
    open_due, fixed = task_inputs((a.role, a.state or AssignmentState.OPEN, a.due_on, a.done_on,
                                   a.reported_done_on) for a in task.assignments)
    if task.open_due_on != open_due:
        task.open_due_on = open_due
    if task.fixed_severity != fixed:
        task.fixed_severity = fixed


def refresh_latest_progress(assignment: Assignment, gone=frozenset()) -> None:
    """Point the assignment at its latest progress report that was not returned (None if none): the note the
    lists show. `gone`: reports being deleted in this flush."""
    latest = next((r for r in reversed(assignment.reports) if r.returned_at is None and r not in gone), None)
    if assignment.latest_progress is not latest:
        assignment.latest_progress = latest


_ASSIGNMENT_INPUTS = ("state", "role", "extended_deadline_on", "done_on", "reported_done_on", "task_id", "task")
_TASK_INPUTS = ("deadline_on", "assignments", "directive_id", "directive")


def keep_status_inputs(session, _flush_context, _instances) -> None:
    """before_flush: the status inputs change in the same flush, hence the same transaction, as what they
    are computed from (an approved extension, an edited deadline, a report, a confirmation, new units)."""
    tasks, noted = set(), set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, ProgressReport) and (obj in session.new or obj in session.deleted
                                                or _changed(obj, ("returned_at",))):
            with session.no_autoflush:
                assignment = obj.assignment or (session.get(Assignment, obj.assignment_id)
                                                if obj.assignment_id else None)
            if assignment is not None:
                noted.add(assignment)
        elif isinstance(obj, Assignment) and (obj in session.new or obj in session.deleted
                                            or _changed(obj, _ASSIGNMENT_INPUTS)):
            with session.no_autoflush:
                task = obj.task or (session.get(Task, obj.task_id) if obj.task_id else None)
            if task is not None:
                tasks.add(task)
        elif isinstance(obj, Task) and (obj in session.new or _changed(obj, _TASK_INPUTS)):
            tasks.add(obj)
        elif isinstance(obj, Directive) and obj not in session.new and _changed(obj, ("issued_on",)):
            with session.no_autoflush:
                tasks.update(obj.tasks)
    with session.no_autoflush:
        for task in tasks:
            if task not in session.deleted:
                refresh_status_inputs(task)
        gone = frozenset(o for o in session.deleted if isinstance(o, ProgressReport))
        for assignment in noted:
            if assignment not in session.deleted:
                refresh_latest_progress(assignment, gone)
        changes = tally_changes(session)
    if changes:
        apply_tally_changes(session.connection(), changes)


def _inputs(task: Task, before: bool = False) -> tuple[int, Optional[date]]:
    """(fixed_severity, open_due_on) of a task as it is, or as the database holds it (`before`)."""
    values = []
    for name in ("fixed_severity", "open_due_on"):
        history = sa.inspect(task).attrs[name].history
        if before and history.deleted:
            values.append(history.deleted[0])
        elif before and history.added and not history.unchanged:
            values.append(None)  # set on a new task: the database holds nothing yet
        else:
            values.append(getattr(task, name))
    return values[0] or 0, values[1]


def tally_changes(session) -> dict[tuple[int, Optional[date]], int]:
    """How the flush about to run moves the task tally: +1 for each task's new inputs, -1 for its old ones."""
    changes: dict[tuple[int, Optional[date]], int] = {}

    def add(key, n):
        changes[key] = changes.get(key, 0) + n

    for task in session.new:
        if isinstance(task, Task):
            add(_inputs(task), 1)
    for task in session.deleted:
        if isinstance(task, Task):
            add(_inputs(task, before=True), -1)
    for task in session.dirty:
        if isinstance(task, Task) and task not in session.deleted:
            before, after = _inputs(task, before=True), _inputs(task)
            if before != after:
                add(before, -1)
                add(after, 1)
    return {key: n for key, n in changes.items() if n}


def apply_tally_changes(connection, changes: dict) -> None:
    """Add each change to one row of its pair (the first), or a new row if the pair has none."""
    t = TaskTally.__table__
    # One order for every transaction (PostgreSQL locks each row it updates): two writers never wait on each other's
    # rows in opposite orders.
    for (fixed, due), n in sorted(changes.items(), key=lambda item: (item[0][0], item[0][1] or date.min)):
        key = sa.and_(t.c.fixed_severity == fixed, t.c.open_due_on.is_(None) if due is None else t.c.open_due_on == due)
        first = sa.select(sa.func.min(t.c.id)).where(key).scalar_subquery()
        if connection.execute(sa.update(t).where(t.c.id == first).values(tasks=t.c.tasks + n)).rowcount == 0:
            connection.execute(sa.insert(t).values(fixed_severity=fixed, open_due_on=due, tasks=n))


#: The tally recounted from the tasks, as INSERT … SELECT (the migration, bench/generate.py and tests use it).
REBUILD_TALLY = ("INSERT INTO task_tally (fixed_severity, open_due_on, tasks) "
                 "SELECT fixed_severity, open_due_on, count(*) FROM task GROUP BY fixed_severity, open_due_on")


def _changed(obj, keys) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[key].history.has_changes() for key in keys)


sa.event.listen(sa.orm.Session, "before_flush", keep_status_inputs)


def task_severity_sql(today: date):
    """The severity of Task's class as of `today`, from its two indexed inputs. The SQL twin of `task_class`
    (tests/test_status.py). A fixed severity of 0 is the carried-over class's: a task whose deciding
    assignments have all gone to a later notice (every task has assignments)."""
    return inputs_severity_sql(Task.fixed_severity, Task.open_due_on, today)


def inputs_severity_sql(fixed_severity, open_due_on, today: date):
    """The severity as of `today` of the class given by the two status inputs, as columns of any table
    (Task, or TaskTally that counts tasks by them)."""
    return sa.case(
        (sa.or_(fixed_severity == SEVERITY[StatusClass.OVERDUE], open_due_on < today), SEVERITY[StatusClass.OVERDUE]),
        (open_due_on.is_not(None), SEVERITY[StatusClass.IN_PROGRESS]),
        else_=fixed_severity,
    )


def task_class_clause(status: StatusClass, today: date):
    """Tasks of one class as of `today`, as conditions that index ranges answer."""
    overdue = SEVERITY[StatusClass.OVERDUE]
    if status == StatusClass.OVERDUE:
        return sa.or_(Task.fixed_severity == overdue, Task.open_due_on < today)
    if status == StatusClass.IN_PROGRESS:  # open work not yet due, or only a "done" report sent in time
        return sa.or_(sa.and_(Task.open_due_on >= today, Task.fixed_severity < overdue),
                      sa.and_(Task.open_due_on.is_(None), Task.fixed_severity == SEVERITY[status]))
    return sa.and_(Task.open_due_on.is_(None), Task.fixed_severity == SEVERITY[status])
