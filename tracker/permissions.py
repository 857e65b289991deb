"""Who may do what: every rule of access lives here, with its SQL twin where lists need one.

- Routes declare their rule with `@allow(...)` (a grant's roles, `ANY_USER` or `PUBLIC`); a route without
  one is refused, and `tests/test_authorization.py` walks every route for every role.
- Object-level rules (a unit user and another unit's task) are the `can_*` functions and the `*_clause`
  SQL conditions; views call them and `abort_unless` turns a "no" into 403/404.
- Templates ask `can("confirm", assignment)` (a Jinja global), never a role.

A new role is one `Role` value, its rows in GRANTS and its column in the authorisation test.
"""
from functools import wraps

import sqlalchemy as sa
from flask import abort, current_app, request
from flask_login import current_user

from tracker.models import Assignment, Role, Task

PUBLIC = "public"
ANY_USER = "any_user"

#: Which roles hold each grant.
GRANTS: dict[str, tuple[Role, ...]] = {
    #: Sign in and use the pages every user has (a unit user sees only its own unit's part).
    "sign_in": (Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT),
    #: Read every task, directive and unit; dashboards and meetings.
    "read_all": (Role.ADMIN, Role.OFFICE, Role.LEADER),
    #: Enter and edit directives, tasks and meetings; confirm or return reports; reassign.
    "manage": (Role.ADMIN, Role.OFFICE),
    #: Decide extension requests.
    "decide_extensions": (Role.ADMIN, Role.OFFICE, Role.LEADER),
    #: Act on the own unit's assignments: report, report done, ask for an extension, decline.
    "work": (Role.UNIT,),
    #: Keep the unit directory and the accounts; the audit log and the outbox.
    "administer": (Role.ADMIN,),
    #: Receive reminder digests (units) or summaries (office, leaders) by email.
    "reminded": (Role.OFFICE, Role.LEADER, Role.UNIT),
}
EVERYONE = GRANTS["sign_in"]
READ_ALL = GRANTS["read_all"]
STAFF = GRANTS["manage"]
DECIDERS = GRANTS["decide_extensions"]
UNIT_USERS = GRANTS["work"]
ADMINS = GRANTS["administer"]


def allow(*rule):
    """Declare who may call a view: `@allow(PUBLIC)`, `@allow(ANY_USER)` or `@allow(*STAFF)`."""
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


def has_grant(user, grant: str) -> bool:
    return user is not None and user.is_authenticated and user.role in GRANTS[grant]


def reads_everything(user) -> bool:
    return has_grant(user, "read_all")


def is_unit_user(user) -> bool:
    """A user who works for one unit (and sees only its tasks)."""
    return has_grant(user, "work")


# --- object rules ------------------------------------------------------------------------------

def can_view_task(user, task: Task) -> bool:
    if reads_everything(user):
        return True
    return is_unit_user(user) and any(a.unit_id == user.unit_id for a in task.assignments)


def can_act_on_assignment(user, assignment: Assignment) -> bool:
    """Report progress, report done, ask for an extension, decline: only the unit's own users."""
    return is_unit_user(user) and user.unit_id is not None and assignment.unit_id == user.unit_id


def can_decide_for(user, assignment: Assignment, *, extension: bool = False) -> bool:
    """Confirm/return reports and reassign: the office (and admins); decide extensions (`extension=True`):
    also leaders. Never a user of the assignment's own unit, so nobody confirms their own report or
    approves their own extension."""
    grant = "decide_extensions" if extension else "manage"
    return has_grant(user, grant) and not (user.unit_id and user.unit_id == assignment.unit_id)


def can_decide_extension(user, extension) -> bool:
    """An extension request: a decider of its assignment, and never the person who asked."""
    return can_decide_for(user, extension.assignment, extension=True) and extension.requested_by_id != user.id


def can_view_unit(user, unit_id: int) -> bool:
    """A unit's home page: staff and leaders for any unit, a unit user for its own."""
    return reads_everything(user) or (is_unit_user(user) and user.unit_id == unit_id)


#: The rules templates (and views) ask by name: `can("confirm", assignment)`.
RULES = {
    "manage_directives": lambda user, _=None: has_grant(user, "manage"),
    "edit_task": lambda user, _=None: has_grant(user, "manage"),
    "manage_meetings": lambda user, _=None: has_grant(user, "manage"),
    "manage_reminder_plans": lambda user, _=None: has_grant(user, "manage"),
    "read_all": lambda user, _=None: reads_everything(user),
    #: Write the unit's own report on a notice it has a part in (the page checks the part).
    "report_as_unit": lambda user, _=None: is_unit_user(user),
    "administer": lambda user, _=None: has_grant(user, "administer"),
    "decide_reports": lambda user, _=None: has_grant(user, "manage"),
    "decide_extensions": lambda user, _=None: has_grant(user, "decide_extensions"),
    "view_task": can_view_task,
    "view_unit": lambda user, unit: can_view_unit(user, getattr(unit, "id", unit)),
    "act": can_act_on_assignment,
    "confirm": can_decide_for,
    "decide_extension": can_decide_extension,
}


def can(action: str, obj=None, user=None) -> bool:
    """Whether `user` (default: the signed-in one) may do `action` (a RULES name) on `obj`."""
    return RULES[action](current_user if user is None else user, obj)


# --- the same rules in SQL ---------------------------------------------------------------------

def visible_tasks_clause(user):
    """SQL condition on Task: everything for staff and leaders, a unit's own tasks for a unit user."""
    if reads_everything(user):
        return sa.true()
    if not is_unit_user(user) or user.unit_id is None:
        return sa.false()
    return Task.id.in_(sa.select(Assignment.task_id).where(Assignment.unit_id == user.unit_id))


def listed_assignments_clause(user):
    """SQL condition on Assignment, for reports: all of them for the system (user None), staff and leaders;
    only the unit's own for a unit user."""
    if user is None or reads_everything(user):
        return sa.true()
    if is_unit_user(user) and user.unit_id:
        return Assignment.unit_id == user.unit_id
    return sa.false()


def not_own_unit_clause(user):
    """SQL condition on Assignment: not the user's own unit (nobody decides for their own unit)."""
    return Assignment.unit_id != user.unit_id if user.unit_id else sa.true()


def abort_unless(condition: bool, status: int = 403):
    if not condition:
        abort(status)
