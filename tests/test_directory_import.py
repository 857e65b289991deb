"""The directory import: preview counts and every row's problem, nothing written on errors, idempotent re-runs,
the CLI with its summary, the admin page, and the one-time password that must be changed."""
import io

import openpyxl
import pytest
import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import Role, Unit, UnitKind, User
from tracker.services.directory import apply_units, apply_users, plan_units, plan_users
from tracker.services.directory_files import (
    UNIT_COLUMNS, USER_COLUMNS, DirectoryFileError, read_rows, template_workbook,
)

UNIT_HEADER = ["Tên đơn vị", "Tên viết tắt", "Loại", "Đơn vị cấp trên", "Tên gọi khác", "Nhóm", "Email"]
USER_HEADER = ["Tên đăng nhập", "Họ và tên", "Vai trò", "Đơn vị", "Email"]
GOOD_UNITS = [
    ["Xã Kim Sơn", "Kim Sơn", "Xã, thị trấn", "Huyện ủy Đông Triều", "UBND xã Kim Sơn; Đảng ủy xã Kim Sơn",
     "các xã, thị trấn", "kimson@example.vn"],  # its parent comes later in the file
    ["Huyện ủy Đông Triều", "HU", "committee", "", "", "", ""],
    ["Phòng Y tế", "", "Cơ quan chính quyền", "Huyện ủy Đông Triều", "", "", "yte@example.vn"],
]
BAD_UNITS = [
    ["", "Không tên", "Khác", "", "", "", ""],                                  # no name
    ["phòng y tế", "", "Khác", "", "", "", ""],                                 # duplicate name (case aside)
    ["Xã Bình Khê", "", "Xã, thị trấn", "Huyện Không Có", "", "", ""],          # unknown parent
    ["Xã An Sinh", "", "Xã, thị trấn", "", "", "", "an-sinh@"],                 # bad email
    ["Xã Hồng Phong", "", "Hợp tác xã", "", "", "", ""],                        # unknown kind
    ["Xã Tràng Lương", "", "Xã, thị trấn", "Xã Tràng Lương", "", "", ""],       # under itself
]
GOOD_USERS = [
    ["kimson.vp", "Nguyễn Văn An", "Đơn vị", "Xã Kim Sơn", "an@example.vn"],
    ["vanphong2", "Trần Thị Bình", "office", "", ""],
]
BAD_USERS = [
    ["Nguyễn An", "Tên có dấu", "Đơn vị", "Xã Kim Sơn", ""],         # bad username
    ["kimson.vp", "Lần hai", "Đơn vị", "Xã Kim Sơn", ""],            # duplicate username
    ["yte1", "Lê Văn C", "Đơn vị", "Phòng Không Có", ""],           # unit not found
    ["yte2", "Lê Văn D", "Thư ký", "Phòng Y tế", ""],               # unknown role
    ["yte3", "Lê Văn E", "Đơn vị", "Phòng Y tế", "khong-phai-email"],  # bad email
    ["yte4", "Lê Văn F", "Đơn vị", "", ""],                          # a unit account without a unit
]


def workbook(units=None, users=None) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    if units is not None:
        sheet = book.create_sheet("Đơn vị")
        for row in [UNIT_HEADER] + units:
            sheet.append(row)
    if users is not None:
        sheet = book.create_sheet("Tài khoản")
        for row in [USER_HEADER] + users:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def counts(plan):
    return plan.counts


def test_preview_counts_every_problem_and_writes_nothing(ctx):
    data = workbook(GOOD_UNITS + BAD_UNITS, GOOD_USERS + BAD_USERS)
    units = plan_units(read_rows("d.xlsx", data, UNIT_COLUMNS))
    assert counts(units) == {"create": 3, "update": 0, "unchanged": 0, "error": 6}
    problems = {row.line: row.problems for row in units.rows if row.problems}
    assert problems == {
        5: ["Thiếu tên đơn vị."],
        6: ["Trùng tên với dòng 4."],
        7: ["Không tìm thấy đơn vị cấp trên: Huyện Không Có."],
        8: ["Email không hợp lệ: an-sinh@."],
        9: ["Loại đơn vị không hợp lệ: Hợp tác xã."],
        10: ["Đơn vị không thể trực thuộc chính nó hay đơn vị cấp dưới của nó."],
    }
    new_units = frozenset(r.key.casefold() for r in units.rows if r.action == "create")
    users = plan_users(read_rows("d.xlsx", data, USER_COLUMNS), new_units)
    assert counts(users) == {"create": 2, "update": 0, "unchanged": 0, "error": 6}
    assert [r.problems[0] for r in users.rows if r.problems] == [
        "Tên đăng nhập chỉ dùng chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang (tối đa 64 ký tự).",
        "Trùng tên đăng nhập với dòng 2.",
        "Không tìm thấy đơn vị: Phòng Không Có.",
        "Vai trò không hợp lệ: Thư ký.",
        "Email không hợp lệ: khong-phai-email.",
        "Tài khoản đơn vị phải thuộc một đơn vị.",
    ]
    with pytest.raises(Exception):
        apply_units(units)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Unit)) == 0


def test_import_then_reimport_changes_nothing_then_an_edit_is_one_update(ctx):
    data = workbook(GOOD_UNITS, GOOD_USERS)
    apply_units(plan_units(read_rows("d.xlsx", data, UNIT_COLUMNS)))
    made = apply_users(plan_users(read_rows("d.xlsx", data, USER_COLUMNS)))
    db.session.commit()
    kimson = db.session.scalar(sa.select(Unit).where(Unit.name == "Xã Kim Sơn"))
    assert kimson.parent.name == "Huyện ủy Đông Triều" and kimson.kind == UnitKind.COMMUNE
    assert kimson.aliases == ["UBND xã Kim Sơn", "Đảng ủy xã Kim Sơn"] and kimson.groups == ["các xã, thị trấn"]
    assert sorted(account.username for account in made) == ["kimson.vp", "vanphong2"]
    account = next(m for m in made if m.username == "kimson.vp")
    user = db.session.get(User, account.id)
    assert user.unit == kimson and user.must_change_password and user.check_password(account.password)

    again_units = plan_units(read_rows("d.xlsx", data, UNIT_COLUMNS))
    again_users = plan_users(read_rows("d.xlsx", data, USER_COLUMNS))
    assert counts(again_units) == {"create": 0, "update": 0, "unchanged": 3, "error": 0}
    assert counts(again_users) == {"create": 0, "update": 0, "unchanged": 2, "error": 0}

    edited = [row[:] for row in GOOD_UNITS]
    edited[2][6] = "phongyte@example.vn"
    plan = plan_units(read_rows("d.xlsx", workbook(edited), UNIT_COLUMNS))
    assert counts(plan) == {"create": 0, "update": 1, "unchanged": 2, "error": 0}
    assert plan.rows[2].changes == {"Email": ("yte@example.vn", "phongyte@example.vn")}


def test_csv_reads_the_same_columns(ctx):
    text = "Tên đơn vị;Loại;Email\nPhòng Nội vụ;Cơ quan chính quyền;noivu@example.vn\n"
    plan = plan_units(read_rows("units.csv", text.encode("utf-8-sig"), UNIT_COLUMNS))
    assert counts(plan)["create"] == 1 and plan.rows[0].values["kind"] == UnitKind.GOV_OFFICE


def test_unreadable_files_are_refused_with_a_message(ctx):
    with pytest.raises(DirectoryFileError, match="hỏng"):
        read_rows("x.xlsx", b"not a zip", UNIT_COLUMNS)
    with pytest.raises(DirectoryFileError, match="Tên đơn vị"):
        read_rows("x.xlsx", workbook(users=GOOD_USERS), UNIT_COLUMNS)
    with pytest.raises(DirectoryFileError, match=".xlsx"):
        read_rows("x.pdf", b"%PDF", UNIT_COLUMNS)


def test_template_reads_back_as_one_unit_and_one_user(ctx):
    data = template_workbook()
    assert len(read_rows("mau.xlsx", data, UNIT_COLUMNS)) == 1
    assert len(read_rows("mau.xlsx", data, USER_COLUMNS)) == 1


def test_cli_imports_with_a_summary_and_refuses_a_file_with_errors(ctx, tmp_path):
    runner = ctx.test_cli_runner()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook(GOOD_UNITS + BAD_UNITS[:1]))
    result = runner.invoke(args=["tracker", "import-units", str(bad)])
    assert result.exit_code == 1 and "Dòng 5" in result.output and "không ghi gì" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Unit)) == 0

    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook(GOOD_UNITS, GOOD_USERS))
    result = runner.invoke(args=["tracker", "import-units", str(good)])
    assert result.exit_code == 0, result.output
    assert "Thêm mới: 3 · Cập nhật: 0 · Không đổi: 0 · Lỗi: 0" in result.output
    result = runner.invoke(args=["tracker", "import-users", str(good)])
    assert result.exit_code == 0, result.output
    assert "kimson.vp\t" in result.output and "vanphong2\t" in result.output
    again = runner.invoke(args=["tracker", "import-users", str(good)])
    assert "Thêm mới: 0 · Cập nhật: 0 · Không đổi: 2 · Lỗi: 0" in again.output and "\t" not in again.output


def test_admin_page_previews_confirms_and_shows_passwords_once(make_user, make_client):
    make_user("quantri", Role.ADMIN)
    admin = make_client("quantri")
    data = workbook(GOOD_UNITS, GOOD_USERS)
    preview = admin.post("/admin/directory/", {"file": (io.BytesIO(data), "danh-ba.xlsx")},
                         content_type="multipart/form-data")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Ghi vào danh bạ" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Unit)) == 0
    upload = html.split('name="upload" type="hidden" value="')[1].split('"')[0]
    done = admin.post("/admin/directory/confirm", {"upload": upload}, page="/admin/directory/")
    page = done.get_data(as_text=True)
    assert done.status_code == 200 and "one-time-passwords" in page
    password = page.split("one-time-passwords")[1].split("<td>kimson.vp</td>")[1].split("<code>")[1].split("</code>")[0]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Unit)) == 3
    # shown once: the upload is gone, confirming again is refused
    assert admin.post("/admin/directory/confirm", {"upload": upload}, page="/admin/directory/").status_code == 400

    newcomer = make_client()
    newcomer.login("kimson.vp", password)
    assert newcomer.get("/").headers["Location"].endswith("/account/password")
    changed = newcomer.post("/account/password", {"current": password, "new": "mat-khau-moi-2026",
                                                  "confirm": "mat-khau-moi-2026"})
    assert changed.status_code == 302
    assert newcomer.get("/").status_code == 200
    assert not db.session.scalar(sa.select(User).where(User.username == "kimson.vp")).must_change_password


def test_admin_page_shows_problems_and_writes_nothing(make_user, make_client):
    make_user("quantri", Role.ADMIN)
    admin = make_client("quantri")
    preview = admin.post("/admin/directory/", {"file": (io.BytesIO(workbook(GOOD_UNITS + BAD_UNITS)), "d.xlsx")},
                         content_type="multipart/form-data")
    html = preview.get_data(as_text=True)
    assert "Không tìm thấy đơn vị cấp trên: Huyện Không Có." in html and "Ghi vào danh bạ" not in html
    assert admin.get("/admin/directory/template.xlsx").status_code == 200


def test_one_time_passwords_are_emailed_when_smtp_is_configured(ctx, tmp_path):
    """With an SMTP server, accounts with an address get their password by mail and are not printed."""
    import email
    import email.policy
    import socket

    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            received.append((envelope.rcpt_tos, message.get_body(("plain",)).get_content()))
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    saved = {k: ctx.config.get(k) for k in ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL")}
    ctx.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, MAIL_USE_SSL=False)
    try:
        path = tmp_path / "d.xlsx"
        path.write_bytes(workbook(GOOD_UNITS, GOOD_USERS))
        runner = ctx.test_cli_runner()
        assert runner.invoke(args=["tracker", "import-units", str(path)]).exit_code == 0
        result = runner.invoke(args=["tracker", "import-users", str(path)])
    finally:
        controller.stop()
        ctx.config.update(saved)
    assert result.exit_code == 0, result.output
    assert "qua email cho 1 tài khoản" in result.output
    assert "vanphong2\t" in result.output and "kimson.vp\t" not in result.output  # no address: printed
    assert [to for to, _ in received] == [["an@example.vn"]] and "kimson.vp" in received[0][1]
