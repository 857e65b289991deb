"""Fixtures of the reminder tests: a real SMTP server (aiosmtpd on loopback) and a small world of units,
people and tasks around a frozen day."""
import email
import email.policy
import os
import socket
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller

from tracker.extensions import db
from tracker.models import AssignmentState, ProgressReport, ReportEvery, Role

TODAY = date(2026, 3, 10)  # a Tuesday
BASE_URL = "https://dondoc.example.vn"
MAIL_KEYS = ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_USERNAME", "MAIL_PASSWORD",
             "BASE_URL", "OFFICE_EMAIL")


def free_port() -> int:
    """A free loopback port: the OS's choice, or one of TRACKER_TEST_SMTP_PORTS ("8600-8699") on a machine
    whose ports are shared out."""
    first, _, last = os.environ.get("TRACKER_TEST_SMTP_PORTS", "0-0").partition("-")
    for port in range(int(first), int(last or first) + 1):
        with socket.socket() as s:
            # As the server binds (asyncio sets SO_REUSEADDR): a port left in TIME_WAIT by the previous test's
            # connections is free for it, and with a range of a few ports they all are, test after test.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError("no free port in TRACKER_TEST_SMTP_PORTS")


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: email.message.EmailMessage
    session: int

    @property
    def subject(self) -> str:
        return self.message["Subject"]

    @property
    def html(self) -> str:
        return self.message.get_body(("html",)).get_content()

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()

    def sections(self) -> dict[str, list[dict]]:
        return digest_sections(self.html)


@dataclass
class Recorder:
    """aiosmtpd handler keeping what it accepts; `refuse(envelope)` may answer an SMTP error instead."""

    received: list[Received] = field(default_factory=list)
    refuse: object = None
    #: Say PIPELINING after EHLO, as Postfix and most servers do (the transport then pipelines the envelope).
    pipelining: bool = True
    connections: int = 0  # EHLOs: one a connection

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname  # aiosmtpd leaves it to this hook
        return responses[:-1] + ["250-PIPELINING"] * self.pipelining + responses[-1:]

    async def handle_DATA(self, server, session, envelope):
        if self.refuse is not None:
            answer = self.refuse(envelope)
            if answer:
                return answer
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message, id(session)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.rcpt_tos]

    def one_to(self, address: str) -> Received:
        found = self.to(address)
        assert len(found) == 1, f"{len(found)} messages to {address}"
        return found[0]


class _Sections(HTMLParser):
    """The digest's groups (h3 headings) and, in each, the items (rows) with their kind and link."""

    def __init__(self):
        super().__init__()
        self.sections: dict[str, list[dict]] = {}
        self.current = None
        self.in_h3 = False
        self.heading = ""
        self.row = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h3":
            self.in_h3, self.heading = True, ""
        elif tag == "tr" and "data-assignment" in attrs:
            self.row = {"assignment": int(attrs["data-assignment"]), "kind": attrs["data-kind"], "links": [],
                        "text": ""}
        elif tag == "a" and self.row is not None:
            self.row["links"].append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "h3":
            self.in_h3 = False
            self.current = self.heading.split(" (")[0].strip()
            self.sections[self.current] = []
        elif tag == "tr" and self.row is not None:
            self.row["text"] = " ".join(self.row["text"].split())
            self.sections[self.current].append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.in_h3:
            self.heading += data
        elif self.row is not None:
            self.row["text"] += data


def digest_sections(html: str) -> dict[str, list[dict]]:
    parser = _Sections()
    parser.feed(html)
    return parser.sections


@pytest.fixture
def smtp(ctx):
    """A real SMTP server on loopback; the app sends to it for the duration of the test."""
    handler = Recorder()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    saved = {k: ctx.config.get(k) for k in MAIL_KEYS}
    ctx.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False, MAIL_USE_SSL=False,
                      MAIL_USERNAME=None, MAIL_PASSWORD=None, BASE_URL=BASE_URL, OFFICE_EMAIL=None)
    handler.port = controller.port
    yield handler
    controller.stop()
    ctx.config.update(saved)


@pytest.fixture
def smtp_down(ctx):
    """SMTP settings pointing at a loopback port where nothing listens."""
    saved = {k: ctx.config.get(k) for k in MAIL_KEYS}
    ctx.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), BASE_URL=BASE_URL)
    yield
    ctx.config.update(saved)


@pytest.fixture
def world(make_unit, make_user, make_directive, make_task, frozen_clock):
    """Tuesday 10/03/2026. Xã Kim Sơn (mailbox + one user who wants reminders + one who does not) has:

    soon3: due in 3 days; soon5: due in 5 days; later: due in 10 days (nothing yet); late1: one day late;
    late3: three days late; done: done, deadline today; today: deadline today, Kim Sơn only supports
    Phòng Nội vụ; monthly: ongoing, monthly reports, none since February; reported: ongoing, reported in
    February (nothing due).
    """
    frozen_clock(TODAY)
    kimson = make_unit("Xã Kim Sơn", email="kimson@tracu.example.vn")
    noivu = make_unit("Phòng Nội vụ", email="noivu@tracu.example.vn")
    silent = make_unit("Xã Không Thư")  # no mailbox and no users
    make_user("kimson", Role.UNIT, kimson, email="chutich.kimson@example.vn")
    make_user("kimson2", Role.UNIT, kimson, email="khongnhan@example.vn", wants_reminders=False)
    make_user("vanphong", Role.OFFICE, email="vanphong@tracu.example.vn")
    make_user("lanhdao", Role.LEADER, email="lanhdao@tracu.example.vn")
    make_user("quantri", Role.ADMIN, email="quantri@tracu.example.vn")
    directive = make_directive(number="12-TB/HU", issued_on=date(2026, 1, 5))

    def task(text, lead=kimson, **kw):
        return make_task(lead, directive=directive, text=text, **kw)

    t = SimpleNamespace(
        soon3=task("Hoàn thành hồ sơ OCOP", deadline_on=TODAY + timedelta(days=3)),
        soon5=task("Rà soát hộ nghèo", deadline_on=TODAY + timedelta(days=5)),
        later=task("Tổng kết năm", deadline_on=TODAY + timedelta(days=10)),
        late1=task("Giải ngân vốn đầu tư công", deadline_on=TODAY - timedelta(days=1)),
        late3=task("Phát triển đảng viên", deadline_on=TODAY - timedelta(days=3)),
        done=task("Báo cáo an ninh", deadline_on=TODAY),
        today=task("Cải cách hành chính", lead=noivu, support=[kimson], deadline_on=TODAY),
        monthly=task("Theo dõi giá cả thị trường", report_every=ReportEvery.MONTH),
        reported=task("Báo cáo dư luận xã hội", report_every=ReportEvery.MONTH),
        silent=task("Việc của xã không có thư", lead=silent, deadline_on=TODAY),
    )
    done = t.done.leads[0]
    done.state, done.reported_done_on, done.done_on = AssignmentState.DONE, TODAY, TODAY
    db.session.add(ProgressReport(assignment=t.reported.leads[0], reported_on=date(2026, 2, 20), text="Ổn định."))
    db.session.commit()
    return SimpleNamespace(kimson=kimson, noivu=noivu, silent=silent, tasks=t, directive=directive)
