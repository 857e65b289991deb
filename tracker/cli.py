"""`flask tracker …` commands."""
import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup

from tracker import clock
from tracker.extensions import db
from tracker.models import Role, Unit
from tracker.services import ServiceError
from tracker.services.org import find_user, save_user


def register_cli(app: Flask) -> None:
    from tracker.reports.cli import report_group

    tracker_group.add_command(report_group)
    from tracker.reminders.cli import COMMANDS as reminder_commands

    for command in reminder_commands:
        tracker_group.add_command(command)
    from tracker.directory.cli import COMMANDS as directory_commands

    for command in directory_commands:
        tracker_group.add_command(command)
    app.cli.add_command(tracker_group)


#: An AppGroup, so every command runs inside the app context (also under the test CLI runner).
tracker_group = AppGroup("tracker", help="Lệnh quản trị Đôn đốc.")


@tracker_group.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", "full_name", help="Họ và tên (mặc định: tên đăng nhập).")
@click.option("--unit", "unit_name", help="Tên đơn vị (bắt buộc với vai trò unit).")
@click.option("--email")
@click.password_option("--password", help="Mật khẩu (hỏi nếu không nêu).")
def create_user(username, role, full_name, unit_name, email, password):
    """Create a user (or reset the password of an existing one), by the admin page's rules."""
    unit = None
    if unit_name:
        unit = db.session.scalar(sa.select(Unit).where(sa.or_(Unit.name == unit_name, Unit.short_name == unit_name)))
        if unit is None:
            raise click.ClickException(f"Không tìm thấy đơn vị: {unit_name}")
    if role == Role.UNIT and unit is None:
        raise click.ClickException("Tài khoản vai trò unit cần --unit.")
    user = find_user(username)
    created = user is None
    try:
        save_user(user, username=username, role=role, full_name=full_name or (user.full_name if user else None),
                  unit_id=unit.id if unit else None, email=email or (user.email if user else None), password=password,
                  wants_reminders=user.wants_reminders if user else True,
                  is_active=user.is_active if user else True)
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    click.echo(("Đã tạo" if created else "Đã cập nhật") + f" tài khoản {username} ({role}).")


@tracker_group.command("extract")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def extract_notice(path, as_json):
    """Propose the tasks of a notice (.txt or .docx): units from the database's directory when there is one."""
    import json
    from pathlib import Path

    from tracker.extract import NoticeInputError, UnitDirectory, extract, read_upload

    try:
        text = read_upload(Path(path).name, Path(path).read_bytes(), max_bytes=current_app.config["UPLOAD_MAX_BYTES"])
    except NoticeInputError as error:
        raise click.ClickException(str(error)) from None
    result = extract(text, _directory_if_any(UnitDirectory), today=clock.today())
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    meta = result.directive
    click.echo(f"{meta.number or '(không số)'} · {meta.title or ''}")
    for task in result.tasks:
        deadline = task.deadline.strftime("%d/%m/%Y") if task.deadline else "—"
        click.echo(f"[{task.ref or ''}] {deadline} · {', '.join(task.lead)} · {task.text[:100]}")


def _directory_if_any(directory_cls):
    """The database's unit directory; the generic vocabulary alone when there is no usable database."""
    from sqlalchemy.exc import SQLAlchemyError

    from tracker.services.notices import unit_directory

    try:
        directory = unit_directory()
    except SQLAlchemyError:
        db.session.rollback()
        return directory_cls.generic()
    return directory if directory.entries else directory_cls.generic()


@tracker_group.command("demo")
@click.option("--if-empty", is_flag=True, help="Bỏ qua (không báo lỗi) nếu cơ sở dữ liệu đã có dữ liệu.")
def demo(if_empty):
    """Fill an empty database with a demo committee and the sample notice."""
    from tracker.demo import database_is_empty, load_demo

    if not database_is_empty():
        if if_empty:
            click.echo("Cơ sở dữ liệu đã có dữ liệu; không nạp dữ liệu mẫu.")
            return
        raise click.ClickException("Cơ sở dữ liệu đã có dữ liệu; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống.")
    made = load_demo(clock.today())
    db.session.commit()
    click.echo(f"Đã nạp dữ liệu mẫu: {made['units']} đơn vị, văn bản {made['directive']} với {made['tasks']} nhiệm vụ.")
    click.echo("Tài khoản (mật khẩu chung: %s):" % made["password"])
    for username in made["users"]:
        click.echo(f"  {username}")


@tracker_group.command("check")
@click.option("--limit", default=20, show_default=True, help="Số dòng lệch tối đa in ra cho mỗi loại.")
def check(limit):
    """Compare the stored status inputs (deadline that counts, the task's open deadline and fixed severity)
    with a recomputation from the extension history; exit 1 if anything drifted."""
    from tracker.services.status_check import status_drift

    drift = status_drift(limit)
    for d in drift:
        click.echo(f"{d.what}\t{d.row_id}\tlưu: {d.stored}\ttính lại: {d.expected}")
    if drift:
        raise click.ClickException(f"Có {len(drift)} chỗ lệch (in tối đa {limit} mỗi loại).")
    click.echo("Không có chỗ lệch: dữ liệu trạng thái khớp với lịch sử.")
