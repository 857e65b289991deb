"""Who may do what. Every route declares its rule with `@allow(...)`; a route without one is refused.

Object-level checks (a unit user and another unit's task) are the `can_*` functions and the
`visible_tasks` clause; views call them, and `abort_unless` turns a "no" into 403.
"""
from functools import wraps

import sqlalchemy as sa
from flask import abort, current_app, request
from flask_login import current_user

from tracker.models import Assignment, Role, Task

PUBLIC = "public"
ANY_USER = "any_user"
STAFF = (Role.ADMIN, Role.OFFICE)
READ_ALL = (Role.ADMIN, Role.OFFICE, Role.LEADER)
EVERYONE = (Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT)


def allow(*rule):
    """Declare who may call a view: `@allow(PUBLIC)`, `@allow(ANY_USER)` or `@allow(Role.OFFICE, …)`."""
    if not rule:
        raise ValueError("allow() needs a rule")

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            return view(*args, **kwargs)

        wrapper.access_rule = rule
        return wrapper

    return decorate


def enforce_route_rules():
    """before_request hook: look up the endpoint's rule and refuse what it does not allow."""
    if request.endpoint is None or request.endpoint == "static":
        return None
    view = current_app.view_functions.get(request.endpoint)
    rule = getattr(view, "access_rule", None)
    if rule is None:
        current_app.logger.error("route %s has no access rule; refused", request.endpoint)
        abort(403)
    if PUBLIC in rule:
        return None
    if not current_user.is_authenticated:
        if request.blueprint == "api":
            abort(401)
        return current_app.login_manager.unauthorized()
    if ANY_USER in rule or current_user.role in rule:
        return None
    abort(403)


def has_role(user, *roles) -> bool:
    return user.is_authenticated and user.role in roles


def reads_everything(user) -> bool:
    return has_role(user, *READ_ALL)


def visible_tasks_clause(user):
    """SQL condition on Task: everything for staff and leaders, a unit's own tasks for a unit user."""
    if reads_everything(user):
        return sa.true()
    if not user.is_authenticated or user.unit_id is None:
        return sa.false()
    return Task.id.in_(sa.select(Assignment.task_id).where(Assignment.unit_id == user.unit_id))


def can_view_task(user, task: Task) -> bool:
    if reads_everything(user):
        return True
    return has_role(user, Role.UNIT) and any(a.unit_id == user.unit_id for a in task.assignments)


def can_manage_directives(user) -> bool:
    return has_role(user, *STAFF)


def can_act_on_assignment(user, assignment: Assignment) -> bool:
    """Report progress, report done, ask for an extension, decline: only the unit's own users."""
    return has_role(user, Role.UNIT) and user.unit_id is not None and assignment.unit_id == user.unit_id


def can_decide_for(user, assignment: Assignment, *, extension: bool = False) -> bool:
    """Confirm/return reports and reassign: the office (and admins); decide extensions (`extension=True`):
    also leaders. Never a user of the assignment's own unit, so nobody confirms their own report or
    approves their own extension."""
    roles = (*STAFF, Role.LEADER) if extension else STAFF
    return has_role(user, *roles) and not (user.unit_id and user.unit_id == assignment.unit_id)


def can_view_unit(user, unit_id: int) -> bool:
    """A unit's home page: staff and leaders for any unit, a unit user for its own."""
    return reads_everything(user) or (has_role(user, Role.UNIT) and user.unit_id == unit_id)


def abort_unless(condition: bool, status: int = 403):
    if not condition:
        abort(status)
