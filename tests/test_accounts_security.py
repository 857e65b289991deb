"""Sessions that end when they should, login abuse, password policy, and the accounts' audit log."""
import re

import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import AuditEvent, Role, TaskEvent, User
from tracker.ratelimit import ACCOUNT_LIMIT, ADDRESS_LIMIT
from tracker.services import ServiceError
from tracker.services.org import password_problem, save_user

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


def _limit(text: str) -> int:
    return int(text.split()[0])


def _cookie(client, name):
    cookie = client.http.get_cookie(name)
    return cookie.value if cookie else None


def test_a_cookie_copied_before_logout_no_longer_works(make_user, make_client):
    make_user("vanphong")
    client = make_client("vanphong")
    stolen = _cookie(client, "session")
    assert client.get("/tasks/").status_code == 200
    client.logout()
    thief = make_client()
    thief.http.set_cookie("session", stolen)
    response = thief.get("/tasks/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_new_password_ends_other_sessions_and_remember_me(make_user, make_client, password):
    make_user("vanphong")
    laptop = make_client()
    laptop.post("/login", {"username": "vanphong", "password": password, "remember": "y"})
    remember = _cookie(laptop, "remember_token")
    assert remember
    phone = make_client("vanphong")
    new = "mot-mat-khau-moi-dai"
    response = phone.post("/account/password", {"current": password, "new": new, "confirm": new})
    assert response.status_code == 302
    assert phone.get("/tasks/").status_code == 200  # the session that changed it goes on
    assert laptop.get("/tasks/").status_code == 302  # the other session has ended
    only_remember = make_client()
    only_remember.http.set_cookie("remember_token", remember)
    assert only_remember.get("/tasks/").status_code == 302  # so has the remember-me token
    assert make_client().login("vanphong", new).get("/tasks/").status_code == 200


def test_deactivating_an_account_ends_its_sessions(make_user, make_client):
    user = make_user("vanphong")
    client = make_client("vanphong")
    save_user(user, username="vanphong", role=Role.OFFICE, full_name=user.full_name, is_active=False)
    db.session.commit()
    assert client.get("/tasks/").status_code == 302


def test_login_gives_a_new_csrf_token(make_user, make_client, password):
    make_user("vanphong")
    client = make_client()
    before = client.csrf_token("/login")
    client.login("vanphong", password)
    html = client.get("/").get_data(as_text=True)
    after = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    assert after != before
    old_token_post = client.http.post("/logout", data={"csrf_token": before})
    assert old_token_post.status_code == 302 and "/login" not in old_token_post.headers["Location"]
    assert client.get("/tasks/").status_code == 200  # refused as a bad CSRF token: still signed in


def test_wrong_passwords_are_limited_per_account(make_user, make_client, password):
    make_user("vanphong")
    client = make_client()
    for _ in range(_limit(ACCOUNT_LIMIT)):
        response = client.post("/login", {"username": "VanPhong ", "password": "sai-mat-khau"}, page="/login")
        assert response.status_code == 200 and WRONG in response.get_data(as_text=True)
    blocked = client.post("/login", {"username": "vanphong", "password": password}, page="/login")
    assert blocked.status_code == 429 and "Đăng nhập sai quá nhiều lần" in blocked.get_data(as_text=True)
    # another account from elsewhere is not affected
    make_user("lanhdao", Role.LEADER)
    assert make_client().login("lanhdao").get("/").status_code == 200


def test_wrong_passwords_are_limited_per_address(make_user, make_client, password):
    make_user("vanphong")
    client = make_client()
    for i in range(_limit(ADDRESS_LIMIT)):
        client.post("/login", {"username": f"khong-co-{i}", "password": "sai-mat-khau"}, page="/login")
    blocked = client.post("/login", {"username": "vanphong", "password": password}, page="/login")
    assert blocked.status_code == 429


def test_successful_logins_do_not_count(make_user, make_client):
    make_user("vanphong")
    for _ in range(_limit(ACCOUNT_LIMIT) + 2):
        make_client("vanphong").logout()


def test_password_policy():
    assert password_problem("ngan-qua") == "Mật khẩu phải có ít nhất 10 ký tự."
    assert "phổ biến" in password_problem("1234567890")
    assert "phổ biến" in password_problem("aaaaaaaaaaaa")
    assert "tên đăng nhập" in password_problem("kimson-2026!", "KimSon")
    assert password_problem("Trà Cú mùa nước nổi", "kimson") is None


def test_the_admin_page_and_the_cli_apply_the_policy(make_user, make_client, ctx):
    make_user("quantri", Role.ADMIN)
    admin = make_client("quantri")
    response = admin.post("/admin/users/new", {"username": "moi", "full_name": "Người mới", "role": "office",
                                               "unit_id": "0", "password": "12345678", "is_active": "y"})
    assert response.status_code == 200 and "ít nhất 10 ký tự" in response.get_data(as_text=True)
    result = ctx.test_cli_runner().invoke(args=["tracker", "create-user", "moi", "--role", "office",
                                                "--password", "password1234"])
    assert result.exit_code != 0 and "phổ biến" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User).where(User.username == "moi")) == 0
    try:
        save_user(None, username="moi", role=Role.OFFICE, password="moi-moi-moi-moi")
    except ServiceError as error:
        assert error.field == "password"
    else:
        raise AssertionError("a password holding the user name was accepted")


def test_logins_and_account_changes_are_in_the_audit_log(make_user, make_client, password):
    make_user("quantri", Role.ADMIN)
    make_client().post("/login", {"username": "quantri", "password": "sai-mat-khau"}, page="/login")
    admin = make_client("quantri")
    admin.post("/admin/users/new", {"username": "kimson", "full_name": "Thạch Sô Phal", "role": "leader",
                                    "unit_id": "0", "password": "Trà Cú mùa nước nổi", "is_active": "y"})
    kinds = db.session.scalars(sa.select(AuditEvent.kind).order_by(AuditEvent.id)).all()
    assert kinds == ["login_failed", "login", "user_created"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TaskEvent)) == 0  # not a task's history
    created = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.kind == "user_created")).one()
    assert created.subject == "kimson" and created.address == "127.0.0.1"
    assert created.after["username"] == "kimson" and created.after["password"] == "••••"
    assert "password_hash" not in created.after
    def listed(url):
        html = admin.get(url).get_data(as_text=True)
        return html[html.index('id="events"'):]

    accounts = listed("/admin/events?log=accounts")
    assert "Đăng nhập sai" in accounts and "Tạo tài khoản" in accounts
    assert "Tạo tài khoản" not in listed("/admin/events")  # the tasks' history stays the tasks' history
