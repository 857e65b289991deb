"""Concurrent requests against a real server (threads, one session each): exactly one of N wins a state
change, on SQLite (BEGIN IMMEDIATE for writes) as on PostgreSQL (SELECT … FOR UPDATE)."""
import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import date

import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import Assignment, AssignmentState, ExtensionRequest, ExtensionStatus, ProgressReport, Role
from tracker.services import workflow

N = 12


class Browser:
    """A signed-in user over HTTP, with its own cookies."""

    def __init__(self, base: str, username: str, password: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.token = self._token("/login")
        self.post("/login", {"username": username, "password": password})
        self.token = self._token("/")

    def _token(self, path: str) -> str:
        html = self.opener.open(self.base + path, timeout=30).read().decode()
        return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)

    def post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data | {"csrf_token": self.token}).encode()
        try:
            return self.opener.open(self.base + path, body, timeout=60).status
        except urllib.error.HTTPError as error:
            return error.code


def _all_at_once(calls) -> list:
    """Run the calls in threads released together; their results."""
    start, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i, call):
        start.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def test_one_of_many_done_reports_wins(live_server, make_unit, make_user, make_task, password):
    unit = make_unit("Xã Kim Sơn")
    make_user("kimson", Role.UNIT, unit)
    assignment = make_task(unit, deadline_on=date(2030, 9, 30)).leads[0]
    assignment_id = assignment.id
    browsers = [Browser(live_server, "kimson", password) for _ in range(N)]
    url = f"/assignments/{assignment_id}/done"
    results = _all_at_once([lambda b=b: b.post(url, {f"done{assignment_id}-summary": "Đã xong."})
                            for b in browsers])
    assert sorted(results).count(200) >= 1  # the first redirect lands on the task page (followed: 200)
    db.session.expire_all()
    reports = db.session.scalar(sa.select(sa.func.count()).select_from(ProgressReport)
                                .where(ProgressReport.is_done_report))
    assert reports == 1
    assert db.session.get(Assignment, assignment_id).state == AssignmentState.REPORTED_DONE


def test_one_of_many_extension_decisions_wins(live_server, make_unit, make_user, make_task, password):
    unit = make_unit("Xã Kim Sơn")
    asker = make_user("kimson", Role.UNIT, unit)
    make_user("vanphong", Role.OFFICE)
    make_user("lanhdao", Role.LEADER)
    assignment = make_task(unit, deadline_on=date(2030, 9, 30)).leads[0]
    extension = workflow.request_extension(assignment, asker, new_deadline_on=date(2030, 12, 31), reason="Chờ vốn.",
                                           today=date(2030, 9, 1))
    db.session.commit()
    extension_id = extension.id
    calls = []
    for i in range(N):
        browser = Browser(live_server, "vanphong" if i % 2 else "lanhdao", password)
        if i % 3:
            calls.append(lambda b=browser: b.post(f"/extensions/{extension_id}/approve", {}))
        else:
            calls.append(lambda b=browser: b.post(f"/extensions/{extension_id}/refuse",
                                                  {f"refuse{extension_id}-reason": "Không đủ căn cứ."}))
    _all_at_once(calls)
    db.session.expire_all()
    decided = db.session.get(ExtensionRequest, extension_id)
    events = [e.kind for e in decided.assignment.task.events if e.kind.startswith("extension_")]
    assert events.count("extension_approved") + events.count("extension_refused") == 1
    extended = db.session.get(Assignment, assignment.id).extended_deadline_on
    if decided.status == ExtensionStatus.APPROVED:
        assert extended == date(2030, 12, 31)
    else:
        assert decided.status == ExtensionStatus.REFUSED and extended is None
