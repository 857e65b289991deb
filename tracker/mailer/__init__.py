"""Sending email. With TRACKER_MAIL_SERVER set: SMTP, one connection for a whole batch. Without it: each
message is written as an .eml file under the instance folder (instance/outbox/<day>/).

    with open_transport() as transport:        # connects once (raises if the server cannot be reached)
        for digest in batch:
            transport.send(digest, name="42")   # raises on a refused message; the others still go

`send` is `start` (the envelope and the content written) then `wait` (the server's answer read): a caller with
more to do, as the reminder pass, builds its next message between the two, while the server reads this one.

Messages are built here, straight to bytes (`as_bytes`): headers by the standard library's `email` helpers,
text bodies as they are (8bit, CRLF lines) when the server takes 8BITMIME and no line is longer than SMTP
allows, else base64 in one C call. Flask-Mail's per-message generator took a fifth of a reminder pass, and
base64 made a third more bytes in five times the lines (a server reads a message line by line).
To a server that says PIPELINING (Postfix, Exim and most others do), a message's envelope goes in one write:
two waits for the server per message instead of four, the larger part of a normal day's pass.
"""
import base64
import os
import re
import smtplib
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formataddr, formatdate, getaddresses
from html import escape
from typing import Callable, Iterator, Optional, Protocol

from flask import current_app

from tracker import clock

#: What a failed send raises: the caller records it and goes on with the next message.
SEND_ERRORS = (smtplib.SMTPException, OSError, ValueError)


class Mail(Protocol):
    """What the mailer needs of a message (a reminders `Digest` is one)."""

    subject: str
    recipients: tuple[str, ...]
    html: str
    text: str
    attachments: tuple[tuple[str, str, bytes], ...]


@dataclass(frozen=True)
class Letter:
    """A one-off message in plain text (a one-time password, a notice to one person); HTML shows the same text."""

    subject: str
    recipients: tuple[str, ...]
    text: str
    attachments: tuple[tuple[str, str, bytes], ...] = ()

    @property
    def html(self) -> str:
        return f"<pre style=\"font-family: inherit; white-space: pre-wrap\">{escape(self.text)}</pre>"


def _header(value: str) -> str:
    """A header value as ASCII: RFC 2047 encoded words, each short enough to be kept as it is (a refolding
    would put spaces between them, where readers drop them: "đề nghị" became "đềnghị"), folded between
    words (readers join adjacent encoded words without the folding). email.header took 4 ms a subject."""
    if "\r" in value or "\n" in value:
        raise ValueError("header với ký tự xuống dòng")
    if value.isascii():
        return value
    words, chunk, size = [], [], 0
    for char in value:
        n = len(char.encode())
        if size + n > 45:  # 45 bytes make 60 base64 characters: a 72-character encoded word
            words.append("".join(chunk))
            chunk, size = [], 0
        chunk.append(char)
        size += n
    words.append("".join(chunk))
    return "\r\n ".join(f"=?utf-8?b?{base64.b64encode(w.encode()).decode()}?=" for w in words)


def _base64_lines(data: bytes) -> bytes:
    """Base64 in lines of 76 characters, CRLF-ended: one C call and slices (base64.encodebytes calls C per line)."""
    encoded = base64.b64encode(data)
    return b"".join(encoded[i:i + 76] + b"\r\n" for i in range(0, len(encoded), 76))


#: RFC 5321: a line of a message is at most 998 octets before its CRLF.
LINE_LIMIT = 998


def _eight_bit(text: str, html: bool = False) -> Optional[bytes]:
    """The text with CRLF line ends, if it can travel as 8bit: no NUL and no line longer than SMTP allows
    (HTML's long lines are folded between table cells, where a line break changes nothing). Else None."""
    data = text.replace("\r\n", "\n").replace("\r", "\n").encode()
    if b"\0" in data:
        return None
    if len(data) > LINE_LIMIT:
        lines = data.split(b"\n")
        if max(map(len, lines)) > LINE_LIMIT:
            if not html:
                return None
            lines = [part for line in lines for part in _fold(line)]
            if max(map(len, lines)) > LINE_LIMIT:
                return None
            data = b"\n".join(lines)
    data = data.replace(b"\n", b"\r\n")
    return data if data.endswith(b"\r\n") else data + b"\r\n"


def _fold(line: bytes) -> list[bytes]:
    """An HTML line cut after its cells' ends ("</td>"), each piece as long as SMTP allows where it can be."""
    if len(line) <= LINE_LIMIT:
        return [line]
    pieces, start = [], 0
    while len(line) - start > LINE_LIMIT:
        cut = line.rfind(b"</td>", start, start + LINE_LIMIT - 4)
        if cut < 0:
            break
        pieces.append(line[start:cut + 5])
        start = cut + 5
    pieces.append(line[start:])
    return pieces


def _part(mimetype: str, data: bytes, name: Optional[str] = None) -> bytes:
    head = f"Content-Type: {mimetype}" + ('; charset="utf-8"' if mimetype.startswith("text/") else "")
    if name:
        quoted = _header(name).replace('"', "")
        head += f'; name="{quoted}"\r\nContent-Disposition: attachment; filename="{quoted}"'
    return (head + "\r\nContent-Transfer-Encoding: base64\r\n\r\n").encode() + _base64_lines(data)


def _text_part(mimetype: str, text: str, eight_bit: bool) -> bytes:
    data = _eight_bit(text, html=mimetype == "text/html") if eight_bit else None
    if data is None:
        return _part(mimetype, text.encode())
    return f'Content-Type: {mimetype}; charset="utf-8"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'.encode() + data


def _multipart(subtype: str, parts: list[bytes]) -> tuple[str, bytes]:
    boundary = f"=={uuid.uuid4().hex}=="
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + part + b"\r\n" for part in parts)
    return f'multipart/{subtype}; boundary="{boundary}"', body + b"--" + boundary.encode() + b"--\r\n"


def as_bytes(mail: Mail, sender: str, eight_bit: bool = False) -> bytes:
    """The message as sent: multipart/alternative (plain text, HTML), inside multipart/mixed with attachments.
    With `eight_bit` (the server said 8BITMIME), the text parts go as they are where their lines allow."""
    content_type, body = _multipart("alternative", [_text_part("text/plain", mail.text, eight_bit),
                                                    _text_part("text/html", mail.html, eight_bit)])
    if mail.attachments:
        inner = f"Content-Type: {content_type}\r\n\r\n".encode() + body
        content_type, body = _multipart("mixed", [inner] + [_part(mimetype, data, name)
                                                            for name, mimetype, data in mail.attachments])
    domain = sender.rpartition("@")[2] or "localhost"
    headers = [
        ("From", sender), ("To", ", ".join(formataddr(a) for a in getaddresses(mail.recipients))),
        ("Subject", _header(mail.subject)), ("Date", formatdate(localtime=True)),
        ("Message-ID", f"<{uuid.uuid4().hex}@{domain}>"), ("MIME-Version", "1.0"),
        ("Auto-Submitted", "auto-generated"), ("X-Auto-Response-Suppress", "All"), ("Content-Type", content_type),
    ]
    return "".join(f"{name}: {value}\r\n" for name, value in headers).encode("ascii") + b"\r\n" + body


class SmtpTransport:
    def __init__(self, host: smtplib.SMTP, sender: str):
        self.host, self.sender = host, sender
        host.ehlo_or_helo_if_needed()
        self.eight_bit = host.has_extn("8bitmime")
        self.options = ("BODY=8BITMIME",) if self.eight_bit else ()
        self.pipelining = host.has_extn("pipelining")
        self.unanswered = False

    def send(self, mail: Mail, name: Optional[str] = None) -> Optional[str]:
        """One message, sent and answered (raises if the server refused it)."""
        self.start(mail, name)
        self.wait()
        return None

    def start(self, mail: Mail, name: Optional[str] = None, ready: Callable[[], None] = lambda: None) -> None:
        """The envelope (raises if the server refuses it), then `ready()` (what the caller must finish before
        another message goes), then the content, without waiting for the server's answer: `wait` reads it.
        Meanwhile the caller can build its next message while the server reads this one."""
        if self.unanswered:  # its answer would be taken for this message's
            raise RuntimeError("the last message's answer is not read yet (wait)")
        data = as_bytes(mail, self.sender, self.eight_bit)
        _envelope(self.host, self.sender, list(mail.recipients), len(data), self.options, self.pipelining)
        ready()
        content = re.sub(rb"(?m)^\.", b"..", data)  # a line starting with a dot gets a second one (RFC 5321 4.5.2)
        self.host.send(content + (b"" if content.endswith(b"\r\n") else b"\r\n") + b".\r\n")
        self.unanswered = True
        return None

    def wait(self) -> None:
        """The server's answer to the message started last; raises if it refused the message."""
        if not self.unanswered:
            return
        self.unanswered = False
        code, reply = self.host.getreply()
        if code != 250:
            _abandon(self.host, code)
            raise smtplib.SMTPDataError(code, reply)


def _envelope(host: smtplib.SMTP, sender: str, recipients: list[str], size: int, options: tuple[str, ...],
              pipelining: bool) -> None:
    """MAIL, each RCPT and DATA, up to the server's go-ahead for the content; raises what smtplib's sendmail
    raises for the same replies. To a server that says PIPELINING (RFC 2920) they are written at once and
    their replies read in order: one round trip instead of one per command."""
    if host.has_extn("size"):
        options = options + (f"SIZE={size}",)
    commands = ([f"MAIL FROM:{smtplib.quoteaddr(sender)}" + "".join(" " + o for o in options)]
                + [f"RCPT TO:{smtplib.quoteaddr(r)}" for r in recipients] + ["DATA"])
    if pipelining:
        host.send("".join(c + "\r\n" for c in commands))
        replies = [host.getreply() for _ in commands]
    else:  # one command, one reply; nothing more once the server refuses the sender or closes
        replies = []
        for command in commands:
            if command == "DATA" and all(code not in (250, 251) for code, _ in replies[1:]):
                break  # every recipient refused: no DATA, as sendmail
            host.send(command + "\r\n")
            replies.append(host.getreply())
            if replies[-1][0] == 421 or (len(replies) == 1 and replies[0][0] != 250):
                break
        replies += [(503, b"")] * (len(commands) - len(replies))
    (mail_code, mail_reply), (data_code, data_reply) = replies[0], replies[-1]
    refused = {r: reply for r, reply in zip(recipients, replies[1:-1]) if reply[0] not in (250, 251)}
    if data_code == 354 and (mail_code != 250 or len(refused) == len(recipients)):
        host.send(b".\r\n")  # a server that took DATA without a sender or a recipient: end it, empty
        host.getreply()
    closing = any(code == 421 for code, _ in replies)
    if mail_code != 250:
        _abandon(host, 421 if closing else mail_code)
        raise smtplib.SMTPSenderRefused(mail_code, mail_reply, sender)
    if len(refused) == len(recipients) or closing:
        _abandon(host, 421 if closing else 550)
        raise smtplib.SMTPRecipientsRefused(refused)
    if data_code != 354:
        _abandon(host, data_code)
        raise smtplib.SMTPDataError(data_code, data_reply)


def _abandon(host: smtplib.SMTP, code: int) -> None:
    """After a refusal, as sendmail does: the server is closing (421), or the transaction is reset."""
    if code == 421:
        host.close()
        return
    try:
        host.rset()
    except smtplib.SMTPServerDisconnected:  # it shows at the next command
        pass


class FileTransport:
    """Writes messages as .eml files: the default when no SMTP server is set (development, demos)."""

    def __init__(self, folder: str, sender: str):
        self.folder, self.sender = folder, sender

    def start(self, mail: Mail, name: Optional[str] = None, ready: Callable[[], None] = lambda: None) -> str:
        ready()
        return self.send(mail, name)

    def wait(self) -> None:
        pass

    def send(self, mail: Mail, name: Optional[str] = None) -> str:
        day = clock.today().isoformat()
        os.makedirs(os.path.join(self.folder, day), exist_ok=True)
        stem = name or clock.now().strftime("%H%M%S%f")
        relative = os.path.join("outbox", day, f"{stem}.eml")
        with open(os.path.join(current_app.instance_path, relative), "wb") as handle:
            handle.write(as_bytes(mail, self.sender, eight_bit=True))
        return relative


def uses_smtp() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def _connect(config) -> smtplib.SMTP:
    timeout = config.get("MAIL_TIMEOUT", 30)
    server, port = config["MAIL_SERVER"], config.get("MAIL_PORT") or 25
    if config.get("MAIL_USE_SSL"):
        host = smtplib.SMTP_SSL(server, port, timeout=timeout)
    else:
        host = smtplib.SMTP(server, port, timeout=timeout)
    if config.get("MAIL_USE_TLS"):
        host.starttls()
    if config.get("MAIL_USERNAME") and config.get("MAIL_PASSWORD"):
        host.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    return host


@contextmanager
def open_transport() -> Iterator[SmtpTransport | FileTransport]:
    """One transport for a batch of messages; with SMTP, one connection (opened here, closed at the end;
    a QUIT that fails does not undo the sends)."""
    config = current_app.config
    sender = config.get("MAIL_DEFAULT_SENDER") or "don-doc@localhost"
    if not uses_smtp():
        yield FileTransport(os.path.join(current_app.instance_path, "outbox"), sender)
        return
    host = _connect(config)
    try:
        yield SmtpTransport(host, sender)
    finally:
        try:
            host.quit()
        except SEND_ERRORS:
            host.close()
