"""A database that accepts connections but never answers: requests fail quickly with a clear 503, and the
reminder pass stops with an error, instead of hanging forever."""
import socket
import threading
import time

import pytest

from tracker import create_app
from tracker.config import TestConfig, overrides


@pytest.fixture
def silent_server():
    """A TCP server on loopback that accepts every connection and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()


@pytest.fixture
def hung_app(silent_server, tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path))
    config = overrides(TestConfig) | {
        "SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://postgres@127.0.0.1:{silent_server}/test",
        "DB_CONNECT_TIMEOUT": 2, "PROPAGATE_EXCEPTIONS": False}
    return create_app(config)


def test_a_request_gets_503_in_seconds(hung_app):
    client = hung_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:0"  # a signed-in user: the page must read the database
    started = time.monotonic()
    response = client.get("/tasks/")
    assert response.status_code == 503
    assert "Cơ sở dữ liệu đang không trả lời" in response.get_data(as_text=True)
    assert time.monotonic() - started < 20


def test_the_reminder_pass_stops_with_an_error(hung_app):
    started = time.monotonic()
    result = hung_app.test_cli_runner().invoke(args=["tracker", "remind", "--today", "2023-10-01"])
    assert result.exit_code != 0
    assert time.monotonic() - started < 30
