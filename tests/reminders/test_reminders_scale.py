"""What the pass does to stay fast at province scale, seen from outside: a round-up counts all long-overdue work
but reads and lists only the oldest; each message's mark is committed as soon as it has gone; bodies travel
as 8bit when the server takes it, base64 when a line is too long for SMTP."""
import email
import email.policy
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

import pytest
import sqlalchemy as sa

from reminders.conftest import TODAY
from tracker.extensions import db
from tracker.mailer import Letter, as_bytes
from tracker.models import AssignmentState, OutboxMessage, OutboxStatus
from tracker.reminders.run import run_pass

KIMSON = "kimson@tracu.example.vn"


def test_a_round_up_counts_all_long_overdue_work_and_lists_the_oldest(world, smtp, make_task, monkeypatch):
    """TODAY is a Tuesday: the first pass owes Monday's round-up. Work overdue for longer than the window is
    counted in the database; only the oldest REPEAT_LIMIT (and what ties with the last on its deadline) is read."""
    from tracker.reminders import digest

    monkeypatch.setattr(digest, "REPEAT_LIMIT", 2)
    old = [make_task(world.kimson, directive=world.directive, text=f"Việc cũ {days} ngày",
                     deadline_on=TODAY - timedelta(days=days)) for days in (40, 30, 30, 20)]
    finished = make_task(world.noivu, support=[world.kimson], directive=world.directive,
                         text="Việc Nội vụ đã xong", deadline_on=TODAY - timedelta(days=50))
    lead = finished.leads[0]
    lead.state, lead.reported_done_on, lead.done_on = AssignmentState.DONE, TODAY, TODAY
    db.session.commit()

    run_pass(TODAY)
    kimson = smtp.one_to(KIMSON)
    listed = [row["assignment"] for row in kimson.sections()["Nhắc lại: nhiệm vụ đã quá hạn"]]
    assert listed == [old[0].leads[0].id, old[1].leads[0].id]  # the oldest, then the first of the tie
    assert "NHẮC LẠI: NHIỆM VỤ ĐÃ QUÁ HẠN (4)" in kimson.text and "… và 2 việc khác" in kimson.text
    assert kimson.text.count("… và 2 việc khác") == 1  # one cut group: its number is not said again at the end
    assert "nhắc lại 4 việc chưa xong" in kimson.subject
    assert "Việc Nội vụ đã xong" not in kimson.html  # a supporter is not reminded once the lead is done
    row = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.recipients.contains(KIMSON)))
    assert row.item_count == 2 + 3 + 1 + 4  # overdue, due soon, report request, repeats (as the digest says)


def test_each_mark_is_committed_as_soon_as_its_message_has_gone(world, smtp, monkeypatch):
    """The process dies after the first message went: that message is marked sent for good, the others stay
    claimed ("sending") for a later pass to take once their claim is stale, and nothing goes twice."""
    from tracker import mailer

    start, sent, seen = mailer.SmtpTransport.start, [], []

    def dies_after_one(self, mail, name=None, ready=lambda: None):
        if sent:  # when the next message would go, another process sees the first one's mark committed
            ready()
            with db.engine.connect() as other:
                seen.append(other.scalar(sa.select(OutboxMessage.status).where(OutboxMessage.id == int(sent[0]))))
            raise KeyboardInterrupt
        sent.append(name)
        return start(self, mail, name, ready)

    monkeypatch.setattr(mailer.SmtpTransport, "start", dies_after_one)
    with pytest.raises(KeyboardInterrupt):
        run_pass(TODAY)
    db.session.rollback()
    assert seen == [OutboxStatus.SENT]
    statuses = dict(db.session.execute(sa.select(OutboxMessage.id, OutboxMessage.status)).all())
    assert statuses[int(sent[0])] == OutboxStatus.SENT
    assert Counter(statuses.values()) == {OutboxStatus.SENT: 1, OutboxStatus.SENDING: len(statuses) - 1}
    assert len(smtp.received) == 1 and KIMSON in smtp.received[0].rcpt_tos

    monkeypatch.undo()
    assert run_pass(TODAY).messages == 0  # the claims of the dead pass are left alone while fresh
    assert len(smtp.received) == 1


def test_a_pass_with_nothing_to_send_opens_no_smtp_connection(world, smtp):
    run_pass(TODAY)
    opened = smtp.connections
    assert opened >= 1
    assert run_pass(TODAY).connections == 0 and smtp.connections == opened


def test_digest_bodies_go_as_8bit_to_a_server_that_takes_it(world, smtp):
    run_pass(TODAY)
    message = smtp.one_to(KIMSON).message
    encodings = {part.get_content_type(): part["Content-Transfer-Encoding"] for part in message.walk()
                 if not part.is_multipart()}
    assert encodings == {"text/plain": "8bit", "text/html": "8bit"}


@dataclass(frozen=True)
class Mail:
    subject: str
    recipients: tuple[str, ...]
    html: str
    text: str
    attachments: tuple = ()


def _parse(raw: bytes) -> email.message.EmailMessage:
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998  # SMTP's limit, whatever the encoding
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_a_line_too_long_for_smtp_goes_base64_and_a_long_table_row_is_folded_between_cells():
    long_line = "Nội dung " + "rất dài " * 150  # about 1,300 octets
    letter = Letter("Thử", ("a@example.vn",), f"Dòng ngắn\n{long_line}\n")
    message = _parse(as_bytes(letter, "dondoc@example.vn", eight_bit=True))
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain["Content-Transfer-Encoding"] == "base64" and plain.get_content() == letter.text
    assert html["Content-Transfer-Encoding"] == "base64"  # one <pre> line: nowhere to fold it

    row = f"<table><tr><td>{'ả' * 300}</td><td>{'ệ' * 300}</td><td>x</td></tr></table>"
    mail = Mail("Thử", ("a@example.vn",), row, "ngắn\n")
    message = _parse(as_bytes(mail, "dondoc@example.vn", eight_bit=True))
    html = message.get_body(("html",))
    assert html["Content-Transfer-Encoding"] == "8bit" and html.get_content().replace("\r\n", "") == row

    message = _parse(as_bytes(mail, "dondoc@example.vn", eight_bit=False))  # a server without 8BITMIME
    assert {p["Content-Transfer-Encoding"] for p in message.walk() if not p.is_multipart()} == {"base64"}
    assert message.get_body(("html",)).get_content() == row
