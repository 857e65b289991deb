"""Sending email. With TRACKER_MAIL_SERVER set: SMTP through Flask-Mail, one connection for a whole batch.
Without it: each message is written as an .eml file under the instance folder (instance/outbox/<day>/).

    with open_transport() as transport:        # connects once (raises if the server cannot be reached)
        for message in batch:
            transport.send(message, name="42")  # raises on a refused message; the others still go
"""
import os
import smtplib
from contextlib import contextmanager
from email import policy
from email.header import Header
from typing import Iterator, Optional

import flask_mail
from flask import current_app

from tracker import clock

#: What a failed send raises: the caller records it and goes on with the next message.
SEND_ERRORS = (smtplib.SMTPException, OSError, flask_mail.BadHeaderError)


class Message(flask_mail.Message):
    """Flask-Mail's message with a Subject that survives folding.

    Flask-Mail encodes the subject without counting "Subject: ", so the SMTP policy refolds it, and the
    refolding puts spaces between encoded words, where readers drop them ("đề nghị" became "đềnghị").
    Here the encoded words are cut short enough to be kept as they are.
    """

    def _message(self):
        msg = super()._message()
        if self.subject:
            msg.policy = policy.compat32  # store the header as the string given, not refolded
            del msg["Subject"]
            msg["Subject"] = Header(self.subject, "utf-8", header_name="Subject").encode(maxlinelen=76)
            msg.policy = policy.SMTP
        return msg


class _Connection(flask_mail.Connection):
    """Flask-Mail's connection with a socket timeout, and a QUIT that may fail without undoing the sends."""

    def __init__(self, state, timeout: float):
        super().__init__(state)
        self.timeout = timeout

    def configure_host(self):
        state = self.mail
        if state.use_ssl:
            host = smtplib.SMTP_SSL(state.server, state.port, timeout=self.timeout)
        else:
            host = smtplib.SMTP(state.server, state.port, timeout=self.timeout)
        if state.use_tls:
            host.starttls()
        if state.username and state.password:
            host.login(state.username, state.password)
        return host

    def __exit__(self, exc_type, exc_value, tb):
        if self.host is not None:
            try:
                self.host.quit()
            except SEND_ERRORS:
                self.host.close()


class SmtpTransport:
    def __init__(self, connection: _Connection):
        self.connection = connection

    def send(self, message: flask_mail.Message, name: Optional[str] = None) -> Optional[str]:
        self.connection.send(message)
        return None


class FileTransport:
    """Writes messages as .eml files: the default when no SMTP server is set (development, demos)."""

    def __init__(self, folder: str):
        self.folder = folder

    def send(self, message: flask_mail.Message, name: Optional[str] = None) -> str:
        day = clock.today().isoformat()
        os.makedirs(os.path.join(self.folder, day), exist_ok=True)
        stem = name or clock.now().strftime("%H%M%S%f")
        relative = os.path.join("outbox", day, f"{stem}.eml")
        with open(os.path.join(current_app.instance_path, relative), "wb") as handle:
            handle.write(message.as_bytes())
        return relative


def uses_smtp() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


@contextmanager
def open_transport() -> Iterator[SmtpTransport | FileTransport]:
    """One transport for a batch of messages; with SMTP, one connection (opened here, closed at the end)."""
    config = current_app.config
    if not uses_smtp():
        yield FileTransport(os.path.join(current_app.instance_path, "outbox"))
        return
    # Flask-Mail reads its settings once, at init_app; reading them here follows the config as it is now.
    state = flask_mail.Mail().init_mail(config, debug=False, testing=False)
    state.suppress = False
    with _Connection(state, timeout=config.get("MAIL_TIMEOUT", 30)) as connection:
        yield SmtpTransport(connection)
