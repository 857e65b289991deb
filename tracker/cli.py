"""`flask tracker …` commands."""
import click
import sqlalchemy as sa
from flask import Flask

from tracker import clock
from tracker.extensions import db
from tracker.models import Role, Unit, User


def register_cli(app: Flask) -> None:
    app.cli.add_command(tracker_group)


@click.group("tracker", help="Lệnh quản trị Đôn đốc.")
def tracker_group():
    pass


@tracker_group.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", "full_name", help="Họ và tên (mặc định: tên đăng nhập).")
@click.option("--unit", "unit_name", help="Tên đơn vị (bắt buộc với vai trò unit).")
@click.option("--email")
@click.password_option("--password", help="Mật khẩu (hỏi nếu không nêu).")
def create_user(username, role, full_name, unit_name, email, password):
    """Create a user (or reset the password of an existing one)."""
    unit = None
    if unit_name:
        unit = db.session.scalar(sa.select(Unit).where(sa.or_(Unit.name == unit_name, Unit.short_name == unit_name)))
        if unit is None:
            raise click.ClickException(f"Không tìm thấy đơn vị: {unit_name}")
    if role == Role.UNIT and unit is None:
        raise click.ClickException("Tài khoản vai trò unit cần --unit.")
    if len(password) < 8:
        raise click.ClickException("Mật khẩu phải có ít nhất 8 ký tự.")
    user = db.session.scalar(sa.select(User).where(User.username == username))
    created = user is None
    if created:
        user = User(username=username)
        db.session.add(user)
    user.full_name = full_name or user.full_name or username
    user.role = Role(role)
    user.unit = unit
    user.email = email or user.email
    user.set_password(password)
    db.session.commit()
    click.echo(("Đã tạo" if created else "Đã cập nhật") + f" tài khoản {username} ({role}).")


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
