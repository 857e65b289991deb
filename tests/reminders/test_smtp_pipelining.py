"""SMTP pipelining (RFC 2920): to a server that says PIPELINING, the envelope of a message (MAIL, every RCPT,
DATA) is written at once; with or without it, a refusal is reported as smtplib's sendmail reports it, the
connection going on with the next message, and a message's answer may be read after the next one is built. Seen on the wire (a loopback server recording what each read brought) and against
aiosmtpd refusing at each step."""
import smtplib
import socket
import threading

import pytest
from aiosmtpd.controller import Controller

from reminders.conftest import Recorder, free_port
from tracker.mailer import Letter, SmtpTransport

SENDER = "dondoc@tinh.example.vn"


class WireServer:
    """A minimal SMTP server on loopback that accepts everything and keeps each read of its socket as it came,
    to see which commands a client wrote together."""

    def __init__(self, pipelining: bool):
        self.pipelining, self.reads = pipelining, []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        conn, _ = self.listener.accept()
        with conn:
            conn.sendall(b"220 wire ESMTP\r\n")
            buffer, in_data = b"", False
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                self.reads.append(chunk)
                buffer += chunk
                while True:
                    if in_data:
                        end = buffer.find(b"\r\n.\r\n")
                        if end < 0:
                            break
                        buffer, in_data = buffer[end + 5:], False
                        conn.sendall(b"250 OK\r\n")
                        continue
                    line, found, rest = buffer.partition(b"\r\n")
                    if not found:
                        break
                    buffer = rest
                    verb = line[:4].upper()
                    if verb == b"EHLO":
                        conn.sendall(b"250-wire\r\n" + b"250-PIPELINING\r\n" * self.pipelining + b"250 8BITMIME\r\n")
                    elif verb == b"DATA":
                        in_data = True
                        buffer = b"\r\n" + buffer  # the content's end may be its first line
                        conn.sendall(b"354 go on\r\n")
                    elif verb == b"QUIT":
                        conn.sendall(b"221 bye\r\n")
                        return
                    else:
                        conn.sendall(b"250 OK\r\n")

    def close(self):
        self.thread.join(5)
        self.listener.close()


@pytest.mark.parametrize("pipelining", [True, False], ids=["pipelining", "without"])
def test_the_envelope_is_written_at_once_to_a_server_that_says_pipelining(pipelining):
    server = WireServer(pipelining)
    mail = Letter("Nhắc việc", ("a@xa.example.vn", "b@xa.example.vn"), ".một dòng bắt đầu bằng chấm\n")
    host = smtplib.SMTP("127.0.0.1", server.port, timeout=5)
    transport = SmtpTransport(host, SENDER)
    transport.send(mail)
    transport.send(mail)
    host.quit()
    server.close()
    envelopes = [read for read in server.reads if read[:10].upper() == b"MAIL FROM:"]
    assert len(envelopes) == 2
    if pipelining:
        assert all(read.endswith(b"RCPT TO:<a@xa.example.vn>\r\nRCPT TO:<b@xa.example.vn>\r\nDATA\r\n")
                   for read in envelopes)
    else:  # smtplib's sendmail: one command, one reply
        assert all(read.count(b"\r\n") == 1 for read in envelopes)
    content = b"".join(server.reads)
    assert content.count(b"\r\n..m\xe1\xbb\x99t d\xc3\xb2ng") == 2  # a leading dot doubled (8bit text part)
    assert content.count(b"\r\n.\r\n") == 2


@pytest.fixture(params=[True, False], ids=["pipelining", "without"])
def refusing(request):
    """aiosmtpd (saying PIPELINING, or not) refusing the sender, recipients or content named in the address."""

    class Refusing(Recorder):
        async def handle_MAIL(self, server, session, envelope, address, options):
            if address.startswith("refused"):
                return "550 sender refused"
            envelope.mail_from = address
            return "250 OK"

        async def handle_RCPT(self, server, session, envelope, address, options):
            if address.startswith("refused"):
                return "550 no such mailbox"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    handler = Refusing(refuse=lambda envelope: "554 content refused" if "content-refused" in envelope.rcpt_tos[0]
                       else None, pipelining=request.param)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    host = smtplib.SMTP("127.0.0.1", controller.port, timeout=5)
    yield handler, SmtpTransport(host, SENDER)
    host.quit()
    controller.stop()


def _mail(*recipients: str) -> Letter:
    return Letter("Nhắc việc", recipients, "Xin chào\n")


def test_each_refusal_is_reported_as_sendmail_reports_it_and_the_connection_goes_on(refusing):
    handler, transport = refusing
    assert transport.pipelining == handler.pipelining
    transport.send(_mail("refused@xa.example.vn", "kimson@xa.example.vn"))  # one of two: the other gets it
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        transport.send(_mail("refused@xa.example.vn", "refused2@xa.example.vn"))
    assert {r: code for r, (code, _) in refused.value.recipients.items()} == {
        "refused@xa.example.vn": 550, "refused2@xa.example.vn": 550}
    with pytest.raises(smtplib.SMTPDataError) as data:
        transport.send(_mail("content-refused@xa.example.vn"))
    assert data.value.smtp_code == 554
    transport.sender = "refused@tinh.example.vn"
    with pytest.raises(smtplib.SMTPSenderRefused):
        transport.send(_mail("kimson@xa.example.vn"))
    transport.sender = SENDER
    transport.start(_mail("tracu@xa.example.vn"))  # its answer read by wait(), after the caller's other work
    with pytest.raises(RuntimeError):  # not before: the answer would be taken for the next message's
        transport.start(_mail("kimson@xa.example.vn"))
    transport.wait()
    transport.start(_mail("kimson@xa.example.vn"))
    transport.wait()
    assert [r.rcpt_tos for r in handler.received] == [["kimson@xa.example.vn"], ["tracu@xa.example.vn"],
                                                      ["kimson@xa.example.vn"]]
    assert all(r.mail_from == SENDER for r in handler.received)
