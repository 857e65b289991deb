"""Every route of the app, for every role and for an anonymous visitor, answers what this table says.

The table is explicit: a route that is not in it fails the test, so whoever adds a route adds one
line here (and, if its URL has a new parameter, one line in PARAMS). POSTs carry a valid CSRF token
and no other data, so an allowed user gets the form back with its errors (200, or 400 for the
workflow actions) and nothing changes; a refused one gets 403, an anonymous one the login page.
"""
from datetime import date
from types import SimpleNamespace

import pytest

from tracker.extensions import db
from tracker.models import Meeting, ProgressReport, Role
from tracker.services import report_files, workflow

LOGIN = "login"  # 302 to the login page, asking to come back (an API answers 401 instead)
ROLES = ("anonymous", "admin", "office", "leader", "unit")

# endpoint: expected answer for (anonymous, admin, office, leader, unit), the same for each of its methods;
# or {"GET": (...), "POST": (...)} when the methods differ.
EXPECTED = {
    "main.home": (LOGIN, 200, 200, 200, 200),
    "main.unit_home": (LOGIN, 200, 200, 200, 200),
    "main.set_language": (302, 302, 302, 302, 302),
    "auth.login": (200, 302, 302, 302, 302),
    "auth.logout": (LOGIN, 302, 302, 302, 302),
    "auth.change_password": (LOGIN, 200, 200, 200, 200),
    "directives.index": (LOGIN, 200, 200, 200, 200),
    "directives.create": (LOGIN, 200, 200, 403, 403),
    "directives.detail": (LOGIN, 200, 200, 200, 200),
    "directives.edit": (LOGIN, 200, 200, 403, 403),
    "directives.add_task": (LOGIN, 200, 200, 403, 403),
    "imports.new": (LOGIN, 200, 200, 403, 403),
    "imports.confirm": (LOGIN, 200, 200, 403, 403),
    "tasks.index": (LOGIN, 200, 200, 200, 200),
    "tasks.detail": (LOGIN, 200, 200, 200, 200),
    "tasks.edit": (LOGIN, 200, 200, 403, 403),
    "units.index": (LOGIN, 200, 200, 200, 200),
    "units.create": (LOGIN, 200, 403, 403, 403),
    # an empty POST keeps the unit's/user's values (WTForms fills absent fields from the object): saved, 302
    "units.edit": {"GET": (LOGIN, 200, 403, 403, 403), "POST": (LOGIN, 302, 403, 403, 403)},
    "admin.users": (LOGIN, 200, 403, 403, 403),
    "admin.create_user": (LOGIN, 200, 403, 403, 403),
    "admin.edit_user": {"GET": (LOGIN, 200, 403, 403, 403), "POST": (LOGIN, 302, 403, 403, 403)},
    "api.tasks": (401, 200, 200, 200, 200),
    "api.task": (401, 200, 200, 200, 200),
    "api.units": (401, 200, 200, 200, 200),
    "workflow.progress": (LOGIN, 403, 403, 403, 400),
    "workflow.done": (LOGIN, 403, 403, 403, 400),
    "workflow.request_extension": (LOGIN, 403, 403, 403, 400),
    "workflow.decline": (LOGIN, 403, 403, 403, 400),
    "workflow.confirm": (LOGIN, 400, 400, 403, 403),
    "workflow.return_report": (LOGIN, 400, 400, 403, 403),
    "workflow.reassign": (LOGIN, 400, 400, 403, 403),
    "workflow.keep": (LOGIN, 400, 400, 403, 403),
    "workflow.approve_extension": (LOGIN, 400, 400, 400, 403),
    "workflow.refuse_extension": (LOGIN, 400, 400, 400, 403),
    "workflow.download": (LOGIN, 200, 200, 200, 200),
    "inbox.index": (LOGIN, 200, 200, 200, 200),
    "audit.events": (LOGIN, 200, 403, 403, 403),
    "dashboard.index": (LOGIN, 200, 200, 200, 403),
    "meetings.index": (LOGIN, 200, 200, 200, 403),
    "meetings.upcoming": (LOGIN, 302, 302, 302, 403),
    "meetings.create": (LOGIN, 200, 200, 403, 403),
    "meetings.edit": (LOGIN, 200, 200, 403, 403),
    "meetings.delete": (LOGIN, 302, 302, 403, 403),
    "reports.overdue": (LOGIN, 200, 200, 200, 200),
    "reports.overdue_export": (LOGIN, 200, 200, 200, 200),
    "reports.task_export": (LOGIN, 200, 200, 200, 200),
    "reports.assignments": (LOGIN, 200, 200, 200, 200),
    "imports.new": (LOGIN, 200, 200, 403, 403),
    "imports.confirm": (LOGIN, 200, 200, 403, 403),
    "reminders.outbox_index": (LOGIN, 200, 403, 403, 403),
    "reminders.outbox_detail": (LOGIN, 200, 403, 403, 403),
    # an empty POST is a valid answer ("no reminder emails"): saved, 302
    "reminders.preferences": {"GET": (LOGIN, 200, 200, 200, 200), "POST": (LOGIN, 302, 302, 302, 302)},
    "reminders.plans_index": (LOGIN, 200, 200, 403, 403),
}
#: Endpoints that change the world the others need (delete; logging out comes very last): walked after the others.
LAST = {"auth.logout", "meetings.delete"}

# URL parameter → its value, taken from the world the fixture below makes.
PARAMS = {
    "unit_id": lambda w: w.unit.id,
    "user_id": lambda w: w.users["unit"].id,
    "directive_id": lambda w: w.task.directive_id,
    "task_id": lambda w: w.task.id,
    "assignment_id": lambda w: w.assignment.id,
    "extension_id": lambda w: w.extension.id,
    "file_id": lambda w: w.file.id,
    "code": lambda w: "vi",
    "meeting_id": lambda w: w.meeting.id,
    "fmt": lambda w: "xlsx",
    "message_id": lambda w: _outbox_message(w).id,
}


def _outbox_message(w):
    """An email in the reminders' outbox, made the first time a URL needs one."""
    from tracker.models.reminders import OutboxKind, OutboxMessage

    if not hasattr(w, "message"):
        w.message = OutboxMessage(kind=list(OutboxKind)[0], run_on=date(2023, 9, 20), subject="Nhắc việc",
                                  recipients="kimson@example.vn")
        db.session.add(w.message)
        db.session.commit()
    return w.message


@pytest.fixture
def world(make_unit, make_user, make_task, frozen_clock):
    """One task of the unit user's unit, with a report and its file and an extension already decided,
    so that the actions refuse an empty form without changing anything."""
    frozen_clock(date(2023, 9, 20))
    unit, other = make_unit("Xã Kim Sơn"), make_unit("Phòng Y tế")
    users = {"admin": make_user("quantri", Role.ADMIN), "office": make_user("vanphong", Role.OFFICE),
             "leader": make_user("lanhdao", Role.LEADER), "unit": make_user("kimson", Role.UNIT, unit)}
    task = make_task(unit, support=[other], deadline_on=date(2023, 9, 30))
    assignment = task.leads[0]
    report = ProgressReport(assignment=assignment, author_id=users["unit"].id, reported_on=date(2023, 9, 20),
                            text="Đã triển khai.")
    report.files.extend(report_files.store([report_files.Upload("bao-cao.pdf", b"%PDF-1.4 bao cao")]))
    db.session.add(report)
    extension = workflow.request_extension(assignment, users["unit"], new_deadline_on=date(2023, 10, 15),
                                           reason="Chờ kinh phí.")
    workflow.approve_extension(extension, users["office"])
    meeting = Meeting(held_on=date(2023, 10, 12), kind="Hội nghị Ban Thường vụ Huyện ủy")
    db.session.add(meeting)
    db.session.commit()
    return SimpleNamespace(unit=unit, users=users, task=task, assignment=assignment, extension=extension,
                           file=report.files[0], meeting=meeting)


def routes(app):
    """(endpoint, method, rule) for every route but static files."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, rule


def test_every_route_is_in_the_table(app):
    endpoints = {endpoint for endpoint, _, _ in routes(app)}
    missing = sorted(endpoints - set(EXPECTED))
    stale = sorted(set(EXPECTED) - endpoints)
    assert not missing, f"add these endpoints to EXPECTED in tests/test_authorization.py: {missing}"
    assert not stale, f"these endpoints no longer exist; remove them from EXPECTED: {stale}"
    params = {arg for _, _, rule in routes(app) for arg in rule.arguments}
    assert not params - set(PARAMS), f"add these URL parameters to PARAMS: {sorted(params - set(PARAMS))}"


def _expected(endpoint: str, method: str, role: str):
    row = EXPECTED[endpoint]
    if isinstance(row, dict):
        row = row[method]
    return row[ROLES.index(role)]


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_as_the_table_says(role, world, make_client, app):
    username = {"admin": "quantri", "office": "vanphong", "leader": "lanhdao", "unit": "kimson"}.get(role)
    client = make_client(username)
    token = client.csrf_token("/login" if username is None else "/")
    adapter = app.url_map.bind("localhost")
    wrong = []
    for endpoint, method, rule in sorted(routes(app), key=lambda r: (r[0] == "auth.logout", r[0] in LAST, r[0], r[1])):
        if endpoint not in EXPECTED:
            continue  # reported by test_every_route_is_in_the_table
        url = adapter.build(endpoint, {arg: PARAMS[arg](world) for arg in rule.arguments}, method=method)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.http.open(url, method=method, data={"csrf_token": token})
        expected = _expected(endpoint, method, role)
        location = response.headers.get("Location", "")
        sent_to_login = "/login?next=" in location
        if expected == LOGIN:
            ok = response.status_code == 302 and sent_to_login
        elif expected == 302:
            ok = response.status_code == 302 and not sent_to_login
        else:
            ok = response.status_code == expected
        if not ok:
            wrong.append(f"{method} {url} ({endpoint}): expected {expected}, got {response.status_code} {location}")
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)
